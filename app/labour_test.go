package app

import (
	"strings"
	"testing"

	"careergraph/testkit"
)

// checkLabourFacts reads the labour-market facts of the shipped graph as
// a guide page would, for « Comptable » (M1203) and « Développeur web »
// (M1855, which reaches them through M1805): a salary band worded as a
// family's, hiring and tension, current certifications ranked, lists
// that stay short on routes and gaps, and a historical code that finds
// its fiches.
func checkLabourFacts(t *testing.T, url string) {
	t.Helper()
	type page struct {
		RomeParent string
		Labour     struct {
			SalaryBand struct {
				MinNetMonthly, MaxNetMonthly int
				Granularity, Caveat          string
			}
			Hiring  []struct{ Projects int }
			Tension []struct{ Category int }
		}
		Certifications struct {
			TotalCount int
			Nodes      []struct {
				Rank     int
				Training struct {
					Name    string
					Current bool
					Level   *int
				}
			}
		}
		Trainings []struct{ Rank int }
	}
	var data struct {
		Comptable, Web page
		Search         []struct{ Node struct{ ID string } }
		Gap            struct{ Trainings []struct{ Rank int } }
		Paths          []struct {
			Steps []struct{ Trainings []struct{ Rank int } }
		}
	}
	const facts = `romeParent
		labour { salaryBand { minNetMonthly maxNetMonthly granularity caveat(lang: FR) } hiring { projects } tension { category } }
		certifications(first: 5) { totalCount nodes { rank training { name current level } } }
		trainings { rank }`
	testkit.Query(t, url, `{
		comptable: role(romeCode: "M1203") { `+facts+` }
		web: role(romeCode: "M1855") { `+facts+` }
		search(query: "M1805", first: 30) { node { ... on Node { id } } }
		gap: skillGap(have: [], target: "role:rome-m1855") { trainings { rank } }
		paths: careerPaths(from: { roleId: "role:rome-m1203" }, to: "role:rome-m1855", k: 2) { steps { trainings { rank } } }
	}`, nil, &data)
	for name, p := range map[string]page{"Comptable": data.Comptable, "Développeur web": data.Web} {
		b := p.Labour.SalaryBand
		if b.MinNetMonthly <= 0 || b.MaxNetMonthly < b.MinNetMonthly || b.Granularity != "FAP_FAMILY" || !strings.Contains(b.Caveat, "pas de ce seul métier") {
			t.Errorf("%s salary band: %+v", name, b)
		}
		if len(p.Labour.Hiring) == 0 || p.Labour.Hiring[0].Projects <= 0 || len(p.Labour.Tension) == 0 {
			t.Errorf("%s hiring and tension: %+v", name, p.Labour)
		}
		// Without Certif Info (its licence unread), Comptable has 4 current
		// certifications: a page shows them all, five at most.
		c := p.Certifications
		if c.TotalCount < 1 || len(c.Nodes) != min(5, c.TotalCount) || c.Nodes[0].Rank != 1 || !c.Nodes[0].Training.Current || len(p.Trainings) < min(10, c.TotalCount) {
			t.Errorf("%s certifications: %+v, %d trainings", name, p.Certifications, len(p.Trainings))
		}
	}
	if data.Web.RomeParent != "M1805" || data.Comptable.RomeParent != "M1203" {
		t.Errorf("historical codes: %s, %s", data.Web.RomeParent, data.Comptable.RomeParent)
	}
	if len(data.Search) != 27 || data.Search[0].Node.ID != "role:rome-m1805" {
		t.Errorf("search M1805: %d hits, %+v", len(data.Search), data.Search)
	}
	if n := len(data.Gap.Trainings); n != 10 {
		t.Errorf("skillGap lists %d trainings, want the 10 best", n)
	}
	for _, p := range data.Paths {
		for _, st := range p.Steps {
			if len(st.Trainings) > 10 {
				t.Errorf("a route step lists %d trainings", len(st.Trainings))
			}
		}
	}
}
