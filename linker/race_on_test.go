//go:build race

package linker

// raceEnabled: the evaluation (thousands of queries on two full graphs)
// runs in CI's plain pass, not again under the race detector.
const raceEnabled = true
