package career

import (
	"slices"
)

// Optimize is what a route minimises.
type Optimize string

const (
	// Steps counts transitions.
	Steps Optimize = "STEPS"
	// Years sums the time each move takes (moveYears: the level's years,
	// a training's length, or estimated from the skill gap).
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
	// DefaultReachSteps is reachableRoles' maxSteps when omitted.
	DefaultReachSteps = 3
	// MaxYears bounds reachableRoles' maxYears: a working life.
	MaxYears = 100
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
	// YearsPerEffort estimates the time to get ready for a move from its
	// skill distance d, where no training's length says: YearsPerEffort ×
	// d, so learning a whole trade (d = 1) takes two years, the length of
	// the BTS or BUT most career changers in France take.
	YearsPerEffort = 2.0
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
	// YearsBasis is what Years rests on; YearsEstimated is true when it
	// is an estimate from the skill gap.
	YearsBasis     YearsBasis
	YearsEstimated bool
	Effort         float64
	// EffortEstimated is true when the target's skills are unknown.
	EffortEstimated bool
	// Acquire lists the target's essential skills the person will not
	// know by then, wholly (credit, related.go): not in the starting skills
	// nor in any role held before, nor the same words as one of them.
	// Transferable lists the target's skills the person knows wholly by
	// then, essential first. Both go in the target's order (its source's).
	Acquire      []*Skill
	Transferable []*Skill
	// Trainings lead to the target, best recognised first.
	Trainings []*LeadsTo
}

func (q *PathQuery) normalise(g *Graph) error {
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
	w := ix.walker(q)
	defer ix.walkers.Put(w)
	w.start.reset()
	for _, s := range q.FromSkills {
		w.start.addSkill(ix, ix.skillAt[s])
	}
	for _, a := range q.Avoid {
		w.blockedNode[ix.at[a]] = true
		w.avoiding = true
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
		// The roles the person's skills touch, from each skill's holders:
		// a few skills reach a few roles, where a scan of every role's
		// skills cost most of the query on the full graph.
		cand := w.cand[:0]
		for _, s := range q.FromSkills {
			h := ix.holders[ix.skillAt[s]]
			g.Visit(len(h))
			cand = append(cand, h...)
		}
		slices.Sort(cand)
		cand = slices.Compact(cand)
		for _, ri := range cand {
			if w.blockedNode[ri] {
				continue
			}
			c, _, _, _, _ := ix.moveCost(q.Optimize, w.start, nil, -1, ri)
			w.entries = append(w.entries, entry{to: ri, cost: c})
		}
		w.cand = cand
	}
	paths := w.yen(source, target, q.K)
	g.Visit(w.pops)
	routes := make([]Route, 0, len(paths))
	for _, p := range paths {
		routes = append(routes, g.route(ix, q, w, p))
	}
	return routes, nil
}

// route turns a found path into steps with their skills and trainings,
// using w's sets: start (the person's skills, filled by CareerPaths),
// held (what they know by each step) and left (the role left).
func (g *Graph) route(ix *pathIndex, q PathQuery, w *walker, p path) Route {
	held, left := w.held, w.left
	held.reset()
	for _, s := range q.FromSkills {
		held.addSkill(ix, ix.skillAt[s])
	}
	prev := int32(-1)
	if q.FromRole != "" {
		prev = ix.at[q.FromRole]
		held.addRole(ix, prev)
	}
	var rt Route
	var sumCost, sumYears, sumEffort int64
	for i, to := range p.nodes {
		var t *Transition
		if p.edges[i] != nil {
			t = p.edges[i].t
		}
		// Costs as the edge search saw them: from the previous role's
		// skills (or the person's, for the entry step).
		edgeHave := w.start
		if prev >= 0 {
			left.reset()
			left.addRole(ix, prev)
			edgeHave = left
		}
		cost, years, basis, effort, eEst := ix.moveCost(q.Optimize, edgeHave, t, prev, to)
		yEst := basis == BasisSkillGap
		st := Step{To: g.Role(ix.ids[to]), Transition: t, Cost: costValue(q.Optimize, cost), Years: unitValue(years), YearsBasis: basis, YearsEstimated: yEst,
			Effort: unitValue(effort), EffortEstimated: eEst,
			Trainings: g.TrainingsFor(ix.ids[to])}
		if prev >= 0 {
			st.From = g.Role(ix.ids[prev])
		}
		// The target's skills by how much they matter to it (ranked).
		for j, s := range ix.ranked[to] {
			if ix.credit(held, s) == creditFull {
				st.Transferable = append(st.Transferable, ix.skills[s])
			} else if j < len(ix.essential[to]) {
				st.Acquire = append(st.Acquire, ix.skills[s])
			}
		}
		held.addRole(ix, to)
		rt.Steps = append(rt.Steps, st)
		sumCost, sumYears, sumEffort = sumCost+cost, sumYears+years, sumEffort+effort
		rt.Cost, rt.Years, rt.Effort = costValue(q.Optimize, sumCost), unitValue(sumYears), unitValue(sumEffort)
		// Estimated says the optimised measure is: years under YEARS (an
		// effort guess only matters where it stood in for missing years,
		// which yEst already says), effort under EFFORT, never steps.
		rt.Estimated = rt.Estimated || yEst && q.Optimize == Years || eEst && q.Optimize == Effort
		prev = to
	}
	return rt
}

// unitValue is a sum in Unit as a number.
func unitValue(u int64) float64 { return float64(u) / Unit }

// costValue is a cost under opt as a number: moves under STEPS, else
// years or effort.
func costValue(opt Optimize, c int64) float64 {
	if opt == Steps {
		return float64(c)
	}
	return unitValue(c)
}
