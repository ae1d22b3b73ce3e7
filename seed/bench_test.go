package seed_test

import (
	"math/rand/v2"
	"os"
	"slices"
	"testing"
	"time"

	"careergraph/career"
	"careergraph/seed"
	"careergraph/seed/seedtest"
)

// Autocomplete over the real ESCO occupations and their 30,000 alt labels,
// as a user types: one letter, a word, a phrase.
func BenchmarkSearchImportedESCO(b *testing.B) {
	benchSearch(b, occupationsGraph(b), "d", "dev", "developer", "software dev", "ingénieur backend")
}

// benchSearch times each query as a sub-benchmark; each must find something.
func benchSearch(b *testing.B, g *career.Graph, queries ...string) {
	for _, q := range queries {
		b.Run(q, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if len(g.Search(q, nil, 10)) == 0 {
					b.Fatalf("no hit for %q", q)
				}
			}
		})
	}
}

// Filtered role lists over the real ESCO roles and titles.
func BenchmarkRoleListQueryImportedESCO(b *testing.B) {
	g := occupationsGraph(b)
	b.ReportAllocs()
	for b.Loop() {
		if len(g.Roles(career.RoleFilter{Query: "software dev"}, career.Order{})) == 0 {
			b.Fatal("no role")
		}
	}
}

// The snapshot rebuild every committed write pays, over the real ESCO
// folder (occupations, titles, ISCO tree, skill groups) plus the guide.
func BenchmarkSnapshotBuildImportedESCO(b *testing.B) {
	curated, _, err := seed.Curated()
	if err != nil {
		b.Fatal(err)
	}
	ds, _, err := seed.ESCO(seed.Dir(seedtest.Release(b, "esco")), func(string, string) bool { return false }, func(string, int) {})
	if err != nil {
		b.Fatal(err)
	}
	all := curated.Upsert(ds)
	// "write path": what a write waits for; "with search index": plus the
	// index Live warms in the background after the swap.
	for _, warm := range []bool{false, true} {
		name := map[bool]string{false: "write path", true: "with search index"}[warm]
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				g, err := career.Build(all, 1)
				if err != nil {
					b.Fatal(err)
				}
				if warm {
					g.Warm()
				}
			}
		})
	}
}

// occupationsGraph is the guide plus the real ESCO occupations and titles.
func occupationsGraph(b *testing.B) *career.Graph {
	f, err := os.Open(seedtest.Release(b, "esco") + "/occupations.csv")
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	curated, _, err := seed.Curated()
	if err != nil {
		b.Fatal(err)
	}
	ds, err := seed.ESCOOccupations(f, "occupations.csv", nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	g, err := career.Build(curated.Upsert(ds), 1)
	if err != nil {
		b.Fatal(err)
	}
	return g
}

// openGraph is the full shipped graph: the guide and the open data.
func openGraph(b *testing.B) *career.Graph { return openGraphT(b) }

func openGraphT(b testing.TB) *career.Graph {
	b.Helper()
	curated, _, err := seed.Curated()
	if err != nil {
		b.Fatal(err)
	}
	ds, _, err := seed.ImportOpenData(seed.OpenData(), curated, func(string) {})
	if err != nil {
		b.Fatal(err)
	}
	g, err := career.Build(curated.Upsert(ds), 1)
	if err != nil {
		b.Fatal(err)
	}
	g.Warm()
	return g
}

// Autocomplete over the whole shipped graph (4,598 roles and their 60,000
// titles in French and English, 43,888 skills), as a user types.
//
//	go test -run '^$' -bench OpenData ./seed/
func BenchmarkSearchOpenData(b *testing.B) {
	benchSearch(b, openGraph(b), "d", "dev", "ingé", "ingénieur back", "développeur web", "python", "infirmier")
}

// careerPaths k=5 between random roles of the whole shipped graph, under
// each measure; reports the median and the 99th percentile besides the
// mean, since "any pair" is the target.
func BenchmarkCareerPathsOpenData(b *testing.B) {
	g := openGraph(b)
	roles := g.Roles(career.RoleFilter{}, career.Order{})
	for _, opt := range []career.Optimize{career.Steps, career.Years, career.Effort} {
		b.Run(string(opt), func(b *testing.B) {
			rng := rand.New(rand.NewPCG(1, 2))
			var took []time.Duration
			b.ReportAllocs()
			for b.Loop() {
				from, to := roles[rng.IntN(len(roles))], roles[rng.IntN(len(roles))]
				start := time.Now()
				if _, err := g.CareerPaths(career.PathQuery{FromRole: from.ID, To: to.ID, Optimize: opt, K: 5, MaxSteps: 6}); err != nil {
					b.Fatal(err)
				}
				took = append(took, time.Since(start))
			}
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)/2].Microseconds()), "p50-µs")
			b.ReportMetric(float64(took[len(took)*99/100].Microseconds()), "p99-µs")
		})
	}
}

// similarRoles over the whole shipped graph: a ROME fiche (skills and
// work contexts, so every fiche sharing a context is a candidate) and an
// ESCO occupation (skills only).
//
//	go test -run '^$' -bench SimilarRolesOpenData ./seed/
func BenchmarkSimilarRolesOpenData(b *testing.B) {
	g := openGraph(b)
	for name, id := range map[string]string{"rome-m1855": "role:rome-m1855", "esco-software-developer": "role:esco-f2b15a0e-e65a-438a-affb-29b9d50b77d1"} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if s, err := g.SimilarRoles(id, 10); err != nil || len(s) != 10 {
					b.Fatalf("%d similar roles, %v", len(s), err)
				}
			}
		})
	}
}
