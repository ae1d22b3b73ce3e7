package career

import (
	"cmp"
	"slices"
	"sync"
	"sync/atomic"
)

// Graph is an immutable snapshot of the whole career graph with the indexes
// every read needs. It is built once per committed write and then shared by
// all readers without locks; nothing may modify it after Build.
//
// A Graph is a pointer to its snapshot and a meter: a request's metered
// view (Metered) shares the snapshot and allocates only those few words,
// not a copy of the whole struct.
type Graph struct {
	*snapshot
	// work meters a request's reads (Metered); root is the snapshot a
	// metered copy reads, which builds the indexes.
	work *Work
	root *Graph
}

// snapshot is a Graph's records and indexes.
type snapshot struct {
	version uint64
	ds      *records

	roles     table[Role]
	skills    table[Skill]
	trainings table[Training]
	employers table[Employer]
	sources   map[string]*Source
	levels    map[string]*Level

	levelsByRole    map[string][]*Level
	requiresByRole  layered[Requires]
	requiresBySkill layered[Requires]
	leadsByRole     map[string][]*LeadsTo
	leadsByTraining map[string][]*LeadsTo
	hiresByRole     map[string][]*Hires
	hiresByEmployer map[string][]*Hires
	out, in         layered[Transition]
	similar         map[string][]SimilarRole

	groups      table[Group]
	groupByCode map[string]*Group // kind + "\x00" + code
	childGroups map[string][]*Group
	narrower    map[string][]*Role
	linksFrom   map[string][]*SkillLink
	linksTo     map[string][]*SkillLink
	// romeChildren are a macro-compétence's compétences by name, keyed by
	// its ROME code.
	romeChildren map[string][]*Skill

	// Built on first use, once per snapshot. The search index is most of
	// a snapshot's cost at ESCO size, so a write answers before it exists
	// (Live warms it in the background after the swap).
	search *lazy[*searchIndex]
	pathIx *lazy[*pathIndex]
	stats  *lazy[Stats]
	// ext holds the per-snapshot indexes of other packages (Memo).
	ext  *extIndexes
	rome *lazy[romeIndex]
	ix   *indexes
}

// SimilarRole is a role similar to another, seen from that other role.
type SimilarRole struct {
	Role  *Role
	Score float64
}

// table indexes one kind of node by id and slug and keeps it sorted by name.
type table[T any] struct {
	list   []*T
	byID   byKey[T]
	bySlug byKey[T]
}

// fields says how a table reads its records: id, slug, and the name it
// sorts by.
type fields[T any] struct{ id, slug, name func(*T) string }

var (
	roleFields     = fields[Role]{func(r *Role) string { return r.ID }, func(r *Role) string { return r.Slug }, func(r *Role) string { return r.Name }}
	skillFields    = fields[Skill]{func(s *Skill) string { return s.ID }, func(s *Skill) string { return s.Slug }, func(s *Skill) string { return s.Name }}
	trainingFields = fields[Training]{func(t *Training) string { return t.ID }, func(t *Training) string { return t.Slug }, func(t *Training) string { return t.Name }}
	employerFields = fields[Employer]{func(e *Employer) string { return e.ID }, func(e *Employer) string { return e.Slug }, func(e *Employer) string { return e.Name }}
	groupFields    = fields[Group]{func(g *Group) string { return g.ID }, func(g *Group) string { return g.Slug }, func(g *Group) string { return g.Code + " " + g.Name }}
)

func newTable[T any](items []T, f fields[T]) table[T] {
	t := table[T]{
		list:   make([]*T, len(items)),
		byID:   byKey[T]{base: make(map[string]*T, len(items))},
		bySlug: byKey[T]{base: make(map[string]*T, len(items))},
	}
	folded := make(map[*T]string, len(items))
	// The table points into items (Build's own clone, kept as the
	// snapshot's records), as the relationship indexes do: a copy per
	// record was 12 MB and 45,000 objects more to mark on the full graph.
	for i := range items {
		it := &items[i]
		t.list[i] = it
		t.byID.base[f.id(it)] = it
		t.bySlug.base[f.slug(it)] = it
		folded[it] = Fold(f.name(it))
	}
	slices.SortFunc(t.list, func(a, b *T) int {
		return cmp.Or(cmp.Compare(folded[a], folded[b]), cmp.Compare(f.id(a), f.id(b)))
	})
	return t
}

// Build validates ds and indexes it. version is the store's write counter.
// An invalid dataset returns a *ValidationError listing every problem found.
func Build(ds Dataset, version uint64) (*Graph, error) {
	if err := Validate(ds); err != nil {
		return nil, err
	}
	// Own the records: a caller editing its slices later must not reach into
	// a snapshot that readers share.
	ds = ds.Clone()
	ds.intern()
	g := &Graph{snapshot: &snapshot{
		version:   version,
		ds:        builtRecords(ds),
		roles:     newTable(ds.Roles, roleFields),
		skills:    newTable(ds.Skills, skillFields),
		trainings: newTable(ds.Trainings, trainingFields),
		employers: newTable(ds.Employers, employerFields),
		sources:   make(map[string]*Source, len(ds.Sources)),
		levels:    make(map[string]*Level, len(ds.Levels)),

		levelsByRole:    map[string][]*Level{},
		requiresByRole:  layered[Requires]{base: map[string][]*Requires{}},
		requiresBySkill: layered[Requires]{base: map[string][]*Requires{}},
		leadsByRole:     map[string][]*LeadsTo{},
		leadsByTraining: map[string][]*LeadsTo{},
		hiresByRole:     map[string][]*Hires{},
		hiresByEmployer: map[string][]*Hires{},
		out:             layered[Transition]{base: map[string][]*Transition{}},
		in:              layered[Transition]{base: map[string][]*Transition{}},
		similar:         map[string][]SimilarRole{},

		groups:      newTable(ds.Groups, groupFields),
		groupByCode: make(map[string]*Group, len(ds.Groups)),
		childGroups: map[string][]*Group{},
		narrower:    map[string][]*Role{},
		linksFrom:   map[string][]*SkillLink{},
		linksTo:     map[string][]*SkillLink{},

		romeChildren: map[string][]*Skill{},
	}}
	for _, s := range g.skills.list {
		if s.Rome == nil || s.Rome.ParentID == nil {
			continue
		}
		if p := g.skills.byID.get(*s.Rome.ParentID); p != nil && p.Rome != nil {
			g.romeChildren[p.Rome.Code] = append(g.romeChildren[p.Rome.Code], s)
		}
	}
	for _, r := range g.roles.list {
		if r.BroaderID != nil {
			g.narrower[*r.BroaderID] = append(g.narrower[*r.BroaderID], r)
		}
	}
	// Groups list by code, so a tree reads in classification order.
	slices.SortFunc(g.groups.list, func(a, b *Group) int { return cmp.Or(cmp.Compare(a.Code, b.Code), cmp.Compare(a.ID, b.ID)) })
	for _, gr := range g.groups.list {
		g.groupByCode[string(gr.Kind)+"\x00"+gr.Code] = gr
		parent := ""
		if gr.ParentID != nil {
			parent = *gr.ParentID
		}
		g.childGroups[parent] = append(g.childGroups[parent], gr)
	}
	for i := range ds.Sources {
		g.sources[ds.Sources[i].ID] = &ds.Sources[i]
	}
	for i := range ds.Levels {
		g.levels[ds.Levels[i].ID] = &ds.Levels[i]
	}
	indexBy(ds.Levels, g.levelsByRole, func(l *Level) string { return l.RoleID }, levelOrder)
	indexBy(ds.SkillLinks, g.linksFrom, func(l *SkillLink) string { return l.FromID }, linkOrder)
	indexBy(ds.SkillLinks, g.linksTo, func(l *SkillLink) string { return l.ToID }, linkOrder)
	indexBy(ds.Requires, g.requiresByRole.base, func(r *Requires) string { return r.RoleID }, g.roleSkillOrder)
	indexBy(ds.Requires, g.requiresBySkill.base, func(r *Requires) string { return r.SkillID }, skillRoleOrder)
	indexBy(ds.LeadsTo, g.leadsByRole, func(l *LeadsTo) string { return l.RoleID }, leadsOrder)
	indexBy(ds.LeadsTo, g.leadsByTraining, func(l *LeadsTo) string { return l.TrainingID }, leadsOrder)
	indexBy(ds.Hires, g.hiresByRole, func(h *Hires) string { return h.RoleID }, hiresOrder)
	indexBy(ds.Hires, g.hiresByEmployer, func(h *Hires) string { return h.EmployerID }, hiresOrder)
	indexBy(ds.Transitions, g.out.base, func(t *Transition) string { return t.FromID }, transOrder)
	indexBy(ds.Transitions, g.in.base, func(t *Transition) string { return t.ToID }, transOrder)
	for _, s := range ds.Similar {
		g.similar[s.AID] = append(g.similar[s.AID], SimilarRole{Role: g.roles.byID.get(s.BID), Score: s.Score})
		g.similar[s.BID] = append(g.similar[s.BID], SimilarRole{Role: g.roles.byID.get(s.AID), Score: s.Score})
	}
	for _, ss := range g.similar {
		slices.SortFunc(ss, similarOrder)
	}
	g.freshIndexes()
	// The list sizes every request is priced by (~170 ms at full size, a
	// few percent of Build): the first request after a load or a rebuild
	// waited for them, and the patches after it bound theirs from them.
	g.ExactSizes()
	return g, nil
}

// PackLists moves the lists of ls into one array, in order, each clipped
// (an append copies): one object for the collector to mark instead of one
// per list, and neighbours in memory load together.
func PackLists[T any](ls [][]T) {
	n := 0
	for _, l := range ls {
		n += len(l)
	}
	all := make([]T, 0, n)
	for i, l := range ls {
		at := len(all)
		all = append(all, l...)
		ls[i] = all[at:len(all):len(all)]
	}
}

// indexBy lists each record under its key in m, each list in order.
func indexBy[T any](records []T, m map[string][]*T, key func(*T) string, order func(a, b *T) int) {
	for i := range records {
		k := key(&records[i])
		m[k] = append(m[k], &records[i])
	}
	// The lists in one array (PackLists): one object for the collector to
	// mark, not one per key (48,000 for the full graph's REQUIRES).
	keys, lists := make([]string, 0, len(m)), make([][]*T, 0, len(m))
	for k, l := range m {
		slices.SortFunc(l, order)
		keys, lists = append(keys, k), append(lists, l)
	}
	PackLists(lists)
	for i, k := range keys {
		m[k] = lists[i]
	}
}

// The orders of the index lists, which Build and Patch both keep: each
// ends on ids, so a list reads the same whatever order the store returned
// the records in.
func levelOrder(a, b *Level) int { return cmp.Or(cmp.Compare(a.Rank, b.Rank), cmp.Compare(a.ID, b.ID)) }

// linkOrder lists a skill's BUILDS_ON links (either way) essential first,
// then by the ids of their ends.
func linkOrder(a, b *SkillLink) int {
	return cmp.Or(cmp.Compare(importanceOrder(a.Importance), importanceOrder(b.Importance)), cmp.Compare(a.FromID, b.FromID), cmp.Compare(a.ToID, b.ToID))
}

func importanceOrder(i Importance) int {
	if i == Essential {
		return 0
	}
	return 1
}

func (g *Graph) roleSkillOrder(a, b *Requires) int {
	ca, cb := g.skills.byID.get(a.SkillID).Category, g.skills.byID.get(b.SkillID).Category
	return cmp.Or(cmp.Compare(categoryOrder(ca), categoryOrder(cb)), cmp.Compare(a.Rank, b.Rank), cmp.Compare(a.SkillID, b.SkillID))
}

func skillRoleOrder(a, b *Requires) int {
	return cmp.Or(cmp.Compare(a.Rank, b.Rank), cmp.Compare(a.RoleID, b.RoleID))
}

func leadsOrder(a, b *LeadsTo) int {
	return cmp.Or(cmp.Compare(a.Rank, b.Rank), cmp.Compare(a.TrainingID, b.TrainingID), cmp.Compare(a.RoleID, b.RoleID))
}

func hiresOrder(a, b *Hires) int {
	return cmp.Or(cmp.Compare(a.Rank, b.Rank), cmp.Compare(a.EmployerID, b.EmployerID), cmp.Compare(a.RoleID, b.RoleID))
}

func transOrder(a, b *Transition) int {
	return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Rank, b.Rank), cmp.Compare(a.FromID, b.FromID), cmp.Compare(a.ToID, b.ToID))
}

func similarOrder(a, b SimilarRole) int {
	return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.Role.ID, b.Role.ID))
}

func categoryOrder(c Category) int { return slices.Index(Categories, c) }

// freshIndexes gives g lazy indexes of its own, built on first use: a new
// snapshot (Build, patch) shares none with the one it was made from.
func (g *Graph) freshIndexes() {
	g.search, g.pathIx, g.stats, g.ext, g.rome, g.ix = &lazy[*searchIndex]{}, &lazy[*pathIndex]{}, &lazy[Stats]{}, &extIndexes{}, &lazy[romeIndex]{}, &indexes{}
}

// lazy is a value computed once, on first use.
type lazy[T any] struct {
	once  sync.Once
	v     T
	ready atomic.Bool // v is set
	mu    sync.Mutex
	ch    chan struct{} // closed once v is set (built)
}

func (l *lazy[T]) get(f func() T) T {
	l.once.Do(func() { l.set(f()) })
	return l.v
}

// offer sets the value computed elsewhere, unless it is set already.
func (l *lazy[T]) offer(v T) { l.once.Do(func() { l.set(v) }) }

func (g *Graph) searchIx() *searchIndex { return wait(g, g.search, newSearchIndex) }

// Warm builds the indexes Build leaves for later, so the first reader
// that needs one does not wait: search, the path index and the MCC
// viability of every transition (on the full graph, half a second that
// the first viableOnly route after each write would otherwise pay).
func (g *Graph) Warm() { g.WarmUntil(never) }

// WarmUntil is Warm, given up as soon as stop says so (checked every few
// hundred records): a snapshot a newer one has replaced is not worth
// indexing. It reports whether every index is built. An index given up is
// left unbuilt, never half built: a reader builds it whole on first use.
func (g *Graph) WarmUntil(stop func() bool) bool {
	if !g.search.ready.Load() {
		ix := buildSearchIndex(g, stop)
		if ix == nil {
			return false
		}
		g.search.offer(ix)
	}
	if stop() {
		return false
	}
	ix := g.paths()
	if stop() {
		return false
	}
	v := ix.computeViable(stop)
	if v == nil {
		return false
	}
	ix.viableOnce.Do(func() { ix.viable = v })
	// The list sizes the API prices by, and betweenness (0.9 s at full
	// size, which the first graphStats after a write would wait for).
	if stop() {
		return false
	}
	g.ExactSizes()
	if stop() {
		return false
	}
	g.warmOrders() // skills by demand: ~0.1 s
	if stop() {
		return false
	}
	g.Stats()
	// The other packages' indexes (OnWarm), each whole, between checks.
	for _, w := range warmers {
		if stop() {
			return false
		}
		w(g)
	}
	return true
}

// extIndexes are indexes that other packages build on a snapshot (the
// text linker's), once per snapshot like search.
type extIndexes struct {
	mu sync.Mutex
	m  map[any]*lazy[any]
}

// Memo returns the index that build makes of this snapshot under key,
// building it on first use; later calls with the key share it. A patched
// or rebuilt snapshot starts with none, as it does for search.
func (g *Graph) Memo(key any, build func(*Graph) any) any {
	g.ext.mu.Lock()
	l := g.ext.m[key]
	if l == nil {
		if g.ext.m == nil {
			g.ext.m = map[any]*lazy[any]{}
		}
		l = &lazy[any]{}
		g.ext.m[key] = l
	}
	g.ext.mu.Unlock()
	return wait(g, l, build)
}

// warmers are what Warm also builds, registered by the packages that own
// them (OnWarm) when the program starts.
var warmers []func(*Graph)

// OnWarm adds f to what Warm does. Call it from an init function only:
// warmers is read without a lock.
func OnWarm(f func(*Graph)) { warmers = append(warmers, f) }
