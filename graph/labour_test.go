package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/client"

	"careergraph/career"
	"careergraph/seed"
	"careergraph/store"
)

// labourServer serves the guide plus two ROME fiches of one historical
// code (M1805 kept it, M1855 derives from it) with a labour profile, n
// register certifications leading to M1855, and the shipped BMO areas.
func labourServer(tb testing.TB, n int) http.Handler {
	tb.Helper()
	live, log := guideLive(tb)
	ctx := context.Background()
	profile := &career.LabourProfile{
		Salaries: []career.SalaryFigure{{Family: "M1Z80", FamilyName: "Techniciens", MedianNetMonthly: 1950, Years: "2017-2019", SourceID: seed.DaresPSMSource.ID}},
		Hiring:   []career.HiringFigure{{Family: "M1X80", FamilyName: "Techniciens", Qualifications: []int{0, 1}, Projects: 10, Difficult: 5, Areas: 2, Year: 2025, SourceID: seed.BMOSource.ID}},
		Tension:  []career.TensionFigure{{Family: "M1Z80", FamilyName: "Techniciens", Category: 5, Value: 0.7, Year: 2019, SourceID: seed.DaresPSMSource.ID}},
	}
	ds := career.Dataset{Sources: []career.Source{seed.DaresPSMSource, seed.BMOSource, seed.RNCPSource, seed.ROMEESCOSource}}
	for _, code := range []string{"M1805", "M1855"} {
		ds.Roles = append(ds.Roles, career.Role{ID: "role:rome-" + strings.ToLower(code), Slug: "fiche-" + strings.ToLower(code), Name: "Fiche " + code,
			RomeCode: new(code), RomeParent: new("M1805"), Labour: profile,
			// v460's « accès au métier » of M1855
			Access: new("Cet emploi est accessible avec une Licence Professionnelle en Informatique, un Master en Informatique ou un Diplôme d'Ingénieur en Informatique.")})
	}
	// A note the ESCO–ROME import writes, in English.
	ds.Transitions = append(ds.Transitions, career.Transition{FromID: "role:rome-m1855", ToID: "role:rome-m1805", Kind: career.CloseMatch, Rank: 1,
		Note: new("ESCO–ROME mapping V1.4: close match, through the appellation « Développeur / Développeuse web »"), SourceIDs: []string{seed.ROMEESCOSource.ID}})
	for i := range n {
		code := fmt.Sprintf("RNCP%d", 40000+i)
		ds.Trainings = append(ds.Trainings, career.Training{ID: "training:" + strings.ToLower(code), Slug: strings.ToLower(code), Name: "Certification " + code,
			Kind: career.Certification, Code: new(code), Level: new(3 + i%5), Current: new(true), RomeCodes: []string{"M1805"}, SourceIDs: []string{seed.RNCPSource.ID}})
		ds.LeadsTo = append(ds.LeadsTo, career.LeadsTo{TrainingID: "training:" + strings.ToLower(code), RoleID: "role:rome-m1855", Rank: i + 1, RomeParent: new("M1805"), SourceIDs: []string{seed.RNCPSource.ID}})
	}
	if _, err := live.Change(ctx, func(*career.Graph) (store.Write, error) {
		return store.Write{Upsert: ds}, nil
	}); err != nil {
		tb.Fatal(err)
	}
	areas, err := seed.HiringAreas()
	if err != nil {
		tb.Fatal(err)
	}
	return NewServer(live, Options{Limits: Limits{MaxDepth: 12, MaxComplexity: 5000}, HiringAreas: areas, Log: log})
}

// A fiche's labour page through GraphQL: lookup by a ROME code in any
// case, its historical family, a salary band with its provenance and the
// stated conversion, certifications paged in rank order, employment areas
// filtered by département and paged; bad arguments are coded.
func TestLabourFacts(t *testing.T) {
	c := client.New(labourServer(t, 250))
	var out struct {
		Web struct {
			RomeParent   string
			RomeFamily   []struct{ RomeCode string }
			AccessLevels struct {
				Min, Max int
				Open     bool
				Wording  string
			}
			CloseTo []struct{ Note, NoteLang *string }
			Labour  struct {
				SalaryBand struct {
					MinNetMonthly   int
					GrossYearlyMinK float64
					Granularity     string
					Source          struct{ ID string }
					Caveat          string
				}
				Hiring []struct {
					ShareDifficult float64
					Granularity    string
					AsOf           string
				}
				Tension []struct{ CategoryLabel string }
			}
			First struct {
				TotalCount int
				PageInfo   struct{ EndCursor string }
				Nodes      []struct {
					Rank        int
					Granularity string
					Training    struct {
						Code, LevelWording string
						Current            bool
					}
				}
			}
			Trainings []struct{ Rank int }
			Paris     struct {
				TotalCount int
				Nodes      []struct {
					Departement, Family string
					Projects            *int
				}
			}
		}
		Old   struct{ RomeCode string }
		Guide struct {
			TransitionsOut []struct {
				Note     *string
				NoteLang *string
			}
		}
	}
	post(t, c, `{
		web: role(romeCode: "m1855") {
			romeParent romeFamily { romeCode }
			accessLevels { min max open wording(lang: FR) }
			closeTo: transitionsOut(kinds: [CLOSE_MATCH]) { note noteLang }
			labour {
				salaryBand { minNetMonthly grossYearlyMinK granularity source { id } caveat(lang: EN) }
				hiring { shareDifficult granularity asOf }
				tension { categoryLabel(lang: FR) }
			}
			first: certifications(first: 2) { totalCount pageInfo { endCursor } nodes { rank granularity training { code levelWording(lang: FR) current } } }
			trainings { rank }
			paris: hiringAreas(departement: "75", first: 100) { totalCount nodes { departement family projects } }
		}
		old: role(romeCode: "M1805") { romeCode }
		guide: role(id: "role:developpeur-full-stack") { transitionsOut(kinds: [CAREER_CHANGE]) { note noteLang } }
	}`, &out)
	w := out.Web
	if w.RomeParent != "M1805" || len(w.RomeFamily) != 2 || out.Old.RomeCode != "M1805" {
		t.Errorf("historical code: %+v, %+v", w.RomeFamily, out.Old)
	}
	if a := w.AccessLevels; a.Min != 6 || a.Max != 7 || a.Open || a.Wording != "Bac+3 ou Bac+4 à Bac+5" {
		t.Errorf("access levels: %+v", a)
	}
	// The importer's English note says so; the guide's French one records no language.
	if len(w.CloseTo) != 1 || w.CloseTo[0].NoteLang == nil || *w.CloseTo[0].NoteLang != "en" {
		t.Errorf("close-to notes: %+v", w.CloseTo)
	}
	for _, tr := range out.Guide.TransitionsOut {
		if tr.Note != nil && tr.NoteLang != nil {
			t.Errorf("the guide's note %q has language %q", *tr.Note, *tr.NoteLang)
		}
	}
	if len(out.Guide.TransitionsOut) == 0 || out.Guide.TransitionsOut[0].Note == nil {
		t.Errorf("the guide's career changes have no note: %+v", out.Guide.TransitionsOut)
	}
	b := w.Labour.SalaryBand
	if b.MinNetMonthly != 1950 || b.GrossYearlyMinK != 30 || b.Granularity != "FAP_FAMILY" || b.Source.ID != "source:dares-psm" || !strings.Contains(b.Caveat, "not of this trade alone") {
		t.Errorf("salary band: %+v", b)
	}
	if h := w.Labour.Hiring; len(h) != 1 || h[0].ShareDifficult != 0.5 || h[0].Granularity != "FAP_FAMILY" || h[0].AsOf != "2025" || w.Labour.Tension[0].CategoryLabel != "très forte" {
		t.Errorf("hiring and tension: %+v %+v", h, w.Labour.Tension)
	}
	if w.First.TotalCount != 250 || len(w.First.Nodes) != 2 || w.First.Nodes[0].Rank != 1 || w.First.Nodes[0].Granularity != "ROME_PARENT" ||
		w.First.Nodes[0].Training.LevelWording != "CAP, BEP" || !w.First.Nodes[0].Training.Current || len(w.Trainings) != career.MaxTrainingsListed {
		t.Errorf("certifications: %+v, %d trainings", w.First, len(w.Trainings))
	}
	if w.Paris.TotalCount == 0 || w.Paris.TotalCount != len(w.Paris.Nodes) {
		t.Errorf("Paris areas: %+v", w.Paris)
	}
	for _, a := range w.Paris.Nodes {
		if a.Departement != "75" || a.Family != "M1X80" {
			t.Errorf("area %+v is not a Paris area of M1X80", a)
		}
	}
	var next struct {
		Role struct {
			Certifications struct{ Nodes []struct{ Rank int } }
		}
	}
	post(t, c, fmt.Sprintf(`{ role(romeCode: "M1855") { certifications(first: 3, after: %q) { nodes { rank } } } }`, w.First.PageInfo.EndCursor), &next)
	if n := next.Role.Certifications.Nodes; len(n) != 3 || n[0].Rank != 3 {
		t.Errorf("second page: %+v", n)
	}
	for _, q := range []string{
		`{ role(romeCode: "M18055") { name } }`,
		`{ role(romeCode: "M1855", slug: "x") { name } }`,
		`{ role(romeCode: "M1855") { certifications(minLevel: 9) { totalCount } } }`,
		`{ role(romeCode: "M1855") { hiringAreas(departement: "7 5") { totalCount } } }`,
		`{ role(romeCode: "M1855") { certifications(first: 101) { totalCount } } }`,
	} {
		if code := errCode(t, c, q); code != CodeBadUserInput {
			t.Errorf("%s: %s, want %s", q, code, CodeBadUserInput)
		}
	}
}

// The first page of a fiche with 1,000 linked certifications, through the
// whole handler, beside one with 20 (the page's own cost): the list's
// length must not show (the target: under a millisecond).
//
//	go test -run '^$' -bench CertificationsFirstPage ./graph/
func BenchmarkCertificationsFirstPage(b *testing.B) {
	for _, n := range []int{20, 1000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			srv := labourServer(b, n)
			body, _ := json.Marshal(map[string]any{"query": `{ role(romeCode: "M1855") { certifications(first: 20) { totalCount nodes { rank training { code name level type current } } } } }`})
			do := func() *httptest.ResponseRecorder { return postJSON(srv, body) }
			if rec := do(); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), fmt.Sprintf(`"totalCount":%d`, n)) {
				b.Fatalf("%d %s", rec.Code, rec.Body.String())
			}
			b.ReportAllocs()
			for b.Loop() {
				do()
			}
		})
	}
}
