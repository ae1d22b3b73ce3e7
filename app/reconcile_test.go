package app

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"careergraph/career"
	"careergraph/seed"
	"careergraph/store"
	"careergraph/store/embedded"
)

// Issue 24: a store that imported an earlier labour-market release (which
// shipped Certif Info) kept its certifications and their links for ever,
// the import only upserting. On the first start of a newer release they
// are deleted, with the links of this release's certifications that it
// no longer makes and the source nothing cites any more; what a user
// wrote, and everything else, stays. (That an import again deletes
// nothing: seed's TestLabourImportDeletesWhatAnEarlierReleaseWrote.)
func TestStartDeletesWhatAnEarlierReleaseWrote(t *testing.T) {
	ctx := context.Background()
	shipped := openDataServer(t).live.Graph().Dataset()
	dir := openDataDir(t)

	certifInfo := career.Source{ID: "source:certifinfo", Name: "Certif Info (Réseau des Carif-Oref)", Kind: career.Taxonomy}
	i := slices.IndexFunc(shipped.Trainings, func(t career.Training) bool { return t.Current != nil && *t.Current })
	kept := shipped.Trainings[i]
	old := career.Dataset{
		Sources: []career.Source{certifInfo},
		Trainings: []career.Training{{ID: "training:rncp99999", Slug: "rncp99999", Name: "Titre que seul Certif Info nommait", Kind: career.Certification,
			Code: new("RNCP99999"), Current: new(true), RomeCodes: []string{"M1203"}, SourceIDs: []string{seed.RNCPSource.ID, certifInfo.ID}}},
		LeadsTo: []career.LeadsTo{
			{TrainingID: "training:rncp99999", RoleID: "role:rome-m1203", Rank: 999, RomeParent: new("M1203"), SourceIDs: []string{seed.RNCPSource.ID}},
			{TrainingID: kept.ID, RoleID: "role:rome-k1401", Rank: 998, RomeParent: new("K1401"), SourceIDs: []string{seed.RNCPSource.ID}},
		},
	}
	user := career.Dataset{
		Sources:   []career.Source{{ID: "source:mine", Name: "Mon organisme", Kind: career.Editorial}},
		Trainings: []career.Training{{ID: "training:formation-maison", Slug: "formation-maison", Name: "Formation maison", Kind: career.ShortCourse, SourceIDs: []string{"source:mine"}}},
		LeadsTo: []career.LeadsTo{
			{TrainingID: "training:formation-maison", RoleID: "role:rome-m1203", Rank: 1000, SourceIDs: []string{"source:mine"}},
			{TrainingID: kept.ID, RoleID: "role:rome-m1855", Rank: 1001},
		},
	}
	if slices.ContainsFunc(shipped.LeadsTo, func(l career.LeadsTo) bool {
		return l.TrainingID == "training:rncp99999" || l.TrainingID == kept.ID && (l.RoleID == "role:rome-k1401" || l.RoleID == "role:rome-m1855")
	}) {
		t.Fatal("the shipped release has a link this test adds")
	}
	// The store as the earlier release, then a user, left it.
	st, err := embedded.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Apply(ctx, store.Write{Upsert: old.Upsert(user), Meta: map[string]string{openDataKey: "labour-market-2026-02/5"}}); err != nil {
		t.Fatal(err)
	}
	st.Close()

	s := start(t, openDataConfig(t, dir))
	g := s.live.Graph()
	if g.Training("training:rncp99999") != nil || g.Source("source:certifinfo") != nil {
		t.Error("the earlier release's certification or its source is still served")
	}
	if slices.ContainsFunc(g.LeadsFrom(kept.ID), func(l *career.LeadsTo) bool { return l.RoleID == "role:rome-k1401" }) {
		t.Errorf("%s still leads to K1401", kept.ID)
	}
	after := g.Dataset()
	if want := shipped.Upsert(user); !reflect.DeepEqual(after.Sorted(), want.Sorted()) {
		t.Errorf("after the start the store holds %d records, want the shipped %d and the user's %d", after.Len(), shipped.Len(), user.Len())
	}
	if v, err := s.store.Meta(ctx, openDataKey); err != nil || v != seed.OpenDataVersion {
		t.Errorf("the store's open-data marker is %q (%v)", v, err)
	}
}
