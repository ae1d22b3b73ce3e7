package graph

import (
	"encoding/base64"
	"hash/maphash"
	"strings"
	"sync/atomic"

	"careergraph/career"
	"careergraph/graph/model"
)

// Page size bounds for every connection.
const (
	DefaultPageSize = 20
	MaxPageSize     = career.MaxPageSize
)

const cursorPrefix = "cursor:v1:"

func encodeCursor(id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(cursorPrefix + id))
}

// cursors memoises encodeCursor: a cursor is a pure function of its
// item's id, and the pages clients ask for most (a list's first pages)
// hand out the same few hundred cursors request after request. Encoding
// them was a page's largest allocation (1.3 KB for roles(first: 20) on the
// full graph); a hit allocates nothing. The cache is direct-mapped on a
// hash of the id, so its memory is bounded (cursorSlots entries, ~100 B
// each when full) whatever clients page through, and a miss (a new id or
// a collision) costs what encodeCursor did plus one small entry. Ids are
// the same across snapshots, so it outlives a write.
var cursors = struct {
	seed  maphash.Seed
	slots [cursorSlots]atomic.Pointer[cursorEntry]
}{seed: maphash.MakeSeed()}

const cursorSlots = 4096 // a power of two

type cursorEntry struct{ id, cursor string }

// cursorOf is encodeCursor(id), from the cache when it holds id.
func cursorOf(id string) string {
	slot := &cursors.slots[maphash.String(cursors.seed, id)&(cursorSlots-1)]
	if e := slot.Load(); e != nil && e.id == id {
		return e.cursor
	}
	c := encodeCursor(id)
	slot.Store(&cursorEntry{id: strings.Clone(id), cursor: c})
	return c
}

// decodeCursor returns the id a cursor points at.
func decodeCursor(c string) (string, error) {
	raw, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || !strings.HasPrefix(string(raw), cursorPrefix) {
		return "", badInput("after: %q is not a cursor from this API", c)
	}
	return strings.TrimPrefix(string(raw), cursorPrefix), nil
}

// paginate cuts one page out of a list. A cursor is the id of the item the
// page starts after; lists are deterministic for a snapshot, so the same
// cursor gives the same page until the data changes. The page's cursors
// are cursorOf(id(item)); edges writes them for the edges.
func paginate[T any](items []*T, id func(*T) string, first *int, after *string) ([]*T, *model.PageInfo, error) {
	n := DefaultPageSize
	if first != nil {
		n = *first
	}
	if n < 0 || n > MaxPageSize {
		return nil, nil, badInput("first: %d is out of range, it must be between 0 and %d", n, MaxPageSize)
	}
	start := 0
	if after != nil {
		afterID, err := decodeCursor(*after)
		if err != nil {
			return nil, nil, err
		}
		start = -1
		for i, it := range items {
			if id(it) == afterID {
				start = i + 1
				break
			}
		}
		if start < 0 {
			return nil, nil, badInput("after: the cursor's item is not in this list (the data or the filter changed); start again without after")
		}
	}
	end := min(start+n, len(items))
	page := items[start:end]
	// The page info and its two cursors in one allocation.
	p := &struct {
		info       model.PageInfo
		start, end string
	}{info: model.PageInfo{HasNextPage: end < len(items), HasPreviousPage: start > 0}}
	if len(page) > 0 {
		p.start, p.end = cursorOf(id(page[0])), cursorOf(id(page[len(page)-1]))
		p.info.StartCursor, p.info.EndCursor = &p.start, &p.end
	}
	return page, &p.info, nil
}

// The domain's sort keys for each list's GraphQL order field.
var (
	roleSorts     = map[model.RoleOrderField]career.SortKey{model.RoleOrderFieldName: career.ByName, model.RoleOrderFieldStartingSalary: career.ByStartingSalary, model.RoleOrderFieldRemoteWork: career.ByRemoteWork}
	skillSorts    = map[model.SkillOrderField]career.SortKey{model.SkillOrderFieldName: career.ByName, model.SkillOrderFieldDemand: career.ByDemand}
	trainingSorts = map[model.TrainingOrderField]career.SortKey{model.TrainingOrderFieldName: career.ByName, model.TrainingOrderFieldDuration: career.ByDuration}
	employerSorts = map[model.EmployerOrderField]career.SortKey{model.EmployerOrderFieldName: career.ByName, model.EmployerOrderFieldRolesHired: career.ByRolesHired}
)

// order translates a list's GraphQL order field and direction.
func order[F comparable](keys map[F]career.SortKey, field F, dir *model.OrderDirection) career.Order {
	return career.Order{By: keys[field], Desc: dir != nil && *dir == model.OrderDirectionDesc}
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// edges makes a page's edges, in one array (not one allocation each),
// each with its node's cursor.
func edges[T, E any](nodes []*T, id func(*T) string, mk func(string, *T) E) []*E {
	all := make([]E, len(nodes))
	out := make([]*E, len(nodes))
	for i, n := range nodes {
		all[i] = mk(cursorOf(id(n)), n)
		out[i] = &all[i]
	}
	return out
}

// lookup finds a node by id or slug; exactly one must be given.
func lookup[T any](id, slug *string, byID, bySlug func(string) *T) (*T, error) {
	switch {
	case id != nil && slug != nil:
		return nil, badInput("give either id or slug, not both")
	case id != nil:
		return byID(*id), nil
	case slug != nil:
		return bySlug(*slug), nil
	}
	return nil, badInput("give id or slug")
}

// Search bounds.
const (
	MaxSearchHits = 50
	MaxSearchLen  = 200
)

// ptrs points at each element of a slice the snapshot returned by value.
func ptrs[T any](s []T) []*T {
	out := make([]*T, len(s))
	for i := range s {
		out[i] = &s[i]
	}
	return out
}

// roleConnection pages a role list.
func roleConnection(list []*career.Role, first *int, after *string) (*model.RoleConnection, error) {
	id := func(r *career.Role) string { return r.ID }
	nodes, info, err := paginate(list, id, first, after)
	if err != nil {
		return nil, err
	}
	return &model.RoleConnection{Nodes: nodes, PageInfo: info, TotalCount: len(list),
		Edges: edges(nodes, id, func(c string, n *career.Role) model.RoleEdge { return model.RoleEdge{Cursor: c, Node: n} })}, nil
}

// skillConnection pages a skill list.
func skillConnection(list []*career.Skill, first *int, after *string) (*model.SkillConnection, error) {
	id := func(s *career.Skill) string { return s.ID }
	nodes, info, err := paginate(list, id, first, after)
	if err != nil {
		return nil, err
	}
	return &model.SkillConnection{Nodes: nodes, PageInfo: info, TotalCount: len(list),
		Edges: edges(nodes, id, func(c string, n *career.Skill) model.SkillEdge { return model.SkillEdge{Cursor: c, Node: n} })}, nil
}

// topOr is *top, or def when the argument is absent (0 stays 0, and is
// refused as out of range).
func topOr(top *int, def int) int {
	if top == nil {
		return def
	}
	return *top
}
