package career

import (
	"cmp"
	"context"
	"slices"
)

// Stats is the analyst's overview of a snapshot.
type Stats struct {
	Nodes, Relationships []KindCount
	// Hubs holds every role with at least one transition.
	Hubs            []Hub
	TransitionKinds []KindCount
	// ranked holds Hubs in each HubMeasure's order, sorted once per
	// snapshot rather than on every call.
	ranked map[HubMeasure][]Hub
}

// KindCount counts one kind of node, relationship or transition.
type KindCount struct {
	Kind  string
	Count int
}

// Hub is a role's place in the transition graph.
type Hub struct {
	Role                *Role
	InDegree, OutDegree int
	// Betweenness is the number of shortest transition paths between
	// other roles passing through this one (Brandes, unweighted, directed).
	Betweenness float64
}

// Stats returns counts, hubs and transition kinds, computed once per
// snapshot: betweenness costs O(roles × transitions).
func (g *Graph) Stats() Stats { return wait(g, g.stats, (*Graph).computeStats) }

// StatsReady reports whether this snapshot's Stats, its hubs'
// betweenness with them, have been computed: the graph package's tests
// check that graphStats asked for counts only leaves them undone.
func (g *Graph) StatsReady() bool { return g.unmetered().stats.ready.Load() }

// StatsBy is Stats for a caller that stops waiting when ctx ends: on the
// full graph betweenness takes about a second, and many more on a busy
// machine, past a request's deadline. The computation goes on and the
// next caller gets its result.
func (g *Graph) StatsBy(ctx context.Context) (Stats, error) {
	done := make(chan Stats, 1)
	go func() { done <- g.unmetered().Stats() }()
	select {
	case st := <-done:
		return st, nil
	case <-ctx.Done():
		return Stats{}, ctx.Err()
	}
}

// Counts is Stats without its hubs: the records of each kind and the
// transitions of each kind, one pass over the transitions, once per
// snapshot. The hubs' betweenness takes seconds on the full graph (more
// than a request's 10 s on a busy machine right after a start, before
// the warmer got to it), and the explorer's first page asks for the
// counts only.
func (g *Graph) Counts() Stats {
	return g.Memo(countsKey{}, func(g *Graph) any { return g.computeCounts() }).(Stats)
}

type countsKey struct{}

// computeStats adds the hubs to Counts' memoised result (its slices are
// shared, read-only): one pass over the transitions per snapshot, not one
// for each.
func (g *Graph) computeStats() Stats {
	st := g.Counts()
	g.hubs(&st)
	return st
}

func (g *Graph) computeCounts() Stats {
	ds := g.Dataset()
	var st Stats
	for _, k := range Kinds {
		if k.Node() {
			st.Nodes = append(st.Nodes, KindCount{k.Label(), k.Len(ds)})
		} else {
			st.Relationships = append(st.Relationships, KindCount{k.Label(), k.Len(ds)})
		}
	}
	// A level hangs off its role (HAS_LEVEL) without a record of its own;
	// it is listed second, as it always was.
	st.Relationships = slices.Insert(st.Relationships, 1, KindCount{"HAS_LEVEL", len(ds.Levels)})
	kinds := map[TransitionKind]int{}
	for _, t := range ds.Transitions {
		kinds[t.Kind]++
	}
	for _, k := range TransitionKinds {
		if kinds[k] > 0 {
			st.TransitionKinds = append(st.TransitionKinds, KindCount{string(k), kinds[k]})
		}
	}
	slices.SortStableFunc(st.TransitionKinds, func(a, b KindCount) int { return cmp.Compare(b.Count, a.Count) })
	return st
}

// hubs adds to st every role with a transition, ranked each way.
func (g *Graph) hubs(st *Stats) {
	ix := g.paths()
	bc := betweenness(ix)
	for i, id := range ix.ids {
		in, out := len(ix.in[i]), len(ix.out[i])
		if in+out > 0 {
			st.Hubs = append(st.Hubs, Hub{Role: g.Role(id), InDegree: in, OutDegree: out, Betweenness: bc[i]})
		}
	}
	st.ranked = map[HubMeasure][]Hub{}
	for _, m := range []HubMeasure{ByInDegree, ByOutDegree, ByBetweenness} {
		st.ranked[m] = st.rank(m)
	}
}

// betweenness is Brandes' algorithm on the directed, unweighted
// transition graph (parallel transitions of different kinds count once).
func betweenness(ix *pathIndex) []float64 {
	n := len(ix.ids)
	bc := make([]float64, n)
	sigma := make([]float64, n)
	dist := make([]int32, n)
	delta := make([]float64, n)
	preds := make([][]int32, n)
	var stack, queue []int32
	for s := range n {
		for i := range n {
			sigma[i], dist[i], delta[i], preds[i] = 0, -1, 0, preds[i][:0]
		}
		sigma[s], dist[s] = 1, 0
		stack, queue = stack[:0], append(queue[:0], int32(s))
		for len(queue) > 0 {
			v := queue[0]
			queue = queue[1:]
			stack = append(stack, v)
			last := int32(-1)
			for _, e := range ix.out[v] {
				w := e.to
				if w == last {
					continue // out edges are sorted by target: skip parallels
				}
				last = w
				if dist[w] < 0 {
					dist[w] = dist[v] + 1
					queue = append(queue, w)
				}
				if dist[w] == dist[v]+1 {
					sigma[w] += sigma[v]
					preds[w] = append(preds[w], v)
				}
			}
		}
		for i := len(stack) - 1; i >= 0; i-- {
			w := stack[i]
			for _, v := range preds[w] {
				delta[v] += sigma[v] / sigma[w] * (1 + delta[w])
			}
			if int(w) != s {
				bc[w] += delta[w]
			}
		}
	}
	return bc
}

// HubMeasure orders hub roles.
type HubMeasure string

const (
	ByInDegree    HubMeasure = "IN_DEGREE"
	ByOutDegree   HubMeasure = "OUT_DEGREE"
	ByBetweenness HubMeasure = "BETWEENNESS"
)

// TopHubs returns the n roles ranking highest by m, ties by role id.
func (s Stats) TopHubs(m HubMeasure, n int) []Hub {
	hubs, ok := s.ranked[m]
	if !ok {
		hubs = s.rank(m)
	}
	return hubs[:min(n, len(hubs))]
}

func (s Stats) rank(m HubMeasure) []Hub {
	key := func(h Hub) float64 {
		switch m {
		case ByInDegree:
			return float64(h.InDegree)
		case ByOutDegree:
			return float64(h.OutDegree)
		}
		return h.Betweenness
	}
	hubs := slices.Clone(s.Hubs)
	slices.SortFunc(hubs, func(a, b Hub) int { return cmp.Or(cmp.Compare(key(b), key(a)), cmp.Compare(a.Role.ID, b.Role.ID)) })
	return hubs
}
