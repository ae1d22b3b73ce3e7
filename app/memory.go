package app

import (
	"fmt"
	"math"
	"runtime/debug"
	"strconv"
	"strings"
)

// The garbage collector's settings, chosen from measurements on the full
// graph (README, "Benchmarks": mixed load, one core, old and new binaries
// and limits alternated in one run): every cycle marks the whole snapshot
// (~200 MB of live heap once it settles), so the heap target trades CPU
// for RSS. With the snapshot's shared strings, 320MiB holds RSS at 328-331
// MiB (under 350 MB); 350MiB 354-362 MiB; no limit grows past 440 MiB;
// 300MiB holds no less than 320MiB (the live heap is ~215 MB under load)
// and costs a quarter more CPU per request.
const (
	defaultGOGC     = "100"
	defaultMemLimit = "320MiB"
)

// applyGOGC sets GOGC from the configuration (the flag, or the GOGC
// variable, which the runtime reads the same way), and lifts the memory
// limit until applyMemLimit: loading and importing hold more than serving
// does (the first start peaks near 400 MB of heap), and a limit under that
// makes the collector run back to back (measured: a first start twice as
// long under 320MiB).
func applyGOGC(c config) int {
	gogc, _ := parseGOGC(c.GOGC)
	debug.SetGCPercent(gogc)
	debug.SetMemoryLimit(math.MaxInt64)
	return gogc
}

// applyMemLimit sets the soft memory limit (the flag, or GOMEMLIMIT), once
// the graph is loaded.
func applyMemLimit(c config) int64 {
	limit, _ := parseMemLimit(c.GOMemLimit)
	debug.SetMemoryLimit(limit)
	return limit
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
