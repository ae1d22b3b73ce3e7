package seed_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"careergraph/career"
	"careergraph/seed"
)

// earlierRelease is what a store that imported an earlier labour-market
// release holds beside this release's records (cur), and what a user
// wrote through the API: the records the import must delete, and those it
// must keep.
func earlierRelease(t *testing.T, labour career.Dataset) (old, user career.Dataset) {
	t.Helper()
	certifInfo := career.Source{ID: "source:certifinfo", Name: "Certif Info, Référentiel national des certifications (Réseau des Carif-Oref)", Kind: career.Taxonomy}
	// A certification only Certif Info titled (release /5), offered to
	// Comptable through its historical code.
	old.Sources = []career.Source{certifInfo}
	old.Trainings = []career.Training{{ID: "training:rncp99999", Slug: "rncp99999", Name: "Titre que seul Certif Info nommait", Kind: career.Certification,
		Code: new("RNCP99999"), Current: new(true), RomeCodes: []string{"M1203"}, SourceIDs: []string{seed.RNCPSource.ID, certifInfo.ID}}}
	old.LeadsTo = []career.LeadsTo{{TrainingID: "training:rncp99999", RoleID: "role:rome-m1203", Rank: 999, RomeParent: new("M1203"), SourceIDs: []string{seed.RNCPSource.ID}}}
	// A certification this release still offers, linked by the earlier
	// release to a fiche it no longer leads to.
	kept := labour.Trainings[slices.IndexFunc(labour.Trainings, func(t career.Training) bool { return *t.Current })]
	if slices.ContainsFunc(labour.LeadsTo, func(l career.LeadsTo) bool { return l.TrainingID == kept.ID && l.RoleID == "role:rome-k1401" }) {
		t.Fatalf("%s leads to K1401 already", kept.ID)
	}
	old.LeadsTo = append(old.LeadsTo, career.LeadsTo{TrainingID: kept.ID, RoleID: "role:rome-k1401", Rank: 998, RomeParent: new("K1401"), SourceIDs: []string{seed.RNCPSource.ID}})
	// A fiche BMO does not survey, given BMO figures by an earlier release.
	i := slices.IndexFunc(labour.Roles, func(r career.Role) bool { return r.Labour != nil && len(r.Labour.Hiring) == 0 })
	j := slices.IndexFunc(labour.Roles, func(r career.Role) bool { return r.Labour != nil && len(r.Labour.Hiring) > 0 })
	r := labour.Roles[i]
	p := *r.Labour
	p.Hiring = labour.Roles[j].Labour.Hiring
	r.Labour = &p
	for _, s := range []string{seed.BMOSource.ID, seed.DaresFap2021Source.ID} {
		if !slices.Contains(r.SourceIDs, s) {
			r.SourceIDs = append(slices.Clone(r.SourceIDs), s)
		}
	}
	old.Roles = []career.Role{r}
	// A user's source and training, leading to Comptable, and a user's
	// link from a certification the release keeps; and a training named
	// like a register entry that cites no register: all kept.
	user.Sources = []career.Source{{ID: "source:mine", Name: "Mon organisme", Kind: career.Editorial}}
	user.Trainings = []career.Training{
		{ID: "training:formation-maison", Slug: "formation-maison", Name: "Formation maison", Kind: career.ShortCourse, SourceIDs: []string{"source:mine"}},
		{ID: "training:rncp88888", Slug: "rncp88888", Name: "Saisi à la main", Kind: career.Certification, SourceIDs: []string{"source:mine"}},
	}
	user.LeadsTo = []career.LeadsTo{
		{TrainingID: "training:formation-maison", RoleID: "role:rome-m1203", Rank: 1000, SourceIDs: []string{"source:mine"}},
		{TrainingID: "training:rncp88888", RoleID: "role:rome-m1203", Rank: 1001, RomeParent: new("M1203"), SourceIDs: []string{"source:mine"}},
		{TrainingID: kept.ID, RoleID: "role:rome-m1855", Rank: 1002},
	}
	return old, user
}

// A store that imported an earlier release (Certif Info's certifications
// and links, BMO figures a fiche no longer has) keeps none of it once
// this release is imported: StaleLabour names it for deletion, and the
// store then holds this release and the user's records, nothing less and
// nothing more; an import again changes nothing. (The server's start does
// the same write: app TestStartDeletesWhatAnEarlierReleaseWrote.)
func TestLabourImportDeletesWhatAnEarlierReleaseWrote(t *testing.T) {
	shipped(t)
	got, err := romeWithLabour()
	if err != nil {
		t.Fatal(err)
	}
	base := got.rome.Upsert(got.labour)
	if slices.ContainsFunc(base.LeadsTo, func(l career.LeadsTo) bool { return l.TrainingID == "training:rncp99999" }) {
		t.Fatal("rncp99999 is in this release")
	}
	old, user := earlierRelease(t, got.labour)
	cur := base.Upsert(old).Upsert(user)
	if _, err := career.Build(cur, 1); err != nil {
		t.Fatalf("the earlier store is not valid: %v", err)
	}
	lm, _ := seed.OpenDataRelease("labour-market")
	ds, _, err := seed.ImportLabour(lm, cur)
	if err != nil {
		t.Fatal(err)
	}
	stale := seed.StaleLabour(cur, ds)
	after := cur.Without(stale).Upsert(ds)
	if _, err := career.Build(after, 2); err != nil {
		t.Fatalf("the store after the import is not valid: %v", err)
	}
	want := base.Upsert(user)
	if !reflect.DeepEqual(after.Sorted(), want.Sorted()) {
		diff(t, after, want)
	}
	if len(stale.Trainings) != 1 || len(stale.LeadsTo) != 2 || len(stale.Sources) != 1 || stale.Len() != 4 {
		t.Errorf("deleted %d trainings, %d LEADS_TO, %d sources (%d records), want 1, 2, 1", len(stale.Trainings), len(stale.LeadsTo), len(stale.Sources), stale.Len())
	}
	again, _, err := seed.ImportLabour(lm, after)
	if err != nil {
		t.Fatal(err)
	}
	if n := seed.StaleLabour(after, again).Len(); n != 0 || !reflect.DeepEqual(after.Upsert(again).Sorted(), after.Sorted()) {
		t.Errorf("an import again deletes %d records or changes the store", n)
	}
}

// diff says which records of got and want differ, by kind and key.
func diff(t *testing.T, got, want career.Dataset) {
	t.Helper()
	keys := func(ds career.Dataset) map[string]string {
		m := map[string]string{}
		for _, r := range ds.Roles {
			m["role "+r.ID] = strings.Join(r.SourceIDs, ",") + " " + boolStr(r.Labour != nil)
		}
		for _, r := range ds.Trainings {
			m["training "+r.ID] = r.Slug
		}
		for _, r := range ds.LeadsTo {
			m["leads "+r.TrainingID+" "+r.RoleID] = ""
		}
		for _, r := range ds.Sources {
			m["source "+r.ID] = ""
		}
		return m
	}
	g, w := keys(got), keys(want)
	n := 0
	for k, v := range g {
		if wv, ok := w[k]; (!ok || wv != v) && n < 10 {
			t.Errorf("got %s %s, want %q (present %v)", k, v, wv, ok)
			n++
		}
	}
	for k := range w {
		if _, ok := g[k]; !ok && n < 20 {
			t.Errorf("missing %s", k)
			n++
		}
	}
	t.Errorf("the store after the import differs from this release and the user's records (%d differences shown)", n)
}

func boolStr(b bool) string {
	if b {
		return "labour"
	}
	return "-"
}

// A training holding a register entry's slug (written by hand) does not
// stop the import: the certification takes the next free slug, the same
// on an import again; without the fallback the dataset is refused
// (a slug used twice).
func TestLabourTrainingSlugFallsBack(t *testing.T) {
	shipped(t)
	got, err := romeWithLabour()
	if err != nil {
		t.Fatal(err)
	}
	first := got.labour.Trainings[0]
	mine := career.Training{ID: "training:mine", Slug: first.Slug, Name: "Held by hand", Kind: career.ShortCourse}
	also := career.Training{ID: "training:mine-too", Slug: first.Slug + "-2", Name: "Held by hand too", Kind: career.ShortCourse}
	cur := got.rome.Upsert(career.Dataset{Trainings: []career.Training{mine, also}})
	lm, _ := seed.OpenDataRelease("labour-market")
	ds, _, err := seed.ImportLabour(lm, cur)
	if err != nil {
		t.Fatal(err)
	}
	after := cur.Upsert(ds)
	if _, err := career.Build(after, 1); err != nil {
		t.Fatalf("the import over a held slug: %v", err)
	}
	slug := func(ds career.Dataset) string {
		return ds.Trainings[slices.IndexFunc(ds.Trainings, func(t career.Training) bool { return t.ID == first.ID })].Slug
	}
	if s := slug(ds); s != first.Slug+"-3" {
		t.Errorf("%s has slug %q, want %q", first.ID, s, first.Slug+"-3")
	}
	again, _, err := seed.ImportLabour(lm, after)
	if err != nil {
		t.Fatal(err)
	}
	if slug(again) != slug(ds) {
		t.Errorf("an import again moves the slug to %q", slug(again))
	}
	// Every other certification keeps its register number as its slug.
	for _, tr := range ds.Trainings {
		if tr.ID != first.ID && "training:"+tr.Slug != tr.ID {
			t.Errorf("%s has slug %q", tr.ID, tr.Slug)
		}
	}
}
