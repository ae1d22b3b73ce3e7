package career

import (
	"reflect"
	"strings"
	"testing"
)

// Kinds names every field of Dataset once, and each kind's accessor is its
// own field: a kind added to Dataset but not to Kinds would be skipped by
// Clone, Upsert and both stores.
func TestKindsCoverDataset(t *testing.T) {
	typ := reflect.TypeFor[Dataset]()
	if len(Kinds) != typ.NumField() {
		t.Fatalf("%d kinds for %d Dataset fields", len(Kinds), typ.NumField())
	}
	for i := range typ.NumField() {
		f := typ.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		var k Kind
		for _, c := range Kinds {
			if c.Name() == name {
				k = c
			}
		}
		if k == nil {
			t.Errorf("Dataset.%s (%q) is not in Kinds", f.Name, name)
			continue
		}
		var d Dataset
		field := reflect.ValueOf(&d).Elem().Field(i)
		field.Set(reflect.MakeSlice(field.Type(), 1, 1))
		if k.Len(d) != 1 || d.Len() != 1 {
			t.Errorf("kind %s reads another field than Dataset.%s", name, f.Name)
		}
		if c := d.Clone(); reflect.ValueOf(c).Field(i).Len() != 1 {
			t.Errorf("Clone drops Dataset.%s", f.Name)
		}
	}
}

// SelfRef follows refs.go: roles (broader) and groups (parent) refer to
// their own kind, and the field walk that finds them names every field a
// record's references come through. EachSelfRef names each such link.
func TestSelfRefFollowsRefs(t *testing.T) {
	var self []string
	for _, k := range Kinds {
		if k.SelfRef() {
			self = append(self, k.Label())
		}
	}
	if got := strings.Join(self, " "); got != "Role Group" {
		t.Errorf("kinds referring to their own: %q, want \"Role Group\"", got)
	}

	ds := loadCurated(t)
	parent, top := ds.Roles[0].ID, "group:top"
	ds.Roles = append(ds.Roles, Role{ID: "role:child", BroaderID: &parent})
	ds.Groups = append(ds.Groups, Group{ID: top}, Group{ID: "group:child", ParentID: &top})
	for _, k := range Kinds {
		walked := map[string]bool{}
		k.refFields(func(field, prefix string) { walked[field+" "+prefix] = true })
		k.eachRef(ds, func(_ func() string, field, prefix, _ string) {
			if !walked[field+" "+prefix] {
				t.Errorf("%s: a record refers through %s %s, which its field walk does not name", k.Label(), field, prefix)
			}
		})
	}
	var links []string
	for _, k := range Kinds {
		k.EachSelfRef(ds, func(key, id string) { links = append(links, key+" -> "+id) })
	}
	if got, want := strings.Join(links, ", "), "role:child -> "+parent+", group:child -> group:top"; got != want {
		t.Errorf("EachSelfRef: %s, want %s", got, want)
	}
}
