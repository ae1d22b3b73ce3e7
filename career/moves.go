package career

// The move rule: what a route (careerPaths), a reach (reachableRoles) and
// the tests' brute-force oracle may do, written once.
//
//   - A route enters each role at most once, its start included: a role
//     entered as a twin (by an EQUIVALENT move) is entered all the same,
//     so gunsmith ≡ Accessoiriste → Décorateur → Accessoiriste ≡ prop
//     maker is no route. Routes are simple paths.
//   - An EQUIVALENT move never follows another: its two ends would be
//     records that are each only the same job as a third, a move no source
//     lists. Any other move may follow any move.
//
// What the rule needs to know of how a role was entered is its entry
// state: enteredBy says which.

// entryState is how a route entered its current role, as far as the move
// rule cares: stateFree (the start, or any move but EQUIVALENT) or
// stateTwin (an EQUIVALENT move).
type entryState = int32

const (
	stateFree entryState = 0
	stateTwin entryState = 1
	// entryStates is how many there are: search states are (role, entry
	// state) pairs.
	entryStates = 2
)

// enteredBy is the entry state after a move of kind k.
func enteredBy(k TransitionKind) entryState {
	if k == Equivalent {
		return stateTwin
	}
	return stateFree
}

// mayFollow reports whether a move of kind k may leave a role entered in
// state s.
func mayFollow(s entryState, k TransitionKind) bool {
	return !(s == stateTwin && k == Equivalent)
}

// revisits reports whether entering role to is a revisit for a route
// that has entered the roles onRoute says (its start included).
func revisits(onRoute func(role int32) bool, to int32) bool { return onRoute(to) }
