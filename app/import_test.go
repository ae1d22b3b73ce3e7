package app

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"careergraph/seed"
	"careergraph/seed/seedtest"
	"careergraph/store/embedded"
	"careergraph/testkit"
)

func storeVersion(t *testing.T, dir string) uint64 {
	t.Helper()
	st, err := embedded.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	_, v, err := st.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// skipWholeImportUnderRace skips a test that imports the whole shipped
// ESCO release several times under -race: one goroutine, so the detector
// has nothing to find in it, and it took over half of CI's race run of
// this package (issue 26). The plain run (go test ./...) keeps it; the
// import's race coverage is TestBrokenImportLeavesTheStoreUntouched's
// (a small release) and TestFirstStartServesTheOpenData's (import esco
// again on the started full store).
func skipWholeImportUnderRace(t *testing.T) {
	t.Helper()
	if raceEnabled {
		t.Skip("imports the whole ESCO release several times (one goroutine, minutes under -race); the plain run has it")
	}
}

func TestImportESCOIsIdempotentAndServed(t *testing.T) {
	skipWholeImportUnderRace(t)
	escoData := seedtest.Release(t, "esco")
	// The first `import esco` on a fresh data directory is the shared
	// fixture's (one per test binary); this one is the second.
	dataDir := escoImportedDir(t, escoData)
	var out bytes.Buffer
	if err := runImport(context.Background(), []string{"esco", "-dir", escoData, "-data-dir", dataDir}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "nothing to do, 3007 occupations (30067 job titles, 1247 under a broader one), 619 ISCO-08 groups, 640 skill groups") {
		t.Errorf("second import: %s", out.String())
	}
	if v := storeVersion(t, dataDir); v != 2 { // seed, then one import
		t.Errorf("store version %d after two imports, want 2", v)
	}
	cfg := embeddedConfig(t, dataDir)
	cfg.RequestTimeout = 45 * time.Second // what is served, not how fast (a busy machine, -race)
	s := start(t, cfg)
	var data struct {
		Search []struct {
			Node struct{ Name, IscoCode string }
		}
		Roles struct{ TotalCount int }
	}
	testkit.Query(t, s.URL, `{
		search(query: "programmer", types: [JOB_TITLE], first: 3) { node { ... on Role { name iscoCode } } }
		roles(filter: {sourceId: "source:esco", iscoPrefix: "25"}) { totalCount }
	}`, nil, &data)
	if len(data.Search) != 3 || !slices.ContainsFunc(data.Search, func(h struct {
		Node struct{ Name, IscoCode string }
	}) bool {
		return h.Node.IscoCode == "2512"
	}) {
		t.Errorf("search over ESCO titles = %+v", data.Search)
	}
	if data.Roles.TotalCount < 20 {
		t.Errorf("ESCO roles in ISCO 25: %d", data.Roles.TotalCount)
	}

	// The ISCO-08 tree, the guide role's ESCO twin, and search and routes
	// crossing between them.
	var tree struct {
		Role struct {
			Family struct {
				Code, Name string
				Ancestors  []struct{ Code string }
				Roles      struct{ TotalCount int }
			}
			Equivalents []struct{ Slug string }
		}
		Groups struct {
			TotalCount int
			Nodes      []struct {
				Code     string
				Children []struct{ Code string }
			}
		}
		Search   []struct{ Node struct{ Slug string } }
		Families []struct {
			Node struct{ Code, Kind string }
		}
		CareerPaths []struct {
			Steps []struct {
				To         struct{ Slug string }
				Transition struct{ Kind string }
			}
		}
	}
	testkit.Query(t, s.URL, `{
		role(slug: "software-developer") { family { code name ancestors { code } roles { totalCount } } equivalents { slug } }
		groups(filter: {kind: OCCUPATION, topLevel: true}) { totalCount nodes { code children { code } } }
		search(query: "software developer", types: [JOB_TITLE]) { node { ... on Role { slug } } }
		families: search(query: "software developers", types: [GROUP], first: 1) { node { ... on Group { code kind } } }
		careerPaths(from: {roleId: "role:esco-f2b15a0e-e65a-438a-affb-29b9d50b77d1"}, to: "role:staff-engineer", k: 1) { steps { to { slug } transition { kind } } }
	}`, nil, &tree)
	f := tree.Role.Family
	if f.Code != "2512" || f.Name != "Software developers" || len(f.Ancestors) != 3 || f.Ancestors[0].Code != "2" || f.Ancestors[2].Code != "251" || f.Roles.TotalCount < 5 {
		t.Errorf("family of software developer = %+v", f)
	}
	if len(tree.Role.Equivalents) != 1 || tree.Role.Equivalents[0].Slug != "developpeur-back-end" {
		t.Errorf("equivalents = %+v", tree.Role.Equivalents)
	}
	if tree.Groups.TotalCount != 10 || tree.Groups.Nodes[0].Code != "0" || len(tree.Groups.Nodes[2].Children) == 0 {
		t.Errorf("ISCO major groups = %+v", tree.Groups)
	}
	if !slices.ContainsFunc(tree.Search, func(h struct{ Node struct{ Slug string } }) bool { return h.Node.Slug == "developpeur-back-end" }) {
		t.Errorf("search for the ESCO name does not find the guide role: %+v", tree.Search)
	}
	if len(tree.Families) != 1 || tree.Families[0].Node.Code != "2512" || tree.Families[0].Node.Kind != "OCCUPATION" {
		t.Errorf("search for a family = %+v", tree.Families)
	}
	if len(tree.CareerPaths) != 1 || tree.CareerPaths[0].Steps[0].Transition.Kind != "EQUIVALENT" || tree.CareerPaths[0].Steps[0].To.Slug != "developpeur-back-end" {
		t.Errorf("route from the ESCO occupation to staff engineer = %+v", tree.CareerPaths)
	}
}

func TestBrokenImportLeavesTheStoreUntouched(t *testing.T) {
	dataDir, fixture := t.TempDir(), t.TempDir()
	body := "ORIGINURI,ID,UUIDHISTORY,ISCOGROUPCODE,CODE,PREFERREDLABEL,ALTLABELS,DESCRIPTION,DEFINITION,SCOPENOTE,REGULATEDPROFESSIONNOTE,OCCUPATIONTYPE,ISLOCALIZED\n" +
		"http://data.europa.eu/esco/occupation/aaa,key_1,u,2512,2512.1,coder,,Writes code.,,,,escooccupation,false\n" +
		"http://data.europa.eu/esco/occupation/bbb,key_2,u,2512,2512.2,tester,\"cut off"
	writeFolder(t, fixture, map[string]string{"occupations.csv": body})
	var out bytes.Buffer
	err := runImport(context.Background(), []string{"esco", "-dir", fixture, "-data-dir", dataDir}, &out)
	if err == nil || !strings.Contains(err.Error(), "occupations.csv line 3") {
		t.Fatalf("broken import: %v", err)
	}
	// Only the seed is there: no occupation of the broken file landed.
	if v := storeVersion(t, dataDir); v != 1 {
		t.Errorf("store version %d after a failed import, want 1", v)
	}
	// A good occupations file with a broken optional one: still nothing lands.
	good := strings.SplitAfter(body, "\n")
	files := map[string]string{
		"occupations.csv": good[0] + good[1],
		"skills.csv": "ORIGINURI,ID,UUIDHISTORY,SKILLTYPE,REUSELEVEL,PREFERREDLABEL,ALTLABELS,DESCRIPTION\n" +
			"http://data.europa.eu/esco/skill/s1,key_9,u,knowledge,,coding,,\nhttp://data.europa.eu/esco/skill/s2,key_10,u,hobby,,knitting,,\n",
	}
	writeFolder(t, fixture, files)
	err = runImport(context.Background(), []string{"esco", "-dir", fixture, "-data-dir", dataDir}, &out)
	if err == nil || !strings.Contains(err.Error(), "skills.csv line 3") {
		t.Fatalf("broken skills.csv: %v", err)
	}
	if v := storeVersion(t, dataDir); v != 1 {
		t.Errorf("store version %d after a failed import, want 1", v)
	}
	if err := runImport(context.Background(), []string{"nope"}, &out); err == nil {
		t.Error("unknown import kind accepted")
	}
}

// writeFolder writes files, and the taxonomy files an ESCO folder needs
// (header only) where files has none, then the folder's SHA256SUMS.
func writeFolder(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	tree := "PARENTOBJECTTYPE,PARENTID,CHILDID,CHILDOBJECTTYPE\n"
	for name, body := range map[string]string{
		"ISCOGroups.csv": "ORIGINURI,ID,UUIDHISTORY,CODE,PREFERREDLABEL,ALTLABELS,DESCRIPTION\n", "occupations_hierarchy.csv": tree,
		"skillGroups.csv": "ORIGINURI,ID,UUIDHISTORY,CODE,PREFERREDLABEL,ALTLABELS,DESCRIPTION,SCOPENOTE\n", "skills_hierarchy.csv": tree,
	} {
		if _, ok := files[name]; !ok {
			files[name] = body
		}
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := seed.WriteManifest(dir); err != nil {
		t.Fatal(err)
	}
}

func TestImportMCCAfterESCO(t *testing.T) {
	mccData, escoData := seedtest.Release(t, "mcc"), seedtest.Release(t, "esco")
	var out bytes.Buffer
	mcc := []string{"mcc", "-dir", mccData, "-data-dir", t.TempDir()}
	if err := runImport(context.Background(), mcc, &out); err == nil || !strings.Contains(err.Error(), "run `import esco` first") {
		t.Fatalf("MCC before ESCO: %v", err)
	}
	skipWholeImportUnderRace(t) // what follows imports ESCO, then MCC twice, then ESCO
	// Then esco (the shared fixture's first import, copied), mcc, mcc, esco.
	dataDir := escoImportedDir(t, escoData)
	mcc[len(mcc)-1] = dataDir
	esco := []string{"esco", "-dir", escoData, "-data-dir", dataDir}
	said := []string{"(the fixture's)"}
	for _, args := range [][]string{mcc, mcc, esco} {
		out.Reset()
		if err := runImport(context.Background(), args, &out); err != nil {
			t.Fatal(err)
		}
		said = append(said, out.String())
	}
	if !strings.Contains(said[2], "nothing to do, 1626 MCC occupation profiles") {
		t.Errorf("second MCC import: %s", said[2])
	}
	// ESCO again after MCC keeps the MCC profiles: nothing to do.
	if !strings.Contains(said[3], "esco: nothing to do") {
		t.Errorf("ESCO re-import after MCC: %s", said[3])
	}
	cfg := embeddedConfig(t, dataDir)
	cfg.RequestTimeout = 45 * time.Second // what is served, not how fast (a busy machine, -race)
	s := start(t, cfg)
	var data struct {
		Role struct {
			Sources []struct{ ID string }
			Mcc     struct {
				JobZone, AnnualEarnings, RemoteLaborIndex float64
				Currency, Sector, OnetCode                string
				SectorTransitions                         []struct {
					To    string
					Share float64
				}
				Sub []struct{ From string }
			}
		}
	}
	testkit.Query(t, s.URL, `{ role(slug: "software-developer") { sources { id } mcc { jobZone annualEarnings currency remoteLaborIndex sector onetCode
		sectorTransitions(top: 1) { to share } sub: sectorTransitions(level: SUB_SECTOR, top: 1) { from } } } }`, nil, &data)
	if st := data.Role.Mcc.SectorTransitions; len(st) != 1 || st[0].To != "ict workers" || st[0].Share != 0.803 || len(data.Role.Mcc.Sub) != 1 || data.Role.Mcc.Sub[0].From == "" {
		t.Errorf("sector transitions of the software developer's profile = %+v %+v", st, data.Role.Mcc.Sub)
	}
	m := data.Role.Mcc
	if m.JobZone != 4 || m.AnnualEarnings != 42158.815789 || m.Currency != "GBP" || m.RemoteLaborIndex != 0.785714 || m.Sector != "ict workers" || m.OnetCode != "15-1131.00" {
		t.Errorf("software developer MCC = %+v", m)
	}
	if len(data.Role.Sources) != 2 || data.Role.Sources[1].ID != "source:mcc" {
		t.Errorf("sources = %+v", data.Role.Sources)
	}
}

// An import run too early says which to run first, once: labour-market's
// refusal said "run `import rome` first" twice, its importer and
// runImportOn each adding it.
func TestImportTooEarlySaysWhichFirstOnce(t *testing.T) {
	for kind, first := range map[string]string{"labour-market": "rome", "rome-esco": "rome", "mcc": "esco"} {
		args := []string{kind, "-dir", seedtest.Release(t, kind), "-data-dir", t.TempDir()}
		err := runImport(context.Background(), args, io.Discard)
		want := "run `import " + first + "` first"
		if err == nil || strings.Count(err.Error(), want) != 1 {
			t.Errorf("import %s on an empty store: %v; want %q once", kind, err, want)
		}
	}
}
