package app

import (
	"math"
	"testing"
)

// GOGC and GOMEMLIMIT read as the Go runtime reads the variables, from
// the flags or the environment, and a value the runtime would refuse is
// refused at start.
func TestMemorySettings(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "1GiB")
	t.Setenv("GOGC", "off")
	cfg, err := parseConfig([]string{"-gogc", "150"})
	if err != nil {
		t.Fatal(err)
	}
	if g, _ := parseGOGC(cfg.GOGC); g != 150 {
		t.Errorf("the flag: GOGC %d, want 150", g)
	}
	if l, _ := parseMemLimit(cfg.GOMemLimit); l != 1<<30 {
		t.Errorf("the variable: GOMEMLIMIT %d, want %d", l, 1<<30)
	}
	for in, want := range map[string]int64{"off": math.MaxInt64, "400MiB": 400 << 20, "1024": 1024, "2KiB": 2048, "3B": 3} {
		if got, err := parseMemLimit(in); err != nil || got != want {
			t.Errorf("GOMEMLIMIT %q: %d %v, want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"400MB", "-1", "x", ""} {
		if _, err := parseMemLimit(bad); err == nil {
			t.Errorf("GOMEMLIMIT %q accepted", bad)
		}
	}
	if g, err := parseGOGC("off"); err != nil || g != -1 {
		t.Errorf("GOGC off: %d %v", g, err)
	}
	t.Setenv("GOGC", "lots")
	if _, err := parseConfig(nil); err == nil {
		t.Error("GOGC=lots accepted")
	}
}
