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

// Similarity is a role compared with another by skills and, where both
// list them, work contexts.
type Similarity struct {
	Role *Role
	// Score is SkillScore, or the mean of SkillScore and ContextScore when
	// both roles list work contexts.
	Score        float64
	SkillScore   float64
	ContextScore *float64
	SharedSkills int
	Viable       bool
	HighlyViable bool
	// Desirable is nil when either starting salary is unknown.
	Desirable *bool
}

// SimilarRoles ranks the roles sharing skills or work contexts with roleID
// by similarity. The skill facet is a weighted Jaccard similarity: the
// weight of shared skills over the weight of all skills of either role, a
// skill weighing 2 when essential to either role and 1 otherwise. Where
// both roles list work contexts (ROME fiches), the score is the mean of
// that and the Jaccard similarity of their work contexts, as MCC mixes
// skills and work context. Viability follows MCC's thresholds on the
// score, and MCC's rule that job zones differ by at most one where both
// roles have an MCC profile. Ties go by role id.
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
	// Roles that share no skill may still share work contexts: their
	// skill facet is 0, so their weights are not needed.
	if src.Rome != nil && len(src.Rome.WorkContexts) > 0 {
		for id, r := range g.roles.byID {
			if id != roleID && !candidates[id] && r.Rome != nil && sharesContext(src.Rome.WorkContexts, r.Rome.WorkContexts) {
				out = append(out, g.compare(src, r, mine, nil))
			}
		}
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
		sim.SkillScore = shared / union
	}
	sim.Score = sim.SkillScore
	if c, ok := contextScore(src, dst); ok {
		sim.ContextScore = &c
		sim.Score = (sim.SkillScore + c) / 2
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

// contextScore is the Jaccard similarity of two roles' work contexts
// (label and category), when both list some.
func contextScore(a, b *Role) (float64, bool) {
	if a.Rome == nil || b.Rome == nil || len(a.Rome.WorkContexts) == 0 || len(b.Rome.WorkContexts) == 0 {
		return 0, false
	}
	x, y := a.Rome.WorkContexts, b.Rome.WorkContexts
	n := 0
	for _, c := range x {
		if slices.Contains(y, c) {
			n++
		}
	}
	return float64(n) / float64(len(x)+len(y)-n), true
}

func sharesContext(x, y []WorkContext) bool {
	for _, c := range x {
		if slices.Contains(y, c) {
			return true
		}
	}
	return false
}
