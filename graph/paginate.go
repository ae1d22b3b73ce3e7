package graph

import (
	"encoding/base64"
	"strings"
	"unsafe"

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

// encodeCursors is encodeCursor of each item's id, written into one
// allocation for the page instead of three per cursor.
func encodeCursors[T any](page []*T, id func(*T) string) []string {
	enc := base64.RawURLEncoding
	n := 0
	for _, it := range page {
		n += enc.EncodedLen(len(cursorPrefix) + len(id(it)))
	}
	buf := make([]byte, n)
	cursors := make([]string, len(page))
	var src [128]byte
	for i, it := range page {
		raw := append(append(src[:0], cursorPrefix...), id(it)...)
		m := enc.EncodedLen(len(raw))
		enc.Encode(buf[:m], raw)
		if m > 0 {
			cursors[i] = unsafe.String(&buf[0], m)
		}
		buf = buf[m:]
	}
	return cursors
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
// cursor gives the same page until the data changes.
func paginate[T any](items []*T, id func(*T) string, first *int, after *string) ([]*T, []string, *model.PageInfo, error) {
	n := DefaultPageSize
	if first != nil {
		n = *first
	}
	if n < 0 || n > MaxPageSize {
		return nil, nil, nil, badInput("first: %d is out of range, it must be between 0 and %d", n, MaxPageSize)
	}
	start := 0
	if after != nil {
		afterID, err := decodeCursor(*after)
		if err != nil {
			return nil, nil, nil, err
		}
		start = -1
		for i, it := range items {
			if id(it) == afterID {
				start = i + 1
				break
			}
		}
		if start < 0 {
			return nil, nil, nil, badInput("after: the cursor's item is not in this list (the data or the filter changed); start again without after")
		}
	}
	end := min(start+n, len(items))
	page := items[start:end]
	cursors := encodeCursors(page, id)
	info := &model.PageInfo{HasNextPage: end < len(items), HasPreviousPage: start > 0}
	if len(page) > 0 {
		info.StartCursor, info.EndCursor = &cursors[0], &cursors[len(cursors)-1]
	}
	return page, cursors, info, nil
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

// edges makes a page's edges, in one array (not one allocation each).
func edges[T, E any](nodes []*T, cursors []string, mk func(string, *T) E) []*E {
	all := make([]E, len(nodes))
	out := make([]*E, len(nodes))
	for i, n := range nodes {
		all[i] = mk(cursors[i], n)
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
	nodes, cursors, info, err := paginate(list, func(r *career.Role) string { return r.ID }, first, after)
	if err != nil {
		return nil, err
	}
	return &model.RoleConnection{Nodes: nodes, PageInfo: info, TotalCount: len(list),
		Edges: edges(nodes, cursors, func(c string, n *career.Role) model.RoleEdge { return model.RoleEdge{Cursor: c, Node: n} })}, nil
}

// skillConnection pages a skill list.
func skillConnection(list []*career.Skill, first *int, after *string) (*model.SkillConnection, error) {
	nodes, cursors, info, err := paginate(list, func(s *career.Skill) string { return s.ID }, first, after)
	if err != nil {
		return nil, err
	}
	return &model.SkillConnection{Nodes: nodes, PageInfo: info, TotalCount: len(list),
		Edges: edges(nodes, cursors, func(c string, n *career.Skill) model.SkillEdge { return model.SkillEdge{Cursor: c, Node: n} })}, nil
}

// topOr is *top, or def when the argument is absent (0 stays 0, and is
// refused as out of range).
func topOr(top *int, def int) int {
	if top == nil {
		return def
	}
	return *top
}
