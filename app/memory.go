package app

import (
	"fmt"
	"math"
	"runtime/debug"
	"strconv"
	"strings"
)

// The garbage collector's settings, chosen from measurements on the full
// graph (README, "Memory"): every cycle marks the whole snapshot, so a
// higher GOGC than Go's 100 halves the cycles for a bounded heap, and the
// soft limit makes the collector work harder before RSS passes it.
const (
	defaultGOGC     = "200"
	defaultMemLimit = "320MiB"
)

// applyMemory sets GOGC and the soft memory limit from the configuration
// (flags, or the GOGC and GOMEMLIMIT variables, which the runtime reads
// the same way).
func applyMemory(c config) (gogc int, limit int64) {
	gogc, _ = parseGOGC(c.GOGC)
	limit, _ = parseMemLimit(c.GOMemLimit)
	debug.SetGCPercent(gogc)
	debug.SetMemoryLimit(limit)
	return gogc, limit
}

// parseGOGC reads a GOGC value: a percentage, or off (-1).
func parseGOGC(s string) (int, error) {
	if strings.EqualFold(s, "off") {
		return -1, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("gogc %q: want a percentage or off", s)
	}
	return n, nil
}

// parseMemLimit reads a GOMEMLIMIT value: bytes with an optional B, KiB,
// MiB, GiB or TiB suffix, or off (no limit).
func parseMemLimit(s string) (int64, error) {
	if strings.EqualFold(s, "off") {
		return math.MaxInt64, nil
	}
	num, mult := s, int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40}, {"B", 1}} {
		if strings.HasSuffix(s, u.suffix) {
			num, mult = strings.TrimSuffix(s, u.suffix), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n < 0 || n > math.MaxInt64/mult {
		return 0, fmt.Errorf("gomemlimit %q: want bytes with an optional KiB, MiB, GiB or TiB suffix, or off", s)
	}
	return n * mult, nil
}
