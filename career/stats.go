package career

import (
	"cmp"
	"math"
	"slices"
)

// MCC thresholds (Nesta, Mapping Career Causeways): a move is viable above
// a combined similarity of 0.3, highly viable above 0.4, and desirable
// when viable and the target pays at least 75% of the source.
const (
	ViableSimilarity       = 0.3
	HighlyViableSimilarity = 0.4
	DesirablePayRatio      = 0.75
)

// Similarity is a role compared with another by skills.
type Similarity struct {
	Role         *Role
	Score        float64
	SharedSkills int
	Viable       bool
	HighlyViable bool
	// Desirable is nil when either starting salary is unknown.
	Desirable *bool
}

// SimilarRoles ranks the roles sharing skills with roleID by weighted
// Jaccard similarity: the weight of shared skills over the weight of all
// skills of either role, a skill weighing 2 when essential to either role
// and 1 otherwise. Viability follows MCC's thresholds on this score, and
// MCC's rule that job zones differ by at most one where both roles have an
// MCC profile. Ties go by role id.
func (g *Graph) SimilarRoles(roleID string, k int) ([]Similarity, error) {
	if g.Role(roleID) == nil {
		return nil, queryErr("role: %q is not a known role", roleID)
	}
	if k < 1 || k > MaxPageSize {
		return nil, queryErr("k: %d is out of range, it must be between 1 and %d", k, MaxPageSize)
	}
	weights := g.skillWeights
	mine := weights(roleID)
	candidates := map[string]bool{}
	for s := range mine {
		for _, r := range g.requiresBySkill[s] {
			if r.RoleID != roleID {
				candidates[r.RoleID] = true
			}
		}
	}
	src := g.Role(roleID)
	var out []Similarity
	for c := range candidates {
		out = append(out, g.compare(src, g.Role(c), mine, weights(c)))
	}
	slices.SortFunc(out, func(a, b Similarity) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.Role.ID, b.Role.ID))
	})
	return out[:min(k, len(out))], nil
}

// Compare scores a move from one role to another by MCC's rules (see
// SimilarRoles).
func (g *Graph) Compare(from, to *Role) Similarity {
	return g.compare(from, to, g.skillWeights(from.ID), g.skillWeights(to.ID))
}

func (g *Graph) skillWeights(id string) map[string]float64 {
	w := map[string]float64{}
	for _, r := range g.requiresByRole[id] {
		w[r.SkillID] = OptionalWeight
		if r.Importance == Essential {
			w[r.SkillID] = EssentialWeight
		}
	}
	return w
}

// compare is Compare with both roles' skill weights at hand. Desirability
// compares MCC's annual earnings where both roles have them (MCC's own
// rule), else the starting salaries; it is nil when neither pair is known.
func (g *Graph) compare(src, dst *Role, mine, theirs map[string]float64) Similarity {
	var shared, union float64
	n := 0
	for s, w := range mine {
		if tw, ok := theirs[s]; ok {
			shared += max(w, tw)
			n++
		}
		union += max(w, theirs[s])
	}
	for s, tw := range theirs {
		if _, ok := mine[s]; !ok {
			union += tw
		}
	}
	sim := Similarity{Role: dst, SharedSkills: n}
	if union > 0 {
		sim.Score = shared / union
	}
	// MCC also asks job zones to differ by at most one, when both known.
	zonesOK := src.MCC == nil || dst.MCC == nil || math.Abs(src.MCC.JobZone-dst.MCC.JobZone) <= 1
	sim.Viable = sim.Score > ViableSimilarity && zonesOK
	sim.HighlyViable = sim.Score > HighlyViableSimilarity && zonesOK
	var pay, payTo *float64
	if src.MCC != nil && dst.MCC != nil && src.MCC.AnnualEarnings != nil && dst.MCC.AnnualEarnings != nil && src.MCC.Currency == dst.MCC.Currency {
		pay, payTo = src.MCC.AnnualEarnings, dst.MCC.AnnualEarnings
	} else if a, b := src.Market.StartingSalary, dst.Market.StartingSalary; a != nil && b != nil && a.Currency == b.Currency {
		pay, payTo = &a.Min, &b.Min
	}
	if pay != nil {
		d := sim.Viable && *payTo >= DesirablePayRatio**pay
		sim.Desirable = &d
	}
	return sim
}

// Stats is the analyst's overview of a snapshot.
type Stats struct {
	Nodes, Relationships []KindCount
	// Hubs holds every role with at least one transition.
	Hubs            []Hub
	TransitionKinds []KindCount
}

// KindCount counts one kind of node, relationship or transition.
type KindCount struct {
	Kind  string
	Count int
}

// Hub is a role's place in the transition graph.
type Hub struct {
	Role                *Role
	InDegree, OutDegree int
	// Betweenness is the number of shortest transition paths between
	// other roles passing through this one (Brandes, unweighted, directed).
	Betweenness float64
}

// Stats returns counts, hubs and transition kinds, computed once per
// snapshot: betweenness costs O(roles × transitions).
func (g *Graph) Stats() Stats { return g.stats.get(g.computeStats) }

func (g *Graph) computeStats() Stats {
	ds := g.ds
	var st Stats
	for _, k := range Kinds {
		if k.Node() {
			st.Nodes = append(st.Nodes, KindCount{k.Label(), k.Len(ds)})
		} else {
			st.Relationships = append(st.Relationships, KindCount{k.Label(), k.Len(ds)})
		}
	}
	// A level hangs off its role (HAS_LEVEL) without a record of its own;
	// it is listed second, as it always was.
	st.Relationships = slices.Insert(st.Relationships, 1, KindCount{"HAS_LEVEL", len(ds.Levels)})
	kinds := map[TransitionKind]int{}
	for _, t := range ds.Transitions {
		kinds[t.Kind]++
	}
	for _, k := range TransitionKinds {
		if kinds[k] > 0 {
			st.TransitionKinds = append(st.TransitionKinds, KindCount{string(k), kinds[k]})
		}
	}
	slices.SortStableFunc(st.TransitionKinds, func(a, b KindCount) int { return cmp.Compare(b.Count, a.Count) })

	ix := g.paths()
	bc := betweenness(ix)
	for i, id := range ix.ids {
		in, out := len(ix.in[i]), len(ix.out[i])
		if in+out > 0 {
			st.Hubs = append(st.Hubs, Hub{Role: g.Role(id), InDegree: in, OutDegree: out, Betweenness: bc[i]})
		}
	}
	return st
}

// betweenness is Brandes' algorithm on the directed, unweighted
// transition graph (parallel transitions of different kinds count once).
func betweenness(ix *pathIndex) []float64 {
	n := len(ix.ids)
	bc := make([]float64, n)
	sigma := make([]float64, n)
	dist := make([]int32, n)
	delta := make([]float64, n)
	preds := make([][]int32, n)
	var stack, queue []int32
	for s := range n {
		for i := range n {
			sigma[i], dist[i], delta[i], preds[i] = 0, -1, 0, preds[i][:0]
		}
		sigma[s], dist[s] = 1, 0
		stack, queue = stack[:0], append(queue[:0], int32(s))
		for len(queue) > 0 {
			v := queue[0]
			queue = queue[1:]
			stack = append(stack, v)
			last := int32(-1)
			for _, e := range ix.out[v] {
				w := e.to
				if w == last {
					continue // out edges are sorted by target: skip parallels
				}
				last = w
				if dist[w] < 0 {
					dist[w] = dist[v] + 1
					queue = append(queue, w)
				}
				if dist[w] == dist[v]+1 {
					sigma[w] += sigma[v]
					preds[w] = append(preds[w], v)
				}
			}
		}
		for i := len(stack) - 1; i >= 0; i-- {
			w := stack[i]
			for _, v := range preds[w] {
				delta[v] += sigma[v] / sigma[w] * (1 + delta[w])
			}
			if int(w) != s {
				bc[w] += delta[w]
			}
		}
	}
	return bc
}

// HubMeasure orders hub roles.
type HubMeasure string

const (
	ByInDegree    HubMeasure = "IN_DEGREE"
	ByOutDegree   HubMeasure = "OUT_DEGREE"
	ByBetweenness HubMeasure = "BETWEENNESS"
)

// TopHubs returns the n roles ranking highest by m, ties by role id.
func (s Stats) TopHubs(m HubMeasure, n int) []Hub {
	key := func(h Hub) float64 {
		switch m {
		case ByInDegree:
			return float64(h.InDegree)
		case ByOutDegree:
			return float64(h.OutDegree)
		}
		return h.Betweenness
	}
	hubs := slices.Clone(s.Hubs)
	slices.SortFunc(hubs, func(a, b Hub) int { return cmp.Or(cmp.Compare(key(b), key(a)), cmp.Compare(a.Role.ID, b.Role.ID)) })
	return hubs[:min(n, len(hubs))]
}
