package app

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"careergraph/testkit"
)

// A fresh data directory with the default settings serves the guide and
// the shipped open data: ROME's French fiches, ESCO's occupations with
// their skills, MCC's profiles; a second start finds it there and does not
// import again.
//
// The first start is the shared fixture's (openDataServer: one import per
// test binary); the second start runs on a copy of the store it wrote.
func TestFirstStartServesTheOpenData(t *testing.T) {
	s := openDataServer(t)
	v := openData.version
	var data struct {
		Web struct {
			Name, RomeCode string
			Titles         []struct{ Label, Lang string }
			RomeDomain     struct{ Code string }
		}
		Dev struct {
			Essential []struct{ Skill struct{ Name string } }
			Optional  []struct{ Skill struct{ Name string } }
			MCC       struct{ JobZone float64 }
		}
		Search []struct{ Node struct{ ID string } }
		Roles  struct{ TotalCount int }
	}
	testkit.Query(t, s.URL, `{
		web: role(id: "role:rome-m1855") { name romeCode titles { label lang } romeDomain { code } }
		dev: role(slug: "software-developer") {
			essential: skills(importance: ESSENTIAL) { skill { name } }
			optional: skills(importance: OPTIONAL) { skill { name } }
			mcc { jobZone }
		}
		search(query: "développeuse back-end", first: 3) { node { ... on Node { id } } }
		roles { totalCount }
	}`, nil, &data)
	if data.Web.RomeCode != "M1855" || data.Web.RomeDomain.Code != "M18" || !strings.Contains(data.Web.Name, "Développeur") {
		t.Errorf("ROME fiche M1855: %+v", data.Web)
	}
	if len(data.Dev.Essential) != 24 || len(data.Dev.Optional) != 80 || data.Dev.MCC.JobZone == 0 {
		t.Errorf("ESCO software developer: %d essential, %d optional skills, MCC %+v; want 24 and 80", len(data.Dev.Essential), len(data.Dev.Optional), data.Dev.MCC)
	}
	if len(data.Search) == 0 || data.Search[0].Node.ID != "role:rome-m1855" && data.Search[0].Node.ID != "role:developpeur-back-end" {
		t.Errorf("search « développeuse back-end »: %+v", data.Search)
	}
	if data.Roles.TotalCount != 7+3007+1584 {
		t.Errorf("%d roles, want the guide's 7, ESCO's 3,007 and ROME's 1,584", data.Roles.TotalCount)
	}
	// One graph: from the guide's role, across its reviewed ROME twin,
	// along ROME's mobilités, to a fiche; and from a ROME fiche across the
	// official mapping to an ESCO occupation.
	var routes struct {
		ToDSI []struct {
			Steps []struct {
				To         struct{ ID string }
				Transition struct{ Kind string }
			}
		}
		ToESCO []struct {
			Steps []struct {
				To         struct{ ID string }
				Transition struct{ Kind, Note string }
			}
		}
	}
	testkit.Query(t, s.URL, `{
		toDSI: careerPaths(from: { roleId: "role:developpeur-back-end" }, to: "role:rome-m1803", k: 1) { steps { to { id } transition { kind } } }
		toESCO: careerPaths(from: { roleId: "role:rome-m1811" }, to: "role:esco-f2b15a0e-e65a-438a-affb-29b9d50b77d1", k: 1) { steps { to { id } transition { kind note } } }
	}`, nil, &routes)
	if len(routes.ToDSI) != 1 || !slices.ContainsFunc(routes.ToDSI[0].Steps, func(st struct {
		To         struct{ ID string }
		Transition struct{ Kind string }
	}) bool {
		return st.Transition.Kind == "EQUIVALENT" && strings.HasPrefix(st.To.ID, "role:rome-")
	}) || routes.ToDSI[0].Steps[len(routes.ToDSI[0].Steps)-1].Transition.Kind != "ROME_MOBILITY" {
		t.Errorf("Développeur Back-End to the DSI fiche: %+v", routes.ToDSI)
	}
	crossed := false
	for _, r := range routes.ToESCO {
		for _, st := range r.Steps {
			// An exact match (EQUIVALENT) or a close one (CLOSE_MATCH).
			crossed = crossed || (st.Transition.Kind == "EQUIVALENT" || st.Transition.Kind == "CLOSE_MATCH") && strings.Contains(st.Transition.Note, "ESCO–ROME mapping")
		}
	}
	if !crossed {
		t.Errorf("Data engineer (ROME) to ESCO's software developer does not cross the official mapping: %+v", routes.ToESCO)
	}
	// Similar roles by skills on the whole graph, best first.
	var sim struct {
		SimilarRoles []struct {
			Role  struct{ ID string }
			Score float64
		}
	}
	testkit.Query(t, s.URL, `{ similarRoles(role: "role:rome-m1855", k: 3) { role { id } score } }`, nil, &sim)
	if len(sim.SimilarRoles) != 3 {
		t.Errorf("similar to M1855: %+v", sim.SimilarRoles)
	}
	for i, r := range sim.SimilarRoles {
		if r.Score <= 0 || r.Score > 1 || i > 0 && r.Score > sim.SimilarRoles[i-1].Score || r.Role.ID == "role:rome-m1855" {
			t.Errorf("similar to M1855, rank %d: %+v", i, r)
		}
	}
	// Names in a chosen language, with the name as written as fallback.
	var names struct {
		Dev, Back, Web struct{ Fr, En, Name string }
	}
	testkit.Query(t, s.URL, `{
		dev: role(slug: "software-developer") { name fr: name(lang: FR) en: name(lang: EN) }
		back: role(slug: "developpeur-back-end") { name fr: name(lang: FR) en: name(lang: EN) }
		web: role(id: "role:rome-m1855") { name fr: name(lang: FR) en: name(lang: EN) }
	}`, nil, &names)
	if names.Dev.En != "software developer" || !strings.HasPrefix(names.Dev.Fr, "développeur de logiciels") {
		t.Errorf("ESCO software developer in English and French: %+v", names.Dev)
	}
	if names.Back.Fr != "Développeur Back-End" || names.Back.En != "Backend Developer" { // its own English title
		t.Errorf("the guide's back-end role in French and English: %+v", names.Back)
	}
	if names.Web.Fr != names.Web.Name || names.Web.En == names.Web.Name || names.Web.En == "" {
		t.Errorf("ROME M1855 in French and English: %+v", names.Web)
	}
	// Every name says its language.
	var langs struct {
		Esco, Rome struct {
			Skills []struct{ Skill struct{ NameLang string } }
		}
		Domain, Isco struct{ NameLang string }
		Naf          struct{ Nodes []struct{ RomeCode string } }
	}
	testkit.Query(t, s.URL, `{
		esco: role(slug: "software-developer") { skills(importance: ESSENTIAL) { skill { nameLang } } }
		rome: role(id: "role:rome-m1855") { skills(importance: ESSENTIAL) { skill { nameLang } } }
		domain: group(kind: ROME, code: "M18") { nameLang }
		isco: group(kind: OCCUPATION, code: "2512") { nameLang }
		naf: roles(filter: { nafCode: "62", romeSector: "133" }, first: 100) { nodes { romeCode } }
	}`, nil, &langs)
	if !slices.ContainsFunc(langs.Naf.Nodes, func(n struct{ RomeCode string }) bool { return n.RomeCode == "M1855" }) {
		t.Errorf("roles in NAF division 62 and sub-sector 133 lack M1855: %+v", langs.Naf.Nodes)
	}
	all := func(skills []struct{ Skill struct{ NameLang string } }, lang string) bool {
		for _, s := range skills {
			if s.Skill.NameLang != lang {
				return false
			}
		}
		return len(skills) > 0
	}
	if !all(langs.Esco.Skills, "en") || !all(langs.Rome.Skills, "fr") || langs.Domain.NameLang != "fr" || langs.Isco.NameLang != "en" {
		t.Errorf("languages of skill and group names: %+v", langs)
	}
	checkLabourFacts(t, s.URL)
	// The second start also has a 1 s deadline and no complexity limit:
	// the audit's loop (issue 27 A: 22.7 s of CPU, 945 MB, no answer)
	// is stopped at the deadline and answered, and the server goes on.
	dir := openDataDir(t)
	short := openDataConfig(t, dir)
	short.RequestTimeout, short.Limits.MaxComplexity = time.Second, 0
	// and room for the answer it would build, so that the deadline, not the
	// size limit, stops it (a quiet machine builds 4 MB of it in 0.4 s).
	short.Limits.MaxResponseBytes = 256 << 20
	again := start(t, short)
	if got := again.live.Graph().Version(); got != v {
		t.Errorf("the second start moved the store from version %d to %d: it imported again", v, got)
	}
	began := time.Now()
	code, res := testkit.QueryErr(t, again.URL, `{ role(id: "role:rome-k2111") { transitionsIn { from { transitionsOut { to { transitionsIn { from { romeDomain { roles(first: 1) { totalCount } } } } } } } } } }`, nil)
	t.Logf("the audit's loop with a 1 s deadline: answered in %s", time.Since(began).Round(time.Millisecond))
	if code != "UNAVAILABLE" || !strings.Contains(res.Errors[0].Message, "longer than the server allows") {
		t.Errorf("the audit's loop past the deadline: %+v", res.Errors)
	}
	if res := testkit.Post(t, again.URL, map[string]any{"query": "{ __typename }"}); len(res.Errors) > 0 {
		t.Errorf("after it: %+v", res.Errors)
	}
	// `import esco -dir seed/opendata/esco` on the started store keeps
	// what the later imports added (the mapping's French names): it has
	// nothing to do. seed's TestImportsInAnyOrderMakeOneGraph runs every
	// order.
	again.store.Close()
	var out bytes.Buffer
	if err := runImport(context.Background(), []string{"esco", "-dir", "../seed/opendata/esco", "-data-dir", dir}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "esco: nothing to do") {
		t.Errorf("import esco again on a started store: %s", out.String())
	}
}
