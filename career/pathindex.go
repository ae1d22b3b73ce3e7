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
	holders   [][]int32         // skill -> roles listing it (essential or optional), sorted
	weighted  [][]weightedSkill // role -> its skills and weights, by skill index
	ranked    [][]int32         // role -> skill indices, essential first, then in the role's order
	skillAt   map[string]int32
	skills    []*Skill
	in        [][]int32 // role -> roles with a transition into it
	// contexts are a ROME fiche's work contexts as sorted distinct
	// numbers, and withContexts the roles listing some, for
	// similarity's context facet (no map per pair of roles).
	contexts     [][]int32
	withContexts []int32
	preds        [][]int32 // role -> the roles of in, each once, sorted
	costs        [3]struct {
		once    sync.Once
		costs   [][]int64
		minCost int64 // cheapest transition, for the A* bound
	}
	walkers  sync.Pool
	hops     hopCache  // hopsTo's distances, per target
	knowings sync.Pool // *knowing, for skillGap
	// reachCosts orders routes by years then estimated moves, for
	// ReachableRoles (fewestYears).
	reachOnce  sync.Once
	reachCosts [][]int64
	reachMin   int64

	related relatedIndex
	// levelYears and trainingYears are, per role, the years of a level
	// step out of it and of the shortest training into it, in Unit; -1
	// when the graph has none (see moveCost).
	levelYears, trainingYears []int64
	// basis is what each transition's years rest on (moveYears),
	// computed once per snapshot.
	yearsOnce sync.Once
	basis     [][]YearsBasis

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
	for _, r := range g.roles.list {
		ix.ids = append(ix.ids, r.ID)
	}
	slices.Sort(ix.ids)
	for i, id := range ix.ids {
		ix.at[id] = int32(i)
	}
	skillIDs := make([]string, 0, len(g.skills.list))
	for _, s := range g.skills.list {
		skillIDs = append(skillIDs, s.ID)
	}
	slices.Sort(skillIDs)
	for i, id := range skillIDs {
		ix.skillAt[id] = int32(i)
		ix.skills = append(ix.skills, g.skills.byID.get(id))
	}
	n := len(ix.ids)
	ix.out = make([][]pathEdge, n)
	ix.in = make([][]int32, n)
	ix.preds = make([][]int32, n)
	ix.essential = make([][]int32, n)
	ix.optional = make([][]int32, n)
	ix.weighted = make([][]weightedSkill, n)
	ix.ranked = make([][]int32, n)
	ix.holders = make([][]int32, len(ix.skills))
	ix.contexts = make([][]int32, n)
	contextAt := map[WorkContext]int32{}
	for i, id := range ix.ids {
		if ix.contexts[i] = contextSet(g.roles.byID.get(id), contextAt); ix.contexts[i] != nil {
			ix.withContexts = append(ix.withContexts, int32(i))
		}
		for _, t := range g.out.get(id) {
			ix.out[i] = append(ix.out[i], pathEdge{to: ix.at[t.ToID], t: t})
		}
		for _, t := range g.in.get(id) {
			ix.in[i] = append(ix.in[i], ix.at[t.FromID])
		}
		// Each role once, for hopsTo: parallel transitions (a mobilité
		// and a close match) would make it visit a predecessor twice.
		ix.preds[i] = slices.Compact(slices.Sorted(slices.Values(ix.in[i])))
		slices.SortFunc(ix.out[i], func(a, b pathEdge) int { return cmp.Or(cmp.Compare(a.to, b.to), cmp.Compare(a.t.Kind, b.t.Kind)) })
		for _, r := range g.requiresByRole.get(id) {
			s := ix.skillAt[r.SkillID]
			if h := ix.holders[s]; len(h) == 0 || h[len(h)-1] != int32(i) {
				ix.holders[s] = append(h, int32(i))
			}
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
		ix.levelYears = append(ix.levelYears, levelYears(g.levelsByRole[id]))
		ix.trainingYears = append(ix.trainingYears, g.trainingYears(id))
	}
	// One array per kind of list, not 85,000 objects on the full graph.
	PackLists(ix.out)
	for _, ls := range [][][]int32{ix.in, ix.preds, ix.essential, ix.optional, ix.ranked, ix.holders, ix.contexts} {
		PackLists(ls)
	}
	PackLists(ix.weighted)
	ix.related = buildRelated(g, ix)
	return ix
}

// contextSet is a role's work contexts as sorted distinct numbers, each
// context numbered in at the first time it is seen; nil when it lists none.
func contextSet(r *Role, at map[WorkContext]int32) []int32 {
	if r.Rome == nil || len(r.Rome.WorkContexts) == 0 {
		return nil
	}
	cs := make([]int32, 0, len(r.Rome.WorkContexts))
	for _, c := range r.Rome.WorkContexts {
		n, ok := at[c]
		if !ok {
			n = int32(len(at))
			at[c] = n
		}
		cs = append(cs, n)
	}
	slices.Sort(cs)
	return slices.Compact(cs)
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

// Unit is the fixed point of costs, years and effort in routes: a move's
// years and effort are whole millionths, so sums are exact and two routes
// tie exactly when their costs tie ((0.1+0.2)+0.3 is (0.3+0.2)+0.1).
const Unit = 1_000_000

// units rounds x to whole millionths.
func units(x float64) int64 { return int64(math.Round(x * Unit)) }

// distance is the weighted share of the target's skills that k does not
// know, each skill counted by its credit (see related.go):
// Σ weight × (1 − credit) / Σ weight, essential skills weighing 2 and
// optional 1, in millionths rounded half up, computed on integers so that
// equal shares give equal costs. A target with no known skills gives
// UnknownEffort, estimated.
func (ix *pathIndex) distance(k *knowing, target int32) (int64, bool) {
	ess, opt := ix.essential[target], ix.optional[target]
	const e, o = int64(EssentialWeight), int64(OptionalWeight)
	total := creditFull * (e*int64(len(ess)) + o*int64(len(opt)))
	if total == 0 {
		return units(UnknownEffort), true
	}
	missing := int64(0)
	for _, s := range ess {
		missing += e * (creditFull - ix.credit(k, s))
	}
	for _, s := range opt {
		missing += o * (creditFull - ix.credit(k, s))
	}
	return (2*missing*Unit + total) / (2 * total), false
}

// YearsBasis says what the years of a move rest on.
type YearsBasis string

const (
	// BasisSameJob: an EQUIVALENT move, between two records of one job,
	// takes no time.
	BasisSameJob YearsBasis = "SAME_JOB"
	// BasisSource: a source gives the transition's typical years.
	BasisSource YearsBasis = "SOURCE"
	// BasisLevels: a progression (NEXT_STEP) out of a role with levels
	// takes the years of one level, the span of the role's last level
	// whose years are bounded (the guide's back-end Senior, 5-8 years: 3).
	BasisLevels YearsBasis = "LEVELS"
	// BasisTraining: the shortest training leading to the target whose
	// length its source states (the middle of its bounds), when the move
	// leaves something to learn.
	BasisTraining YearsBasis = "TRAINING"
	// BasisSkillGap: estimated from the skill gap, YearsPerEffort × the
	// move's effort.
	BasisSkillGap YearsBasis = "SKILL_GAP"
)

// YearsBases lists the bases, for the API's enum.
var YearsBases = []YearsBasis{BasisSameJob, BasisSource, BasisLevels, BasisTraining, BasisSkillGap}

// levelYears is the years of a level step out of a role with levels: the
// span of its last level with both bounds, in Unit; -1 without one.
func levelYears(levels []*Level) int64 {
	for i := len(levels) - 1; i >= 0; i-- {
		if l := levels[i]; l.YearsMin != nil && l.YearsMax != nil && *l.YearsMax > *l.YearsMin {
			return int64(*l.YearsMax-*l.YearsMin) * Unit
		}
	}
	return -1
}

// trainingYears is the length of the shortest training leading to a role
// whose source states one (the middle of its bounds), in Unit; -1
// without one.
func (g *Graph) trainingYears(roleID string) int64 {
	best := int64(-1)
	for _, l := range g.leadsByRole[roleID] {
		t := g.Training(l.TrainingID)
		if t == nil || t.Duration == nil || t.Duration.MinMonths == nil || t.Duration.MaxMonths == nil {
			continue
		}
		y := int64(*t.Duration.MinMonths+*t.Duration.MaxMonths) * Unit / 24
		if best < 0 || y < best {
			best = y
		}
	}
	return best
}

// moveYears is the time a move into target takes, in Unit, and what it
// rests on: the one rule of a move's years (see YearsBasis). from is the
// role left, -1 for entering a first role from skills; effort is the
// move's.
func (ix *pathIndex) moveYears(t *Transition, from, target int32, effort int64) (int64, YearsBasis) {
	switch {
	case t != nil && t.Kind == Equivalent:
		return 0, BasisSameJob
	case t != nil && t.TypicalYears != nil:
		return units(*t.TypicalYears), BasisSource
	case t != nil && t.Kind == NextStep && from >= 0 && ix.levelYears[from] >= 0:
		return ix.levelYears[from], BasisLevels
	case effort > 0 && ix.trainingYears[target] >= 0:
		return ix.trainingYears[target], BasisTraining
	}
	return int64(YearsPerEffort) * effort, BasisSkillGap
}

// moveCost is the cost of a move into target under opt, with the years
// and effort it implies, all in Unit (a STEPS cost is 1 per move). k is
// what the person knows before the move; from the role left (-1 from
// skills).
func (ix *pathIndex) moveCost(opt Optimize, k *knowing, t *Transition, from, target int32) (cost, years int64, basis YearsBasis, effort int64, effortEst bool) {
	effort, effortEst = ix.distance(k, target)
	years, basis = ix.moveYears(t, from, target, effort)
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
		k := ix.newKnowing()
		for from, es := range ix.out {
			if len(es) == 0 {
				continue
			}
			k.reset()
			k.addRole(ix, int32(from))
			c.costs[from] = make([]int64, len(es))
			for j, e := range es {
				c.costs[from][j], _, _, _, _ = ix.moveCost(opt, k, e.t, int32(from), e.to)
				c.minCost = min(c.minCost, c.costs[from][j])
			}
		}
		if c.minCost == math.MaxInt64 {
			c.minCost = 0
		}
	})
	return c.costs, c.minCost
}

// yearsBasis returns each transition's years basis, once per snapshot.
func (ix *pathIndex) yearsBasis() [][]YearsBasis {
	ix.yearsOnce.Do(func() {
		ix.basis = make([][]YearsBasis, len(ix.out))
		k := ix.newKnowing()
		for from, es := range ix.out {
			k.reset()
			k.addRole(ix, int32(from))
			ix.basis[from] = make([]YearsBasis, len(es))
			for j, e := range es {
				_, _, ix.basis[from][j], _, _ = ix.moveCost(Years, k, e.t, int32(from), e.to)
			}
		}
	})
	return ix.basis
}
