package career

import (
	"cmp"
	"container/heap"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Optimize is what a route minimises.
type Optimize string

const (
	// Steps counts transitions.
	Steps Optimize = "STEPS"
	// Years sums each transition's typical years, estimated where no
	// source gives them (see EstimateYears).
	Years Optimize = "YEARS"
	// Effort sums the skill distance of each move (see SkillDistance).
	Effort Optimize = "EFFORT"
)

// Bounds of path queries.
const (
	DefaultK        = 3
	MaxK            = 10
	DefaultMaxSteps = 6
	MaxMaxSteps     = 10
)

// Skill weights, in the spirit of Nesta's Mapping Career Causeways:
// an essential skill weighs twice an optional one.
const (
	EssentialWeight = 2.0
	OptionalWeight  = 1.0
)

// Estimates used where the data is silent; every cost using one is
// flagged as estimated.
const (
	// UnknownEffort is the skill distance to a role whose skills are not
	// known: halfway.
	UnknownEffort = 0.5
	// BaseYears and YearsPerEffort estimate a move's years from its skill
	// distance d: BaseYears + YearsPerEffort × d (1 to 5 years).
	BaseYears      = 1.0
	YearsPerEffort = 4.0
)

// PathQuery asks for the K best routes to To, from a role (FromRole) or
// from a person's skills (FromSkills, when FromRole is empty).
type PathQuery struct {
	FromRole   string
	FromSkills []string
	To         string
	Optimize   Optimize
	K          int
	MaxSteps   int
	// Avoid lists roles no route may pass through.
	Avoid []string
	// Kinds limits the transitions used; empty means all.
	Kinds []TransitionKind
}

// Route is one way to the target role.
type Route struct {
	Steps []Step
	// Cost is the sum of step costs under the query's Optimize.
	Cost      float64
	Years     float64
	Effort    float64
	Estimated bool
}

// Step is one move of a route. From is nil and Transition nil for the
// first step of a route that starts from skills: entering a first role.
type Step struct {
	From       *Role
	To         *Role
	Transition *Transition
	Cost       float64
	Years      float64
	// YearsEstimated is true when no source gives the years of this move.
	YearsEstimated bool
	Effort         float64
	// EffortEstimated is true when the target's skills are unknown.
	EffortEstimated bool
	// Acquire lists the target's essential skills the person will not have
	// by then: not in the starting skills nor in any role held before.
	Acquire []*Skill
	// Trainings lead to the target, best recognised first.
	Trainings []*LeadsTo
}

// QueryError is a bad path query: unknown id or out-of-range bound.
type QueryError struct{ Msg string }

func (e *QueryError) Error() string { return e.Msg }

func queryErr(format string, args ...any) error { return &QueryError{fmt.Sprintf(format, args...)} }

// pathIndex is the integer-indexed view of roles and skills that the path
// algorithms walk. It is built once per snapshot, on first use.
type pathIndex struct {
	ids       []string // role index -> id, sorted
	at        map[string]int32
	out       [][]pathEdge
	essential [][]int32 // role -> sorted skill indices
	optional  [][]int32
	skillAt   map[string]int32
	skills    []*Skill
}

type pathEdge struct {
	to int32
	t  *Transition
}

type lazyIndex struct {
	once sync.Once
	ix   *pathIndex
}

func (g *Graph) paths() *pathIndex {
	g.pathIx.once.Do(func() { g.pathIx.ix = buildPathIndex(g) })
	return g.pathIx.ix
}

func buildPathIndex(g *Graph) *pathIndex {
	ix := &pathIndex{at: map[string]int32{}, skillAt: map[string]int32{}}
	for id := range g.roles.byID {
		ix.ids = append(ix.ids, id)
	}
	slices.Sort(ix.ids)
	for i, id := range ix.ids {
		ix.at[id] = int32(i)
	}
	skillIDs := make([]string, 0, len(g.skills.byID))
	for id := range g.skills.byID {
		skillIDs = append(skillIDs, id)
	}
	slices.Sort(skillIDs)
	for i, id := range skillIDs {
		ix.skillAt[id] = int32(i)
		ix.skills = append(ix.skills, g.skills.byID[id])
	}
	n := len(ix.ids)
	ix.out = make([][]pathEdge, n)
	ix.essential = make([][]int32, n)
	ix.optional = make([][]int32, n)
	for i, id := range ix.ids {
		for _, t := range g.out[id] {
			ix.out[i] = append(ix.out[i], pathEdge{to: ix.at[t.ToID], t: t})
		}
		slices.SortFunc(ix.out[i], func(a, b pathEdge) int { return cmp.Or(cmp.Compare(a.to, b.to), cmp.Compare(a.t.Kind, b.t.Kind)) })
		for _, r := range g.requiresByRole[id] {
			s := ix.skillAt[r.SkillID]
			if r.Importance == Essential {
				ix.essential[i] = append(ix.essential[i], s)
			} else {
				ix.optional[i] = append(ix.optional[i], s)
			}
		}
		slices.Sort(ix.essential[i])
		slices.Sort(ix.optional[i])
	}
	return ix
}

// skillSet is a set of skill indices.
type skillSet map[int32]bool

func (ix *pathIndex) roleSkills(r int32) skillSet {
	s := skillSet{}
	for _, k := range ix.essential[r] {
		s[k] = true
	}
	for _, k := range ix.optional[r] {
		s[k] = true
	}
	return s
}

// distance is the weighted share of the target's skills missing from have:
// (2·missing essential + missing optional) / (2·essential + optional).
// A target with no known skills gives UnknownEffort, estimated.
func (ix *pathIndex) distance(have skillSet, target int32) (float64, bool) {
	ess, opt := ix.essential[target], ix.optional[target]
	total := EssentialWeight*float64(len(ess)) + OptionalWeight*float64(len(opt))
	if total == 0 {
		return UnknownEffort, true
	}
	missing := 0.0
	for _, s := range ess {
		if !have[s] {
			missing += EssentialWeight
		}
	}
	for _, s := range opt {
		if !have[s] {
			missing += OptionalWeight
		}
	}
	return missing / total, false
}

// moveCost is the cost of a move into target under opt, with the years
// and effort it implies. have is what the person knows before the move.
func (ix *pathIndex) moveCost(opt Optimize, have skillSet, t *Transition, target int32) (cost, years float64, yearsEst bool, effort float64, effortEst bool) {
	effort, effortEst = ix.distance(have, target)
	if t != nil && t.TypicalYears != nil {
		years = *t.TypicalYears
	} else {
		years, yearsEst = BaseYears+YearsPerEffort*effort, true
	}
	switch opt {
	case Years:
		cost = years
	case Effort:
		cost = effort
	default:
		cost = 1
	}
	return
}

// edgeCosts precomputes each transition's cost: edge costs use the
// source role's skills, so they do not depend on the route taken and
// shortest-path algorithms stay exact.
func (ix *pathIndex) edgeCosts(opt Optimize) [][]float64 {
	costs := make([][]float64, len(ix.out))
	for from, es := range ix.out {
		if len(es) == 0 {
			continue
		}
		have := ix.roleSkills(int32(from))
		costs[from] = make([]float64, len(es))
		for j, e := range es {
			costs[from][j], _, _, _, _ = ix.moveCost(opt, have, e.t, e.to)
		}
	}
	return costs
}

func (q *PathQuery) normalise(g *Graph) error {
	if q.K == 0 {
		q.K = DefaultK
	}
	if q.MaxSteps == 0 {
		q.MaxSteps = DefaultMaxSteps
	}
	if q.Optimize == "" {
		q.Optimize = Steps
	}
	switch {
	case q.K < 1 || q.K > MaxK:
		return queryErr("k: %d is out of range, it must be between 1 and %d", q.K, MaxK)
	case q.MaxSteps < 1 || q.MaxSteps > MaxMaxSteps:
		return queryErr("maxSteps: %d is out of range, it must be between 1 and %d", q.MaxSteps, MaxMaxSteps)
	case q.Optimize != Steps && q.Optimize != Years && q.Optimize != Effort:
		return queryErr("optimize: %q is not one of STEPS, YEARS, EFFORT", q.Optimize)
	case (q.FromRole == "") == (len(q.FromSkills) == 0):
		return queryErr("from: give either roleId or skillIds")
	case g.Role(q.To) == nil:
		return queryErr("to: %q is not a known role", q.To)
	case q.FromRole != "" && g.Role(q.FromRole) == nil:
		return queryErr("from.roleId: %q is not a known role", q.FromRole)
	}
	for _, s := range q.FromSkills {
		if g.Skill(s) == nil {
			return queryErr("from.skillIds: %q is not a known skill", s)
		}
	}
	for _, a := range q.Avoid {
		if g.Role(a) == nil {
			return queryErr("avoid: %q is not a known role", a)
		}
	}
	for _, k := range q.Kinds {
		if !slices.Contains(TransitionKinds, k) {
			return queryErr("transitionKinds: %q is not a known kind", k)
		}
	}
	return nil
}

// CareerPaths returns the K best loopless routes, best first. Routes are
// found with Yen's algorithm over a hop-bounded Dijkstra, so MaxSteps is
// exact. Ties are broken by fewer steps, then by the route's role ids. A
// route from skills starts with a virtual "enter a first role" step into
// any role that shares a skill with the person. No route gives an empty
// list; From equal to To gives one route with no steps.
func (g *Graph) CareerPaths(q PathQuery) ([]Route, error) {
	if err := q.normalise(g); err != nil {
		return nil, err
	}
	ix := g.paths()
	target := ix.at[q.To]
	have := skillSet{}
	for _, s := range q.FromSkills {
		have[ix.skillAt[s]] = true
	}
	w := &walker{ix: ix, costs: ix.edgeCosts(q.Optimize), maxSteps: q.MaxSteps, blockedNode: map[int32]bool{}}
	for _, a := range q.Avoid {
		w.blockedNode[ix.at[a]] = true
	}
	w.kinds = q.Kinds
	// The source: a real role, or a virtual node (-1) whose edges enter
	// every role the person's skills touch.
	source := int32(-1)
	if q.FromRole != "" {
		source = ix.at[q.FromRole]
		if source == target {
			return []Route{{}}, nil
		}
		if w.blockedNode[source] {
			return nil, nil
		}
	} else {
		for r := range ix.ids {
			ri := int32(r)
			if w.blockedNode[ri] || !touches(ix, have, ri) {
				continue
			}
			c, _, _, _, _ := ix.moveCost(q.Optimize, have, nil, ri)
			w.entries = append(w.entries, entry{to: ri, cost: c})
		}
	}
	paths := w.yen(source, target, q.K)
	routes := make([]Route, 0, len(paths))
	for _, p := range paths {
		routes = append(routes, g.route(ix, q, have, p))
	}
	return routes, nil
}

func touches(ix *pathIndex, have skillSet, r int32) bool {
	return slices.ContainsFunc(ix.essential[r], func(s int32) bool { return have[s] }) ||
		slices.ContainsFunc(ix.optional[r], func(s int32) bool { return have[s] })
}

// route turns a found path into steps with their skills and trainings.
func (g *Graph) route(ix *pathIndex, q PathQuery, start skillSet, p path) Route {
	have := skillSet{}
	for s := range start {
		have[s] = true
	}
	prev := int32(-1)
	if q.FromRole != "" {
		prev = ix.at[q.FromRole]
		for s := range ix.roleSkills(prev) {
			have[s] = true
		}
	}
	var rt Route
	for i, to := range p.nodes {
		var t *Transition
		if p.edges[i] != nil {
			t = p.edges[i].t
		}
		// Costs as the edge search saw them: from the previous role's
		// skills (or the person's, for the entry step).
		edgeHave := start
		if prev >= 0 {
			edgeHave = ix.roleSkills(prev)
		}
		cost, years, yEst, effort, eEst := ix.moveCost(q.Optimize, edgeHave, t, to)
		st := Step{To: g.Role(ix.ids[to]), Transition: t, Cost: cost, Years: years, YearsEstimated: yEst, Effort: effort, EffortEstimated: eEst,
			Trainings: g.TrainingsFor(ix.ids[to])}
		if prev >= 0 {
			st.From = g.Role(ix.ids[prev])
		}
		for _, s := range ix.essential[to] {
			if !have[s] {
				st.Acquire = append(st.Acquire, ix.skills[s])
			}
		}
		for s := range ix.roleSkills(to) {
			have[s] = true
		}
		rt.Steps = append(rt.Steps, st)
		rt.Cost += cost
		rt.Years += years
		rt.Effort += effort
		rt.Estimated = rt.Estimated || yEst && q.Optimize == Years || eEst && q.Optimize != Steps
		prev = to
	}
	return rt
}

// path is a route as found: the roles entered and the edge used to enter
// each (nil for the entry step from skills).
type path struct {
	nodes []int32
	edges []*pathEdge
	steps []float64 // cost of each move
	cost  float64
}

func (p path) key() string {
	var b strings.Builder
	for _, n := range p.nodes {
		fmt.Fprintf(&b, "%d,", n)
	}
	for _, e := range p.edges {
		if e != nil {
			b.WriteString(string(e.t.Kind) + ",")
		}
	}
	return b.String()
}

func pathLess(a, b path) int {
	return cmp.Or(cmp.Compare(a.cost, b.cost), cmp.Compare(len(a.nodes), len(b.nodes)), slices.Compare(a.nodes, b.nodes), strings.Compare(a.key(), b.key()))
}

type entry struct {
	to   int32
	cost float64
}

// walker runs shortest-path searches under the blocked nodes and edges
// Yen's algorithm sets.
type walker struct {
	ix          *pathIndex
	costs       [][]float64
	entries     []entry // edges out of the virtual skills node
	kinds       []TransitionKind
	maxSteps    int
	blockedNode map[int32]bool
	blockedEdge map[*Transition]bool
	blockedEnt  map[int32]bool
}

type state struct {
	cost  float64
	hops  int
	node  int32
	index int
}

type stateHeap []*state

func (h stateHeap) Len() int { return len(h) }
func (h stateHeap) Less(i, j int) bool {
	return cmp.Or(cmp.Compare(h[i].cost, h[j].cost), cmp.Compare(h[i].hops, h[j].hops), cmp.Compare(h[i].node, h[j].node)) < 0
}
func (h stateHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i]; h[i].index = i; h[j].index = j }
func (h *stateHeap) Push(x any)   { *h = append(*h, x.(*state)) }
func (h *stateHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// shortest finds the cheapest path from source to target using at most
// budget moves, over states (role, moves made): exact under a hop bound.
// Ordering states by (cost, moves) makes the result a simple path even
// with zero-cost moves. source -1 is the virtual skills node.
func (w *walker) shortest(source, target int32, budget int) (path, bool) {
	best := map[[2]int32]label{}
	done := map[[2]int32]bool{}
	h := &stateHeap{}
	push := func(node int32, hops int, cost float64, prev int32, prevHops int, e *pathEdge) {
		k := [2]int32{node, int32(hops)}
		if l, ok := best[k]; ok && l.cost <= cost {
			return
		}
		best[k] = label{cost: cost, prev: prev, edge: e, prevHops: prevHops}
		heap.Push(h, &state{cost: cost, hops: hops, node: node})
	}
	if source < 0 {
		for _, en := range w.entries {
			if !w.blockedEnt[en.to] && !w.blockedNode[en.to] {
				push(en.to, 1, en.cost, -1, 0, nil)
			}
		}
	} else {
		push(source, 0, 0, -1, 0, nil)
	}
	for h.Len() > 0 {
		s := heap.Pop(h).(*state)
		k := [2]int32{s.node, int32(s.hops)}
		if done[k] || best[k].cost < s.cost {
			continue
		}
		done[k] = true
		if s.node == target {
			return w.unwind(best, k, source), true
		}
		if s.hops == budget {
			continue
		}
		for j := range w.ix.out[s.node] {
			e := &w.ix.out[s.node][j]
			if w.blockedNode[e.to] || w.blockedEdge[e.t] || e.to == source || len(w.kinds) > 0 && !slices.Contains(w.kinds, e.t.Kind) {
				continue
			}
			push(e.to, s.hops+1, s.cost+w.costs[s.node][j], s.node, s.hops, e)
		}
	}
	return path{}, false
}

// label is how the search reached a (role, moves) state.
type label struct {
	cost     float64
	prev     int32 // previous role, -1 for the source
	prevHops int
	edge     *pathEdge
}

func (w *walker) unwind(best map[[2]int32]label, k [2]int32, source int32) path {
	var p path
	for !(k[0] == source && source >= 0) {
		l := best[k]
		p.nodes = append(p.nodes, k[0])
		p.edges = append(p.edges, l.edge)
		prevCost := 0.0
		if l.prev >= 0 {
			prevCost = best[[2]int32{l.prev, int32(l.prevHops)}].cost
		}
		p.steps = append(p.steps, l.cost-prevCost)
		p.cost = max(p.cost, l.cost)
		if l.prev < 0 {
			break
		}
		k = [2]int32{l.prev, int32(l.prevHops)}
	}
	slices.Reverse(p.nodes)
	slices.Reverse(p.edges)
	slices.Reverse(p.steps)
	return p
}

// yen returns up to k loopless paths from source to target, cheapest
// first (Yen 1971): each next path deviates from an earlier one at a spur
// node, with the earlier paths' next moves and the root's roles blocked.
func (w *walker) yen(source, target int32, k int) []path {
	first, ok := w.shortest(source, target, w.maxSteps)
	if !ok {
		return nil
	}
	found := []path{first}
	seen := map[string]bool{first.key(): true}
	var candidates []path
	for len(found) < k {
		last := found[len(found)-1]
		for i := range last.nodes {
			spur := source
			if i > 0 {
				spur = last.nodes[i-1]
			}
			w.blockedEdge, w.blockedEnt = map[*Transition]bool{}, map[int32]bool{}
			for _, p := range found {
				if len(p.nodes) > i && slices.Equal(p.nodes[:i], last.nodes[:i]) && slices.Equal(p.edges[:i], last.edges[:i]) {
					if p.edges[i] != nil {
						w.blockedEdge[p.edges[i].t] = true
					} else {
						w.blockedEnt[p.nodes[i]] = true
					}
				}
			}
			rootBlocked := last.nodes[:max(0, i-1)]
			for _, n := range rootBlocked {
				w.blockedNode[n] = true
			}
			if source >= 0 && spur != source {
				w.blockedNode[source] = true
			}
			tail, ok := w.shortest(spur, target, w.maxSteps-i)
			for _, n := range rootBlocked {
				delete(w.blockedNode, n)
			}
			if source >= 0 {
				delete(w.blockedNode, source)
			}
			if !ok {
				continue
			}
			cand := path{
				nodes: append(slices.Clone(last.nodes[:i]), tail.nodes...),
				edges: append(slices.Clone(last.edges[:i]), tail.edges...),
				steps: append(slices.Clone(last.steps[:i]), tail.steps...),
			}
			for _, c := range cand.steps {
				cand.cost += c
			}
			if !seen[cand.key()] {
				seen[cand.key()] = true
				candidates = append(candidates, cand)
			}
		}
		if len(candidates) == 0 {
			break
		}
		slices.SortFunc(candidates, pathLess)
		found = append(found, candidates[0])
		candidates = candidates[1:]
	}
	return found
}
