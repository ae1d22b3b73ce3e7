package career

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"sync"
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

// Numbers are shared by value, and a value is its bits: 0 and -0 (equal
// as numbers, and as map keys) are two values, which an answer prints
// apart ("0", "-0"); each record keeps its own sign.
func TestBuildKeepsTheSignOfZero(t *testing.T) {
	ds := loadCurated(t)
	if len(ds.Transitions) < 2 {
		t.Fatal("fewer than two transitions: the test checks nothing")
	}
	for i := range ds.Transitions {
		ds.Transitions[i].TypicalYears = new(math.Copysign(0, float64(i%2*2-1))) // -0, 0, -0, ...
	}
	g, err := Build(ds, 1)
	if err != nil {
		t.Fatal(err)
	}
	for i, tr := range ds.Transitions {
		got := g.Dataset().Transitions[i].TypicalYears
		if got == nil || math.Signbit(*got) != math.Signbit(*tr.TypicalYears) {
			t.Fatalf("transition %d: typical years %v, want %v", i, fmtFloat(got), fmtFloat(tr.TypicalYears))
		}
	}
}

func fmtFloat(p *float64) string {
	if p == nil {
		return "nil"
	}
	return strconv.FormatFloat(*p, 'g', -1, 64)
}

// What the snapshot's pointers to numbers, booleans and named strings
// reach is its own: a caller writing through one of its pointers after
// Build reaches no record of the snapshot (shared by value, one such
// write would change every record holding an equal value).
func TestBuildOwnsTheScalarsItShares(t *testing.T) {
	ds := loadCurated(t)
	want := loadCurated(t)
	g, err := Build(ds, 1)
	if err != nil {
		t.Fatal(err)
	}
	written := 0
	for i := range ds.Levels {
		for _, p := range []*int{ds.Levels[i].YearsMin, ds.Levels[i].YearsMax} {
			if p != nil {
				*p += 1000
				written++
			}
		}
	}
	for i := range ds.Roles {
		if p := ds.Roles[i].Market.Trend; p != nil {
			*p = "WRITTEN"
			written++
		}
		if p := ds.Roles[i].Market.RemoteWorkPercent; p != nil {
			*p += 1000
			written++
		}
	}
	if written == 0 {
		t.Fatal("no level years, trend or remote share: the test checks nothing")
	}
	if !reflect.DeepEqual(g.Dataset(), want) {
		t.Fatal("the caller's writes through its pointers reached the snapshot")
	}
}

// A record type's plan is the same whoever asks first and however many
// ask at once: one Build asking while another computes it must not take
// the placeholder that stops a type holding itself for the plan (a
// Build's records then kept their caller's strings and structs, and the
// plans of the types holding that one were stored without it for good).
func TestFieldPlansAreTheSameUnderConcurrentBuilds(t *testing.T) {
	str := reflect.TypeFor[string]()
	for i := range 300 {
		// Fresh types each round, so that no plan is stored yet.
		inner := reflect.StructOf([]reflect.StructField{{Name: "Label", Type: str}, {Name: fmt.Sprintf("N%d", i), Type: str}})
		outer := reflect.StructOf([]reflect.StructField{{Name: "Title", Type: reflect.PointerTo(inner)}, {Name: "Titles", Type: reflect.SliceOf(inner)}})
		top := reflect.StructOf([]reflect.StructField{{Name: "Inner", Type: reflect.PointerTo(inner)}, {Name: "Outer", Type: outer}, {Name: "Outers", Type: reflect.SliceOf(outer)}})
		types := []reflect.Type{top, outer, inner}
		var wg sync.WaitGroup
		got := make([][][]int, 4)
		for w := range got {
			wg.Go(func() {
				for _, ty := range types[w%2:] {
					got[w] = append(got[w], internedFields(ty))
				}
			})
		}
		wg.Wait()
		want := [][]int{{0, 1, 2}, {0, 1}, {0, 1}}
		for w, plans := range got {
			if !reflect.DeepEqual(plans, want[w%2:]) {
				t.Fatalf("round %d, goroutine %d: plans %v, want %v", i, w, plans, want[w%2:])
			}
		}
	}
}

// An index's lists lie in one array (indexBy, PackLists), each clipped:
// an append to one (a patch) copies it instead of writing over the next
// list's first record.
func TestIndexListsAreClipped(t *testing.T) {
	g, err := Build(loadCurated(t), 1)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, m := range []map[string][]*Requires{g.requiresByRole.base, g.requiresBySkill.base} {
		for k, l := range m {
			if cap(l) != len(l) {
				t.Fatalf("%s: a list of %d with room for %d", k, len(l), cap(l))
			}
			n++
		}
	}
	if n < 2 {
		t.Fatal("fewer than two lists: the test checks nothing")
	}
}
