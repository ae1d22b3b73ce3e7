//go:build !race

package graph

const cpuScale = 1

// raceEnabled: the test binary is built with -race.
const raceEnabled = false
