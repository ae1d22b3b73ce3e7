package career

import (
	"math"
	"reflect"
	"strings"
	"sync"
	"unsafe"
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
	// scalars: numbers, booleans and named strings by value (floats by
	// their bits), as pointers of their type to the interner's copies.
	scalars map[any]reflect.Value
	key     strings.Builder
	// The shared copies are laid out in chunks (text, slots, chunks): a few
	// hundred large objects instead of half a million small ones among
	// the decoder's garbage, which left the heap's spans with holes the
	// memory limit counts as used (docs/DESIGN.md, "Fewer, larger
	// objects", has the figures).
	text   []byte
	slots  []string
	chunks map[reflect.Type]reflect.Value // struct copies, by type
}

// Chunk sizes: a text longer than maxChunked keeps its own copy.
const (
	textChunk  = 64 << 10
	maxChunked = 4 << 10
	slotChunk  = 4 << 10
	// structChunk is a chunk of struct copies, in bytes.
	structChunk = 16 << 10
)

// intern shares the equal values of the records of d, whose lists of
// records d owns (Build's clone). What the records' pointers and lists of
// structs reach, the caller's records share: it is copied, then
// rewritten, never written in place.
func (d *Dataset) intern() {
	in := &interner{strs: map[string]string{}, ptrs: map[string]*string{}, lists: map[string][]string{}, scalars: map[any]reflect.Value{}, chunks: map[reflect.Type]reflect.Value{}}
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
// strings, *string and []string fields, those of its struct fields, and
// of the structs its pointers and lists reach, which are copied first
// (the caller's records share them); a pointer to a number, a boolean or
// a named string (*Trend) is shared by value.
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
		case t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct:
			if !f.IsNil() {
				c := in.structs(t.Elem(), 1).Index(0).Addr()
				c.Elem().Set(f.Elem())
				in.record(c.Elem())
				f.Set(c)
			}
		case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Struct:
			if f.Len() > 0 {
				c := in.structs(t.Elem(), f.Len()).Convert(t)
				reflect.Copy(c, f)
				for j := range c.Len() {
					in.record(c.Index(j))
				}
				f.Set(c)
			}
		case t.Kind() == reflect.Pointer && scalarKind(t.Elem().Kind()):
			if !f.IsNil() {
				f.Set(in.scalar(f))
			}
		}
	}
}

// structs hands out n consecutive zero values of type t (structs, and the
// scalars scalar copies), as a clipped slice of the current chunk of that
// type.
func (in *interner) structs(t reflect.Type, n int) reflect.Value {
	per := max(1, structChunk/int(max(1, t.Size())))
	if n > per {
		return reflect.MakeSlice(reflect.SliceOf(t), n, n)
	}
	c, ok := in.chunks[t]
	if !ok || c.Len()+n > c.Cap() {
		c = reflect.MakeSlice(reflect.SliceOf(t), 0, per)
	}
	at := c.Len()
	in.chunks[t] = c.Slice(0, at+n)
	return c.Slice3(at, at+n, at+n)
}

func scalarKind(k reflect.Kind) bool {
	return k == reflect.Int || k == reflect.Bool || k == reflect.Float64 || k == reflect.String // *string is ptr's
}

// scalar is the shared pointer to a copy of the value p points to (the
// caller's pointer is its own: a write through it must not reach every
// record of the snapshot with an equal value).
func (in *interner) scalar(p reflect.Value) reflect.Value {
	v := p.Elem()
	key := v.Interface() // the dynamic type tells int from float64
	if v.Kind() == reflect.Float64 {
		// A float by its bits: 0 and -0 are equal map keys, yet two
		// values an answer prints apart.
		key = floatBits{v.Type(), math.Float64bits(v.Float())}
	}
	if c, ok := in.scalars[key]; ok {
		return c
	}
	c := in.structs(v.Type(), 1).Index(0).Addr()
	c.Elem().Set(v)
	in.scalars[key] = c
	return c
}

// floatBits keys a float of type t by its bits.
type floatBits struct {
	t    reflect.Type
	bits uint64
}

func (in *interner) str(s string) string {
	if c, ok := in.strs[s]; ok {
		return c
	}
	c := in.copyText(s)
	in.strs[c] = c
	return c
}

// copyText copies s into the current text chunk. Chunks are never
// written again where a copy lies, so the strings stay immutable.
func (in *interner) copyText(s string) string {
	if len(s) == 0 || len(s) > maxChunked {
		return strings.Clone(s)
	}
	if len(in.text)+len(s) > cap(in.text) {
		in.text = make([]byte, 0, textChunk)
	}
	n := len(in.text)
	in.text = append(in.text, s...)
	return unsafe.String(&in.text[n], len(s))
}

// slotsOf hands out n consecutive string slots of the current slot
// chunk, clipped so that an append copies.
func (in *interner) slotsOf(n int) []string {
	if n > slotChunk/8 {
		return make([]string, n)
	}
	if len(in.slots)+n > cap(in.slots) {
		in.slots = make([]string, 0, slotChunk)
	}
	at := len(in.slots)
	in.slots = in.slots[:at+n]
	return in.slots[at : at+n : at+n]
}

func (in *interner) ptr(s string) *string {
	if p := in.ptrs[s]; p != nil {
		return p
	}
	p := &in.slotsOf(1)[0]
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
	c := in.slotsOf(len(l))
	for i, s := range l {
		c[i] = in.str(s)
	}
	in.lists[in.key.String()] = c // Reset leaves this string to the map
	return c
}

// internedFields lists the fields of a record type that intern rewrites:
// strings (of any named string type), *string, []string, struct values
// holding any of them, pointers to and lists of such structs, and
// pointers to numbers, booleans and named strings.
func internedFields(t reflect.Type) []int {
	if f, ok := fieldPlans.Load(t); ok {
		return f.([]int)
	}
	// One plan at a time: a Build running beside another must not read
	// a type's plan while it is being made.
	planning.Lock()
	defer planning.Unlock()
	return planOf(t, map[reflect.Type]bool{})
}

// planOf is internedFields under planning; busy holds the types being
// planned, where a type that holds itself stops.
func planOf(t reflect.Type, busy map[reflect.Type]bool) []int {
	if f, ok := fieldPlans.Load(t); ok {
		return f.([]int)
	}
	if busy[t] {
		return nil
	}
	busy[t] = true
	var out []int
	for i := range t.NumField() {
		if !t.Field(i).IsExported() {
			continue
		}
		ft := t.Field(i).Type
		if ft.Kind() == reflect.String || ft == stringPtrType || ft == stringListType ||
			ft.Kind() == reflect.Struct && len(planOf(ft, busy)) > 0 ||
			(ft.Kind() == reflect.Pointer || ft.Kind() == reflect.Slice) && ft.Elem().Kind() == reflect.Struct && len(planOf(ft.Elem(), busy)) > 0 ||
			ft.Kind() == reflect.Pointer && scalarKind(ft.Elem().Kind()) {
			out = append(out, i)
		}
	}
	fieldPlans.Store(t, out)
	return out
}

var (
	fieldPlans sync.Map // reflect.Type -> []int
	planning   sync.Mutex
)
