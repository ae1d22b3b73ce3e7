package career

import "strings"

// Key identifies a record within its kind: a node by its id, a
// relationship by its endpoints (and kind, for transitions).
func (r Role) Key() string       { return r.ID }
func (l Level) Key() string      { return l.ID }
func (s Skill) Key() string      { return s.ID }
func (t Training) Key() string   { return t.ID }
func (e Employer) Key() string   { return e.ID }
func (s Source) Key() string     { return s.ID }
func (g Group) Key() string      { return g.ID }
func (l SkillLink) Key() string  { return l.FromID + "|" + l.ToID }
func (r Requires) Key() string   { return r.RoleID + "|" + r.SkillID }
func (l LeadsTo) Key() string    { return l.TrainingID + "|" + l.RoleID }
func (h Hires) Key() string      { return h.EmployerID + "|" + h.RoleID }
func (t Transition) Key() string { return t.FromID + "|" + t.ToID + "|" + string(t.Kind) }

// Key is symmetric: A-B and B-A are one similarity.
func (s Similar) Key() string {
	a, b := s.AID, s.BID
	if strings.Compare(a, b) > 0 {
		a, b = b, a
	}
	return a + "|" + b
}

type keyed interface{ Key() string }

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
