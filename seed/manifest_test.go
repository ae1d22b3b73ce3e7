package seed_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"careergraph/career"
	"careergraph/seed"
)

// copyFolder copies the named files of src into a new folder, each cut to
// keep of its lines (1: whole) at a line boundary, as a partial download.
func copyFolder(t *testing.T, src string, names []string, keep map[string]float64) string {
	t.Helper()
	dir := t.TempDir()
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(src, n))
		if err != nil {
			t.Fatal(err)
		}
		if k, ok := keep[n]; ok {
			lines := strings.SplitAfter(string(b), "\n")
			b = []byte(strings.Join(lines[:int(float64(len(lines))*k)], ""))
		}
		if err := os.WriteFile(filepath.Join(dir, n), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

var (
	mccFiles  = []string{"mcc_transitions_Occupation_data.csv", "esco_onet_crosswalk_Nov2020.csv"}
	escoFiles = []string{"occupations.csv", "ISCOGroups.csv", "occupations_hierarchy.csv", "skillGroups.csv", "skills_hierarchy.csv", "skill_skill_relations.csv"}
)

// A folder cut at a row boundary parses fine: only its checksum tells.
// Each damaged folder is refused with the file named, before anything is
// read; the whole folders pass.
func TestImportsRefuseDamagedFolders(t *testing.T) {
	mccDir := release(t, "mcc")
	escoDS, _ := escoImport(t) // the real ESCO folder, no slug taken (shared)
	if _, _, err := seed.ImportMCC(seed.Dir(copyFolder(t, mccDir, mccFiles, nil)), escoDS); err != nil {
		t.Fatalf("a whole copy of MCC: %v", err)
	}
	for name, c := range map[string]struct {
		folder func() (career.Dataset, error)
		file   string
		says   string
	}{
		"MCC occupations cut to 60 %": {func() (career.Dataset, error) {
			ds, _, err := seed.ImportMCC(seed.Dir(copyFolder(t, mccDir, mccFiles, map[string]float64{mccFiles[0]: 0.6})), escoDS)
			return ds, err
		}, mccFiles[0], "SHA-256 differs"},
		"MCC crosswalk cut at a row": {func() (career.Dataset, error) {
			ds, _, err := seed.ImportMCC(seed.Dir(copyFolder(t, mccDir, mccFiles, map[string]float64{mccFiles[1]: 0.9})), escoDS)
			return ds, err
		}, mccFiles[1], "SHA-256 differs"},
		"ESCO hierarchy cut at a row": {func() (career.Dataset, error) {
			ds, _, err := seed.ESCO(seed.Dir(copyFolder(t, release(t, "esco"), escoFiles, map[string]float64{"occupations_hierarchy.csv": 0.5})), nil, nil)
			return ds, err
		}, "occupations_hierarchy.csv", "SHA-256 differs"},
		"ESCO without ISCOGroups.csv": {func() (career.Dataset, error) {
			ds, _, err := seed.ESCO(seed.Dir(copyFolder(t, release(t, "esco"), append(escoFiles[:1:1], escoFiles[2:]...), nil)), nil, nil)
			return ds, err
		}, "ISCOGroups.csv", "missing"},
		"a file its own manifest lists is gone": {func() (career.Dataset, error) {
			dir := copyFolder(t, release(t, "esco"), escoFiles, nil)
			if err := seed.WriteManifest(dir); err != nil {
				t.Fatal(err)
			}
			os.Remove(filepath.Join(dir, "skill_skill_relations.csv"))
			ds, _, err := seed.ESCO(seed.Dir(dir), nil, nil)
			return ds, err
		}, "skill_skill_relations.csv", "SHA256SUMS lists it"},
	} {
		ds, err := c.folder()
		var ie *seed.ImportError
		if !errors.As(err, &ie) || !strings.Contains(err.Error(), c.says) || ds.Len() != 0 {
			t.Errorf("%s: %v (%d records), want an ImportError saying %q", name, err, ds.Len(), c.says)
			continue
		}
		if filepath.Base(ie.File) != c.file {
			t.Errorf("%s: names %s, want %s", name, ie.File, c.file)
		}
	}
}

func TestCleanTextRepairsESCOsC1Characters(t *testing.T) {
	for in, want := range map[string]string{
		"the studentsâ\u0080\u0099 progress": "the students’ progress",
		"youth services'.\u009d":             "youth services'.",
		"Développeur é à ü":                  "Développeur é à ü",
		"plain":                              "plain",
	} {
		if got := seed.CleanText(in); got != want {
			t.Errorf("CleanText(%q) = %q, want %q", in, got, want)
		}
	}
}
