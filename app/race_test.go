//go:build race

package app

// raceEnabled: the test binary is built with -race.
const raceEnabled = true
