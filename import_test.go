package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"careergraph/store/embedded"
)

const escoData = "../shared/data/esco"

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

func TestImportESCOIsIdempotentAndServed(t *testing.T) {
	if _, err := os.Stat(escoData); err != nil {
		t.Skipf("%s absent: ESCO import not checked", escoData)
	}
	dataDir := t.TempDir()
	var out bytes.Buffer
	if err := run(context.Background(), []string{"import", "esco", "-dir", escoData, "-data-dir", dataDir}); err != nil {
		t.Fatal(err)
	}
	if err := runImport(context.Background(), []string{"esco", "-dir", escoData, "-data-dir", dataDir}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "nothing to do, 3007 occupations with") {
		t.Errorf("second import: %s", out.String())
	}
	if v := storeVersion(t, dataDir); v != 2 { // seed, then one import
		t.Errorf("store version %d after two imports, want 2", v)
	}
	s := start(t, testConfig(t, dataDir))
	var data struct {
		Search []struct {
			Node struct{ Name, IscoCode string }
		}
		Roles struct{ TotalCount int }
	}
	query(t, s.URL, `{
		search(query: "programmer", types: [JOB_TITLE], first: 1) { node { ... on Role { name iscoCode } } }
		roles(filter: {sourceId: "source:esco", iscoPrefix: "25"}) { totalCount }
	}`, nil, &data)
	if len(data.Search) != 1 || data.Search[0].Node.IscoCode == "" {
		t.Errorf("search over ESCO titles = %+v", data.Search)
	}
	if data.Roles.TotalCount < 20 {
		t.Errorf("ESCO roles in ISCO 25: %d", data.Roles.TotalCount)
	}
}

func TestBrokenImportLeavesTheStoreUntouched(t *testing.T) {
	dataDir, fixture := t.TempDir(), t.TempDir()
	body := "ORIGINURI,ID,UUIDHISTORY,ISCOGROUPCODE,CODE,PREFERREDLABEL,ALTLABELS,DESCRIPTION,DEFINITION,SCOPENOTE,REGULATEDPROFESSIONNOTE,OCCUPATIONTYPE,ISLOCALIZED\n" +
		"http://data.europa.eu/esco/occupation/aaa,key_1,u,2512,2512.1,coder,,Writes code.,,,,escooccupation,false\n" +
		"http://data.europa.eu/esco/occupation/bbb,key_2,u,2512,2512.2,tester,\"cut off"
	if err := os.WriteFile(filepath.Join(fixture, "occupations.csv"), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	err := runImport(context.Background(), []string{"esco", "-dir", fixture, "-data-dir", dataDir}, &out)
	if err == nil || !strings.Contains(err.Error(), "occupations.csv line 3") {
		t.Fatalf("broken import: %v", err)
	}
	// Only the seed is there: no occupation of the broken file landed.
	if v := storeVersion(t, dataDir); v != 1 {
		t.Errorf("store version %d after a failed import, want 1", v)
	}
	if err := runImport(context.Background(), []string{"nope"}, &out); err == nil {
		t.Error("unknown import kind accepted")
	}
}

func TestImportMCCAfterESCO(t *testing.T) {
	const mccData = "../shared/data/mcc"
	if _, err := os.Stat(mccData); err != nil {
		t.Skipf("%s absent: MCC import not checked", mccData)
	}
	dataDir := t.TempDir()
	var out bytes.Buffer
	mcc := []string{"mcc", "-dir", mccData, "-data-dir", dataDir}
	if err := runImport(context.Background(), mcc, &out); err == nil || !strings.Contains(err.Error(), "run `import esco` first") {
		t.Fatalf("MCC before ESCO: %v", err)
	}
	for _, args := range [][]string{{"esco", "-dir", escoData, "-data-dir", dataDir}, mcc, mcc} {
		out.Reset()
		if err := runImport(context.Background(), args, &out); err != nil {
			t.Fatal(err)
		}
	}
	if !strings.Contains(out.String(), "nothing to do, 1626 MCC occupation profiles") {
		t.Errorf("second MCC import: %s", out.String())
	}
	s := start(t, testConfig(t, dataDir))
	var data struct {
		Role struct {
			Sources []struct{ ID string }
			Mcc     struct {
				JobZone, AnnualEarnings, RemoteLaborIndex float64
				Currency, Sector, OnetCode                string
			}
		}
	}
	query(t, s.URL, `{ role(slug: "software-developer") { sources { id } mcc { jobZone annualEarnings currency remoteLaborIndex sector onetCode } } }`, nil, &data)
	m := data.Role.Mcc
	if m.JobZone != 4 || m.AnnualEarnings != 42158.815789 || m.Currency != "GBP" || m.RemoteLaborIndex != 0.785714 || m.Sector != "ict workers" || m.OnetCode != "15-1131.00" {
		t.Errorf("software developer MCC = %+v", m)
	}
	if len(data.Role.Sources) != 2 || data.Role.Sources[1].ID != "source:mcc" {
		t.Errorf("sources = %+v", data.Role.Sources)
	}
}
