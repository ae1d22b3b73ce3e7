package career

import (
	"cmp"
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

// ReachableRoles lists every role reachable from a role along directed
// transitions, never two EQUIVALENT moves in a row, in at most maxSteps moves and, when maxYears > 0, at most
// maxYears years, by fewest steps then years.
func (g *Graph) ReachableRoles(from string, maxSteps int, maxYears float64) ([]Reach, error) {
	if g.Role(from) == nil {
		return nil, queryErr("from: %q is not a known role", from)
	}
	if maxSteps < 1 || maxSteps > MaxMaxSteps {
		return nil, queryErr("maxSteps: %d is out of range, it must be between 1 and %d", maxSteps, MaxMaxSteps)
	}
	if maxYears < 0 {
		return nil, queryErr("maxYears: %g must not be negative", maxYears)
	}
	ix := g.paths()
	src := ix.at[from]
	// Bellman-Ford by layers over (role, entered by EQUIVALENT) states, so
	// that no walk takes two EQUIVALENT moves in a row (as routes never
	// do): cur[2r+eq] is the fewest years to r in h moves; exact under a
	// step bound, O(maxSteps × transitions).
	n := len(ix.ids)
	const inf = -1.0
	fresh := func() ([]float64, []bool) {
		v := make([]float64, 2*n)
		for i := range v {
			v[i] = inf
		}
		return v, make([]bool, 2*n)
	}
	cur, curEst := fresh()
	cur[2*src] = 0
	bestYears, bestEst := make([]float64, n), make([]bool, n)
	for i := range bestYears {
		bestYears[i] = inf
	}
	steps := make([]int, n)
	costs, _ := ix.edgeCosts(Years)
	for h := 1; h <= maxSteps; h++ {
		next, nextEst := fresh()
		for st := range 2 * n {
			if cur[st] < 0 {
				continue
			}
			r, eq := st/2, int32(st%2)
			for j := range ix.out[r] {
				e := &ix.out[r][j]
				to := 2*int(e.to) + int(equivalent(e))
				y := cur[st] + costs[r][j]
				if eq == 1 && equivalent(e) == 1 || maxYears > 0 && y > maxYears {
					continue
				}
				if next[to] < 0 || y < next[to] {
					next[to], nextEst[to] = y, curEst[st] || e.t.TypicalYears == nil
				}
			}
		}
		for st := range 2 * n {
			r := st / 2
			if next[st] < 0 || int32(r) == src {
				continue
			}
			if bestYears[r] < 0 {
				steps[r] = h
			}
			if bestYears[r] < 0 || next[st] < bestYears[r] {
				bestYears[r], bestEst[r] = next[st], nextEst[st]
			}
		}
		cur, curEst = next, nextEst
	}
	var out []Reach
	for r := range n {
		if int32(r) != src && bestYears[r] >= 0 {
			out = append(out, Reach{Role: g.Role(ix.ids[r]), Steps: steps[r], Years: bestYears[r], YearsEstimated: bestEst[r]})
		}
	}
	slices.SortFunc(out, func(a, b Reach) int {
		return cmp.Or(cmp.Compare(a.Steps, b.Steps), cmp.Compare(a.Years, b.Years), cmp.Compare(a.Role.ID, b.Role.ID))
	})
	return out, nil
}
