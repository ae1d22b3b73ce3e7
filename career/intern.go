package career

import (
	"reflect"
	"strings"
	"sync"
)

// interner makes equal strings, *string values and []string lists of a
// dataset share one copy. A store decodes every record on its own, so on
// the full graph each REQUIRES record held its own copy of its role's and
// its skill's ids and of its sources' ids and list: 1.4 million small
// objects, most of the live heap's objects, which every collection marks.
// Records are never written in place (every edit copies: Upsert, Without,
// Patch), so sharing equal values is invisible to readers; a shared list
// is clipped, so an append to it copies.
type interner struct {
	strs  map[string]string
	ptrs  map[string]*string
	lists map[string][]string
	key   strings.Builder
}

// intern shares the equal values of the records of d, whose lists of
// records d owns (Build's clone): only the records' own fields are
// rewritten, never what their pointers and lists reach, which the
// caller's records share.
func (d *Dataset) intern() {
	in := &interner{strs: map[string]string{}, ptrs: map[string]*string{}, lists: map[string][]string{}}
	// REQUIRES are most of the records: read without reflection, which
	// costs several times as much per field.
	for i := range d.Requires {
		r := &d.Requires[i]
		r.RoleID, r.SkillID, r.Importance = in.str(r.RoleID), in.str(r.SkillID), Importance(in.str(string(r.Importance)))
		if len(r.SourceIDs) > 0 {
			r.SourceIDs = in.list(r.SourceIDs)
		}
	}
	v := reflect.ValueOf(d).Elem()
	requires := reflect.ValueOf(d.Requires).Pointer()
	for i := range v.NumField() {
		list := v.Field(i)
		if list.Len() > 0 && list.Pointer() == requires {
			continue
		}
		for j := range list.Len() {
			in.record(list.Index(j))
		}
	}
}

var (
	stringPtrType  = reflect.TypeFor[*string]()
	stringListType = reflect.TypeFor[[]string]()
)

// record rewrites the fields of one record (an addressable struct): its
// strings, *string and []string fields, and those of its struct fields.
func (in *interner) record(v reflect.Value) {
	for _, i := range internedFields(v.Type()) {
		f := v.Field(i)
		switch t := f.Type(); {
		case t.Kind() == reflect.String:
			if s := f.String(); s != "" {
				f.SetString(in.str(s))
			}
		case t == stringPtrType:
			if !f.IsNil() {
				f.Set(reflect.ValueOf(in.ptr(*f.Interface().(*string))))
			}
		case t == stringListType:
			if f.Len() > 0 {
				f.Set(reflect.ValueOf(in.list(f.Interface().([]string))))
			}
		case t.Kind() == reflect.Struct:
			in.record(f)
		}
	}
}

func (in *interner) str(s string) string {
	if c, ok := in.strs[s]; ok {
		return c
	}
	in.strs[s] = s
	return s
}

func (in *interner) ptr(s string) *string {
	if p := in.ptrs[s]; p != nil {
		return p
	}
	p := new(string)
	*p = in.str(s)
	in.ptrs[*p] = p
	return p
}

func (in *interner) list(l []string) []string {
	in.key.Reset()
	for _, s := range l {
		in.key.WriteString(s)
		in.key.WriteByte(0)
	}
	if c, ok := in.lists[in.key.String()]; ok {
		return c
	}
	c := make([]string, len(l))
	for i, s := range l {
		c[i] = in.str(s)
	}
	in.lists[in.key.String()] = c // Reset leaves this string to the map
	return c
}

// internedFields lists the fields of a record type that intern rewrites:
// strings (of any named string type), *string, []string, and struct
// values holding any of them.
func internedFields(t reflect.Type) []int {
	if f, ok := fieldPlans.Load(t); ok {
		return f.([]int)
	}
	var out []int
	for i := range t.NumField() {
		ft := t.Field(i).Type
		if ft.Kind() == reflect.String || ft == stringPtrType || ft == stringListType ||
			ft.Kind() == reflect.Struct && len(internedFields(ft)) > 0 {
			out = append(out, i)
		}
	}
	fieldPlans.Store(t, out)
	return out
}

var fieldPlans sync.Map // reflect.Type -> []int
