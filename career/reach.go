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
// transitions in at most maxSteps moves and, when maxYears > 0, at most
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
	// Bellman-Ford by layers: years[h][r] is the fewest years to r in h
	// moves; exact under a step bound, O(maxSteps × transitions).
	n := len(ix.ids)
	inf := -1.0
	cur := make([]float64, n)
	curEst := make([]bool, n)
	for i := range cur {
		cur[i] = inf
	}
	cur[src] = 0
	bestYears := slices.Clone(cur)
	bestEst := make([]bool, n)
	steps := make([]int, n)
	costs, _ := ix.edgeCosts(Years)
	for h := 1; h <= maxSteps; h++ {
		next := make([]float64, n)
		nextEst := make([]bool, n)
		for i := range next {
			next[i] = inf
		}
		for r := range n {
			if cur[r] < 0 {
				continue
			}
			for j, e := range ix.out[r] {
				y := cur[r] + costs[r][j]
				if maxYears > 0 && y > maxYears {
					continue
				}
				if next[e.to] < 0 || y < next[e.to] {
					next[e.to], nextEst[e.to] = y, curEst[r] || e.t.TypicalYears == nil
				}
			}
		}
		for r := range n {
			if next[r] < 0 || int32(r) == src {
				continue
			}
			if bestYears[r] < 0 {
				steps[r] = h
			}
			if bestYears[r] < 0 || next[r] < bestYears[r] {
				bestYears[r], bestEst[r] = next[r], nextEst[r]
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
