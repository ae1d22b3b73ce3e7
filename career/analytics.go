package career

import (
	"cmp"
	"slices"
)

// Gap is what a person with some skills lacks for a role.
type Gap struct {
	MissingEssential []*Skill
	MissingOptional  []*Skill
	// Coverage is the weighted share of the role's skills the person has,
	// in [0,1]: 1 minus the skill distance (see distance in paths.go).
	// Nil when the role lists no skills.
	Coverage *float64
	// Trainings cover the missing essential skills, best recognised first.
	Trainings []*LeadsTo
}

// SkillGap compares have (skill ids) with target's skills. A training
// that leads to the target is taken to cover all of the target's
// essential skills, since no source says which skills it teaches (there
// is no TEACHES data yet). Each leading training therefore covers the
// whole essential gap on its own: they are listed best ranked first, and
// none when no essential skill is missing.
func (g *Graph) SkillGap(have []string, target string) (Gap, error) {
	if g.Role(target) == nil {
		return Gap{}, queryErr("target: %q is not a known role", target)
	}
	ix := g.paths()
	hs := skillSet{}
	for _, s := range have {
		if g.Skill(s) == nil {
			return Gap{}, queryErr("have: %q is not a known skill", s)
		}
		hs[ix.skillAt[s]] = true
	}
	t := ix.at[target]
	var gap Gap
	for _, s := range ix.essential[t] {
		if !hs[s] {
			gap.MissingEssential = append(gap.MissingEssential, ix.skills[s])
		}
	}
	for _, s := range ix.optional[t] {
		if !hs[s] {
			gap.MissingOptional = append(gap.MissingOptional, ix.skills[s])
		}
	}
	if d, unknown := ix.distance(hs.has, t); !unknown {
		c := 1 - d
		gap.Coverage = &c
	}
	if len(gap.MissingEssential) > 0 {
		gap.Trainings = g.TrainingsFor(target)
	}
	return gap, nil
}

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
