package seed_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"careergraph/career"
	"careergraph/seed"
	"careergraph/testkit"
)

// table reads a shipped extract (`;`, header) as maps, independently of
// the importer's reader.
func table(t *testing.T, dir, name string) []map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]string
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = rec[i]
		}
		out = append(out, m)
	}
	return out
}

func deref(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return *s
}

// romeWithLabour imports the shipped ROME and labour-market folders once.
var romeWithLabour = sync.OnceValues(func() (struct {
	rome, labour career.Dataset
	sum          string
}, error) {
	var out struct {
		rome, labour career.Dataset
		sum          string
	}
	rome, err := seed.OpenDataRelease("rome")
	if err != nil {
		return out, err
	}
	if out.rome, _, err = seed.ImportROME(rome, career.Dataset{}); err != nil {
		return out, err
	}
	lm, err := seed.OpenDataRelease("labour-market")
	if err != nil {
		return out, err
	}
	out.labour, out.sum, err = seed.ImportLabour(lm, out.rome)
	return out, err
})

// fichesByParent reads v460's fiche -> code_rome_parent from the ROME file.
func fichesByParent(t *testing.T) (map[string]string, map[string][]string) {
	recs := testkit.ReadCSV(t, filepath.Join(release(t, "rome"), "unix_referentiel_code_rome_v460_utf8.csv"))
	col := slices.Index(recs[0], "code_rome_parent")
	parent, children := map[string]string{}, map[string][]string{}
	for _, r := range recs[1:] {
		parent[r[0]] = r[col]
		children[r[col]] = append(children[r[col]], r[0])
	}
	return parent, children
}

// Every fiche carries its historical code as the file gives it; the 532
// codes are all fiches; no code has more fiches than the API prices
// Role.romeFamily at (graph.maxRomeFamily, 30).
func TestROMEParentsFromTheFile(t *testing.T) {
	shipped(t)
	got, err := romeWithLabour()
	if err != nil {
		t.Fatal(err)
	}
	parent, children := fichesByParent(t)
	n := 0
	for _, r := range got.rome.Roles {
		if r.RomeParent == nil || *r.RomeParent != parent[*r.RomeCode] {
			t.Errorf("%s: romeParent %s, the file says %s", *r.RomeCode, deref(r.RomeParent), parent[*r.RomeCode])
			continue
		}
		n++
	}
	most := 0
	for _, c := range children {
		most = max(most, len(c))
	}
	if n != 1584 || len(children) != 532 || most > 30 || parent["M1855"] != "M1805" {
		t.Errorf("%d fiches, %d historical codes, at most %d fiches per code, M1855 -> %s", n, len(children), most, parent["M1855"])
	}
	g, err := career.Build(got.rome, 1)
	if err != nil {
		t.Fatal(err)
	}
	if r, redirected := g.RoleByRomeCode("m1805"); r == nil || *r.RomeCode != "M1805" || redirected || len(g.RomeDerived("M1805")) != len(children["M1805"]) {
		t.Errorf("M1805: %v, %d derived", r, len(g.RomeDerived("M1805")))
	}
	hits := g.Search("M1805", []career.SearchKind{career.HitRole, career.HitJobTitle}, 50)
	if len(hits) != len(children["M1805"]) || hits[0].NodeID != "role:rome-m1805" || !slices.ContainsFunc(hits, func(h career.Hit) bool { return h.NodeID == "role:rome-m1855" }) {
		t.Errorf("search M1805: %d hits, first %+v", len(hits), hits[0])
	}
}

// Coverage per facet, computed here from the shipped extracts by their
// README's rules, equals what the import attaches; and one fiche's
// figures equal the files'.
func TestLabourCoverageFromTheFiles(t *testing.T) {
	shipped(t)
	got, err := romeWithLabour()
	if err != nil {
		t.Fatal(err)
	}
	dir := release(t, "labour-market")
	parent, _ := fichesByParent(t)
	faps := map[string][]string{}
	for _, r := range table(t, dir, "dares_fap2009_rome.csv") {
		faps[r["rome"]] = append(faps[r["rome"]], r["fap"])
	}
	median := map[string]bool{}
	for _, r := range table(t, dir, "dares_salary.csv") {
		if _, err := strconv.Atoi(r["median_net_monthly"]); err == nil && r["years"] >= "2016" {
			median[r["fap"]] = true
		}
	}
	tension := map[string]bool{}
	for _, r := range table(t, dir, "dares_tension.csv") {
		tension[r["fap"]] = true
	}
	tree := map[string]string{}
	for _, r := range table(t, dir, "dares_fap2021_tree.csv") {
		tree[r["fap341"]] = r["fap228"]
	}
	fam2021 := map[string][]string{}
	for _, r := range table(t, dir, "dares_fap2021_rome.csv") {
		fam2021[r["rome"]] = append(fam2021[r["rome"]], tree[r["fap341"]])
	}
	projects := map[string]int{}
	published := map[string]bool{}
	for _, r := range table(t, dir, "bmo_2025.csv") {
		if n, err := strconv.Atoi(r["projects"]); err == nil {
			projects[r["fap228"]] += n
			published[r["fap228"]] = true
		}
	}
	has := func(m map[string]bool, fs []string, fallback bool) bool {
		return slices.ContainsFunc(fs, func(f string) bool { return m[f] || fallback && len(f) > 3 && m[f[:3]] })
	}
	var want, have [3]int
	for code, p := range parent {
		for i, ok := range []bool{has(median, faps[p], true), has(published, fam2021[p], false), has(tension, faps[p], true)} {
			if ok {
				want[i]++
			}
		}
		_ = code
	}
	profiles := map[string]*career.LabourProfile{}
	for _, r := range got.labour.Roles {
		profiles[*r.RomeCode] = r.Labour
		for i, n := range []int{len(r.Labour.Salaries), len(r.Labour.Hiring), len(r.Labour.Tension)} {
			if n > 0 {
				have[i]++
			}
		}
	}
	if want != have || want != [3]int{1583, 1501, 1393} {
		t.Errorf("fiches with salary, BMO hiring, tension: imported %v, the files give %v (SOURCES.md: 1,583, 1,501, 1,393)", have, want)
	}
	web := profiles["M1855"]
	if web == nil || len(web.Hiring) == 0 || len(web.Salaries) == 0 {
		t.Fatalf("M1855: %+v", web)
	}
	for _, h := range web.Hiring {
		if h.Projects != projects[h.Family] || !slices.Contains(fam2021["M1805"], h.Family) {
			t.Errorf("M1855 BMO %s: %d projects, the file sums %d", h.Family, h.Projects, projects[h.Family])
		}
	}
	for _, s := range web.Salaries {
		if !slices.Contains(faps["M1805"], s.Family) || s.Years != "2017-2019" {
			t.Errorf("M1855 salary %+v is not a 2017-2019 median of M1805's families %v", s, faps["M1805"])
		}
	}
}

// The certifications offered as ways in are those the README's rule keeps
// (no successor, not lapsed in the 2021 register, last MENJ session not
// passed) and that a source titles; each leads to every fiche of its
// historical codes, ranked 1..n per fiche.
func TestLabourTrainingsFromTheFiles(t *testing.T) {
	shipped(t)
	got, err := romeWithLabour()
	if err != nil {
		t.Fatal(err)
	}
	dir := release(t, "labour-market")
	_, children := fichesByParent(t)
	norm := func(v string) string {
		if strings.HasPrefix(v, "RNCP") || strings.HasPrefix(v, "RS") {
			return v
		}
		return "RNCP" + v
	}
	codes := map[string][]string{}
	for _, r := range table(t, dir, "rncp_rome.csv") {
		codes[r["rncp"]] = append(codes[r["rncp"]], r["rome"])
	}
	out := map[string]bool{}
	for _, r := range table(t, dir, "rncp_successors.csv") {
		out[r["rncp"]] = true
	}
	for _, r := range table(t, dir, "rncp_info_2021.csv") {
		end, _ := time.Parse("1/2/06", r["end"])
		if r["active"] == "INACTIVE" || r["end"] != "" && end.Before(time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)) {
			out[r["rncp"]] = true
		}
	}
	titled := map[string]bool{}
	for name, col := range map[string]string{"onisep_formations.csv": "title", "rncp_info_2021.csv": "title", "menj_diplomes.csv": "diploma"} {
		for _, r := range table(t, dir, name) {
			if strings.TrimSpace(r[col]) != "" {
				titled[norm(r["rncp"])] = true
			}
		}
	}
	for _, r := range table(t, dir, "menj_diplomes.csv") {
		if y, err := strconv.Atoi(r["last_session"]); err == nil && y < 2026 {
			out[norm(r["rncp"])] = true
		}
	}
	offered, leads, fiches := 0, 0, map[string]bool{}
	for code, romes := range codes {
		if out[code] || !titled[code] {
			continue
		}
		offered++
		reached := map[string]bool{}
		for _, p := range romes {
			for _, f := range children[p] {
				reached[f] = true
				fiches[f] = true
			}
		}
		leads += len(reached)
	}
	current := 0
	for _, tr := range got.labour.Trainings {
		if *tr.Current {
			current++
		}
	}
	if current != offered || len(got.labour.LeadsTo) != leads || len(fiches) != 1102 {
		t.Errorf("offered %d, LEADS_TO %d; the files give %d, %d, to %d fiches (want 1,102)", current, len(got.labour.LeadsTo), offered, leads, len(fiches))
	}
	ranks := map[string][]int{}
	for _, l := range got.labour.LeadsTo {
		ranks[l.RoleID] = append(ranks[l.RoleID], l.Rank)
	}
	for role, rs := range ranks {
		slices.Sort(rs)
		for i, r := range rs {
			if r != i+1 {
				t.Fatalf("%s: ranks %v are not 1..%d", role, rs, len(rs))
			}
		}
	}
	g, err := career.Build(got.rome.Upsert(got.labour), 1)
	if err != nil {
		t.Fatal(err)
	}
	// Title fit ranks first a certification named for the fiche's job.
	web := g.RankedTrainings("role:rome-m1855", 0, 0)
	if len(web) == 0 {
		t.Fatal("M1855 has no certification")
	}
	if first := g.Training(web[0].TrainingID).Name; !strings.Contains(strings.ToLower(first), "développeur") {
		t.Errorf("M1855's first certification: %s", first)
	}
	for _, l := range web {
		tr := g.Training(l.TrainingID)
		if !*tr.Current || !slices.Contains(tr.RomeCodes, "M1805") || *l.RomeParent != "M1805" {
			t.Fatalf("M1855 leads from %+v via %v", tr, l.RomeParent)
		}
	}
	// Level fit ranks first: every fiche whose « accès au métier » names
	// levels and that has a certification within them shows one first,
	// and no certification further outside them precedes a nearer one.
	// (Without level fit, 741 of these 866 fiches did.)
	firstFits := 0
	for _, r := range got.rome.Roles {
		lr, ok := career.AccessLevels(deref(r.Access))
		ls := g.RankedTrainings(r.ID, 0, 0)
		if !ok || len(ls) == 0 {
			continue
		}
		off := func(l *career.LeadsTo) int {
			if tr := g.Training(l.TrainingID); tr.Level != nil {
				return lr.Distance(*tr.Level)
			}
			return 1
		}
		if !slices.IsSortedFunc(ls, func(a, b *career.LeadsTo) int { return off(a) - off(b) }) {
			t.Errorf("%s (levels %d-%d): certifications not in level-fit order", *r.RomeCode, lr.Min, lr.Max)
		}
		if off(ls[0]) == 0 {
			firstFits++
		}
	}
	if firstFits != 866 {
		t.Errorf("%d fiches show a certification of their level first, want 866", firstFits)
	}
	// Comptable (M1203): ROME says Bac+3 to Bac+5, so a licence comes before the BTS.
	if m1203 := g.RankedTrainings("role:rome-m1203", 0, 0); len(m1203) == 0 || *g.Training(m1203[0].TrainingID).Level != 6 {
		t.Errorf("M1203's first certification is not of level 6")
	}
	if six := g.RankedTrainings("role:rome-m1855", 6, 6); len(six) == 0 || slices.ContainsFunc(six, func(l *career.LeadsTo) bool { return *g.Training(l.TrainingID).Level != 6 }) {
		t.Errorf("M1855 at level 6: %d", len(six))
	}
}

// Importing again over the result changes nothing.
func TestLabourImportIsIdempotent(t *testing.T) {
	shipped(t)
	got, err := romeWithLabour()
	if err != nil {
		t.Fatal(err)
	}
	lm, _ := seed.OpenDataRelease("labour-market")
	again, sum, err := seed.ImportLabour(lm, got.rome.Upsert(got.labour))
	if err != nil {
		t.Fatal(err)
	}
	if sum != got.sum || !reflect.DeepEqual(again.Sorted(), got.labour.Sorted()) {
		t.Errorf("a second import differs: %s\n%s", sum, got.sum)
	}
}

// A value out of range stops the import with its file and line; a file
// changed without its manifest is refused before anything is read.
func TestLabourBrokenFileNamesFileAndLine(t *testing.T) {
	shipped(t)
	got, err := romeWithLabour()
	if err != nil {
		t.Fatal(err)
	}
	src := release(t, "labour-market")
	entries, _ := os.ReadDir(src)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	dir := copyFolder(t, src, names, nil)
	file := filepath.Join(dir, "dares_tension.csv")
	b, _ := os.ReadFile(file)
	lines := bytes.Split(b, []byte("\n"))
	f := bytes.Split(lines[9], []byte(";"))
	f[3] = []byte("9")
	lines[9] = bytes.Join(f, []byte(";"))
	os.WriteFile(file, bytes.Join(lines, []byte("\n")), 0o644)
	if _, _, err := seed.ImportLabour(seed.Dir(dir), got.rome); err == nil || !strings.Contains(err.Error(), "SHA-256 differs") {
		t.Fatalf("a changed file without its manifest updated: %v", err)
	}
	if err := seed.WriteManifest(dir); err != nil {
		t.Fatal(err)
	}
	_, _, err = seed.ImportLabour(seed.Dir(dir), got.rome)
	var ie *seed.ImportError
	if !errors.As(err, &ie) || filepath.Base(ie.File) != "dares_tension.csv" || ie.Line != 10 || !strings.Contains(err.Error(), `category "9"`) {
		t.Fatalf("a tension category 9: %v", err)
	}
	if _, _, err := seed.ImportLabour(seed.Dir(dir), career.Dataset{}); !errors.Is(err, seed.ErrNeedsROME) {
		t.Errorf("without ROME: %v", err)
	}
}

// The shipped extracts are what extract.py makes of the published files
// (../shared/data/labour-market, checked against its SHA256SUMS), byte for
// byte. Skipped where that folder or python3 is absent.
func TestLabourExtractsRebuildFromTheSources(t *testing.T) {
	src, _ := filepath.Abs("../../shared/data/labour-market")
	if _, err := os.Stat(filepath.Join(src, "SHA256SUMS")); err != nil {
		t.Skip("no ../shared/data/labour-market here")
	}
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("no python3")
	}
	shipped := release(t, "labour-market")
	dir := t.TempDir()
	b, _ := os.ReadFile(filepath.Join(shipped, "extract.py"))
	os.WriteFile(filepath.Join(dir, "extract.py"), b, 0o644)
	if out, err := exec.Command(py, filepath.Join(dir, "extract.py"), src).CombinedOutput(); err != nil {
		t.Fatalf("extract.py: %v\n%s", err, out)
	}
	sums, _ := os.ReadFile(filepath.Join(shipped, seed.ManifestName))
	n := 0
	for _, line := range strings.Split(strings.TrimSpace(string(sums)), "\n") {
		name := strings.Fields(line)[1]
		a, _ := os.ReadFile(filepath.Join(dir, name))
		b, _ := os.ReadFile(filepath.Join(shipped, name))
		if len(a) == 0 || !bytes.Equal(a, b) {
			t.Errorf("%s: rebuilt %d bytes, shipped %d, differ", name, len(a), len(b))
		}
		n++
	}
	if n != 13 {
		t.Errorf("%d files listed", n)
	}
}

// The figures seed/opendata/labour-market/README.md and the README give
// (coverage per facet, the certifications' fate, the fiches whose access
// text names no level) are the import's: a change to the data or the
// rules that moves one fails here, so the docs are updated with it.
func TestLabourFiguresTheREADMEGives(t *testing.T) {
	shipped(t)
	got, err := romeWithLabour()
	if err != nil {
		t.Fatal(err)
	}
	want := "23533 RNCP certifications linked to ROME (5437 current, 500 of them titled and offered as trainings; 8470 superseded, 9626 lapsed, 6540 untitled), " +
		"5349 LEADS_TO to 1102 fiches; 1583 fiches with a DARES salary band, 1501 with BMO 2025 hiring, 1393 with DARES tension"
	if !strings.HasPrefix(got.sum, want) {
		t.Errorf("the import's summary:\n%s\nthe README's figures:\n%s", got.sum, want)
	}
	fiches, noText, none := 0, 0, 0
	for _, r := range got.rome.Roles {
		if r.RomeCode == nil {
			continue
		}
		fiches++
		if r.Access == nil {
			noText++
		} else if _, ok := career.AccessLevels(*r.Access); !ok {
			none++
		}
	}
	if fiches != 1584 || none != 246 || noText != 0 {
		t.Errorf("%d fiches, %d whose access text names no level, %d without one", fiches, none, noText)
	}
}
