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
	ix := g.paths()
	me := ix.at[roleID]
	mine := ix.weighted[me]
	src := g.Role(roleID)
	candidate := make([]bool, len(ix.ids))
	var out []Similarity
	for _, ws := range mine {
		for _, r := range g.RequiredBy(ix.skills[ws.skill].ID) {
			if c := ix.at[r.RoleID]; c != me && !candidate[c] {
				g.Visit(1 + len(mine) + len(ix.weighted[c]))
				candidate[c] = true
				out = append(out, g.compare(src, g.Role(r.RoleID), mine, ix.weighted[c]))
			}
		}
	}
	// Roles that share no skill may still share work contexts: their
	// skill facet is 0.
	if src.Rome != nil && len(src.Rome.WorkContexts) > 0 {
		for c, id := range ix.ids {
			if c%stride == 0 {
				g.Visit(min(stride, len(ix.ids)-c))
			}
			if r := g.Role(id); int32(c) != me && !candidate[c] {
				if score, ok := contextScore(src, r); ok && score > 0 {
					out = append(out, g.compare(src, r, mine, nil))
				}
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
	ix := g.paths()
	return g.compare(from, to, ix.weighted[ix.at[from.ID]], ix.weighted[ix.at[to.ID]])
}

// compare is Compare with both roles' weighted skills at hand, each sorted
// by skill. Desirability compares MCC's annual earnings where both roles
// have them (MCC's own rule), else the starting salaries; it is nil when
// neither pair is known.
func (g *Graph) compare(src, dst *Role, mine, theirs []weightedSkill) Similarity {
	var shared, union float64
	n, i, j := 0, 0, 0
	for i < len(mine) && j < len(theirs) {
		switch a, b := mine[i], theirs[j]; {
		case a.skill < b.skill:
			union += a.w
			i++
		case a.skill > b.skill:
			union += b.w
			j++
		default:
			shared, union, n = shared+max(a.w, b.w), union+max(a.w, b.w), n+1
			i, j = i+1, j+1
		}
	}
	for ; i < len(mine); i++ {
		union += mine[i].w
	}
	for ; j < len(theirs); j++ {
		union += theirs[j].w
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

// contextScore is the Jaccard similarity of two roles' sets of work
// contexts (label and category), when both list some: |x ∩ y| / |x ∪ y|,
// over sets, so 0 to 1 whatever the lists hold.
func contextScore(a, b *Role) (float64, bool) {
	if a.Rome == nil || b.Rome == nil || len(a.Rome.WorkContexts) == 0 || len(b.Rome.WorkContexts) == 0 {
		return 0, false
	}
	x, y := map[WorkContext]bool{}, map[WorkContext]bool{}
	for _, c := range a.Rome.WorkContexts {
		x[c] = true
	}
	for _, c := range b.Rome.WorkContexts {
		y[c] = true
	}
	both := 0
	for c := range x {
		if y[c] {
			both++
		}
	}
	return float64(both) / float64(len(x)+len(y)-both), true
}
