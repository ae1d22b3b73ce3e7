package seed_test

import (
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"careergraph/career"
	"careergraph/seed"

	"golang.org/x/sys/unix"
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
	ds, _, err := seed.ESCO(seed.Dir(release(b, "esco")), func(string, string) bool { return false }, func(string, int) {})
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
	f, err := os.Open(release(b, "esco") + "/occupations.csv")
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

// openGraphT is openGraph for tests too; -short skips what loads it.
func openGraphT(b testing.TB) *career.Graph {
	b.Helper()
	if testing.Short() {
		b.Skip("loads the whole open graph")
	}
	shipped(b)
	g, err := shippedGraph()
	if err != nil {
		b.Fatal(err)
	}
	return g
}

// shippedGraph is built once per test binary: the tests only read it.
var shippedGraph = sync.OnceValues(func() (*career.Graph, error) {
	curated, _, err := seed.Curated()
	if err != nil {
		return nil, err
	}
	ds, _, err := seed.ImportOpenData(seed.OpenData(), curated, func(string) {})
	if err != nil {
		return nil, err
	}
	g, err := career.Build(curated.Upsert(ds), 1)
	if err != nil {
		return nil, err
	}
	g.Warm()
	return g, nil
})

// Autocomplete over the whole shipped graph (4,598 roles and their 60,000
// titles in French and English, 43,888 skills), as a user types.
//
//	go test -run '^$' -bench OpenData ./seed/
func BenchmarkSearchOpenData(b *testing.B) {
	benchSearch(b, openGraph(b), "d", "dev", "ingé", "ingénieur back", "développeur web", "python", "infirmier")
}

// careerPaths k=5 between random roles of the whole shipped graph, under
// each measure; reports the median and the 99th percentile besides the
// mean, since "any pair" is the target: of wall time, and of the CPU time
// each query took on its own thread (the goroutine locked to its thread), which a loaded machine does not inflate as it does wall time.
//
//	go test -run '^$' -bench CareerPathsOpenData -benchmem -benchtime 2000x -cpu 1 ./seed/
func BenchmarkCareerPathsOpenData(b *testing.B) {
	g := openGraph(b)
	roles := g.Roles(career.RoleFilter{}, career.Order{})
	for _, opt := range []career.Optimize{career.Steps, career.Years, career.Effort} {
		b.Run(string(opt), func(b *testing.B) {
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			rng := rand.New(rand.NewPCG(1, 2))
			var took, cpu []time.Duration
			b.ReportAllocs()
			for b.Loop() {
				from, to := roles[rng.IntN(len(roles))], roles[rng.IntN(len(roles))]
				start, c0 := time.Now(), threadCPU()
				if _, err := g.CareerPaths(career.PathQuery{FromRole: from.ID, To: to.ID, Optimize: opt, K: 5, MaxSteps: 6}); err != nil {
					b.Fatal(err)
				}
				cpu = append(cpu, threadCPU()-c0)
				took = append(took, time.Since(start))
			}
			reportPercentiles(b, took, "")
			reportPercentiles(b, cpu, "cpu-")
		})
	}
}

// reportPercentiles reports the median and the 99th percentile of ds.
func reportPercentiles(b *testing.B, ds []time.Duration, prefix string) {
	slices.Sort(ds)
	b.ReportMetric(float64(ds[len(ds)/2].Microseconds()), prefix+"p50-µs")
	b.ReportMetric(float64(ds[len(ds)*99/100].Microseconds()), prefix+"p99-µs")
}

// threadCPU is the CPU time of the calling thread
// (CLOCK_THREAD_CPUTIME_ID, counted by the scheduler in nanoseconds).
func threadCPU() time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		return 0
	}
	return time.Duration(ts.Nano())
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
