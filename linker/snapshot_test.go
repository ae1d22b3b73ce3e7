package linker

import (
	"slices"
	"sync"
	"testing"

	"careergraph/career"
)

// The index belongs to its snapshot: a write gives a snapshot whose
// index holds it, and the old one's stays as it was.
func TestIndexFollowsWrites(t *testing.T) {
	g := guideGraph(t)
	if first := For(g); For(g).titles != first.titles || For(g).skills != first.skills { // For copies the handle, not the index
		t.Fatal("one snapshot, two indexes")
	}
	if got := For(g).Title("Astronaute", LinkOptions{Limit: 1}); len(got) != 0 {
		t.Fatalf("before the write: %+v", got)
	}
	next, ok := g.Patch(career.Dataset{Roles: []career.Role{{ID: "role:astronaute", Slug: "astronaute", Name: "Astronaute",
		Titles: []career.JobTitle{{Label: "Spationaute", Lang: "fr"}}}}})
	if !ok {
		t.Fatal("the write was not patched")
	}
	// Readers share the snapshot's index, built once, and its scratch pools.
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			For(next).Title("Développeuse back-end", LinkOptions{Limit: 3})
			For(next).Text("Go, PostgreSQL et Docker au quotidien.", 5, 3)
		})
	}
	wg.Wait()
	for _, title := range []string{"astronaute (h/f)", "Spationaute"} {
		if got := For(next).Title(title, LinkOptions{Limit: 1}); len(got) != 1 || got[0].Role.ID != "role:astronaute" {
			t.Errorf("after the write, %q: %+v", title, got)
		}
	}
	if got := For(g).Title("Astronaute", LinkOptions{Limit: 1}); len(got) != 0 {
		t.Errorf("the old snapshot's index changed: %+v", got)
	}
}

// A write that touches no skill gives a snapshot whose index shares its
// parent's skill vocabulary (stemming every skill name is most of a
// build), with the role links made anew: a new REQUIRES counts at once.
// A write to a skill builds the vocabulary again, and its new name reads.
func TestSkillVocabularyIsSharedAcrossWritesThatKeepTheSkills(t *testing.T) {
	g := guideGraph(t)
	const text = "Go, PostgreSQL et Docker au quotidien ; soudure quantique."
	skillsOf := func(r Reading) []string {
		var out []string
		for _, m := range r.Skills {
			out = append(out, m.Skill.ID)
		}
		return out
	}
	before := For(g).Text(text, 10, 10)
	skill := before.Skills[0].Skill.ID
	next, ok := g.Patch(career.Dataset{
		Roles:    []career.Role{{ID: "role:astronaute", Slug: "astronaute", Name: "Astronaute"}},
		Requires: []career.Requires{{RoleID: "role:astronaute", SkillID: skill, Importance: career.Essential, Rank: 1}},
	})
	if !ok {
		t.Fatal("the write was not patched")
	}
	after := For(next)
	if after.skills.skillVocab != For(g).skills.skillVocab {
		t.Error("a write touching no skill built the skill vocabulary again")
	}
	lastVocab.Store(nil)
	fresh := Build(next) // from scratch
	if got, want := after.Text(text, 10, 10), fresh.Text(text, 10, 10); !slices.Equal(skillsOf(got), skillsOf(want)) ||
		!slices.EqualFunc(got.Roles, want.Roles, func(a, b RoleMatch) bool { return a.Role.ID == b.Role.ID && a.Score == b.Score }) {
		t.Errorf("shared vocabulary reads %+v, a fresh index %+v", got, want)
	}
	if !slices.ContainsFunc(after.Text(text, 10, 50).Roles, func(m RoleMatch) bool { return m.Role.ID == "role:astronaute" }) {
		t.Error("the new REQUIRES does not count in the roles a text points to")
	}
	renamed := *next.Skill(skill) // as many skills, one named anew
	renamed.Name = "Soudure quantique"
	third, ok := next.Patch(career.Dataset{Skills: []career.Skill{renamed}})
	if !ok {
		t.Fatal("the skill write was not patched")
	}
	if For(third).skills.skillVocab == For(next).skills.skillVocab {
		t.Error("a write to a skill kept the old vocabulary")
	}
	if got := For(third).Text("soudure quantique", 10, 0); len(got.Skills) == 0 || got.Skills[0].Skill.ID != skill {
		t.Errorf("the skill's new name is not read: %v", skillsOf(got))
	}
}
