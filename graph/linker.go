package graph

import (
	"unicode/utf8"

	"careergraph/career"
	"careergraph/graph/model"
	"careergraph/linker"
)

// checkText refuses a text over linker.MaxTextLen characters.
func checkText(field, text string) error {
	if n := utf8.RuneCountInString(text); n > linker.MaxTextLen {
		return badInput("%s: %d characters, at most %d allowed", field, n, linker.MaxTextLen)
	}
	return nil
}

// startSkills returns the skills a route or a gap starts from: from's
// skillIds, or the skills its text mentions (readText). A text must come
// alone and name at least one skill.
func startSkills(g *career.Graph, from model.PathStart) ([]string, error) {
	if from.Text == nil {
		return from.SkillIds, nil
	}
	if from.RoleID != nil || from.SkillIds != nil {
		return nil, badInput("from: give exactly one of roleId, skillIds and text")
	}
	if err := checkText("from.text", *from.Text); err != nil {
		return nil, err
	}
	found := linker.For(g).Text(*from.Text, linker.MaxSkills, 0).Skills
	if len(found) == 0 {
		return nil, badInput("from.text: no skill of the graph is mentioned in the text")
	}
	ids := make([]string, len(found))
	for i, s := range found {
		ids[i] = s.Skill.ID
	}
	return ids, nil
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
