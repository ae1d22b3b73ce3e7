package graph

import (
	"strings"
	"testing"

	"github.com/99designs/gqlgen/client"
)

func TestLinkTitleAndReadText(t *testing.T) {
	c := guideClient(t)
	var out struct {
		LinkTitle []struct {
			Role    struct{ ID string }
			Score   float64
			Via     string
			Matched *string
			Through struct{ ID string }
		}
		ReadText struct {
			Skills []struct {
				Skill      struct{ ID string }
				Evidence   string
				Start, End int
			}
		}
		CareerPaths []struct{ TotalSteps int }
		SkillGap    struct{ Coverage float64 }
	}
	text := "Développeuse back-end (F/H) : API en Go, PostgreSQL et Docker."
	post(t, c, `query($text: String!) {
		linkTitle(title: "dev back-end SENIOR (h/f)", first: 3) { role { id } score via matched through { id } }
		readText(text: $text) { skills { skill { id } evidence start end } }
		careerPaths(from: { text: $text }, to: "role:staff-engineer", k: 1) { totalSteps }
		skillGap(from: { text: $text }, target: "role:developpeur-back-end") { coverage }
	}`, &out, client.Var("text", text))
	if len(out.LinkTitle) == 0 || out.LinkTitle[0].Role.ID != "role:developpeur-back-end" || out.LinkTitle[0].Via != "LABEL" ||
		out.LinkTitle[0].Matched == nil || out.LinkTitle[0].Score <= 0 || out.LinkTitle[0].Score > 1 {
		t.Errorf("linkTitle: %+v", out.LinkTitle)
	}
	found := map[string]string{}
	runes := []rune(text)
	for _, s := range out.ReadText.Skills {
		found[s.Skill.ID] = s.Evidence
		if string(runes[s.Start:s.End]) != s.Evidence {
			t.Errorf("%s: evidence %q is not the text at [%d, %d)", s.Skill.ID, s.Evidence, s.Start, s.End)
		}
	}
	for _, id := range []string{"skill:postgresql", "skill:docker"} {
		if found[id] == "" {
			t.Errorf("readText: %s not found in %v", id, found)
		}
	}
	if len(out.CareerPaths) != 1 || out.SkillGap.Coverage <= 0 {
		t.Errorf("from text: routes %+v, gap %+v", out.CareerPaths, out.SkillGap)
	}
	long := strings.Repeat("a", 20001)
	for q, want := range map[string]string{
		`{ linkTitle(title: "` + strings.Repeat("a", 201) + `") { score } }`:                                      "BAD_USER_INPUT",
		`{ linkTitle(title: "boucher", first: 0) { score } }`:                                                     "BAD_USER_INPUT",
		`{ readText(text: "` + long + `") { skills { score } } }`:                                                 "BAD_USER_INPUT",
		`{ readText(text: "boucher", skills: 101) { skills { score } } }`:                                         "BAD_USER_INPUT",
		`{ careerPaths(from: { text: "le la les (h/f)" }, to: "role:staff-engineer") { cost } }`:                  "BAD_USER_INPUT",
		`{ careerPaths(from: { text: "Go", roleId: "role:data-engineer" }, to: "role:staff-engineer") { cost } }`: "BAD_USER_INPUT",
		`{ careerPaths(from: { text: "` + long + `" }, to: "role:staff-engineer") { cost } }`:                     "BAD_USER_INPUT",
		`{ skillGap(target: "role:developpeur-back-end") { coverage } }`:                                          "BAD_USER_INPUT",
		`{ skillGap(have: [], from: { text: "Go" }, target: "role:developpeur-back-end") { coverage } }`:          "BAD_USER_INPUT",
		`{ skillGap(from: { roleId: "role:data-engineer" }, target: "role:developpeur-back-end") { coverage } }`:  "BAD_USER_INPUT",
	} {
		if got := errCode(t, c, q); got != want {
			t.Errorf("%.80s: code %q, want %q", q, got, want)
		}
	}
	// Nothing the graph knows: empty answers, not errors.
	var none struct {
		LinkTitle []struct{ Score float64 }
		ReadText  struct{ Skills, Roles []struct{ Score float64 } }
	}
	post(t, c, `{ linkTitle(title: "  (h/f) ") { score } readText(text: "\u0000 программист") { skills { score } roles { score } } }`, &none)
	if len(none.LinkTitle)+len(none.ReadText.Skills)+len(none.ReadText.Roles) != 0 {
		t.Errorf("empty input: %+v", none)
	}
}

// A text is priced by its length: the longest ones exceed the default
// complexity limit when asked for too often in one operation.
func TestTextCost(t *testing.T) {
	if got, want := textCost(strings.Repeat("é", 20000)), 1001; got != want {
		t.Errorf("textCost of 20,000 characters: %d, want %d", got, want)
	}
	if textCost("") != 1 {
		t.Errorf("textCost of nothing: %d", textCost(""))
	}
}
