package career

import "slices"

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
