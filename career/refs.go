package career

// The one list of the ids each kind of record refers to: the field that
// holds each and the id prefix of the node kind it must name. A write's
// id syntax check (checkIDs), Validate's check that each exists, a
// write's closure (the records Validate needs beside the write) and
// CitedSources all walk it, so a new reference is one line here.

// refFunc receives one reference: field, the node kind's id prefix, id.
type refFunc func(field, prefix, id string)

func (f refFunc) opt(field, prefix string, id *string) {
	if id != nil {
		f(field, prefix, *id)
	}
}

func (f refFunc) all(field, prefix string, ids []string) {
	for _, id := range ids {
		f(field, prefix, id)
	}
}

// noun is what a problem calls a node kind: its id prefix without the colon.
func noun(prefix string) string { return prefix[:len(prefix)-1] }

func (r Role) refs(f refFunc) {
	f.opt("broader", RolePrefix, r.BroaderID)
	f.all("source", SourcePrefix, r.SourceIDs)
}

func (l Level) refs(f refFunc) { f("role", RolePrefix, l.RoleID) }

// A ROME compétence's rome.parent is not among them: the snapshot ignores
// a parent it does not hold (graph.go), and a bulk write's batches would
// have to order 44k skills by it. checkIDs checks its syntax.
func (s Skill) refs(f refFunc) {
	f.all("group", GroupPrefix, s.GroupIDs)
	f.all("source", SourcePrefix, s.SourceIDs)
}

func (t Training) refs(f refFunc) { f.all("source", SourcePrefix, t.SourceIDs) }

func (Employer) refs(refFunc) {}

func (Source) refs(refFunc) {}

func (g Group) refs(f refFunc) {
	f.opt("parent", GroupPrefix, g.ParentID)
	f.all("source", SourcePrefix, g.SourceIDs)
}

func (r Requires) refs(f refFunc) {
	f("role", RolePrefix, r.RoleID)
	f("skill", SkillPrefix, r.SkillID)
	f.all("source", SourcePrefix, r.SourceIDs)
}

func (l LeadsTo) refs(f refFunc) {
	f("training", TrainingPrefix, l.TrainingID)
	f("role", RolePrefix, l.RoleID)
	f.all("source", SourcePrefix, l.SourceIDs)
}

func (h Hires) refs(f refFunc) {
	f("employer", EmployerPrefix, h.EmployerID)
	f("role", RolePrefix, h.RoleID)
}

func (t Transition) refs(f refFunc) {
	f("from", RolePrefix, t.FromID)
	f("to", RolePrefix, t.ToID)
	f.all("source", SourcePrefix, t.SourceIDs)
}

func (s Similar) refs(f refFunc) {
	f("a", RolePrefix, s.AID)
	f("b", RolePrefix, s.BID)
}

func (l SkillLink) refs(f refFunc) {
	f("from", SkillPrefix, l.FromID)
	f("to", SkillPrefix, l.ToID)
	f.all("source", SourcePrefix, l.SourceIDs)
}

// eachRef calls f with every reference of every record of d, and where
// the record is ("requires[3] role:x|skill:y").
func (d Dataset) eachRef(f func(where func() string, field, prefix, id string)) {
	for _, k := range Kinds {
		k.eachRef(d, f)
	}
}
