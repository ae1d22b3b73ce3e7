package linker

import (
	"cmp"
	"fmt"
	"hash/fnv"
	"math"
	"os"
	"slices"
	"strings"
	"testing"

	"careergraph/career"
)

// The evaluation: job titles the graph ships, held out of it, linked by
// an index built without them, against the roles the data says they
// name. One in ten ROME appellations (other than a fiche's own name) and
// one in ten ESCO alternative labels are held out; so are the EQUIVALENT
// links the ESCO–ROME mapping made only through a held-out appellation,
// and the held-out appellations' rows of the appellation mapping are
// never reached (their labels are not indexed).
//
//	go test -run TestEval -v ./linker/
//
// prints MRR and success@1/5/10 per set, for the linker and for BM25
// over the same labels (each role's own labels and its EQUIVALENT twins',
// as search indexes them), and fails if the linker does not beat BM25 on
// every set.

const heldOutShare = 10 // one in ten

func heldOut(key string) bool {
	h := fnv.New32a()
	h.Write([]byte(key))
	return h.Sum32()%heldOutShare == 0
}

type evalCase struct {
	text string
	gold []string // role ids
}

type evalSet struct {
	name    string
	schemes []Scheme
	cases   []evalCase
}

// holdOut returns ds without the held-out titles, and the sets to
// evaluate on.
func holdOut(ds career.Dataset) (career.Dataset, []evalSet) {
	romeFR := evalSet{name: "FR title -> ROME fiche", schemes: []Scheme{ROME}}
	escoFR := evalSet{name: "FR title -> ESCO occupation", schemes: []Scheme{ESCO}}
	escoEN := evalSet{name: "EN title -> ESCO occupation", schemes: []Scheme{ESCO}}
	bridge := bridgeRows()
	out := ds
	out.Roles = slices.Clone(ds.Roles)
	keptPairs := map[[2]string]bool{} // (fiche, occupation) a kept appellation maps exactly or closely
	for i, r := range out.Roles {
		var titles []career.JobTitle
		for _, t := range r.Titles {
			switch {
			case r.RomeCode != nil && t.Code != "" && t.Label != r.Name && heldOut(t.Code):
				romeFR.cases = append(romeFR.cases, evalCase{t.Label, []string{r.ID}})
				var gold []string
				for _, b := range bridge[t.Code] {
					if b.rel == 'e' || b.rel == 'c' {
						gold = append(gold, b.roleID)
					}
				}
				if len(gold) > 0 {
					escoFR.cases = append(escoFR.cases, evalCase{t.Label, gold})
				}
			case r.EscoURI != nil && t.Lang == "en" && heldOut(r.ID+"\x00"+t.Label):
				escoEN.cases = append(escoEN.cases, evalCase{t.Label, []string{r.ID}})
			default:
				titles = append(titles, t)
				for _, b := range bridge[t.Code] {
					if t.Code != "" && (b.rel == 'e' || b.rel == 'c') {
						keptPairs[[2]string{r.ID, b.roleID}] = true
					}
				}
			}
		}
		out.Roles[i].Titles = titles
	}
	out.Transitions = nil
	for _, t := range ds.Transitions {
		if t.Kind == career.Equivalent && slices.Contains(t.SourceIDs, "source:rome-esco") &&
			!keptPairs[[2]string{t.FromID, t.ToID}] && !keptPairs[[2]string{t.ToID, t.FromID}] {
			continue
		}
		out.Transitions = append(out.Transitions, t)
	}
	return out, []evalSet{romeFR, escoFR, escoEN}
}

type metrics struct {
	n                int
	mrr, s1, s5, s10 float64
}

func (m metrics) String() string {
	return fmt.Sprintf("n=%d MRR %.3f s@1 %.3f s@5 %.3f s@10 %.3f", m.n, m.mrr, m.s1, m.s5, m.s10)
}

// score ranks each case's roles with rank and measures where its first
// gold role comes (within the first 100).
func score(cases []evalCase, rank func(string) []string) metrics {
	var m metrics
	for _, c := range cases {
		got := rank(c.text)
		at := slices.IndexFunc(got, func(id string) bool { return slices.Contains(c.gold, id) })
		m.n++
		if at < 0 {
			continue
		}
		m.mrr += 1 / float64(at+1)
		for _, k := range []struct {
			k int
			s *float64
		}{{1, &m.s1}, {5, &m.s5}, {10, &m.s10}} {
			if at < k.k {
				*k.s++
			}
		}
	}
	for _, v := range []*float64{&m.mrr, &m.s1, &m.s5, &m.s10} {
		*v /= float64(max(m.n, 1))
	}
	return m
}

// bm25 is the baseline: Okapi BM25 (k1 1.2, b 0.75) over every label of
// every role, a role ranked by its best label. A role's labels are its
// name, its job titles and its EQUIVALENT twins' names and titles, as
// the search index has them; words are folded (case and accents), as
// search does, and nothing else.
type bm25 struct {
	docs     []bm25Doc
	postings map[string][]int32
	avg      float64
	roles    []*career.Role
}

type bm25Doc struct {
	role int32
	tf   map[string]int
	n    int
}

func newBM25(g *career.Graph) *bm25 {
	b := &bm25{postings: map[string][]int32{}, roles: g.Roles(career.RoleFilter{}, career.Order{})}
	total := 0
	add := func(role int, text string) {
		toks := career.Tokens(text)
		if len(toks) == 0 {
			return
		}
		d := bm25Doc{role: int32(role), tf: map[string]int{}, n: len(toks)}
		for _, t := range toks {
			if d.tf[t] == 0 {
				b.postings[t] = append(b.postings[t], int32(len(b.docs)))
			}
			d.tf[t]++
		}
		total += len(toks)
		b.docs = append(b.docs, d)
	}
	for i, r := range b.roles {
		labels := func(r *career.Role) {
			add(i, r.Name)
			for _, t := range r.Titles {
				add(i, t.Label)
			}
		}
		labels(r)
		for _, tw := range g.Equivalents(r.ID) {
			labels(tw)
		}
	}
	b.avg = float64(total) / float64(len(b.docs))
	return b
}

func (b *bm25) rank(q string, schemes []Scheme, limit int) []string {
	const k1, bb = 1.2, 0.75
	scores := map[int32]float64{}
	n := float64(len(b.docs))
	for _, t := range slices.Compact(career.Tokens(q)) {
		p := b.postings[t]
		idf := math.Log(1 + (n-float64(len(p))+0.5)/(float64(len(p))+0.5))
		for _, d := range p {
			doc := &b.docs[d]
			tf := float64(doc.tf[t])
			scores[d] += idf * tf * (k1 + 1) / (tf + k1*(1-bb+bb*float64(doc.n)/b.avg))
		}
	}
	best := map[int32]float64{}
	for d, s := range scores {
		r := b.docs[d].role
		if !slices.Contains(schemes, SchemeOf(b.roles[r])) {
			continue
		}
		best[r] = max(best[r], s)
	}
	type rs struct {
		r int32
		s float64
	}
	var all []rs
	for r, s := range best {
		all = append(all, rs{r, s})
	}
	slices.SortFunc(all, func(a, c rs) int { return cmp.Or(cmp.Compare(c.s, a.s), cmp.Compare(b.roles[a.r].ID, b.roles[c.r].ID)) })
	var out []string
	for _, x := range all[:min(len(all), limit)] {
		out = append(out, b.roles[x.r].ID)
	}
	return out
}

func TestEval(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("builds the full graph twice; runs without -short and -race")
	}
	ds, err := openData()
	if err != nil {
		t.Fatal(err)
	}
	kept, sets := holdOut(ds)
	g, err := career.Build(kept, 1)
	if err != nil {
		t.Fatal(err)
	}
	ix, base := Build(g), newBM25(g)
	var table strings.Builder
	table.WriteString("| set | queries | method | MRR | s@1 | s@5 | s@10 |\n| --- | ---: | --- | ---: | ---: | ---: | ---: |\n")
	for _, s := range sets {
		mine := score(s.cases, func(q string) []string {
			var ids []string
			for _, m := range ix.Title(q, LinkOptions{Schemes: s.schemes, Limit: 100}) {
				ids = append(ids, m.Role.ID)
			}
			return ids
		})
		theirs := score(s.cases, func(q string) []string { return base.rank(q, s.schemes, 100) })
		for _, row := range []struct {
			name string
			m    metrics
		}{{"linker", mine}, {"BM25", theirs}} {
			fmt.Fprintf(&table, "| %s | %d | %s | %.3f | %.3f | %.3f | %.3f |\n", s.name, row.m.n, row.name, row.m.mrr, row.m.s1, row.m.s5, row.m.s10)
		}
		if mine.mrr <= theirs.mrr {
			t.Errorf("%s: the linker's MRR %.3f is not above BM25's %.3f", s.name, mine.mrr, theirs.mrr)
		}
	}
	t.Log("\n" + table.String())
	if os.Getenv("EVAL_SWEEP") != "" {
		sweep(t, ix, sets)
	}
}

// sweep prints the linker's MRR per set under other weights of the
// graph's moves, for tuning (EVAL_SWEEP=1).
func sweep(t *testing.T, ix *Index, sets []evalSet) {
	defer func(tw, rs float64) { twinWeight, roleShare = tw, rs }(twinWeight, roleShare)
	for _, tw := range []float64{0.75, 0.85, 0.92} {
		for _, rs := range []float64{0.1, 0.15, 0.25} {
			twinWeight, roleShare = tw, rs
			line := fmt.Sprintf("twin %.2f roleShare %.2f:", tw, rs)
			for _, s := range sets {
				m := score(s.cases, func(q string) []string {
					var ids []string
					for _, m := range ix.Title(q, LinkOptions{Schemes: s.schemes, Limit: 100}) {
						ids = append(ids, m.Role.ID)
					}
					return ids
				})
				line += fmt.Sprintf(" %s %.3f", s.name, m.mrr)
			}
			t.Log(line)
		}
	}
}
