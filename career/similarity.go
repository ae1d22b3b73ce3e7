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
// by similarity. The skill facet is a weighted Jaccard similarity in
// which related skills count in part (see compare), a skill weighing 2
// when essential to either role and 1 otherwise. Where
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
	// Every candidate's skills are credited against this role's: its
	// related-skill classes marked once, not searched per skill.
	mark := make([]bool, ix.related.classes)
	for _, c := range ix.related.roleClasses[me] {
		mark[c] = true
	}
	var out []Similarity
	for _, ws := range mine {
		for _, r := range g.RequiredBy(ix.skills[ws.skill].ID) {
			if c := ix.at[r.RoleID]; c != me && !candidate[c] {
				g.Visit(1 + len(mine) + len(ix.weighted[c]))
				candidate[c] = true
				out = append(out, g.compare(src, g.Role(r.RoleID), me, c, mark))
			}
		}
	}
	// Roles that share no skill may still share work contexts: their
	// skill facet is 0.
	if len(ix.contexts[me]) > 0 {
		for n, c := range ix.withContexts {
			if n%stride == 0 {
				g.Visit(min(stride, len(ix.withContexts)-n))
			}
			if c != me && !candidate[c] {
				if score, ok := ix.contextScore(me, c); ok && score > 0 {
					out = append(out, g.compare(src, g.Role(ix.ids[c]), me, c, mark))
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
	return g.compare(from, to, ix.at[from.ID], ix.at[to.ID], nil)
}

// compare is Compare with both roles' path indices. Desirability
// compares MCC's annual earnings where both roles have them (MCC's own
// rule), else the starting salaries; it is nil when neither pair is
// known.
//
// The skill facet is a weighted Jaccard in which related skills count in
// part (related.go): with S the weight of the skills both list (a skill
// weighing 2 when essential to either), U the weight of all skills of
// either, and P half the sum, over each skill one role lists and the
// other does not, of its weight times its credit against the other's
// skills, the score is (S + P) / (U − P). It is S / U without related
// skills, 1 when every skill of each is wholly credited by the other's,
// and never above 1 (2P is at most U − S).
//
// markA, when not nil, marks the related-skill classes of a's skills
// (SimilarRoles compares one role with many).
func (g *Graph) compare(src, dst *Role, a, b int32, markA []bool) Similarity {
	ix := g.paths()
	mine, theirs := ix.weighted[a], ix.weighted[b]
	// In quarters of a weight unit, so sums are exact.
	var shared, union, partial int64
	n, i, j := 0, 0, 0
	for i < len(mine) || j < len(theirs) {
		switch {
		case j == len(theirs) || i < len(mine) && mine[i].skill < theirs[j].skill:
			w := int64(mine[i].w)
			union += creditFull * w
			partial += w * int64(ix.creditIn(b, mine[i].skill))
			i++
		case i == len(mine) || theirs[j].skill < mine[i].skill:
			w := int64(theirs[j].w)
			union += creditFull * w
			if markA != nil {
				partial += w * int64(ix.creditMarked(markA, theirs[j].skill))
			} else {
				partial += w * int64(ix.creditIn(a, theirs[j].skill))
			}
			j++
		default:
			w := creditFull * int64(max(mine[i].w, theirs[j].w))
			shared, union, n = shared+w, union+w, n+1
			i, j = i+1, j+1
		}
	}
	sim := Similarity{Role: dst, SharedSkills: n}
	if union > 0 {
		// P is partial / 2: doubling S and U keeps the division exact.
		sim.SkillScore = float64(2*shared+partial) / float64(2*union-partial)
	}
	sim.Score = sim.SkillScore
	if c, ok := ix.contextScore(a, b); ok {
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
func (ix *pathIndex) contextScore(a, b int32) (float64, bool) {
	x, y := ix.contexts[a], ix.contexts[b]
	if len(x) == 0 || len(y) == 0 {
		return 0, false
	}
	both, i, j := 0, 0, 0
	for i < len(x) && j < len(y) {
		switch {
		case x[i] < y[j]:
			i++
		case y[j] < x[i]:
			j++
		default:
			both, i, j = both+1, i+1, j+1
		}
	}
	return float64(both) / float64(len(x)+len(y)-both), true
}
