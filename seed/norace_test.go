//go:build !race

package seed_test

// raceEnabled: the test binary is built with -race.
const raceEnabled = false
