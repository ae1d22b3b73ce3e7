package career

import (
	"cmp"
	"math"
	"slices"
)

// Reach is a role within reach and its best costs.
type Reach struct {
	Role *Role
	// Steps is the fewest transitions to it.
	Steps int
	// Years is the fewest years to it within the step limit, estimated
	// where sources are silent (YearsEstimated).
	Years          float64
	YearsEstimated bool
}

// reachState is a search state of ReachableRoles: a (role, entry state)
// pair as role×entryStates + state.
type reachState = int32

// ReachableRoles lists every role that a route (careerPaths' move rule:
// no role twice, no two EQUIVALENT moves in a row) reaches from a role in
// at most maxSteps moves and, when maxYears is given, at most maxYears
// years, by fewest steps then years.
//
// Layers of Bellman-Ford over (role, entry state) give, for every role,
// the fewest moves and years of walks that follow the rule between
// consecutive moves (exact under a step bound, O(maxSteps × transitions)).
// They bound the routes from below; where the best walk enters no role
// twice it is a route and the bound is exact, and only where it does (a
// walk through a twin and back) an exact route search settles that role.
func (g *Graph) ReachableRoles(from string, maxSteps int, maxYears *float64) ([]Reach, error) {
	if g.Role(from) == nil {
		return nil, queryErr("from: %q is not a known role", from)
	}
	if maxSteps < 1 || maxSteps > MaxMaxSteps {
		return nil, queryErr("maxSteps: %d is out of range, it must be between 1 and %d", maxSteps, MaxMaxSteps)
	}
	limit := int64(math.MaxInt64)
	if maxYears != nil {
		if y := *maxYears; y < 0 || y > MaxYears || math.IsNaN(y) {
			return nil, queryErr("maxYears: %g is out of range, it must be between 0 and %d", y, MaxYears)
		}
		limit = units(*maxYears)
	}
	ix := g.paths()
	src := ix.at[from]
	n := len(ix.ids)
	costs, _ := ix.edgeCosts(Years)
	basis := ix.yearsBasis()
	// layer[h][s] is the best walk of h moves into state s: fewest years,
	// then free of estimates; pred and via say how it came.
	type cell struct {
		years int64
		est   bool
		pred  reachState
		via   *pathEdge
	}
	const none = -1
	layer := make([][]cell, maxSteps+1)
	for h := range layer {
		layer[h] = make([]cell, entryStates*n)
		for i := range layer[h] {
			layer[h][i].years = none
		}
	}
	layer[0][src*entryStates+stateFree].years = 0
	for h := 1; h <= maxSteps; h++ {
		cur, next := layer[h-1], layer[h]
		for st := range cur {
			c := cur[st]
			if c.years == none {
				continue
			}
			r, eq := int32(st/entryStates), entryState(st%entryStates)
			g.Visit(1 + len(ix.out[r]))
			for j := range ix.out[r] {
				e := &ix.out[r][j]
				y := c.years + costs[r][j]
				if !mayFollow(eq, e.t.Kind) || y > limit {
					continue
				}
				to := e.to*entryStates + enteredBy(e.t.Kind)
				est := c.est || basis[r][j] == BasisSkillGap
				if n := next[to]; n.years == none || y < n.years || y == n.years && n.est && !est {
					next[to] = cell{years: y, est: est, pred: int32(st), via: e}
				}
			}
		}
	}
	// simple reports whether the walk into state st after h moves enters
	// no role twice, its start included.
	simple := func(h int, st reachState) bool {
		seen := []int32{src}
		for ; h > 0; h-- {
			seen = append(seen, st/entryStates)
			st = layer[h][st].pred
		}
		k := len(seen)
		slices.Sort(seen)
		return len(slices.Compact(seen)) == k
	}
	var out []Reach
	for r := range int32(n) {
		if r == src {
			continue
		}
		g.Visit(maxSteps)
		// The fewest moves, and the fewest years, of walks.
		stepsH, stepsS, yearsH, yearsS := 0, reachState(none), 0, reachState(none)
		for h := 1; h <= maxSteps; h++ {
			for eq := range entryState(entryStates) {
				st := r*entryStates + eq
				c := layer[h][st]
				if c.years == none {
					continue
				}
				if stepsS == none || stepsH == h && c.years < layer[h][stepsS].years {
					stepsH, stepsS = h, st
				}
				if b := yearsS; b == none || c.years < layer[yearsH][b].years || c.years == layer[yearsH][b].years && layer[yearsH][b].est && !c.est {
					yearsH, yearsS = h, st
				}
			}
		}
		if stepsS == none {
			continue // no walk, so no route
		}
		rc := Reach{Role: g.Role(ix.ids[r]), Steps: stepsH}
		if c := layer[yearsH][yearsS]; simple(yearsH, yearsS) {
			rc.Years, rc.YearsEstimated = unitValue(c.years), c.est
		} else if y, est, ok := ix.fewestYears(g, src, r, maxSteps); ok && y <= limit {
			rc.Years, rc.YearsEstimated = unitValue(y), est
		} else {
			continue // walks only, no route
		}
		if !simple(stepsH, stepsS) {
			// The fewest moves of a route within the years: the first
			// budget whose cheapest route in years keeps to them.
			for rc.Steps = stepsH; rc.Steps <= maxSteps; rc.Steps++ {
				if y, _, ok := ix.fewestYears(g, src, r, rc.Steps); ok && y <= limit {
					break
				}
			}
		}
		out = append(out, rc)
	}
	g.Visit(len(out)) // a route search stopped at done reads as none: stop here
	slices.SortFunc(out, func(a, b Reach) int {
		return cmp.Or(cmp.Compare(a.Steps, b.Steps), cmp.Compare(a.Years, b.Years), cmp.Compare(a.Role.ID, b.Role.ID))
	})
	return out, nil
}

// fewestYears is the fewest years of a route from role source to role
// target within budget moves, and whether every route with them rests on
// an estimate: a route is searched under years × (MaxMaxSteps+1) plus 1
// per move whose years are estimated, so the first has the fewest years,
// then the fewest estimated moves.
func (ix *pathIndex) fewestYears(g *Graph, source, target int32, budget int) (int64, bool, bool) {
	ix.reachOnce.Do(func() {
		years, _ := ix.edgeCosts(Years)
		basis := ix.yearsBasis()
		ix.reachCosts = make([][]int64, len(years))
		ix.reachMin = math.MaxInt64
		for r, es := range ix.out {
			ix.reachCosts[r] = make([]int64, len(es))
			for j := range es {
				c := years[r][j] * (MaxMaxSteps + 1)
				if basis[r][j] == BasisSkillGap {
					c++
				}
				ix.reachCosts[r][j] = c
				ix.reachMin = min(ix.reachMin, c)
			}
		}
	})
	w := ix.walker(PathQuery{Optimize: Years, MaxSteps: budget, Done: g.done()})
	defer ix.walkers.Put(w)
	w.costs, w.minCost = ix.reachCosts, ix.reachMin
	w.hopsTo = ix.hopsTo(target, w)
	p, ok := w.route(source, target, budget, stateFree)
	g.Visit(w.pops)
	return p.cost / (MaxMaxSteps + 1), p.cost%(MaxMaxSteps+1) > 0, ok
}
