package career

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// path is a route as found: the roles entered and the edge used to enter
// each (nil for the entry step from skills).
type path struct {
	nodes []int32
	edges []*pathEdge
	steps []float64 // cost of each move
	cost  float64
}

// key names the path: its roles and the kinds of its moves.
func (p path) key() string {
	b := make([]byte, 0, 6*len(p.nodes)+12*len(p.edges))
	for _, n := range p.nodes {
		b = strconv.AppendInt(b, int64(n), 10)
		b = append(b, ',')
	}
	for _, e := range p.edges {
		if e != nil {
			b = append(b, e.t.Kind...)
			b = append(b, ',')
		}
	}
	return string(b)
}

// pathLess orders routes by cost, then fewer moves, then role ids, then
// the kinds of the moves (between parallel transitions). Each key is
// compared only when the earlier ones tie: sorting candidates is hot.
func pathLess(a, b path) int {
	if c := cmp.Compare(a.cost, b.cost); c != 0 {
		return c
	}
	if c := cmp.Compare(len(a.nodes), len(b.nodes)); c != 0 {
		return c
	}
	if c := slices.Compare(a.nodes, b.nodes); c != 0 {
		return c
	}
	return slices.CompareFunc(a.edges, b.edges, func(x, y *pathEdge) int { return strings.Compare(moveKind(x), moveKind(y)) })
}

func moveKind(e *pathEdge) string {
	if e == nil {
		return ""
	}
	return string(e.t.Kind)
}

type entry struct {
	to   int32
	cost float64
}

// state is a (role, moves, entered by EQUIVALENT) triple in the search,
// ordered by its A* estimate f = cost + minCost × hopsTo(role), then
// moves, then role.
type state struct {
	f    float64
	cost float64
	hops int32
	node int32
	eq   int32 // 1 when the role was entered by an EQUIVALENT move
}

func stateLess(a, b state) bool {
	return cmp.Or(cmp.Compare(a.f, b.f), cmp.Compare(a.hops, b.hops), cmp.Compare(a.node, b.node), cmp.Compare(a.eq, b.eq)) < 0
}

// stateHeap is a binary min-heap of states, typed to avoid boxing.
type stateHeap []state

func (h *stateHeap) push(s state) {
	*h = append(*h, s)
	q := *h
	for i := len(q) - 1; i > 0; {
		p := (i - 1) / 2
		if !stateLess(q[i], q[p]) {
			break
		}
		q[i], q[p] = q[p], q[i]
		i = p
	}
}

func (h *stateHeap) pop() state {
	q := *h
	top := q[0]
	last := len(q) - 1
	q[0] = q[last]
	q = q[:last]
	for i := 0; ; {
		l, r, m := 2*i+1, 2*i+2, i
		if l < len(q) && stateLess(q[l], q[m]) {
			m = l
		}
		if r < len(q) && stateLess(q[r], q[m]) {
			m = r
		}
		if m == i {
			break
		}
		q[i], q[m] = q[m], q[i]
		i = m
	}
	*h = q
	return top
}

// label is how the search reached a state.
type label struct {
	cost     float64
	prev     int32 // previous role, -1 for the source
	prevHops int32
	prevEq   int32
	edge     *pathEdge
}

// walker runs shortest-path searches under the blocked nodes and edges
// Yen's algorithm sets. Its arrays are reused across the searches of one
// query: a generation stamp marks which entries belong to this search.
type walker struct {
	ix          *pathIndex
	costs       [][]float64
	entries     []entry // edges out of the virtual skills node
	kinds       []TransitionKind
	viable      map[*Transition]bool // nil: no viability filter
	maxSteps    int
	blockedNode map[int32]bool
	blockedEdge map[*Transition]bool
	blockedEnt  map[int32]bool

	done       <-chan struct{}
	minCost    float64
	hopsTo     []int32 // role -> fewest moves to the target, -1 if none
	gen        uint32
	labels     []label  // (node, hops, eq) -> best label
	labelGen   []uint32 // generation of labels[i]
	settledGen []uint32 // (node, eq) -> generation it was first settled in
	settledAt  []int32  // (node, eq) -> fewest moves it was settled with
	heap       stateHeap
}

// walker takes a pooled walker and sets it up for q. Its arrays are sized
// for MaxMaxSteps and reused, so a query allocates almost nothing.
func (ix *pathIndex) walker(q PathQuery) *walker {
	w, _ := ix.walkers.Get().(*walker)
	if w == nil {
		n := len(ix.ids)
		w = &walker{ix: ix,
			labels: make([]label, 2*n*(MaxMaxSteps+1)), labelGen: make([]uint32, 2*n*(MaxMaxSteps+1)),
			settledGen: make([]uint32, 2*n), settledAt: make([]int32, 2*n), hopsTo: make([]int32, n),
		}
	}
	w.costs, w.minCost = ix.edgeCosts(q.Optimize)
	w.maxSteps, w.kinds, w.entries, w.viable, w.done = q.MaxSteps, q.Kinds, w.entries[:0], nil, q.Done
	if q.ViableOnly {
		w.viable = ix.viableMoves()
	}
	w.blockedNode, w.blockedEdge, w.blockedEnt = map[int32]bool{}, nil, nil
	return w
}

// hopsTo runs a reverse BFS from target over the allowed transitions:
// the fewest moves from each role to the target, ignoring the blocks Yen
// adds and the rule against two EQUIVALENT moves in a row, so it is a
// lower bound for every search of the query.
func (ix *pathIndex) hopsTo(target int32, w *walker) []int32 {
	d := w.hopsTo
	for i := range d {
		d[i] = -1
	}
	d[target] = 0
	queue := []int32{target}
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		if int(d[v]) >= w.maxSteps {
			continue
		}
		for _, u := range ix.in[v] {
			if d[u] >= 0 || w.blockedNode[u] || !w.allowed(u, v) {
				continue
			}
			d[u] = d[v] + 1
			queue = append(queue, u)
		}
	}
	return d
}

// allowed reports whether some transition u -> v passes the filters.
func (w *walker) allowed(u, v int32) bool {
	if len(w.kinds) == 0 && w.viable == nil {
		return true
	}
	for j := range w.ix.out[u] {
		if e := &w.ix.out[u][j]; e.to == v && w.edgeOK(e) {
			return true
		}
	}
	return false
}

// edgeOK applies the query's kind and viability filters to a move.
func (w *walker) edgeOK(e *pathEdge) bool {
	return (len(w.kinds) == 0 || slices.Contains(w.kinds, e.t.Kind)) && (w.viable == nil || w.viable[e.t])
}

func (w *walker) slot(node, hops, eq int32) int {
	return (int(node)*(MaxMaxSteps+1)+int(hops))*2 + int(eq)
}

// equivalent is 1 for an EQUIVALENT move, else 0.
func equivalent(e *pathEdge) int32 {
	if e != nil && e.t.Kind == Equivalent {
		return 1
	}
	return 0
}

// shortest finds the cheapest path from source to target using at most
// budget moves, over states (role, moves made, entered by EQUIVALENT):
// exact under a hop bound. A route never takes two EQUIVALENT moves in a
// row: its two ends would be records that are each only equivalent to a
// third, a move no source lists. sourceEq says the source was entered by
// one. Ordering states by (cost, moves) makes the result a simple path
// even with zero-cost moves, and lets a state be skipped when its role
// was already settled as cheaply with no more moves (and no more
// restriction). source -1 is the virtual skills node.
func (w *walker) shortest(source, target int32, budget int, sourceEq int32) (path, bool) {
	w.gen++
	w.heap = w.heap[:0]
	push := func(node, hops, eq int32, cost float64, prev, prevHops, prevEq int32, e *pathEdge) {
		// A role that cannot reach the target in the moves left is dropped.
		if w.hopsTo[node] < 0 || int(hops+w.hopsTo[node]) > budget {
			return
		}
		i := w.slot(node, hops, eq)
		if w.labelGen[i] == w.gen && w.labels[i].cost <= cost {
			return
		}
		w.labelGen[i], w.labels[i] = w.gen, label{cost: cost, prev: prev, prevHops: prevHops, prevEq: prevEq, edge: e}
		w.heap.push(state{f: cost + w.minCost*float64(w.hopsTo[node]), cost: cost, hops: hops, node: node, eq: eq})
	}
	if source < 0 {
		for _, en := range w.entries {
			if !w.blockedEnt[en.to] && !w.blockedNode[en.to] {
				push(en.to, 1, 0, en.cost, -1, 0, 0, nil)
			}
		}
	} else {
		push(source, 0, sourceEq, 0, -1, 0, 0, nil)
	}
	settled := func(node, eq, hops int32) bool {
		i := int(node)*2 + int(eq)
		return w.settledGen[i] == w.gen && w.settledAt[i] <= hops
	}
	for len(w.heap) > 0 {
		s := w.heap.pop()
		if w.labels[w.slot(s.node, s.hops, s.eq)].cost < s.cost {
			continue // stale
		}
		// Pareto pruning: settled before (so at no higher cost) with no
		// more moves and no more restriction, this state cannot do better.
		if settled(s.node, s.eq, s.hops) || s.eq == 1 && settled(s.node, 0, s.hops) {
			continue
		}
		si := int(s.node)*2 + int(s.eq)
		w.settledGen[si], w.settledAt[si] = w.gen, s.hops
		if s.node == target {
			return w.unwind(target, s.hops, s.eq, source), true
		}
		if int(s.hops) == budget {
			continue
		}
		for j := range w.ix.out[s.node] {
			e := &w.ix.out[s.node][j]
			eq := equivalent(e)
			if eq == 1 && s.eq == 1 || w.blockedNode[e.to] || len(w.blockedEdge) > 0 && w.blockedEdge[e.t] || e.to == source || !w.edgeOK(e) {
				continue
			}
			push(e.to, s.hops+1, eq, s.cost+w.costs[s.node][j], s.node, s.hops, s.eq, e)
		}
	}
	return path{}, false
}

func (w *walker) unwind(node, hops, eq, source int32) path {
	var p path
	for !(node == source && source >= 0) {
		l := w.labels[w.slot(node, hops, eq)]
		p.nodes = append(p.nodes, node)
		p.edges = append(p.edges, l.edge)
		prevCost := 0.0
		if l.prev >= 0 {
			prevCost = w.labels[w.slot(l.prev, l.prevHops, l.prevEq)].cost
		}
		p.steps = append(p.steps, l.cost-prevCost)
		p.cost = max(p.cost, l.cost)
		if l.prev < 0 {
			break
		}
		node, hops, eq = l.prev, l.prevHops, l.prevEq
	}
	slices.Reverse(p.nodes)
	slices.Reverse(p.edges)
	slices.Reverse(p.steps)
	return p
}

func (w *walker) stopped() bool {
	select {
	case <-w.done:
		return true
	default:
		return false
	}
}

// yen returns up to k loopless paths from source to target, cheapest
// first (Yen 1971): each next path deviates from an earlier one at a spur
// node, with the earlier paths' next moves and the root's roles blocked.
func (w *walker) yen(source, target int32, k int) []path {
	first, ok := w.shortest(source, target, w.maxSteps, 0)
	if !ok {
		return nil
	}
	found := []path{first}
	seen := map[string]bool{first.key(): true}
	var candidates []path
	for {
		last := found[len(found)-1]
		for i := range last.nodes {
			if w.stopped() {
				return found
			}
			spur := source
			if i > 0 {
				spur = last.nodes[i-1]
			}
			w.blockedEdge, w.blockedEnt = map[*Transition]bool{}, map[int32]bool{}
			for _, p := range found {
				if len(p.nodes) > i && slices.Equal(p.nodes[:i], last.nodes[:i]) && slices.Equal(p.edges[:i], last.edges[:i]) {
					if p.edges[i] != nil {
						w.blockedEdge[p.edges[i].t] = true
					} else {
						w.blockedEnt[p.nodes[i]] = true
					}
				}
			}
			rootBlocked := last.nodes[:max(0, i-1)]
			for _, n := range rootBlocked {
				w.blockedNode[n] = true
			}
			if source >= 0 && spur != source {
				w.blockedNode[source] = true
			}
			spurEq := int32(0)
			if i > 0 {
				spurEq = equivalent(last.edges[i-1])
			}
			tail, ok := w.shortest(spur, target, w.maxSteps-i, spurEq)
			for _, n := range rootBlocked {
				delete(w.blockedNode, n)
			}
			if source >= 0 {
				delete(w.blockedNode, source)
			}
			if !ok {
				continue
			}
			cand := path{
				nodes: append(slices.Clone(last.nodes[:i]), tail.nodes...),
				edges: append(slices.Clone(last.edges[:i]), tail.edges...),
				steps: append(slices.Clone(last.steps[:i]), tail.steps...),
			}
			for _, c := range cand.steps {
				cand.cost += c
			}
			if !seen[cand.key()] {
				seen[cand.key()] = true
				candidates = append(candidates, cand)
			}
		}
		if len(candidates) == 0 {
			break
		}
		slices.SortFunc(candidates, pathLess)
		// Past k routes, go on only while the next one ties the k-th in
		// cost: the search meets equal-cost routes in its own order, and
		// which of them make the k best is decided by pathLess below.
		if len(found) >= k && (candidates[0].cost > found[k-1].cost || len(found) >= k+maxTies) {
			break
		}
		found = append(found, candidates[0])
		candidates = candidates[1:]
	}
	slices.SortFunc(found, pathLess)
	return found[:min(k, len(found))]
}

// maxTies bounds the extra routes Yen's algorithm finds to order ties at
// the k-th cost: on a dense graph under STEPS, thousands of routes can
// tie. Past it, the last ties are kept in the order they were found. With
// 16, careerPaths k=5 under STEPS has a p99 of 2.1 ms over the shipped
// graph (BenchmarkCareerPathsOpenData in seed/).
const maxTies = 16
