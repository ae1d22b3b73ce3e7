package career

import (
	"cmp"
	"maps"
	"slices"
)

// PatchLimit is the largest write Patch takes. A small write patches the
// snapshot in milliseconds whatever the graph's size; past a few dozen
// records, rebuilding (Build) costs less per record.
const PatchLimit = 64

// Patch returns the snapshot with the records of u upserted, made from g by
// copying only what they change: the lists and maps they touch are copied
// and patched, everything else is shared with g, which stays as it was.
// The lazy indexes (search, paths, stats) are rebuilt on first use; its
// Sizes are bounded from g's until then (estimateSizes).
//
// ok is false when Patch does not take the write: an empty or large one,
// one that adds or changes a classification group or changes a skill's
// category (whole trees or orders move), or one whose records break a rule
// of Validate. Build on the upserted dataset then gives the snapshot, or
// the list of problems; Apply takes the closure's problems instead when
// the closure alone breaks a rule (see patch).
// When ok, the result equals Build(g.Dataset().Upsert(u)).
func (g *Graph) Patch(u Dataset) (next *Graph, ok bool) {
	next, ok, _ = g.patch(Change{Version: g.version, Upsert: u})
	return next, ok
}

// DeleteLimit is the most records a patched delete removes (the deleted
// nodes and their cascade): removing costs a copy of the lists it
// touches, whatever its size, but past this a rebuild costs as little.
const DeleteLimit = 4096

// patch returns the snapshot after c, made as Patch makes it: deletes
// first (records matched by key, each deleted node taking no record that
// still points at it), then upserts. ok is false when Patch would not
// take the upsert or patchDelete the delete. refused is Validate's
// verdict on the closure of an upsert Patch would take but whose records
// break a rule: Build would refuse the write too (TestPatchEqualsBuild),
// so Apply refuses it at the closure's cost, not a whole rebuild's.
func (g *Graph) patch(c Change) (next *Graph, ok bool, refused error) {
	u, d := c.Upsert, c.Delete
	if n, m := u.Len(), d.Len(); n+m == 0 || n > PatchLimit || m > DeleteLimit || len(u.Groups) > 0 {
		return nil, false, nil
	}
	p := g.clone()
	known := g.knownSizes()
	p.freshIndexes()
	if d.Len() > 0 && !p.patchDelete(d) {
		return nil, false, nil
	}
	if u.Len() > 0 {
		if !p.patchable(u) {
			return nil, false, nil
		}
		if err := Validate(p.closure(u)); err != nil {
			if !u.uniqueKeys() {
				return nil, false, nil // the closure holds both, Build the last: Build says
			}
			return nil, false, err
		}
		u = u.Clone() // own the records, as Build does
		p.patchNodes(u)
		p.patchRelationships(u)
	}
	p.ds = g.ds.then(Change{Version: c.Version, Delete: d, Upsert: u})
	if known != nil {
		p.ix.estimate = p.estimateSizes(known, u)
	}
	return p, true, nil
}

// Change is one write: records deleted, then records upserted, and the
// version the store gave it.
type Change struct {
	Version        uint64
	Delete, Upsert Dataset
}

// Apply returns the snapshot after the changes, in order, at the last
// one's version. Writes Patch takes (small upserts, deletes whose cascade
// is in them) are patched;
// from the first that is not, the rest are folded into the records and
// the snapshot is built once, so replaying many writes never builds many
// times. A write's own upsert and a replica's replay both go through it.
func (g *Graph) Apply(changes ...Change) (*Graph, error) {
	for i, c := range changes {
		p, ok, refused := g.patch(c)
		if refused != nil {
			// A bad small write (a hostile client's, sent again and again)
			// costs its closure's check, not a rebuild of the whole graph.
			return nil, refused
		}
		if ok {
			g = p.WithVersion(c.Version)
			continue
		}
		ds := g.Dataset()
		for _, c := range changes[i:] {
			if c.Delete.Len() > 0 {
				ds = ds.Without(c.Delete)
			}
			ds = ds.Upsert(c.Upsert)
		}
		return Build(ds, changes[len(changes)-1].Version)
	}
	return g, nil
}

// patchTable returns t with items added or replacing those of the same id,
// its list kept in order.
func patchTable[T any](t table[T], f fields[T], items []T) (table[T], map[string]*T) {
	n := table[T]{list: slices.Clone(t.list), byID: t.byID.patched(), bySlug: t.bySlug.patched()}
	old := map[string]*T{}
	for i := range items {
		it := items[i]
		p := &it
		id := f.id(p)
		if o := n.byID.get(id); o != nil {
			old[id] = o
			n.list = slices.DeleteFunc(n.list, func(x *T) bool { return x == o })
			if n.bySlug.get(f.slug(o)) == o {
				n.bySlug.del(f.slug(o))
			}
		}
		n.byID.set(id, p)
		n.bySlug.set(f.slug(p), p)
		n.list = insertSorted(n.list, p, f)
	}
	return n, old
}

// insertSorted puts p where newTable's order has it: by folded name, then id.
func insertSorted[T any](list []*T, p *T, f fields[T]) []*T {
	key, id := Fold(f.name(p)), f.id(p)
	i, _ := slices.BinarySearchFunc(list, p, func(a, _ *T) int {
		return cmp.Or(cmp.Compare(Fold(f.name(a)), key), cmp.Compare(f.id(a), id))
	})
	return slices.Insert(list, i, p)
}

func (p *Graph) patchNodes(u Dataset) {
	if len(u.Roles) > 0 {
		var old map[string]*Role
		p.roles, old = patchTable(p.roles, roleFields, u.Roles)
		p.narrower = maps.Clone(p.narrower)
		p.similar = maps.Clone(p.similar)
		for _, r := range u.Roles {
			now := p.roles.byID.get(r.ID)
			if o := old[r.ID]; o != nil {
				if o.BroaderID != nil {
					setList(p.narrower, *o.BroaderID, slices.DeleteFunc(slices.Clone(p.narrower[*o.BroaderID]), func(x *Role) bool { return x == o }))
				}
				// The similar lists of its neighbours point at the role.
				for _, s := range p.similar[r.ID] {
					p.similar[s.Role.ID] = slices.Clone(p.similar[s.Role.ID])
					for i := range p.similar[s.Role.ID] {
						if p.similar[s.Role.ID][i].Role == o {
							p.similar[s.Role.ID][i].Role = now
						}
					}
				}
			}
			if now.BroaderID != nil {
				p.narrower[*now.BroaderID] = insertSorted(slices.Clone(p.narrower[*now.BroaderID]), now, roleFields)
			}
		}
	}
	if len(u.Skills) > 0 {
		p.skills, _ = patchTable(p.skills, skillFields, u.Skills)
	}
	if len(u.Trainings) > 0 {
		p.trainings, _ = patchTable(p.trainings, trainingFields, u.Trainings)
	}
	if len(u.Employers) > 0 {
		p.employers, _ = patchTable(p.employers, employerFields, u.Employers)
	}
	if len(u.Sources) > 0 {
		p.sources = maps.Clone(p.sources)
		for _, s := range u.Sources {
			p.sources[s.ID] = own(s)
		}
	}
	if len(u.Levels) > 0 {
		p.levels, p.levelsByRole = maps.Clone(p.levels), maps.Clone(p.levelsByRole)
		for _, rec := range u.Levels {
			l := own(rec)
			if o := p.levels[l.ID]; o != nil {
				setList(p.levelsByRole, o.RoleID, slices.DeleteFunc(slices.Clone(p.levelsByRole[o.RoleID]), func(x *Level) bool { return x == o }))
			}
			p.levels[l.ID] = l
			p.levelsByRole[l.RoleID] = relist(p.levelsByRole[l.RoleID], nil, l, levelOrder)
		}
	}
}

// relist returns a copy of list without old, with add, in order (order nil:
// add goes where old was, or last).
func relist[T any](list []*T, old, add *T, order func(a, b *T) int) []*T {
	out := slices.Clone(list)
	if order == nil {
		if i := slices.Index(out, old); old != nil && i >= 0 {
			out[i] = add
			return out
		}
		return append(out, add)
	}
	if old != nil {
		out = slices.DeleteFunc(out, func(x *T) bool { return x == old })
	}
	out = append(out, add)
	slices.SortFunc(out, order)
	return out
}

func (p *Graph) patchRelationships(u Dataset) {
	if len(u.Requires) > 0 {
		p.requiresByRole, p.requiresBySkill = p.requiresByRole.patched(), p.requiresBySkill.patched()
		patchRel(u.Requires, func(a, b *Requires) bool { return a.RoleID == b.RoleID && a.SkillID == b.SkillID },
			func(r *Requires) (string, string) { return r.RoleID, r.SkillID }, p.requiresByRole, p.requiresBySkill, p.roleSkillOrder, skillRoleOrder)
	}
	if len(u.SkillLinks) > 0 {
		p.linksFrom, p.linksTo = maps.Clone(p.linksFrom), maps.Clone(p.linksTo)
		patchRel(u.SkillLinks, func(a, b *SkillLink) bool { return a.FromID == b.FromID && a.ToID == b.ToID },
			func(l *SkillLink) (string, string) { return l.FromID, l.ToID }, plain[SkillLink](p.linksFrom), plain[SkillLink](p.linksTo), linkOrder, linkOrder)
	}
	if len(u.LeadsTo) > 0 {
		p.leadsByRole, p.leadsByTraining = maps.Clone(p.leadsByRole), maps.Clone(p.leadsByTraining)
		patchRel(u.LeadsTo, func(a, b *LeadsTo) bool { return a.TrainingID == b.TrainingID && a.RoleID == b.RoleID },
			func(l *LeadsTo) (string, string) { return l.RoleID, l.TrainingID }, plain[LeadsTo](p.leadsByRole), plain[LeadsTo](p.leadsByTraining), leadsOrder, leadsOrder)
	}
	if len(u.Hires) > 0 {
		p.hiresByRole, p.hiresByEmployer = maps.Clone(p.hiresByRole), maps.Clone(p.hiresByEmployer)
		patchRel(u.Hires, func(a, b *Hires) bool { return a.EmployerID == b.EmployerID && a.RoleID == b.RoleID },
			func(h *Hires) (string, string) { return h.RoleID, h.EmployerID }, plain[Hires](p.hiresByRole), plain[Hires](p.hiresByEmployer), hiresOrder, hiresOrder)
	}
	if len(u.Transitions) > 0 {
		p.out, p.in = p.out.patched(), p.in.patched()
		patchRel(u.Transitions, func(a, b *Transition) bool { return a.FromID == b.FromID && a.ToID == b.ToID && a.Kind == b.Kind },
			func(t *Transition) (string, string) { return t.FromID, t.ToID }, p.out, p.in, transOrder, transOrder)
	}
	if len(u.Similar) > 0 {
		p.similar = maps.Clone(p.similar)
		for _, s := range u.Similar {
			a, b := p.roles.byID.get(s.AID), p.roles.byID.get(s.BID)
			p.similar[s.AID] = resimilar(p.similar[s.AID], b, s.Score)
			p.similar[s.BID] = resimilar(p.similar[s.BID], a, s.Score)
		}
	}
}

// setList sets m[k], or deletes it when list is empty, as Build leaves no
// empty list behind.
func setList[T any](m map[string][]*T, k string, list []*T) {
	if len(list) == 0 {
		delete(m, k)
		return
	}
	m[k] = list
}

// patchRel upserts add into the two indexes of the relationship by
// either end (ends gives them), each kept in its order (nil: where the
// old record was, or last). The maps are copies already.
func patchRel[T any](add []T, same func(a, b *T) bool, ends func(*T) (string, string),
	byA, byB listIndex[T], orderA, orderB func(a, b *T) int) {
	for i := range add {
		r := own(add[i])
		a, b := ends(r)
		old := find(byA.get(a), func(x *T) bool { return same(x, r) })
		byA.set(a, relist(byA.get(a), old, r, orderA))
		byB.set(b, relist(byB.get(b), old, r, orderB))
	}
}

// own returns a copy of r on its own. An index points at it rather than
// into the patched list: that list is a copy of the whole kind, which one
// pointer would keep alive for as long as the record lives, one copy per
// write.
func own[T any](r T) *T { return &r }

func find[T any](list []*T, match func(*T) bool) *T {
	if i := slices.IndexFunc(list, match); i >= 0 {
		return list[i]
	}
	return nil
}

// resimilar returns a copy of list with other's entry set to score.
func resimilar(list []SimilarRole, other *Role, score float64) []SimilarRole {
	out := slices.DeleteFunc(slices.Clone(list), func(s SimilarRole) bool { return s.Role.ID == other.ID })
	out = append(out, SimilarRole{Role: other, Score: score})
	slices.SortFunc(out, similarOrder)
	return out
}
