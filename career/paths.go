package career

import (
	"cmp"
	"fmt"
	"math"
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
	// source gives them as BaseYears + YearsPerEffort × effort (moveCost).
	Years Optimize = "YEARS"
	// Effort sums the skill distance of each move (see distance).
	Effort Optimize = "EFFORT"
)

// Bounds of path queries.
const (
	DefaultK        = 3
	MaxK            = 10
	DefaultMaxSteps = 6
	MaxMaxSteps     = 10
	// MaxPageSize bounds every list-like answer: pages, similar roles, hubs.
	MaxPageSize = 100
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
	// ViableOnly keeps the moves MCC calls viable (see Compare); EQUIVALENT
	// moves, between two records of one job, always pass.
	ViableOnly bool
	// Done, when closed, stops the search between two shortest-path runs:
	// the caller's deadline passed, and the routes found so far return.
	Done <-chan struct{}
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
	in        [][]int32 // role -> roles with a transition into it
	costs     [3]struct {
		once    sync.Once
		costs   [][]float64
		minCost float64 // cheapest transition, for the A* bound
	}
	walkers sync.Pool

	g          *Graph
	viableOnce sync.Once
	viable     map[*Transition]bool
}

// viableMoves scores every transition by MCC's rules, once per snapshot.
func (ix *pathIndex) viableMoves() map[*Transition]bool {
	ix.viableOnce.Do(func() {
		ix.viable = map[*Transition]bool{}
		for _, edges := range ix.out {
			for _, e := range edges {
				t := e.t
				ix.viable[t] = t.Kind == Equivalent || ix.g.Compare(ix.g.Role(t.FromID), ix.g.Role(t.ToID)).Viable
			}
		}
	})
	return ix.viable
}

type pathEdge struct {
	to int32
	t  *Transition
}

func (g *Graph) paths() *pathIndex {
	return g.pathIx.get(func() *pathIndex { return buildPathIndex(g) })
}

func buildPathIndex(g *Graph) *pathIndex {
	ix := &pathIndex{at: map[string]int32{}, skillAt: map[string]int32{}, g: g}
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
	ix.in = make([][]int32, n)
	ix.essential = make([][]int32, n)
	ix.optional = make([][]int32, n)
	for i, id := range ix.ids {
		for _, t := range g.out[id] {
			ix.out[i] = append(ix.out[i], pathEdge{to: ix.at[t.ToID], t: t})
		}
		for _, t := range g.in[id] {
			ix.in[i] = append(ix.in[i], ix.at[t.FromID])
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

func (s skillSet) has(k int32) bool { return s[k] }

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
func (ix *pathIndex) distance(have func(int32) bool, target int32) (float64, bool) {
	ess, opt := ix.essential[target], ix.optional[target]
	total := EssentialWeight*float64(len(ess)) + OptionalWeight*float64(len(opt))
	if total == 0 {
		return UnknownEffort, true
	}
	missing := 0.0
	for _, s := range ess {
		if !have(s) {
			missing += EssentialWeight
		}
	}
	for _, s := range opt {
		if !have(s) {
			missing += OptionalWeight
		}
	}
	return missing / total, false
}

// moveCost is the cost of a move into target under opt, with the years
// and effort it implies. have is what the person knows before the move.
func (ix *pathIndex) moveCost(opt Optimize, have func(int32) bool, t *Transition, target int32) (cost, years float64, yearsEst bool, effort float64, effortEst bool) {
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

// edgeCosts returns each transition's cost under opt, computed once per
// snapshot. Edge costs use the source role's skills, so they do not
// depend on the route taken and shortest-path algorithms stay exact.
func (ix *pathIndex) edgeCosts(opt Optimize) ([][]float64, float64) {
	c := &ix.costs[slices.Index([]Optimize{Steps, Years, Effort}, opt)]
	c.once.Do(func() {
		c.costs = make([][]float64, len(ix.out))
		c.minCost = math.Inf(1)
		mark := make([]bool, len(ix.skills))
		has := func(k int32) bool { return mark[k] }
		for from, es := range ix.out {
			if len(es) == 0 {
				continue
			}
			set := func(v bool) {
				for _, k := range ix.essential[from] {
					mark[k] = v
				}
				for _, k := range ix.optional[from] {
					mark[k] = v
				}
			}
			set(true)
			c.costs[from] = make([]float64, len(es))
			for j, e := range es {
				c.costs[from][j], _, _, _, _ = ix.moveCost(opt, has, e.t, e.to)
				c.minCost = min(c.minCost, c.costs[from][j])
			}
			set(false)
		}
		if math.IsInf(c.minCost, 1) {
			c.minCost = 0
		}
	})
	return c.costs, c.minCost
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
// found with Yen's algorithm over a hop-bounded Dijkstra (A* guided by
// reverse-BFS hop distances, a consistent bound), so MaxSteps is
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
	w := ix.walker(q)
	defer ix.walkers.Put(w)
	for _, a := range q.Avoid {
		w.blockedNode[ix.at[a]] = true
	}
	w.hopsTo = ix.hopsTo(target, w)
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
			c, _, _, _, _ := ix.moveCost(q.Optimize, have.has, nil, ri)
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
		cost, years, yEst, effort, eEst := ix.moveCost(q.Optimize, edgeHave.has, t, to)
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
		// Estimated says the optimised measure is: years under YEARS (an
		// effort guess only matters where it stood in for missing years,
		// which yEst already says), effort under EFFORT, never steps.
		rt.Estimated = rt.Estimated || yEst && q.Optimize == Years || eEst && q.Optimize == Effort
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

// state is a (role, moves) pair in the search, ordered by its A* estimate
// f = cost + minCost × hopsTo(role), then moves, then role.
type state struct {
	f    float64
	cost float64
	hops int32
	node int32
}

func stateLess(a, b state) bool {
	return cmp.Or(cmp.Compare(a.f, b.f), cmp.Compare(a.hops, b.hops), cmp.Compare(a.node, b.node)) < 0
}

// stateHeap is a binary min-heap of states, typed to avoid boxing.
type stateHeap []state

func (h *stateHeap) push(s state) {
	*h = append(*h, s)
	q := *h
	for i := len(q) - 1; i > 0; {
		p := (i - 1) / 2
		if !stateLess(q[i], q[p]) {
			break
		}
		q[i], q[p] = q[p], q[i]
		i = p
	}
}

func (h *stateHeap) pop() state {
	q := *h
	top := q[0]
	last := len(q) - 1
	q[0] = q[last]
	q = q[:last]
	for i := 0; ; {
		l, r, m := 2*i+1, 2*i+2, i
		if l < len(q) && stateLess(q[l], q[m]) {
			m = l
		}
		if r < len(q) && stateLess(q[r], q[m]) {
			m = r
		}
		if m == i {
			break
		}
		q[i], q[m] = q[m], q[i]
		i = m
	}
	*h = q
	return top
}

// label is how the search reached a (role, moves) state.
type label struct {
	cost     float64
	prev     int32 // previous role, -1 for the source
	prevHops int32
	edge     *pathEdge
}

// walker runs shortest-path searches under the blocked nodes and edges
// Yen's algorithm sets. Its arrays are reused across the searches of one
// query: a generation stamp marks which entries belong to this search.
type walker struct {
	ix          *pathIndex
	costs       [][]float64
	entries     []entry // edges out of the virtual skills node
	kinds       []TransitionKind
	viable      map[*Transition]bool // nil: no viability filter
	maxSteps    int
	blockedNode map[int32]bool
	blockedEdge map[*Transition]bool
	blockedEnt  map[int32]bool

	done       <-chan struct{}
	minCost    float64
	hopsTo     []int32 // role -> fewest moves to the target, -1 if none
	gen        uint32
	labels     []label  // (node, hops) -> best label
	labelGen   []uint32 // generation of labels[i]
	settledGen []uint32 // node -> generation it was first settled in
	settledAt  []int32  // node -> fewest moves it was settled with
	heap       stateHeap
}

// walker takes a pooled walker and sets it up for q. Its arrays are sized
// for MaxMaxSteps and reused, so a query allocates almost nothing.
func (ix *pathIndex) walker(q PathQuery) *walker {
	w, _ := ix.walkers.Get().(*walker)
	if w == nil {
		n := len(ix.ids)
		w = &walker{ix: ix,
			labels: make([]label, n*(MaxMaxSteps+1)), labelGen: make([]uint32, n*(MaxMaxSteps+1)),
			settledGen: make([]uint32, n), settledAt: make([]int32, n), hopsTo: make([]int32, n),
		}
	}
	w.costs, w.minCost = ix.edgeCosts(q.Optimize)
	w.maxSteps, w.kinds, w.entries, w.viable, w.done = q.MaxSteps, q.Kinds, w.entries[:0], nil, q.Done
	if q.ViableOnly {
		w.viable = ix.viableMoves()
	}
	w.blockedNode, w.blockedEdge, w.blockedEnt = map[int32]bool{}, nil, nil
	return w
}

// hopsTo runs a reverse BFS from target over the allowed transitions:
// the fewest moves from each role to the target, ignoring the blocks Yen
// adds, so it is a lower bound for every search of the query.
func (ix *pathIndex) hopsTo(target int32, w *walker) []int32 {
	d := w.hopsTo
	for i := range d {
		d[i] = -1
	}
	d[target] = 0
	queue := []int32{target}
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		if int(d[v]) >= w.maxSteps {
			continue
		}
		for _, u := range ix.in[v] {
			if d[u] >= 0 || w.blockedNode[u] || !w.allowed(u, v) {
				continue
			}
			d[u] = d[v] + 1
			queue = append(queue, u)
		}
	}
	return d
}

// allowed reports whether some transition u -> v passes the filters.
func (w *walker) allowed(u, v int32) bool {
	if len(w.kinds) == 0 && w.viable == nil {
		return true
	}
	for j := range w.ix.out[u] {
		if e := &w.ix.out[u][j]; e.to == v && w.edgeOK(e) {
			return true
		}
	}
	return false
}

// edgeOK applies the query's kind and viability filters to a move.
func (w *walker) edgeOK(e *pathEdge) bool {
	return (len(w.kinds) == 0 || slices.Contains(w.kinds, e.t.Kind)) && (w.viable == nil || w.viable[e.t])
}

func (w *walker) slot(node int32, hops int32) int { return int(node)*(MaxMaxSteps+1) + int(hops) }

// shortest finds the cheapest path from source to target using at most
// budget moves, over states (role, moves made): exact under a hop bound.
// Ordering states by (cost, moves) makes the result a simple path even
// with zero-cost moves, and lets a state be skipped when its role was
// already settled as cheaply with no more moves. source -1 is the virtual
// skills node.
func (w *walker) shortest(source, target int32, budget int) (path, bool) {
	w.gen++
	w.heap = w.heap[:0]
	push := func(node, hops int32, cost float64, prev, prevHops int32, e *pathEdge) {
		// A role that cannot reach the target in the moves left is dropped.
		if w.hopsTo[node] < 0 || int(hops+w.hopsTo[node]) > budget {
			return
		}
		i := w.slot(node, hops)
		if w.labelGen[i] == w.gen && w.labels[i].cost <= cost {
			return
		}
		w.labelGen[i], w.labels[i] = w.gen, label{cost: cost, prev: prev, prevHops: prevHops, edge: e}
		w.heap.push(state{f: cost + w.minCost*float64(w.hopsTo[node]), cost: cost, hops: hops, node: node})
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
	for len(w.heap) > 0 {
		s := w.heap.pop()
		if w.labels[w.slot(s.node, s.hops)].cost < s.cost {
			continue // stale
		}
		// Pareto pruning: settled before (so at no higher cost) with no
		// more moves, this state cannot do better.
		if w.settledGen[s.node] == w.gen && w.settledAt[s.node] <= s.hops {
			continue
		}
		w.settledGen[s.node], w.settledAt[s.node] = w.gen, s.hops
		if s.node == target {
			return w.unwind(target, s.hops, source), true
		}
		if int(s.hops) == budget {
			continue
		}
		for j := range w.ix.out[s.node] {
			e := &w.ix.out[s.node][j]
			if w.blockedNode[e.to] || len(w.blockedEdge) > 0 && w.blockedEdge[e.t] || e.to == source || !w.edgeOK(e) {
				continue
			}
			push(e.to, s.hops+1, s.cost+w.costs[s.node][j], s.node, s.hops, e)
		}
	}
	return path{}, false
}

func (w *walker) unwind(node, hops, source int32) path {
	var p path
	for !(node == source && source >= 0) {
		l := w.labels[w.slot(node, hops)]
		p.nodes = append(p.nodes, node)
		p.edges = append(p.edges, l.edge)
		prevCost := 0.0
		if l.prev >= 0 {
			prevCost = w.labels[w.slot(l.prev, l.prevHops)].cost
		}
		p.steps = append(p.steps, l.cost-prevCost)
		p.cost = max(p.cost, l.cost)
		if l.prev < 0 {
			break
		}
		node, hops = l.prev, l.prevHops
	}
	slices.Reverse(p.nodes)
	slices.Reverse(p.edges)
	slices.Reverse(p.steps)
	return p
}

func (w *walker) stopped() bool {
	select {
	case <-w.done:
		return true
	default:
		return false
	}
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
	for {
		last := found[len(found)-1]
		for i := range last.nodes {
			if w.stopped() {
				return found
			}
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
		// Past k routes, go on only while the next one ties the k-th in
		// cost: the search meets equal-cost routes in its own order, and
		// which of them make the k best is decided by pathLess below.
		if len(found) >= k && (candidates[0].cost > found[k-1].cost || len(found) >= k+maxTies) {
			break
		}
		found = append(found, candidates[0])
		candidates = candidates[1:]
	}
	slices.SortFunc(found, pathLess)
	return found[:min(k, len(found))]
}

// maxTies bounds the extra routes Yen's algorithm finds to order ties at
// the k-th cost: on a dense graph under STEPS, thousands of routes can
// tie. Past it, the last ties are kept in the order they were found. 16
// keeps careerPaths k=5 under STEPS at p99 7 ms over the shipped graph
// (64: 24 ms), BenchmarkCareerPathsOpenData in seed/.
const maxTies = 16
