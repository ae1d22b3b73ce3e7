package career

// The one list of the ids each kind of record refers to: the field that
// holds each and the id prefix of the node kind it must name. A write's
// id syntax check (checkIDs), Validate's check that each exists, a
// write's closure (the records Validate needs beside the write),
// CitedSources and the stores' batches (Kind.SelfRef: the kinds whose
// records name their own kind) all walk it, so a new reference is one
// line here.

// refSink receives the references a record's refs method reports.
// refFunc, what every walk over records uses, receives the ids a record
// holds; fieldsFunc receives each field once, whatever the record holds:
// what its kind can refer to (Kind.SelfRef).
type refSink interface {
	one(field, prefix, id string)
	opt(field, prefix string, id *string)
	all(field, prefix string, ids []string)
}

// refFunc receives one reference: field, the node kind's id prefix, id.
type refFunc func(field, prefix, id string)

func (f refFunc) one(field, prefix, id string) { f(field, prefix, id) }

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

// fieldsFunc receives each field a record can refer through, once.
type fieldsFunc func(field, prefix string)

func (f fieldsFunc) one(field, prefix, _ string)          { f(field, prefix) }
func (f fieldsFunc) opt(field, prefix string, _ *string)  { f(field, prefix) }
func (f fieldsFunc) all(field, prefix string, _ []string) { f(field, prefix) }

// noun is what a problem calls a node kind: its id prefix without the colon.
func noun(prefix string) string { return prefix[:len(prefix)-1] }

func (r Role) refs(f refSink) {
	f.opt("broader", RolePrefix, r.BroaderID)
	f.all("source", SourcePrefix, r.SourceIDs)
}

func (l Level) refs(f refSink) { f.one("role", RolePrefix, l.RoleID) }

// A ROME compétence's rome.parent is not among them: the snapshot ignores
// a parent it does not hold (graph.go), and a bulk write's batches would
// have to order 44k skills by it. checkIDs checks its syntax.
func (s Skill) refs(f refSink) {
	f.all("group", GroupPrefix, s.GroupIDs)
	f.all("source", SourcePrefix, s.SourceIDs)
}

func (t Training) refs(f refSink) { f.all("source", SourcePrefix, t.SourceIDs) }

func (Employer) refs(refSink) {}

func (Source) refs(refSink) {}

func (g Group) refs(f refSink) {
	f.opt("parent", GroupPrefix, g.ParentID)
	f.all("source", SourcePrefix, g.SourceIDs)
}

func (r Requires) refs(f refSink) {
	f.one("role", RolePrefix, r.RoleID)
	f.one("skill", SkillPrefix, r.SkillID)
	f.all("source", SourcePrefix, r.SourceIDs)
}

func (l LeadsTo) refs(f refSink) {
	f.one("training", TrainingPrefix, l.TrainingID)
	f.one("role", RolePrefix, l.RoleID)
	f.all("source", SourcePrefix, l.SourceIDs)
}

func (h Hires) refs(f refSink) {
	f.one("employer", EmployerPrefix, h.EmployerID)
	f.one("role", RolePrefix, h.RoleID)
}

func (t Transition) refs(f refSink) {
	f.one("from", RolePrefix, t.FromID)
	f.one("to", RolePrefix, t.ToID)
	f.all("source", SourcePrefix, t.SourceIDs)
}

func (s Similar) refs(f refSink) {
	f.one("a", RolePrefix, s.AID)
	f.one("b", RolePrefix, s.BID)
}

func (l SkillLink) refs(f refSink) {
	f.one("from", SkillPrefix, l.FromID)
	f.one("to", SkillPrefix, l.ToID)
	f.all("source", SourcePrefix, l.SourceIDs)
}

// eachRef calls f with every reference of every record of d, and where
// the record is ("requires[3] role:x|skill:y").
func (d Dataset) eachRef(f func(where func() string, field, prefix, id string)) {
	for _, k := range Kinds {
		k.eachRef(d, f)
	}
}
