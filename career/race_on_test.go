//go:build race

package career

// raceEnabled: the test binary is built with -race.
const raceEnabled = true
