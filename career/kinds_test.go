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
