package career

import (
	"cmp"
	"math"
	"slices"
	"sync"
)

// pathIndex is the integer-indexed view of roles and skills that the path
// algorithms walk. It is built once per snapshot, on first use.
type pathIndex struct {
	ids       []string // role index -> id, sorted
	at        map[string]int32
	out       [][]pathEdge
	essential [][]int32 // role -> sorted skill indices
	optional  [][]int32
	weighted  [][]weightedSkill // role -> its skills and weights, by skill index
	ranked    [][]int32         // role -> skill indices, essential first, then in the role's order
	skillAt   map[string]int32
	skills    []*Skill
	in        [][]int32 // role -> roles with a transition into it
	costs     [3]struct {
		once    sync.Once
		costs   [][]int64
		minCost int64 // cheapest transition, for the A* bound
	}
	walkers sync.Pool
	// reachCosts orders routes by years then estimated moves, for
	// ReachableRoles (fewestYears).
	reachOnce  sync.Once
	reachCosts [][]int64
	reachMin   int64

	g          *Graph
	viableOnce sync.Once
	viable     map[*Transition]bool
}

// viableMoves scores every transition by MCC's rules, once per snapshot.
func (ix *pathIndex) viableMoves() map[*Transition]bool {
	ix.viableOnce.Do(func() { ix.viable = ix.computeViable(never) })
	return ix.viable
}

// computeViable works viableMoves out, or gives up (nil) once stop says so.
func (ix *pathIndex) computeViable(stop func() bool) map[*Transition]bool {
	viable := map[*Transition]bool{}
	for i, edges := range ix.out {
		if i%64 == 0 && stop() {
			return nil
		}
		for _, e := range edges {
			t := e.t
			viable[t] = t.Kind == Equivalent || ix.g.Compare(ix.g.Role(t.FromID), ix.g.Role(t.ToID)).Viable
		}
	}
	return viable
}

type pathEdge struct {
	to int32
	t  *Transition
}

func (g *Graph) paths() *pathIndex {
	return wait(g, g.pathIx, buildPathIndex)
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
	ix.weighted = make([][]weightedSkill, n)
	ix.ranked = make([][]int32, n)
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
		// By how much each matters to the role: essential first, then in
		// the role's order (its source's), for a route's steps.
		ix.ranked[i] = append(slices.Clone(ix.essential[i]), ix.optional[i]...)
		slices.Sort(ix.essential[i])
		slices.Sort(ix.optional[i])
		ix.weighted[i] = weigh(ix.essential[i], ix.optional[i])
	}
	return ix
}

// weightedSkill is a skill of a role with its weight in similarity.
type weightedSkill struct {
	skill int32
	w     float64
}

// weigh merges a role's sorted essential and optional skills into one
// list by skill, a skill weighing EssentialWeight when essential.
func weigh(essential, optional []int32) []weightedSkill {
	out := make([]weightedSkill, 0, len(essential)+len(optional))
	i, j := 0, 0
	for i < len(essential) || j < len(optional) {
		switch {
		case j == len(optional) || i < len(essential) && essential[i] < optional[j]:
			out = append(out, weightedSkill{essential[i], EssentialWeight})
			i++
		case i == len(essential) || optional[j] < essential[i]:
			out = append(out, weightedSkill{optional[j], OptionalWeight})
			j++
		default: // listed both ways: essential wins
			out = append(out, weightedSkill{essential[i], EssentialWeight})
			i, j = i+1, j+1
		}
	}
	return out
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

// Unit is the fixed point of costs, years and effort in routes: a move's
// years and effort are whole millionths, so sums are exact and two routes
// tie exactly when their costs tie ((0.1+0.2)+0.3 is (0.3+0.2)+0.1).
const Unit = 1_000_000

// units rounds x to whole millionths.
func units(x float64) int64 { return int64(math.Round(x * Unit)) }

// distance is the weighted share of the target's skills missing from have,
// (2·missing essential + missing optional) / (2·essential + optional), in
// millionths rounded half up, computed on integers so that equal shares
// give equal costs. A target with no known skills gives UnknownEffort,
// estimated.
func (ix *pathIndex) distance(have func(int32) bool, target int32) (int64, bool) {
	ess, opt := ix.essential[target], ix.optional[target]
	const e, o = int64(EssentialWeight), int64(OptionalWeight)
	total := e*int64(len(ess)) + o*int64(len(opt))
	if total == 0 {
		return units(UnknownEffort), true
	}
	missing := int64(0)
	for _, s := range ess {
		if !have(s) {
			missing += e
		}
	}
	for _, s := range opt {
		if !have(s) {
			missing += o
		}
	}
	return (2*missing*Unit + total) / (2 * total), false
}

// moveCost is the cost of a move into target under opt, with the years
// and effort it implies, all in Unit (a STEPS cost is 1 per move). have
// is what the person knows before the move.
func (ix *pathIndex) moveCost(opt Optimize, have func(int32) bool, t *Transition, target int32) (cost, years int64, yearsEst bool, effort int64, effortEst bool) {
	effort, effortEst = ix.distance(have, target)
	if t != nil && t.TypicalYears != nil {
		years = units(*t.TypicalYears)
	} else {
		years, yearsEst = units(BaseYears)+int64(YearsPerEffort)*effort, true
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
func (ix *pathIndex) edgeCosts(opt Optimize) ([][]int64, int64) {
	c := &ix.costs[slices.Index([]Optimize{Steps, Years, Effort}, opt)]
	c.once.Do(func() {
		c.costs = make([][]int64, len(ix.out))
		c.minCost = math.MaxInt64
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
			c.costs[from] = make([]int64, len(es))
			for j, e := range es {
				c.costs[from][j], _, _, _, _ = ix.moveCost(opt, has, e.t, e.to)
				c.minCost = min(c.minCost, c.costs[from][j])
			}
			set(false)
		}
		if c.minCost == math.MaxInt64 {
			c.minCost = 0
		}
	})
	return c.costs, c.minCost
}
