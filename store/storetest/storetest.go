// Package storetest is the contract every store.Store must meet. Each store
// package runs it from its own tests.
package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"reflect"
	"slices"
	"testing"

	"careergraph/career"
	"careergraph/seed"
	"careergraph/store"
)

// Opener opens the same store location each time it is called.
type Opener func() (store.Store, error)

// Run runs the contract. fresh returns an Opener on a new, empty location.
func Run(t *testing.T, fresh func(t *testing.T) Opener) {
	ctx := context.Background()
	curated, digest, err := seed.Curated()
	if err != nil {
		t.Fatal(err)
	}
	open := func(t *testing.T, o Opener) store.Store {
		t.Helper()
		s, err := o()
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}

	t.Run("EmptyStoreLoadsNothing", func(t *testing.T) {
		s := open(t, fresh(t))
		ds, v, err := s.Load(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if v != 0 || !reflect.DeepEqual(ds, career.Dataset{}) {
			t.Fatalf("fresh store: version %d, %d roles; want 0 and nothing", v, len(ds.Roles))
		}
		if m, err := s.Meta(ctx, "anything"); err != nil || m != "" {
			t.Fatalf("Meta on fresh store = %q, %v", m, err)
		}
	})

	t.Run("ApplyThenLoadRoundTrips", func(t *testing.T) {
		s := open(t, fresh(t))
		v, err := s.Apply(ctx, store.Write{Upsert: curated, Meta: map[string]string{"k": "v"}})
		if err != nil || v != 1 {
			t.Fatalf("Apply = %d, %v; want version 1", v, err)
		}
		got, gv, err := s.Load(ctx)
		if err != nil || gv != 1 {
			t.Fatalf("Load version %d, %v", gv, err)
		}
		requireSame(t, curated, got)
		if m, _ := s.Meta(ctx, "k"); m != "v" {
			t.Fatalf("Meta k = %q, want v", m)
		}
	})

	t.Run("EveryKindAndFieldRoundTrips", func(t *testing.T) {
		full := Full(curated)
		if err := career.Validate(full); err != nil {
			t.Fatalf("storetest.Full is not a valid graph: %v", err)
		}
		v := reflect.ValueOf(full)
		for i := range v.NumField() {
			if v.Field(i).Len() == 0 {
				t.Fatalf("storetest.Full has no %s: add one, so every kind is checked", v.Type().Field(i).Name)
			}
		}
		s := open(t, fresh(t))
		if _, err := s.Apply(ctx, store.Write{Upsert: full}); err != nil {
			t.Fatal(err)
		}
		got, _, err := s.Load(ctx)
		if err != nil {
			t.Fatal(err)
		}
		requireSame(t, full, got)
	})

	t.Run("StaleWriteIsRefusedAndStoresNothing", func(t *testing.T) {
		s := open(t, fresh(t))
		// Base 0 is a plan on the empty store, checked like any other.
		if v, err := s.Apply(ctx, store.Write{Upsert: curated, Base: new(uint64(0))}); err != nil || v != 1 {
			t.Fatalf("first Apply = %d, %v", v, err)
		}
		if _, err := s.Apply(ctx, store.Write{Meta: map[string]string{"a": "0"}, Base: new(uint64(0))}); !errors.Is(err, store.ErrStale) {
			t.Fatalf("a second write planned on the empty store: %v, want ErrStale", err)
		}
		if v, err := s.Apply(ctx, store.Write{Meta: map[string]string{"a": "1"}, Base: new(uint64(1))}); err != nil || v != 2 {
			t.Fatalf("Apply on the current version = %d, %v", v, err)
		}
		// Planned on version 1, but another writer made version 2.
		changed := curated.Roles[0]
		changed.Name = "Stale"
		_, err := s.Apply(ctx, store.Write{Upsert: career.Dataset{Roles: []career.Role{changed}}, Meta: map[string]string{"a": "2"}, Base: new(uint64(1))})
		if !errors.Is(err, store.ErrStale) {
			t.Fatalf("stale Apply: %v, want ErrStale", err)
		}
		got, v, err := s.Load(ctx)
		if err != nil || v != 2 {
			t.Fatalf("after a stale write: version %d, %v", v, err)
		}
		if m, _ := s.Meta(ctx, "a"); m != "1" || got.Roles[0].Name == "Stale" {
			t.Fatalf("a stale write landed: meta %q", m)
		}
		if sv, err := s.Version(ctx); err != nil || sv != 2 {
			t.Fatalf("Version = %d, %v; want 2", sv, err)
		}
	})

	t.Run("UpsertReplacesByKey", func(t *testing.T) {
		s := open(t, fresh(t))
		if _, err := s.Apply(ctx, store.Write{Upsert: curated}); err != nil {
			t.Fatal(err)
		}
		changed := curated.Roles[0]
		changed.Name = "Renamed"
		v, err := s.Apply(ctx, store.Write{Upsert: career.Dataset{Roles: []career.Role{changed}}})
		if err != nil || v != 2 {
			t.Fatalf("second Apply = %d, %v; want version 2", v, err)
		}
		got, _, _ := s.Load(ctx)
		want := curated.Upsert(career.Dataset{Roles: []career.Role{changed}})
		requireSame(t, want, got)
	})

	t.Run("DeleteRemovesByKeyInTheSameTransaction", func(t *testing.T) {
		s := open(t, fresh(t))
		if _, err := s.Apply(ctx, store.Write{Upsert: curated}); err != nil {
			t.Fatal(err)
		}
		next, removed, err := curated.Delete([]string{"role:data-engineer"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		added := career.Dataset{Roles: []career.Role{{ID: "role:new", Slug: "new", Name: "New"}}}
		if _, err := s.Apply(ctx, store.Write{Delete: removed, Upsert: added}); err != nil {
			t.Fatal(err)
		}
		got, _, _ := s.Load(ctx)
		requireSame(t, next.Upsert(added), got)
	})

	// Every kind's delete runs: deleting every node of Full takes every
	// record with it, in one write, and leaves nothing.
	t.Run("DeletingEveryNodeLeavesNothing", func(t *testing.T) {
		full := Full(curated)
		s := open(t, fresh(t))
		if _, err := s.Apply(ctx, store.Write{Upsert: full}); err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, k := range career.Kinds {
			if k.Node() {
				_ = k.Each(full, func(id string, _ any) error { ids = append(ids, id); return nil })
			}
		}
		next, removed, err := full.Delete(ids, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range career.Kinds {
			if k.Len(removed) != k.Len(full) || k.Len(next) != 0 {
				t.Fatalf("Delete of every node removed %d of %d %s", k.Len(removed), k.Len(full), k.Label())
			}
		}
		if _, err := s.Apply(ctx, store.Write{Delete: removed}); err != nil {
			t.Fatal(err)
		}
		got, _, err := s.Load(ctx)
		if err != nil {
			t.Fatal(err)
		}
		requireSame(t, next, got)
	})

	t.Run("DataSurvivesReopen", func(t *testing.T) {
		o := fresh(t)
		s, err := o()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Apply(ctx, store.Write{Upsert: curated, Meta: map[string]string{"k": "v"}}); err != nil {
			t.Fatal(err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		s = open(t, o)
		got, v, err := s.Load(ctx)
		if err != nil || v != 1 {
			t.Fatalf("after reopen: version %d, %v", v, err)
		}
		requireSame(t, curated, got)
		if m, _ := s.Meta(ctx, "k"); m != "v" {
			t.Fatalf("after reopen Meta k = %q", m)
		}
	})

	t.Run("CancelledWriteStoresNothing", func(t *testing.T) {
		s := open(t, fresh(t))
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := s.Apply(cctx, store.Write{Upsert: curated}); err == nil {
			t.Fatal("Apply with a cancelled context succeeded")
		}
		ds, v, err := s.Load(ctx)
		if err != nil || v != 0 || len(ds.Roles) != 0 {
			t.Fatalf("after cancelled write: version %d, %d roles, %v", v, len(ds.Roles), err)
		}
	})

	t.Run("LiveSeedsOnceAndRejectsInvalidWrites", func(t *testing.T) {
		o := fresh(t)
		s := open(t, o)
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		live := store.NewLive(s, log)
		if live.Graph() != nil {
			t.Fatal("Graph before Load is not nil")
		}
		if err := live.Load(ctx, curated, digest); err != nil {
			t.Fatal(err)
		}
		v1 := live.Graph().Version()
		// Loading the same seed again is a no-op.
		again := store.NewLive(s, log)
		if err := again.Load(ctx, curated, digest); err != nil {
			t.Fatal(err)
		}
		if v := again.Graph().Version(); v != v1 {
			t.Fatalf("second seed load bumped version %d -> %d", v1, v)
		}
		// A write that leaves a dangling relationship is refused whole.
		_, err := live.Upsert(ctx, career.Dataset{
			Skills:   []career.Skill{{ID: "skill:new", Slug: "new", Name: "New", Category: career.Tool}},
			Requires: []career.Requires{{RoleID: "role:missing", SkillID: "skill:new", Importance: career.Essential, Rank: 1}},
		}, nil)
		var verr *career.ValidationError
		if !errors.As(err, &verr) {
			t.Fatalf("dangling write: err = %v, want a ValidationError", err)
		}
		ds, v, _ := s.Load(ctx)
		if v != v1 || slices.ContainsFunc(ds.Skills, func(s career.Skill) bool { return s.ID == "skill:new" }) {
			t.Fatalf("refused write reached the store (version %d -> %d)", v1, v)
		}
		if live.Graph().Skill("skill:new") != nil {
			t.Fatal("refused write reached the snapshot")
		}
	})
}

// requireSame fails unless a and b hold the same records, in any order.
func requireSame(t *testing.T, want, got career.Dataset) {
	t.Helper()
	if !bytes.Equal(store.Canonical(want), store.Canonical(got)) {
		t.Fatalf("stored dataset differs:\nwant %d roles %d skills %d transitions\ngot  %d roles %d skills %d transitions",
			len(want.Roles), len(want.Skills), len(want.Transitions), len(got.Roles), len(got.Skills), len(got.Transitions))
	}
}

// Full returns base plus records of the kinds and optional fields the
// curated seed does not have (groups, skill links, an ESCO skill, an MCC
// profile, a similarity and an equivalence), all valid together.
func Full(base career.Dataset) career.Dataset {
	p := func(s string) *string { return &s }
	f := func(x float64) *float64 { return &x }
	src := career.Source{ID: "source:contract", Name: "Contract", Kind: career.Taxonomy, URL: p("https://example.org"), Version: p("1"), License: p("CC0")}
	top := career.Group{ID: "group:isco-2", Slug: "isco-2", Name: "Professionals", Kind: career.OccupationGroup, Code: "2", Description: p("Top."), SourceIDs: []string{src.ID}}
	unit := career.Group{ID: "group:isco-2512", Slug: "isco-2512", Name: "Software developers", Kind: career.OccupationGroup, Code: "2512", ParentID: p(top.ID)}
	sg := career.Group{ID: "group:esco-s1", Slug: "esco-s1", Name: "communication", Kind: career.SkillGroupKind, Code: "S1"}
	a := career.Skill{ID: "skill:contract-a", Slug: "contract-a", Name: "Skill A", Category: career.Knowledge, EscoURI: p("http://data.europa.eu/esco/skill/a"), GroupIDs: []string{sg.ID}, SourceIDs: []string{src.ID}}
	b := career.Skill{ID: "skill:contract-b", Slug: "contract-b", Name: "Skill B", Category: career.Soft}
	role := career.Role{ID: "role:contract", Slug: "contract", Name: "Contract role", EscoURI: p("http://data.europa.eu/esco/occupation/x"), IscoCode: p("2512"),
		SourceIDs: []string{src.ID}, MCC: &career.MCCProfile{JobZone: 4, EducationLevel: f(7.5), AnnualEarnings: f(41000), Currency: "GBP", RemoteLaborIndex: f(0.8),
			Sector: "ict workers", SubSector: "developers", RiskCategory: "Lower risk", OnetCode: p("15-1252.00"), OnetOccupation: p("Software Developers")}}
	other := base.Roles[0].ID
	role.BroaderID = &other
	out := base.Clone()
	out.Sources = append(out.Sources, src)
	out.Groups = append(out.Groups, top, unit, sg)
	out.Skills = append(out.Skills, a, b)
	out.Roles = append(out.Roles, role)
	out.Requires = append(out.Requires, career.Requires{RoleID: role.ID, SkillID: a.ID, Importance: career.Essential, Rank: 1, SourceIDs: []string{src.ID}})
	out.SkillLinks = append(out.SkillLinks, career.SkillLink{FromID: a.ID, ToID: b.ID, Importance: career.Optional, SourceIDs: []string{src.ID}})
	out.Similar = append(out.Similar, career.Similar{AID: role.ID, BID: other, Score: 0.42})
	out.Transitions = append(out.Transitions,
		career.Transition{FromID: role.ID, ToID: other, Kind: career.Equivalent, Rank: 1, Note: p("same job"), TypicalYears: f(0), SourceIDs: []string{src.ID}},
		career.Transition{FromID: other, ToID: role.ID, Kind: career.Equivalent, Rank: 1, TypicalYears: f(0)})
	return out
}

// ChildrenFirst is n roles and n groups, each listed before the one of
// its kind it names (its broader role, its parent group): a write of
// them cut into batches keeps each kind's together, or a batch names
// what a later one writes.
func ChildrenFirst(n int) career.Dataset {
	var ds career.Dataset
	for i := range n {
		role := career.Role{ID: fmt.Sprint("role:chain-", i), Slug: fmt.Sprint("chain-", i), Name: fmt.Sprint("Chain ", i)}
		group := career.Group{ID: fmt.Sprint("group:chain-", i), Slug: fmt.Sprint("chain-", i), Name: fmt.Sprint("Chain ", i), Kind: career.OccupationGroup, Code: fmt.Sprint(i)}
		if i < n-1 {
			broader, parent := fmt.Sprint("role:chain-", i+1), fmt.Sprint("group:chain-", i+1)
			role.BroaderID, group.ParentID = &broader, &parent
		}
		ds.Roles, ds.Groups = append(ds.Roles, role), append(ds.Groups, group)
	}
	return ds
}

// Dangling lists the references of ds's records to another of their
// kind (career.Kind.EachSelfRef) that ds does not hold.
func Dangling(ds career.Dataset) []string {
	held := map[string]bool{}
	for _, k := range career.Kinds {
		_ = k.Each(ds, func(key string, _ any) error {
			held[key] = true
			return nil
		})
	}
	var out []string
	for _, k := range career.Kinds {
		k.EachSelfRef(ds, func(key, id string) {
			if !held[id] {
				out = append(out, key+" -> "+id)
			}
		})
	}
	return out
}
