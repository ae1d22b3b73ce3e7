package career

import (
	"maps"
	"slices"
)

// records are a snapshot's records as plain lists. Build's are its
// dataset; a patched snapshot's are its parent's and the writes patched
// onto them since, folded into one dataset on first use (Graph.Dataset):
// a small write then copies no list of the whole graph (a REQUIRES list
// copied per write was 15 MB of garbage at full size).
type records struct {
	base Dataset
	log  []Change
	ds   lazy[Dataset]
}

// maxLog bounds the writes a snapshot's records keep unfolded: folding
// costs one pass over the lists they touch, whatever their number.
const maxLog = 1024

func builtRecords(ds Dataset) *records {
	r := &records{}
	r.ds.offer(ds)
	return r
}

// get returns the dataset, folding the log on first use.
func (r *records) get() Dataset {
	return r.ds.get(func() Dataset {
		out := r.base
		for _, k := range Kinds {
			k.fold(&out, r.base, r.log)
		}
		return out
	})
}

// then returns the records after c.
func (r *records) then(c Change) *records {
	if r.ds.ready.Load() || len(r.log) >= maxLog {
		return &records{base: r.get(), log: []Change{c}}
	}
	return &records{base: r.base, log: append(slices.Clip(r.log), c)}
}

// fold sets out's list of this kind to base's after the deletes and
// upserts of log, in order, as Without then Upsert make them: a deleted
// record leaves its place, an upserted one replaces the record with its
// key where it is or comes last. Untouched kinds share base's list.
func (k kind[T]) fold(out *Dataset, base Dataset, log []Change) {
	touched := map[string]int{}
	for _, c := range log {
		for _, r := range *k.slice(&c.Delete) {
			touched[r.Key()] = -1
		}
		for _, r := range *k.slice(&c.Upsert) {
			touched[r.Key()] = -1
		}
	}
	if len(touched) == 0 {
		return
	}
	list := slices.Clone(*k.slice(&base))
	for i := range list {
		if key := list[i].Key(); touched[key] == -1 {
			touched[key] = i
		}
	}
	dead := make([]bool, len(list))
	for _, c := range log {
		for _, r := range *k.slice(&c.Delete) {
			if i := touched[r.Key()]; i >= 0 {
				dead[i] = true
				touched[r.Key()] = -1
			}
		}
		for _, r := range *k.slice(&c.Upsert) {
			if i := touched[r.Key()]; i >= 0 {
				list[i] = r
				continue
			}
			touched[r.Key()] = len(list)
			list = append(list, r)
			dead = append(dead, false)
		}
	}
	kept := list[:0]
	for i := range list {
		if !dead[i] {
			kept = append(kept, list[i])
		}
	}
	if len(kept) == 0 {
		kept = nil
	}
	*k.slice(out) = kept
}

// layered is an index of lists by key that patched snapshots share: a
// patch copies only the keys it changes (over), not the whole map (the
// skills' REQUIRES index has 44,000 keys, copied per write it was most of
// a small write's cost); reads look in over first. over is folded into a
// new base once it holds an eighth as many keys.
type layered[T any] struct {
	base map[string][]*T
	over map[string][]*T // a nil list: the key is deleted
}

func (m layered[T]) get(k string) []*T {
	if l, ok := m.over[k]; ok {
		return l
	}
	return m.base[k]
}

// longest is the length of the longest list.
func (m layered[T]) longest() int {
	n := 0
	for k, l := range m.base {
		if _, ok := m.over[k]; !ok {
			n = max(n, len(l))
		}
	}
	return max(n, longest(m.over))
}

// each calls f with every list.
func (m layered[T]) each(f func([]*T)) {
	for k, l := range m.base {
		if _, ok := m.over[k]; !ok {
			f(l)
		}
	}
	for _, l := range m.over {
		if l != nil {
			f(l)
		}
	}
}

// patched returns a copy of m that set may change.
func (m layered[T]) patched() layered[T] {
	m.base, m.over = patchOver(m.base, m.over, func(l []*T) bool { return l == nil })
	return m
}

// flat returns the index as one map.
func (m layered[T]) flat() map[string][]*T {
	return flatOver(m.base, m.over, func(l []*T) bool { return l == nil })
}

// set sets k's list, or deletes k when it is empty (Build leaves no empty
// list). Only on a copy from patched.
func (m layered[T]) set(k string, l []*T) {
	if len(l) > 0 {
		m.over[k] = l
	} else if _, ok := m.base[k]; ok {
		m.over[k] = nil
	} else {
		delete(m.over, k)
	}
}

// patchOver is what patched does for layered and byKey: an overlay (over
// on base; a gone value deletes its key) that a write may change: the
// overlay copied, or folded into a new base once refold says so.
func patchOver[V any](base, over map[string]V, gone func(V) bool) (map[string]V, map[string]V) {
	if refold(len(over), len(base)) {
		return flatOver(base, over, gone), map[string]V{}
	}
	if over = maps.Clone(over); over == nil {
		over = map[string]V{}
	}
	return base, over
}

// flatOver is an overlay as one map.
func flatOver[V any](base, over map[string]V, gone func(V) bool) map[string]V {
	out := maps.Clone(base)
	for k, v := range over {
		if gone(v) {
			delete(out, k)
		} else {
			out[k] = v
		}
	}
	return out
}

// refold reports whether an overlay of over keys on a base of base keys
// is folded into a new base: once it holds an eighth as many, so that
// copying it per write stays small and the fold is paid once per many.
func refold(over, base int) bool { return over > 64 && over*8 > base }

// byKey is a table's map of records by id or slug that patched snapshots
// share, as layered is for lists: a patch copies the keys it changes
// (over; nil: the key is deleted), not the whole map (the roles' ids and
// slugs, 4,598 keys each, copied per write were the largest part of what
// a small write allocated).
type byKey[T any] struct {
	base map[string]*T
	over map[string]*T
}

func (m byKey[T]) get(k string) *T {
	if r, ok := m.over[k]; ok {
		return r
	}
	return m.base[k]
}

// patched returns a copy of m that set and del may change.
func (m byKey[T]) patched() byKey[T] {
	m.base, m.over = patchOver(m.base, m.over, func(r *T) bool { return r == nil })
	return m
}

// flat returns the map as one.
func (m byKey[T]) flat() map[string]*T {
	return flatOver(m.base, m.over, func(r *T) bool { return r == nil })
}

// set sets k's record (not nil). Only on a copy from patched.
func (m byKey[T]) set(k string, r *T) { m.over[k] = r }

// del deletes k. Only on a copy from patched.
func (m byKey[T]) del(k string) {
	if _, ok := m.base[k]; ok {
		m.over[k] = nil
	} else {
		delete(m.over, k)
	}
}

// listIndex is an index of lists by key that a patch changes: a plain map
// (plain) or a layered one.
type listIndex[T any] interface {
	get(k string) []*T
	set(k string, l []*T)
}

type plain[T any] map[string][]*T

func (m plain[T]) get(k string) []*T    { return m[k] }
func (m plain[T]) set(k string, l []*T) { setList(m, k, l) }
