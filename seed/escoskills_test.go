package seed_test

import (
	"compress/gzip"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"careergraph/career"
	"careergraph/seed"
)

// ESCO's alternative labels of skills are served as Skill.altLabels, as
// the shipped file lists them (each once, without the preferred label
// again), and search finds a skill by them: "git" is one of "tools for
// software configuration management", and the word itself ranks it above
// the names it only begins ("GitLab").
func TestESCOSkillAltLabelsOnTheShippedGraph(t *testing.T) {
	g := openGraphT(t)
	f, err := seed.OpenData().FS.Open("esco/skills.csv.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(zr).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	labels, skills := 0, 0
	for _, row := range rows[1:] {
		id := "skill:esco-" + row[col["ORIGINURI"]][strings.LastIndex(row[col["ORIGINURI"]], "/")+1:]
		s := g.Skill(id)
		if s == nil {
			t.Fatalf("%s is not in the graph", id)
		}
		var want []string
		seen := map[string]bool{career.Fold(strings.TrimSpace(row[col["PREFERREDLABEL"]])): true} // the import trims fields
		for _, l := range strings.Split(row[col["ALTLABELS"]], "\n") {
			if l = strings.TrimSpace(l); l != "" && !seen[career.Fold(l)] {
				seen[career.Fold(l)] = true
				want = append(want, l)
			}
		}
		if !slices.Equal(s.AltLabels, want) {
			t.Fatalf("%s (%s): altLabels %q, the file says %q", id, s.Name, s.AltLabels, want)
		}
		labels += len(want)
		if len(want) > 0 {
			skills++
		}
	}
	if labels != 85247 || skills != 13310 {
		t.Errorf("%d alternative labels on %d skills; the README says 85,247 on 13,310", labels, skills)
	}
	const git = "skill:esco-9d2e926f-53d9-41f5-98f3-19dfaa687f3f"
	for _, q := range []string{"git", "Git", "source control"} {
		hits := g.Search(q, nil, 5)
		if len(hits) == 0 || hits[0].NodeID != git || career.Fold(hits[0].Matched) != career.Fold(q) {
			t.Errorf("search %q: %+v, want %s first, matched by its label %q", q, hits, git, q)
		}
	}
}
