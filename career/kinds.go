package career

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Kind is one kind of record a Dataset holds. What runs over every kind
// (copying, merging, counting, upserting, ordering, each store's reads and
// writes) loops over Kinds: a new kind is an entry here, its rules in
// Validate, its indexes in Build and Patch, and its mapping in each store.
type Kind interface {
	// Name is the kind's field in a Dataset's JSON ("roles", "leadsTo").
	Name() string
	// Label is its node label or relationship type ("Role", "REQUIRES").
	Label() string
	// Node is true for node kinds, false for relationships.
	Node() bool
	// Len counts the kind's records in d.
	Len(d Dataset) int
	// Each calls f with every record of the kind in d and its key, and
	// stops at the first error.
	Each(d Dataset, f func(key string, rec any) error) error
	// Append decodes one record (decode gets a pointer to a new one) and
	// appends it to d.
	Append(d *Dataset, decode func(into any) error) error
	// Move appends n records of src, from the i-th, to dst.
	Move(src, dst *Dataset, i, n int)
	// SelfRef reports whether a record of the kind can refer to another
	// of its kind (refs.go: a role's broader role, a group's parent): a
	// store writes those of one write in one batch, linked once all exist.
	SelfRef() bool
	// EachSelfRef calls f with the key of each record of the kind in d
	// that refers to another of its kind, and the id it names.
	EachSelfRef(d Dataset, f func(key, id string))

	clone(d *Dataset)
	merge(d *Dataset, other Dataset)
	upsert(d *Dataset, base, add Dataset)
	without(d *Dataset, base, del Dataset)
	sortByKey(d *Dataset)
	fold(out *Dataset, base Dataset, log []Change)
	idPrefix() string
	eachRef(d Dataset, f func(where func() string, field, prefix, id string))
	refFields(f func(field, prefix string))
}

type kind[T keyed] struct {
	name, label string
	prefix      string // a node kind's id prefix; "" for relationships
	slice       func(*Dataset) *[]T
}

// Kinds lists every kind of record: nodes, then relationships, in the
// order graphStats reports them. A store writes them in this order (a
// level after its role, relationships after their ends) and deletes them
// in the reverse.
var Kinds = []Kind{
	kind[Role]{"roles", "Role", RolePrefix, func(d *Dataset) *[]Role { return &d.Roles }},
	kind[Level]{"levels", "Level", LevelPrefix, func(d *Dataset) *[]Level { return &d.Levels }},
	kind[Skill]{"skills", "Skill", SkillPrefix, func(d *Dataset) *[]Skill { return &d.Skills }},
	kind[Training]{"trainings", "Training", TrainingPrefix, func(d *Dataset) *[]Training { return &d.Trainings }},
	kind[Employer]{"employers", "Employer", EmployerPrefix, func(d *Dataset) *[]Employer { return &d.Employers }},
	kind[Source]{"sources", "Source", SourcePrefix, func(d *Dataset) *[]Source { return &d.Sources }},
	kind[Group]{"groups", "Group", GroupPrefix, func(d *Dataset) *[]Group { return &d.Groups }},
	kind[Requires]{"requires", "REQUIRES", "", func(d *Dataset) *[]Requires { return &d.Requires }},
	kind[LeadsTo]{"leadsTo", "LEADS_TO", "", func(d *Dataset) *[]LeadsTo { return &d.LeadsTo }},
	kind[Hires]{"hires", "HIRES", "", func(d *Dataset) *[]Hires { return &d.Hires }},
	kind[Transition]{"transitions", "TRANSITIONS_TO", "", func(d *Dataset) *[]Transition { return &d.Transitions }},
	kind[Similar]{"similar", "SIMILAR_TO", "", func(d *Dataset) *[]Similar { return &d.Similar }},
	kind[SkillLink]{"skillLinks", "BUILDS_ON", "", func(d *Dataset) *[]SkillLink { return &d.SkillLinks }},
}

func (k kind[T]) Name() string      { return k.name }
func (k kind[T]) Label() string     { return k.label }
func (k kind[T]) Node() bool        { return k.prefix != "" }
func (k kind[T]) idPrefix() string  { return k.prefix }
func (k kind[T]) Len(d Dataset) int { return len(*k.slice(&d)) }

func (k kind[T]) Each(d Dataset, f func(string, any) error) error {
	for _, r := range *k.slice(&d) {
		if err := f(r.Key(), r); err != nil {
			return err
		}
	}
	return nil
}

func (k kind[T]) Append(d *Dataset, decode func(any) error) error {
	var r T
	if err := decode(&r); err != nil {
		return err
	}
	*k.slice(d) = append(*k.slice(d), r)
	return nil
}

func (k kind[T]) Move(src, dst *Dataset, i, n int) {
	*k.slice(dst) = append(*k.slice(dst), (*k.slice(src))[i:i+n]...)
}

func (k kind[T]) SelfRef() bool {
	self := false
	k.refFields(func(_, prefix string) { self = self || k.Node() && prefix == k.prefix })
	return self
}

// refFields calls f with each field a record of the kind can refer
// through and the prefix of what it names.
func (k kind[T]) refFields(f func(field, prefix string)) {
	var zero T
	zero.refs(fieldsFunc(f))
}

func (k kind[T]) EachSelfRef(d Dataset, f func(key, id string)) {
	if !k.Node() {
		return
	}
	var key string
	each := refFunc(func(_, prefix, id string) {
		if prefix == k.prefix {
			f(key, id)
		}
	})
	for _, r := range *k.slice(&d) {
		key = r.Key()
		r.refs(each)
	}
}

func (k kind[T]) clone(d *Dataset) { *k.slice(d) = slices.Clone(*k.slice(d)) }

func (k kind[T]) merge(d *Dataset, other Dataset) {
	*k.slice(d) = append(*k.slice(d), *k.slice(&other)...)
}

func (k kind[T]) upsert(d *Dataset, base, add Dataset) {
	*k.slice(d) = upsert(*k.slice(&base), *k.slice(&add))
}

func (k kind[T]) without(d *Dataset, base, del Dataset) {
	gone := map[string]bool{}
	for _, r := range *k.slice(&del) {
		gone[r.Key()] = true
	}
	var kept []T
	for _, r := range *k.slice(&base) {
		if !gone[r.Key()] {
			kept = append(kept, r)
		}
	}
	*k.slice(d) = kept
}

func (k kind[T]) sortByKey(d *Dataset) {
	slices.SortFunc(*k.slice(d), func(a, b T) int { return cmp.Compare(a.Key(), b.Key()) })
}

func (k kind[T]) eachRef(d Dataset, f func(func() string, string, string, string)) {
	for i, r := range *k.slice(&d) {
		where := func() string { return fmt.Sprintf("%s[%d] %s", k.name, i, r.Key()) }
		r.refs(refFunc(func(field, prefix, id string) { f(where, field, prefix, id) }))
	}
}

// Clone returns a copy of d whose slices share nothing with d's.
func (d Dataset) Clone() Dataset {
	for _, k := range Kinds {
		k.clone(&d)
	}
	return d
}

// Merge appends other's records to d.
func (d *Dataset) Merge(other Dataset) {
	for _, k := range Kinds {
		k.merge(d, other)
	}
}

// Len counts the records of every kind.
func (d Dataset) Len() int {
	n := 0
	for _, k := range Kinds {
		n += k.Len(d)
	}
	return n
}

// Upsert returns d with every record of u added, or replacing the record of
// d with the same key. d is not modified.
func (d Dataset) Upsert(u Dataset) Dataset {
	var out Dataset
	for _, k := range Kinds {
		k.upsert(&out, d, u)
	}
	return out
}

// Without returns d without the records of del (matched by key). d is not
// modified.
func (d Dataset) Without(del Dataset) Dataset {
	var out Dataset
	for _, k := range Kinds {
		k.without(&out, d, del)
	}
	return out
}

// Sorted returns a copy of d with every kind sorted by key: two datasets
// hold the same records when their sorted forms are equal.
func (d Dataset) Sorted() Dataset {
	d = d.Clone()
	for _, k := range Kinds {
		k.sortByKey(&d)
	}
	return d
}

// Key identifies a record within its kind: a node by its id, a
// relationship by its endpoints (and kind, for transitions).
func (r Role) Key() string { return r.ID }

func (l Level) Key() string { return l.ID }

func (s Skill) Key() string { return s.ID }

func (t Training) Key() string { return t.ID }

func (e Employer) Key() string { return e.ID }

func (s Source) Key() string { return s.ID }

func (g Group) Key() string { return g.ID }

func (l SkillLink) Key() string { return l.FromID + "|" + l.ToID }

func (r Requires) Key() string { return r.RoleID + "|" + r.SkillID }

func (l LeadsTo) Key() string { return l.TrainingID + "|" + l.RoleID }

func (h Hires) Key() string { return h.EmployerID + "|" + h.RoleID }

func (t Transition) Key() string { return t.FromID + "|" + t.ToID + "|" + string(t.Kind) }

// Key is symmetric: A-B and B-A are one similarity.
func (s Similar) Key() string {
	a, b := s.AID, s.BID
	if strings.Compare(a, b) > 0 {
		a, b = b, a
	}
	return a + "|" + b
}

type keyed interface {
	Key() string
	// refs calls f with each id the record refers to (refs.go).
	refs(f refSink)
}

func upsert[T keyed](base, add []T) []T {
	if len(base)+len(add) == 0 {
		return nil
	}
	out := make([]T, len(base), len(base)+len(add))
	copy(out, base)
	at := make(map[string]int, len(base)+len(add))
	for i, r := range out {
		at[r.Key()] = i
	}
	for _, r := range add {
		if i, ok := at[r.Key()]; ok {
			out[i] = r
			continue
		}
		at[r.Key()] = len(out)
		out = append(out, r)
	}
	return out
}
