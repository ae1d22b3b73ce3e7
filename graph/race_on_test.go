//go:build race

package graph

// cpuScale widens the CPU budgets the audit tests hold a request to: the
// race detector makes the same work cost several times the CPU, and the
// budgets are judged on the plain build (CI's first pass).
const cpuScale = 8

// raceEnabled: the test binary is built with -race.
const raceEnabled = true
