package career

import (
	"fmt"
	"math"
	"slices"
	"testing"
)

// Related skills count in part, by the rule written once in related.go:
// the same words whole, the same object after another verb and an ESCO
// relation a half, the same group a quarter; in skillGap's coverage and
// missing lists, in route efforts, and in similarity.
func TestRelatedSkillCredit(t *testing.T) {
	var ds Dataset
	ds.Groups = []Group{{ID: "group:g", Slug: "g", Name: "G", Kind: SkillGroupKind, Code: "S1"}}
	skill := func(id, name string, groups ...string) {
		ds.Skills = append(ds.Skills, Skill{ID: "skill:" + id, Slug: id, Name: name, Category: Technical,
			EscoURI: new("http://data.europa.eu/esco/skill/" + id), GroupIDs: groups})
	}
	skill("a", "Elaborer des tableaux de bord")
	skill("b", "Concevoir des tableaux de bord") // the same object as a: a half
	skill("c", "Conduire des projets")
	skill("d", "Conduire un projet") // the same words as c: whole
	skill("e", "Souder", "group:g")
	skill("f", "Braser", "group:g") // the same group as e: a quarter
	skill("g", "Python")
	skill("h", "Django") // builds on g: a half
	ds.SkillLinks = []SkillLink{{FromID: "skill:h", ToID: "skill:g", Importance: Essential}}
	role := func(id string, skills ...string) {
		ds.Roles = append(ds.Roles, Role{ID: "role:" + id, Slug: id, Name: id})
		for _, s := range skills {
			ds.Requires = append(ds.Requires, Requires{RoleID: "role:" + id, SkillID: "skill:" + s, Importance: Essential, Rank: 1})
		}
	}
	role("target", "a", "c", "e", "g")
	role("person", "b", "d", "f", "h")
	ds.Transitions = []Transition{{FromID: "role:person", ToID: "role:target", Kind: Mobility, Rank: 1}}
	g, err := Build(ds, 1)
	if err != nil {
		t.Fatal(err)
	}
	gap, err := g.SkillGap([]string{"skill:b", "skill:d", "skill:f", "skill:h"}, "role:target")
	if err != nil {
		t.Fatal(err)
	}
	// Missing: a by 1 − SameObjectCredit, c not at all (known wholly), e by
	// 1 − FamilyCredit, g by 1 − RelatedCredit, each weighing 2, of 2 × 4.
	effort := 2 * ((1 - SameObjectCredit) + 0 + (1 - FamilyCredit) + (1 - RelatedCredit)) / 8
	var missing []string
	for _, s := range gap.MissingEssential {
		missing = append(missing, s.ID)
	}
	if gap.Coverage == nil || *gap.Coverage != 1-effort || !slices.Equal(missing, []string{"skill:a", "skill:e", "skill:g"}) {
		t.Errorf("coverage %v, missing %v; want %v, [a e g]", ptrText(gap.Coverage), missing, 1-effort)
	}
	routes, err := g.CareerPaths(PathQuery{FromRole: "role:person", To: "role:target", Optimize: Effort, K: 1, MaxSteps: 1})
	if err != nil || len(routes) != 1 || routes[0].Cost != effort {
		t.Fatalf("EFFORT route %+v %v, want cost %v", routes, err, effort)
	}
	// No training leads there: the move's years are estimated from the
	// gap, YearsPerEffort × the effort.
	if st := routes[0].Steps[0]; st.YearsBasis != BasisSkillGap || !st.YearsEstimated || st.Years != YearsPerEffort*effort {
		t.Errorf("years %v on %s", st.Years, st.YearsBasis)
	}
	// Similarity: no skill in common, every one related. Each side's
	// skills are credited 2 × (SameObject + SameWords + Family + Related)
	// against the other's, so P is that and the facet is P / (16 − P),
	// where exact matching alone gives 0.
	p := 2 * (SameObjectCredit + SameWordsCredit + FamilyCredit + RelatedCredit)
	sim := g.Compare(g.Role("role:person"), g.Role("role:target"))
	if math.Abs(sim.SkillScore-p/(16-p)) > 1e-12 || sim.SharedSkills != 0 || !sim.Viable {
		t.Errorf("similarity %+v, want %v", sim, p/(16-p))
	}
}

func ptrText(f *float64) string {
	if f == nil {
		return "nil"
	}
	return fmt.Sprint(*f)
}
