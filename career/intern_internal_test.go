package career

import (
	"reflect"
	"slices"
	"testing"
	"unsafe"
)

// Build shares equal strings, *string values and []string lists of its
// records: the snapshot's records read exactly as the dataset's, the
// caller's records are left as they were, and equal values are one copy
// (a role's id and its REQUIRES' role ids, equal source lists).
func TestBuildSharesEqualValuesAndChangesNone(t *testing.T) {
	ds := loadCurated(t)
	want := loadCurated(t) // the same records, decoded apart
	at := slices.IndexFunc(ds.Transitions, func(r Transition) bool { return len(r.SourceIDs) > 0 })
	if at < 0 {
		t.Fatal("no transition with sources: the test checks nothing")
	}
	callerID := unsafe.StringData(ds.Transitions[at].FromID)
	callerSources := ds.Transitions[at].SourceIDs
	g, err := Build(ds, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got := g.Dataset(); !reflect.DeepEqual(got, want) {
		t.Fatal("the snapshot's records differ from the dataset it was built from")
	}
	if !reflect.DeepEqual(ds, want) || unsafe.StringData(ds.Transitions[at].FromID) != callerID || &ds.Transitions[at].SourceIDs[0] != &callerSources[0] {
		t.Fatal("Build rewrote the caller's records")
	}
	for _, r := range g.Dataset().Requires {
		if unsafe.StringData(r.RoleID) != unsafe.StringData(g.Role(r.RoleID).ID) || unsafe.StringData(r.SkillID) != unsafe.StringData(g.Skill(r.SkillID).ID) {
			t.Fatalf("requires %s -> %s: its ids are copies of its ends' ids", r.RoleID, r.SkillID)
		}
	}
	lists := map[string]*string{}
	shared := 0
	for _, r := range g.Dataset().Transitions {
		if len(r.SourceIDs) == 0 {
			continue
		}
		if cap(r.SourceIDs) != len(r.SourceIDs) {
			t.Fatalf("transition %s -> %s: a shared source list has room to append into", r.FromID, r.ToID)
		}
		k := joinKey(r.SourceIDs)
		if p, ok := lists[k]; ok {
			if p != &r.SourceIDs[0] {
				t.Fatalf("transition %s -> %s: equal source lists %v are copies", r.FromID, r.ToID, r.SourceIDs)
			}
			shared++
		}
		lists[k] = &r.SourceIDs[0]
	}
	if shared == 0 {
		t.Fatal("no two transitions with the same sources: the test checks nothing")
	}
	// The tables point into the records: one copy of each node.
	for i := range g.Dataset().Skills {
		s := &g.Dataset().Skills[i]
		if g.Skill(s.ID) != s {
			t.Fatalf("skill %s: the table holds a copy of the record", s.ID)
		}
	}
}

func joinKey(l []string) string {
	k := ""
	for _, s := range l {
		k += s + "\x00"
	}
	return k
}

// What records reach through pointers and lists of structs (a role's
// titles, its ROME profile, a level's years) is copied before it is
// shared: equal strings in it are one copy, equal numbers one pointer,
// and the caller's structs are left as they were.
func TestBuildSharesWhatRecordsReach(t *testing.T) {
	ds := loadCurated(t)
	want := loadCurated(t)
	at := slices.IndexFunc(ds.Roles, func(r Role) bool { return len(r.Titles) > 0 })
	if at < 0 {
		t.Fatal("no role with titles: the test checks nothing")
	}
	callerTitle := &ds.Roles[at].Titles[0]
	callerLabel := unsafe.StringData(callerTitle.Label)
	g, err := Build(ds, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got := g.Dataset(); !reflect.DeepEqual(got, want) {
		t.Fatal("the snapshot's records differ from the dataset it was built from")
	}
	if !reflect.DeepEqual(ds, want) || &ds.Roles[at].Titles[0] != callerTitle || unsafe.StringData(callerTitle.Label) != callerLabel {
		t.Fatal("Build rewrote the caller's titles")
	}
	if &g.Role(ds.Roles[at].ID).Titles[0] == callerTitle {
		t.Fatal("the snapshot shares the caller's titles")
	}
	langs := map[string]*byte{}
	shared := 0
	for _, r := range g.Dataset().Roles {
		for _, ti := range r.Titles {
			if p, ok := langs[ti.Lang]; ok {
				if p != unsafe.StringData(ti.Lang) {
					t.Fatalf("role %s: title language %q is a copy", r.ID, ti.Lang)
				}
				shared++
			}
			langs[ti.Lang] = unsafe.StringData(ti.Lang)
		}
	}
	years := map[int]*int{}
	sharedYears := 0
	for _, l := range g.Dataset().Levels {
		for _, y := range []*int{l.YearsMin, l.YearsMax} {
			if y == nil {
				continue
			}
			if p, ok := years[*y]; ok {
				if p != y {
					t.Fatalf("level %s: years %d is a copy", l.ID, *y)
				}
				sharedYears++
			}
			years[*y] = y
		}
	}
	if shared == 0 || sharedYears == 0 {
		t.Fatalf("%d shared title languages, %d shared years: the test checks nothing", shared, sharedYears)
	}
}
