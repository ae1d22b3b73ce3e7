package linker

import (
	"os"
	"strings"
	"testing"
	"time"
)

func TestTry(t *testing.T) {
	qs := os.Getenv("TRY")
	if qs == "" {
		t.Skip()
	}
	t0 := time.Now()
	ix := full(t)
	t.Logf("built in %v", time.Since(t0))
	for _, q := range strings.Split(qs, "|") {
		if strings.HasPrefix(q, "T:") {
			rd := ix.Text(q[2:], 15, 8)
			for _, s := range rd.Skills {
				t.Logf("  skill %.3f %s [%s] «%s»", s.Score, s.Skill.Name, s.Skill.ID[:12], s.Evidence)
			}
			for _, m := range rd.Roles {
				t.Logf("  role %.3f %s %s %s", m.Score, m.Role.Name, m.Via, m.Matched)
			}
			continue
		}
		t.Logf("%q", q)
		for _, m := range ix.Title(q, LinkOptions{Limit: 6}) {
			t.Logf("  %.3f %-5s %s %q via %s %q (%s) %s", m.Score, SchemeOf(m.Role), m.Role.ID[:min(len(m.Role.ID), 20)], m.Role.Name, m.Via, m.Matched, m.Through.Name, m.Relation)
		}
	}
}
