package linker

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// Texts that say nothing the graph knows give empty answers, and any text
// a valid span: nothing panics, nothing points outside the text.
func TestBadInput(t *testing.T) {
	ix := full(t)
	empty := map[string]string{
		"empty":          "",
		"whitespace":     " \t\n\r  \u00a0\u2003",
		"stop words":     "le la les de des et ou the of and (h/f) CDI",
		"one letter":     strings.Repeat("a", MaxTextLen),
		"control":        "\x00\x01\x02\x1b[31m\x7f\u200b\u202e",
		"other scripts":  "программист 软件工程师 مهندس 🧑‍💻",
		"one long word":  strings.Repeat("développeur", 2000),
		"digits":         strings.Repeat("0123456789 ", 100),
		"mixed no words": "𝔡𝔢𝔳 ＤＥＶ",
		"open brackets":  strings.Repeat("a(", MaxTextLen/2),
		"brackets":       strings.Repeat("(e)", MaxTextLen/3),
	}
	for name, text := range empty {
		if got := ix.Title(text, LinkOptions{Limit: 10}); len(got) != 0 {
			t.Errorf("%s: title gives %d roles, first %q", name, len(got), got[0].Role.Name)
		}
		if rd := ix.Text(text, 20, 10); len(rd.Skills)+len(rd.Roles) != 0 {
			t.Errorf("%s: text gives %d skills and %d roles", name, len(rd.Skills), len(rd.Roles))
		}
	}
	// Mixed scripts and control characters around real words: the words
	// are read, the rest is not.
	if got := ix.Title("Boulanger\x00 — пекарь\u202e, 面包师", LinkOptions{Schemes: []Scheme{ROME}, Limit: 3}); len(got) == 0 || got[0].Role.ID != "role:rome-d1102" {
		t.Errorf("mixed title: got %v", got)
	}
	text := "Boulanger\x00 — пекарь\u202e, 面包师: Fabrication du pain\x1b et des viennoiseries"
	rd := ix.Text(text, 20, 10)
	if len(rd.Skills) == 0 {
		t.Fatal("mixed text: no skill")
	}
	runes := []rune(text)
	for _, m := range rd.Skills {
		if m.Start < 0 || m.End > len(runes) || string(runes[m.Start:m.End]) != m.Evidence || !utf8.ValidString(m.Evidence) {
			t.Errorf("skill %s: evidence %q at [%d, %d)", m.Skill.Name, m.Evidence, m.Start, m.End)
		}
	}
}
