package career_test

import (
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"careergraph/career"
	"careergraph/seed"
)

func curated(t *testing.T) career.Dataset {
	t.Helper()
	ds, _, err := seed.Curated()
	if err != nil {
		t.Fatal(err)
	}
	return ds
}

func TestFoldAndSlugify(t *testing.T) {
	for in, want := range map[string]string{
		"Développeur Back-End":           "developpeur-back-end",
		"DevOps / SRE":                   "devops-sre",
		"École d'ingénieur informatique": "ecole-d-ingenieur-informatique",
		"Sens du compromis perf/coût":    "sens-du-compromis-perf-cout",
		"  Node.js  ":                    "node-js",
	} {
		if got := career.Slugify(in); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
	}
	if career.Fold("INGÉNIEUR Éditeurs") != career.Fold("ingenieur editeurs") {
		t.Error("Fold does not ignore case and accents")
	}
}

// Fold is called from every request goroutine at once.
func TestFoldIsSafeConcurrently(t *testing.T) {
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 500; j++ {
				if got := career.Fold("Développeur Back-End"); got != "developpeur back-end" {
					t.Errorf("Fold = %q", got)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestValidateReportsEveryProblem(t *testing.T) {
	ds := curated(t)
	ds.Roles[0].Market.StartingSalary = &career.Band{Min: 50, Max: 40, Currency: "EUR"}
	ds.Roles[1].Slug = ds.Roles[0].Slug
	ds.Skills[0].Category = "MAGIC"
	ds.Levels[0].YearsMin, ds.Levels[0].YearsMax = new(5), new(2)
	ds.Requires = append(ds.Requires, career.Requires{RoleID: "role:ghost", SkillID: ds.Skills[1].ID, Importance: career.Essential, Rank: 1})
	ds.Transitions = append(ds.Transitions, ds.Transitions[0])
	ds.Roles[2].Description = new(strings.Repeat("x", career.MaxTextLen+1))
	ds.Trainings = append(ds.Trainings, career.Training{ID: "skill:wrong-prefix", Slug: "t", Name: "T", Kind: career.Degree})

	err := career.Validate(ds)
	var verr *career.ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("Validate = %v, want a ValidationError", err)
	}
	msgs := ""
	for _, p := range verr.Problems {
		msgs += p.Where + ": " + p.Message + "\n"
	}
	for _, want := range []string{
		"min 50 is greater than max 40",
		"is already used by another role",
		`category "MAGIC"`,
		"yearsMin 5 is greater than yearsMax 2",
		`role "role:ghost" is not a known role`,
		"duplicate TRANSITIONS_TO",
		"characters long, at most 4000",
		`must start with "training:"`,
	} {
		if !strings.Contains(msgs, want) {
			t.Errorf("no problem mentions %q; got:\n%s", want, msgs)
		}
	}
	if _, err := career.Build(ds, 1); err == nil {
		t.Error("Build accepted an invalid dataset")
	}
}

func TestBuildOwnsItsRecords(t *testing.T) {
	ds := curated(t)
	g, err := career.Build(ds, 1)
	if err != nil {
		t.Fatal(err)
	}
	ds.Roles[0].Name = "changed after Build"
	for _, r := range ds.Roles {
		if got := g.Role(r.ID); got != nil && got.Name == "changed after Build" {
			t.Fatal("a snapshot shares records with the dataset it was built from")
		}
	}
}

func TestUpsertReplacesByKeyAndAppendsNew(t *testing.T) {
	ds := curated(t)
	changed := ds.Transitions[0]
	changed.Note = new("new note")
	up := ds.Upsert(career.Dataset{
		Transitions: []career.Transition{changed},
		Similar:     []career.Similar{{AID: "role:tech-lead", BID: "role:staff-engineer", Score: 0.8}},
	})
	if len(up.Transitions) != len(ds.Transitions) || *up.Transitions[0].Note != "new note" {
		t.Errorf("transition not replaced in place: %d transitions", len(up.Transitions))
	}
	if ds.Transitions[0].Note != nil {
		t.Error("Upsert modified its receiver")
	}
	// Similarity is symmetric: B-A replaces A-B.
	up = up.Upsert(career.Dataset{Similar: []career.Similar{{AID: "role:staff-engineer", BID: "role:tech-lead", Score: 0.5}}})
	if len(up.Similar) != 1 || up.Similar[0].Score != 0.5 {
		t.Errorf("symmetric similar upsert = %+v", up.Similar)
	}
}

func TestSearchMatchesWordsPrefixesAndJoinedWords(t *testing.T) {
	g, err := career.Build(curated(t), 1)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		q, wantFirst string
		kinds        []career.SearchKind
	}{
		{"backend", "role:developpeur-back-end", nil},
		{"Senior Backend", "role:developpeur-back-end", nil}, // a level title
		{"redi", "skill:redis", nil},
		{"ecole ingenieur", "training:ecole-d-ingenieur-informatique", nil},
		{"staff", "role:staff-engineer", []career.SearchKind{career.HitRole}},
		{"modelisation donnees", "skill:modelisation-de-bases-de-donnees", nil},
	}
	for _, c := range cases {
		hits := g.Search(c.q, c.kinds, 5)
		if len(hits) == 0 || hits[0].NodeID != c.wantFirst {
			t.Errorf("Search(%q) = %+v, want %s first", c.q, hits, c.wantFirst)
		}
		for i := 1; i < len(hits); i++ {
			if hits[i].Score > hits[i-1].Score && hits[i].Kind == hits[i-1].Kind {
				t.Errorf("Search(%q): hits out of order: %+v", c.q, hits)
			}
		}
	}
	if hits := g.Search("  -- ", nil, 5); len(hits) != 0 {
		t.Errorf("Search of punctuation = %+v", hits)
	}
	// A hit matching every word ranks above one matching some.
	hits := g.Search("developpeur full", nil, 5)
	if len(hits) < 2 || hits[0].NodeID != "role:developpeur-full-stack" {
		t.Errorf("Search(developpeur full) = %+v", hits)
	}
}

func TestListsFilterAndOrder(t *testing.T) {
	g, err := career.Build(curated(t), 1)
	if err != nil {
		t.Fatal(err)
	}
	up := career.TrendUp
	if rs := g.Roles(career.RoleFilter{Trends: []career.Trend{up}}, career.Order{}); len(rs) != 1 {
		t.Errorf("roles trending up = %d", len(rs))
	}
	if rs := g.Roles(career.RoleFilter{SkillID: "skill:redis"}, career.Order{}); len(rs) != 1 || rs[0].Slug != "developpeur-back-end" {
		t.Errorf("roles requiring redis = %v", rs)
	}
	desc := g.Roles(career.RoleFilter{}, career.Order{By: career.ByName, Desc: true})
	if desc[0].Name != "Tech Lead" || desc[len(desc)-1].Name != "Architecte logiciel" {
		t.Errorf("roles by name desc: first %s last %s", desc[0].Name, desc[len(desc)-1].Name)
	}
	if ss := g.Skills(career.SkillFilter{Categories: []career.Category{career.Soft}}, career.Order{}); len(ss) != 4 {
		t.Errorf("soft skills = %d", len(ss))
	}
	if ts := g.Trainings(career.TrainingFilter{Kinds: []career.TrainingKind{career.SelfTaught}}, career.Order{By: career.ByDuration}); len(ts) != 1 {
		t.Errorf("self-taught trainings = %d", len(ts))
	}
}

func TestDeleteCascadesAndRefusesUnknowns(t *testing.T) {
	ds := curated(t)
	next, removed, err := ds.Delete([]string{"role:developpeur-back-end"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	// The role, its 4 levels and every relationship touching it go.
	if len(removed.Roles) != 1 || len(removed.Levels) != 4 || len(removed.Requires) != 14 || len(removed.Transitions) != 6 ||
		len(removed.LeadsTo) != 5 || len(removed.Hires) != 5 {
		t.Errorf("removed = %d roles %d levels %d requires %d transitions", len(removed.Roles), len(removed.Levels), len(removed.Requires), len(removed.Transitions))
	}
	if err := career.Validate(next); err != nil {
		t.Errorf("graph after cascade is invalid: %v", err)
	}
	_, _, err = ds.Delete(nil, []career.RelKey{{Type: "TRANSITIONS_TO", From: "role:data-engineer", To: "role:developpeur-back-end", Kind: career.CareerChange}})
	if err != nil {
		t.Errorf("delete one transition: %v", err)
	}
	var nf *career.NotFoundError
	if _, _, err := ds.Delete([]string{"role:nope"}, nil); !errors.As(err, &nf) {
		t.Errorf("unknown id: %v", err)
	}
	if _, _, err := ds.Delete(nil, []career.RelKey{{Type: "HIRES", From: "employer:x", To: "role:y"}}); !errors.As(err, &nf) {
		t.Errorf("unknown relationship: %v", err)
	}
	var conflict *career.ConflictError
	if _, _, err := ds.Delete([]string{"source:apec"}, nil); !errors.As(err, &conflict) {
		t.Errorf("cited source deleted: %v", err)
	}
	// A source only a training cites is still cited.
	byTraining := ds
	byTraining.Sources = append(slices.Clone(ds.Sources), career.Source{ID: "source:only-training", Name: "Only a training"})
	byTraining.Trainings = append(slices.Clone(ds.Trainings), career.Training{ID: "training:cites", Slug: "cites", Name: "Cites", SourceIDs: []string{"source:only-training"}})
	if _, _, err := byTraining.Delete([]string{"source:only-training"}, nil); !errors.As(err, &conflict) {
		t.Errorf("source cited by a training deleted: %v", err)
	}
	g, err := career.Build(ds, 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := g.CheckCreate(career.Dataset{Roles: ds.Roles[:1]}); !errors.As(err, &conflict) {
		t.Errorf("create existing: %v", err)
	}
	if err := g.CheckCreate(career.Dataset{Transitions: ds.Transitions[:1]}); !errors.As(err, &conflict) {
		t.Errorf("create an existing transition: %v", err)
	}
	if err := g.CheckUpdate(career.Dataset{Roles: []career.Role{{ID: "role:nope", Slug: "nope", Name: "N"}}}); !errors.As(err, &nf) {
		t.Errorf("update missing: %v", err)
	}
	if err := g.CheckUpdate(career.Dataset{Requires: ds.Requires[:2], Transitions: ds.Transitions[:1]}); err != nil {
		t.Errorf("update existing relationships: %v", err)
	}
}

// RecordProblems holds one record to the rules Validate holds it to, and
// to nothing that needs the rest of the graph.
func TestRecordProblems(t *testing.T) {
	ok := career.Role{ID: "role:x", Slug: "x", Name: "X", BroaderID: new("role:nowhere")}
	if p := career.RecordProblems(ok); len(p) != 0 {
		t.Errorf("a valid role, whose broader role is elsewhere: %v", p)
	}
	bad := ok
	bad.RomeCode, bad.Market.RemoteWorkPercent = new("M18"), new(120)
	p := career.RecordProblems(bad)
	if len(p) != 2 || !strings.Contains(p[0].Message+p[1].Message, "romeCode") || !strings.Contains(p[0].Message+p[1].Message, "remoteWorkPercent") {
		t.Errorf("problems = %v, want romeCode and remoteWorkPercent", p)
	}
	if err := career.Validate(career.Dataset{Roles: []career.Role{{ID: "role:x", Slug: "x", Name: "X", RomeCode: new("M18")}}}); err == nil {
		t.Error("Validate takes what RecordProblems refuses")
	}
	if p := career.RecordProblems(career.Skill{ID: "skill:s", Slug: "s", Name: "S", Category: "COOKING"}); len(p) != 1 {
		t.Errorf("a skill of no category: %v", p)
	}
}

// A list that is a set refuses an entry twice, wherever it is: a work
// context listed twice once counted twice (a similarity of 1.5).
func TestSetsRefuseDuplicates(t *testing.T) {
	wc := career.WorkContext{Label: "Travail le samedi", Category: "Horaires et durée du travail"}
	for name, r := range map[string]career.Role{
		"work contexts": {Rome: &career.RomeProfile{WorkContexts: []career.WorkContext{wc, {Label: "Travail de nuit", Category: wc.Category}, wc}}},
		"naf sectors":   {Rome: &career.RomeProfile{NafSectors: []career.NafSector{{Code: "62", Label: "P"}, {Code: "62", Label: "P"}}}},
		"sectors":       {Rome: &career.RomeProfile{Sectors: []career.ActivitySector{{Code: "1", Label: "A"}, {Code: "1", Label: "A", Principal: true}}}},
	} {
		r.ID, r.Slug, r.Name = "role:x", "x", "X"
		p := career.RecordProblems(r)
		if len(p) != 1 || !strings.Contains(p[0].Message, "the list is a set") {
			t.Errorf("%s: problems %v, want one duplicate", name, p)
		}
	}
	// Other lists: a skill's groups, a role's sources.
	ds := career.Dataset{
		Sources: []career.Source{{ID: "source:s", Name: "S", Kind: career.Research}},
		Groups:  []career.Group{{ID: "group:g", Slug: "g", Name: "G", Kind: career.SkillGroupKind, Code: "S1"}},
		Skills:  []career.Skill{{ID: "skill:s", Slug: "s", Name: "S", Category: career.Soft, GroupIDs: []string{"group:g", "group:g"}}},
		Roles:   []career.Role{{ID: "role:x", Slug: "x", Name: "X", SourceIDs: []string{"source:s", "source:s"}}},
	}
	err := career.Validate(ds)
	if err == nil || strings.Count(err.Error(), "the list is a set") != 2 {
		t.Errorf("Validate = %v, want the skill's groups and the role's sources refused", err)
	}
}

// Every reference a record holds is checked three ways from one list
// (refs.go): its syntax in a write's input, its existence in Validate,
// and a small write citing a record the graph holds takes that record
// into its closure and passes. Trainings' and leadsTo's sources were once
// missing from Validate's list.
func TestEveryReferenceIsChecked(t *testing.T) {
	ds := curated(t)
	src := ds.Sources[0].ID
	cases := []struct {
		name string
		set  func(d *career.Dataset, id string)
	}{
		{"a training's source", func(d *career.Dataset, id string) { d.Trainings[0].SourceIDs = []string{id} }},
		{"a leadsTo's source", func(d *career.Dataset, id string) { d.LeadsTo[0].SourceIDs = []string{id} }},
		{"a role's source", func(d *career.Dataset, id string) { d.Roles[0].SourceIDs = []string{id} }},
		{"a requires' source", func(d *career.Dataset, id string) { d.Requires[0].SourceIDs = []string{id} }},
	}
	g, err := career.Build(ds, 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		d := ds.Clone()
		d.Trainings, d.LeadsTo, d.Roles, d.Requires = slices.Clone(ds.Trainings), slices.Clone(ds.LeadsTo), slices.Clone(ds.Roles), slices.Clone(ds.Requires)
		c.set(&d, "source:ghost")
		if err := career.Validate(d); err == nil || !strings.Contains(err.Error(), `"source:ghost" is not a known source`) {
			t.Errorf("%s: Validate = %v, want source:ghost refused", c.name, err)
		}
		c.set(&d, "source:Not An Id")
		in := career.Dataset{Trainings: d.Trainings[:1], LeadsTo: d.LeadsTo[:1], Roles: d.Roles[:1], Requires: d.Requires[:1]}
		if err := in.CheckInput(); err == nil || !strings.Contains(err.Error(), "Not An Id") {
			t.Errorf("%s: CheckInput = %v, want the id's syntax refused", c.name, err)
		}
		c.set(&d, src)
		if _, err := g.Apply(career.Change{Version: 2, Upsert: in.Clone()}); err != nil {
			t.Errorf("%s: a write citing source %s, which the graph holds: %v", c.name, src, err)
		}
	}

}

// RequiresByCategory groups what Requires(id, c, "") lists for each
// category, in order, for every role of the guide and for one with more
// requirements than its index on the stack holds.
func TestRequiresByCategoryIsRequiresPerCategory(t *testing.T) {
	ds := curated(t)
	ds.Roles = append(ds.Roles, career.Role{ID: "role:many", Slug: "many", Name: "Many"})
	for i := range 70 {
		id := "skill:many-" + string(rune('a'+i/26)) + string(rune('a'+i%26))
		ds.Skills = append(ds.Skills, career.Skill{ID: id, Slug: id[len("skill:"):], Name: id, Category: career.Categories[i*7%len(career.Categories)]})
		ds.Requires = append(ds.Requires, career.Requires{RoleID: "role:many", SkillID: id, Importance: career.Essential, Rank: i + 1})
	}
	g, err := career.Build(ds, 1)
	if err != nil {
		t.Fatal(err)
	}
	groups := 0
	for _, r := range ds.Roles {
		cats, got := g.RequiresByCategory(r.ID)
		var wantCats []career.Category
		var want [][]*career.Requires
		for _, c := range career.Categories {
			if rs := g.Requires(r.ID, c, ""); len(rs) > 0 {
				wantCats, want = append(wantCats, c), append(want, rs)
			}
		}
		if !slices.Equal(cats, wantCats) || !slices.EqualFunc(got, want, slices.Equal) {
			t.Errorf("%s: grouped %v %v, per category %v %v", r.ID, cats, got, wantCats, want)
		}
		groups += len(got)
	}
	if groups < 5 {
		t.Errorf("%d groups in all: the test reads too little", groups)
	}
}
