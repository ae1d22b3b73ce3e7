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

// Upsert returns d with every record of u added, or replacing the record of
// d with the same key. d is not modified.
func (d Dataset) Upsert(u Dataset) Dataset {
	return Dataset{
		Roles: upsert(d.Roles, u.Roles), Levels: upsert(d.Levels, u.Levels), Skills: upsert(d.Skills, u.Skills),
		Trainings: upsert(d.Trainings, u.Trainings), Employers: upsert(d.Employers, u.Employers), Sources: upsert(d.Sources, u.Sources),
		Requires: upsert(d.Requires, u.Requires), LeadsTo: upsert(d.LeadsTo, u.LeadsTo), Hires: upsert(d.Hires, u.Hires),
		Transitions: upsert(d.Transitions, u.Transitions), Similar: upsert(d.Similar, u.Similar),
		Groups: upsert(d.Groups, u.Groups), SkillLinks: upsert(d.SkillLinks, u.SkillLinks),
	}
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
