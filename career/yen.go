package career

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// path is a route as found: the roles entered and the edge used to enter
// each (nil for the entry step from skills).
type path struct {
	nodes []int32
	edges []*pathEdge
	steps []int64 // cost of each move, in Unit (1 per move under STEPS)
	cost  int64
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
	cost int64
}

// state is a (role, moves, entry state) triple in the search, ordered by
// its A* estimate f = cost + minCost × hopsTo(role), then moves, then
// role.
type state struct {
	f    int64
	cost int64
	hops int32
	node int32
	eq   entryState
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
	cost     int64
	prev     int32 // previous role, -1 for the source
	prevHops int32
	prevEq   entryState
	edge     *pathEdge
}

// walker runs shortest-path searches under the blocked nodes and edges
// Yen's algorithm sets. Its arrays are reused across the searches of one
// query: a generation stamp marks which entries belong to this search.
type walker struct {
	ix          *pathIndex
	costs       [][]int64
	entries     []entry // edges out of the virtual skills node
	cand        []int32 // scratch: the roles the person's skills touch
	kinds       []TransitionKind
	viable      map[*Transition]bool // nil: no viability filter
	maxSteps    int
	blockedNode []bool // role -> blocked (avoided, or on Yen's root)
	blockedEdge map[*Transition]bool
	blockedEnt  map[int32]bool
	// blockedCopy lists (role, entry state) pairs, as role×entryStates +
	// state, that the search may not enter: how route keeps a route simple.
	blockedCopy []int32

	// start, held and left are what the person knows: their starting
	// skills, what they know by a step, the role a step leaves.
	start, held, left *knowing

	done       <-chan struct{}
	pops       int // states taken off the heap since walker: the work done
	minCost    int64
	hopsTo     []int32 // role -> fewest moves to the target, -1 if none
	avoiding   bool    // roles are blocked before hopsTo (PathQuery.Avoid)
	queue      []int32 // hopsTo's breadth-first queue
	gen        uint32
	labels     []label  // (node, hops, eq) -> best label
	labelGen   []uint32 // generation of labels[i]
	settledGen []uint32 // (node, eq) -> generation it was first settled in
	settledAt  []int32  // (node, eq) -> fewest moves it was settled with
	heap       stateHeap
	// Scratch for comparing two ways into a state.
	nodesA, nodesB [MaxMaxSteps + 1]int32
	edgesA, edgesB [MaxMaxSteps + 1]*pathEdge
}

// walker takes a pooled walker and sets it up for q. Its arrays are sized
// for MaxMaxSteps and reused, so a query allocates almost nothing.
func (ix *pathIndex) walker(q PathQuery) *walker {
	w, _ := ix.walkers.Get().(*walker)
	if w == nil {
		n := len(ix.ids)
		w = &walker{ix: ix,
			labels: make([]label, entryStates*n*(MaxMaxSteps+1)), labelGen: make([]uint32, entryStates*n*(MaxMaxSteps+1)),
			settledGen: make([]uint32, entryStates*n), settledAt: make([]int32, entryStates*n), hopsTo: make([]int32, n),
			start: ix.newKnowing(), held: ix.newKnowing(), left: ix.newKnowing(),
		}
	}
	w.costs, w.minCost = ix.edgeCosts(q.Optimize)
	w.maxSteps, w.kinds, w.entries, w.viable, w.done, w.pops, w.avoiding = q.MaxSteps, q.Kinds, w.entries[:0], nil, q.Done, 0, false
	if q.ViableOnly {
		w.viable = ix.viableMoves()
	}
	// The block sets are kept across queries, emptied: Yen sets them per
	// spur search, and allocating them there was most of a query's maps.
	if w.blockedEdge == nil {
		w.blockedNode, w.blockedEdge, w.blockedEnt = make([]bool, len(ix.ids)), map[*Transition]bool{}, map[int32]bool{}
	}
	clear(w.blockedNode)
	clear(w.blockedEdge)
	clear(w.blockedEnt)
	w.blockedCopy = nil
	return w
}

// hopsTo runs a reverse BFS from target over the allowed transitions:
// the fewest moves from each role to the target, ignoring the blocks Yen
// adds and the move rule, so it is a lower bound for every search of the
// query.
//
// A query with no filter and no avoided role takes the distances from the
// snapshot's cache (hopCache) when an earlier query computed them.
func (ix *pathIndex) hopsTo(target int32, w *walker) []int32 {
	plain := len(w.kinds) == 0 && w.viable == nil && !w.avoiding
	k := hopKey{target, int32(w.maxSteps)}
	if plain && ix.hops.get(k, w.hopsTo) {
		return w.hopsTo
	}
	d := ix.bfsHopsTo(target, w)
	if plain && !w.stopped() {
		ix.hops.put(k, d)
	}
	return d
}

func (ix *pathIndex) bfsHopsTo(target int32, w *walker) []int32 {
	d := w.hopsTo
	for i := range d {
		d[i] = -1
	}
	d[target] = 0
	queue := append(w.queue[:0], target)
	defer func() { w.queue = queue }()
	for head := 0; head < len(queue); head++ {
		if head%1024 == 1023 && w.stopped() {
			return d // the search after it stops at its first check
		}
		v := queue[head]
		if int(d[v]) >= w.maxSteps {
			continue
		}
		for _, u := range ix.preds[v] {
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

func (w *walker) slot(node, hops int32, eq entryState) int {
	return (int(node)*(MaxMaxSteps+1)+int(hops))*entryStates + int(eq)
}

// entered is the entry state after move e (nil: the start, or entering a
// first role from skills).
func entered(e *pathEdge) entryState {
	if e == nil {
		return stateFree
	}
	return enteredBy(e.t.Kind)
}

// trail writes the roles and moves of the way l leads into node after
// hops moves, first move first.
func (w *walker) trail(node, hops int32, l label, nodes []int32, edges []*pathEdge) {
	for i := hops - 1; i >= 0; i-- {
		nodes[i], edges[i] = node, l.edge
		if l.prev < 0 {
			break
		}
		node = l.prev
		l = w.labels[w.slot(l.prev, l.prevHops, l.prevEq)]
	}
}

// before reports whether way a into node after hops moves comes before
// way b in pathLess's order, their costs being equal: by role ids, then
// the kinds of the moves.
func (w *walker) before(node, hops int32, a, b label) bool {
	w.trail(node, hops, a, w.nodesA[:], w.edgesA[:])
	w.trail(node, hops, b, w.nodesB[:], w.edgesB[:])
	if c := slices.Compare(w.nodesA[:hops], w.nodesB[:hops]); c != 0 {
		return c < 0
	}
	return slices.CompareFunc(w.edgesA[:hops], w.edgesB[:hops], func(x, y *pathEdge) int { return strings.Compare(moveKind(x), moveKind(y)) }) < 0
}

// shortest finds the first walk from source to target in pathLess's
// order (cost, then fewer moves, then role ids, then kinds) using at most
// budget moves, over states (role, moves made, entry state), following
// the move rule between consecutive moves (mayFollow) but not its ban on
// revisits: route adds that. sourceEq is the source's entry state.
//
// It is exact, ties included, because costs are integers: states leave
// the heap by (f, moves), so every way into a state has left before the
// state does, and a state keeps the way that comes first (before). A
// state is skipped when its role was settled with fewer moves at no
// higher cost and no more restriction. source -1 is the virtual skills
// node.
func (w *walker) shortest(source, target int32, budget int, sourceEq entryState) (path, bool) {
	w.gen++
	w.heap = w.heap[:0]
	push := func(node, hops int32, eq entryState, cost int64, prev, prevHops int32, prevEq entryState, e *pathEdge) {
		// A role that cannot reach the target in the moves left is dropped.
		if w.hopsTo[node] < 0 || int(hops+w.hopsTo[node]) > budget {
			return
		}
		if len(w.blockedCopy) > 0 && slices.Contains(w.blockedCopy, node*entryStates+eq) {
			return
		}
		i := w.slot(node, hops, eq)
		l := label{cost: cost, prev: prev, prevHops: prevHops, prevEq: prevEq, edge: e}
		if w.labelGen[i] == w.gen {
			old := w.labels[i]
			if old.cost < cost || old.cost == cost && !w.before(node, hops, l, old) {
				return
			}
			w.labels[i] = l
			if old.cost == cost {
				return // queued already, at this cost
			}
		} else {
			w.labelGen[i], w.labels[i] = w.gen, l
		}
		w.heap.push(state{f: cost + w.minCost*int64(w.hopsTo[node]), cost: cost, hops: hops, node: node, eq: eq})
	}
	if source < 0 {
		for _, en := range w.entries {
			if !w.blockedEnt[en.to] && !w.blockedNode[en.to] {
				push(en.to, 1, stateFree, en.cost, -1, 0, stateFree, nil)
			}
		}
	} else {
		push(source, 0, sourceEq, 0, -1, 0, stateFree, nil)
	}
	settled := func(node int32, eq entryState, hops int32) bool {
		i := int(node)*entryStates + int(eq)
		return w.settledGen[i] == w.gen && w.settledAt[i] <= hops
	}
	for len(w.heap) > 0 {
		s := w.heap.pop()
		if w.pops++; w.pops%1024 == 0 && w.stopped() {
			return path{}, false // one run is ms on the full graph: stop inside it too
		}
		si := w.slot(s.node, s.hops, s.eq)
		if w.labels[si].cost < s.cost {
			continue // stale
		}
		// Settled before (so at no higher cost) with no more moves and the
		// same entry state, this state cannot do better; nor can a twin
		// entry when the free one was settled with fewer moves, or as few
		// at a lower cost or by a way that comes first.
		if settled(s.node, s.eq, s.hops) {
			continue
		}
		if s.eq == stateTwin && settled(s.node, stateFree, s.hops) {
			free := w.slot(s.node, s.hops, stateFree)
			if w.settledAt[int(s.node)*entryStates] < s.hops || w.labelGen[free] != w.gen ||
				w.labels[free].cost < s.cost || !w.before(s.node, s.hops, w.labels[si], w.labels[free]) {
				continue
			}
		}
		ni := int(s.node)*entryStates + int(s.eq)
		w.settledGen[ni], w.settledAt[ni] = w.gen, s.hops
		if s.node == target {
			// The same moves may end here by an EQUIVALENT move, at the same
			// cost, by a way that comes first: its label is final too.
			eq := s.eq
			if tw := w.slot(s.node, s.hops, stateTwin); eq == stateFree && w.labelGen[tw] == w.gen &&
				w.labels[tw].cost == s.cost && w.before(s.node, s.hops, w.labels[tw], w.labels[si]) &&
				!(len(w.blockedCopy) > 0 && slices.Contains(w.blockedCopy, s.node*entryStates+stateTwin)) {
				eq = stateTwin
			}
			return w.unwind(target, s.hops, eq), true
		}
		if int(s.hops) == budget {
			continue
		}
		for j := range w.ix.out[s.node] {
			e := &w.ix.out[s.node][j]
			if !mayFollow(s.eq, e.t.Kind) || w.blockedNode[e.to] || len(w.blockedEdge) > 0 && w.blockedEdge[e.t] || e.to == source || !w.edgeOK(e) {
				continue
			}
			push(e.to, s.hops+1, enteredBy(e.t.Kind), s.cost+w.costs[s.node][j], s.node, s.hops, s.eq, e)
		}
	}
	return path{}, false
}

func (w *walker) unwind(node, hops int32, eq entryState) path {
	l := w.labels[w.slot(node, hops, eq)]
	p := path{nodes: make([]int32, hops), edges: make([]*pathEdge, hops), steps: make([]int64, hops), cost: l.cost}
	w.trail(node, hops, l, p.nodes, p.edges)
	for i := hops - 1; i >= 0; i-- {
		prevCost := int64(0)
		if l.prev >= 0 {
			prevCost = w.labels[w.slot(l.prev, l.prevHops, l.prevEq)].cost
		}
		p.steps[i] = l.cost - prevCost
		if l.prev < 0 {
			break
		}
		l = w.labels[w.slot(l.prev, l.prevHops, l.prevEq)]
	}
	return p
}

// revisit returns the positions of the first role p enters twice, or
// -1, -1. A walk shortest returns enters a role at most once per entry
// state (dropping a cycle leaves a walk no dearer with fewer moves), so
// the two entries differ in state.
func (p path) revisit() (int, int) {
	for j := range p.nodes {
		for i := range j {
			if revisits(func(r int32) bool { return r == p.nodes[i] }, p.nodes[j]) {
				return i, j
			}
		}
	}
	return -1, -1
}

// maxBranches bounds the searches route runs to make one route simple.
// On the shipped graph a revisit is rare and one or two branches settle
// it; the bound only guarantees an end.
const maxBranches = 256

// route finds the first route from source to target in pathLess's order
// under the whole move rule, revisits included. shortest relaxes the ban
// on revisits; when its walk enters a role twice, in two entry states, a
// route enters that role in at most one of them, so every route lies
// where one of the two (role, state) pairs is blocked: both branches are
// searched, best first (branch and bound). The first walk to come out
// that enters no role twice is the first route, since each branch's
// walk comes no later than any route in that branch.
func (w *walker) route(source, target int32, budget int, sourceEq entryState) (path, bool) {
	type branch struct {
		p       path
		blocked []int32
	}
	base := w.blockedCopy
	defer func() { w.blockedCopy = base }()
	var open []branch
	try := func(blocked []int32) {
		w.blockedCopy = blocked
		if p, ok := w.shortest(source, target, budget, sourceEq); ok {
			open = append(open, branch{p, blocked})
		}
	}
	try(base)
	for runs := 1; len(open) > 0; {
		bi := 0
		for i := range open {
			if pathLess(open[i].p, open[bi].p) < 0 {
				bi = i
			}
		}
		b := open[bi]
		open = slices.Delete(open, bi, bi+1)
		i, j := b.p.revisit()
		if i < 0 {
			return b.p, true
		}
		if runs >= maxBranches || w.stopped() {
			break
		}
		r := b.p.nodes[i]
		for _, at := range []int{i, j} {
			c := r*entryStates + entered(b.p.edges[at])
			if !slices.Contains(b.blocked, c) {
				try(append(slices.Clip(b.blocked), c))
				runs++
			}
		}
	}
	return path{}, false
}

func (w *walker) stopped() bool {
	select {
	case <-w.done:
		return true
	default:
		return false
	}
}

// yen returns up to k routes from source to target, first first in
// pathLess's order (Yen 1971): each next route deviates from an earlier
// one at a spur node, with the earlier routes' next moves and the root's
// roles blocked. Each spur search finds the first route in the same
// order as the whole (cost, moves, role ids and kinds all compare root
// first), so the k routes are exactly the first k, ties included.
func (w *walker) yen(source, target int32, k int) []path {
	first, ok := w.route(source, target, w.maxSteps, stateFree)
	if !ok {
		return nil
	}
	found := []path{first}
	seen := map[string]bool{first.key(): true}
	var candidates []path
	for len(found) < k {
		last := found[len(found)-1]
		for i := range last.nodes {
			if w.stopped() {
				return found
			}
			spur := source
			if i > 0 {
				spur = last.nodes[i-1]
			}
			clear(w.blockedEdge)
			clear(w.blockedEnt)
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
			spurEq := stateFree
			if i > 0 {
				spurEq = entered(last.edges[i-1])
			}
			tail, ok := w.route(spur, target, w.maxSteps-i, spurEq)
			for _, n := range rootBlocked {
				w.blockedNode[n] = false
			}
			if source >= 0 {
				w.blockedNode[source] = false
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
		best := 0
		for i := range candidates {
			if pathLess(candidates[i], candidates[best]) < 0 {
				best = i
			}
		}
		found = append(found, candidates[best])
		candidates = slices.Delete(candidates, best, best+1)
	}
	return found
}

// hopCache keeps the reverse BFS's distances (hopsTo) of the latest
// unfiltered queries, per target and move budget: the BFS walks every
// role within the budget of the target, about a quarter of the README's
// careerPaths on the full graph, and a page of routes asks for the same
// targets again. A distance takes a byte (budgets are at most
// MaxMaxSteps), so the cache holds at most hopCacheSize × roles bytes,
// pointer-free: 1.2 MB on the full graph.
type hopCache struct {
	mu   sync.Mutex
	m    map[hopKey][]int8
	keys []hopKey // in the order added: the oldest goes first
	next int
}

type hopKey struct{ target, maxSteps int32 }

const hopCacheSize = 256

// get copies the distances of k into d, if kept.
func (c *hopCache) get(k hopKey, d []int32) bool {
	c.mu.Lock()
	h, ok := c.m[k]
	c.mu.Unlock()
	if !ok {
		return false
	}
	for i, v := range h { // h is never written once kept
		d[i] = int32(v)
	}
	return true
}

func (c *hopCache) put(k hopKey, d []int32) {
	h := make([]int8, len(d))
	for i, v := range d {
		h[i] = int8(v)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.m[k]; ok {
		return
	}
	if c.m == nil {
		c.m = make(map[hopKey][]int8, hopCacheSize)
	}
	if len(c.keys) < hopCacheSize {
		c.keys = append(c.keys, k)
	} else {
		delete(c.m, c.keys[c.next])
		c.keys[c.next] = k
		c.next = (c.next + 1) % hopCacheSize
	}
	c.m[k] = h
}
