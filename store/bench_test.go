package store_test

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"careergraph/career"
	"careergraph/seed"
	"careergraph/store"
	"careergraph/store/embedded"
)

// Small writes in a row on the full shipped graph, through Live over the
// embedded store, as the mutation API makes them: a role created with a
// required skill and a transition, updated, then deleted with its
// cascade, one write at a time, the background indexing running as in
// production, each write priced first as the API prices a request
// (Graph.Sizes). Reports the write latency's p50 and p99, the store commit's
// (bbolt with its fsyncs) p50 and p99 within it, the process's CPU time
// per write (background indexing and GC included: what a loaded machine
// does not inflate as it does wall time), and the growth of the process's
// resident memory over the run (after a GC at both ends).
//
//	go test -run '^$' -bench SmallWrites -benchtime 1000x ./store/
func BenchmarkSmallWritesOpenData(b *testing.B) {
	st, err := embedded.Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	live := store.NewLive(st, quiet)
	live.AfterWarm(debug.FreeOSMemory)
	loadSeed(b, live)
	ctx := context.Background()
	if _, err := live.Change(ctx, func(cur *career.Graph) (store.Write, error) {
		ds, _, err := seed.ImportOpenData(seed.OpenData(), cur.Dataset(), func(string) {})
		return store.Write{Upsert: ds}, err
	}); err != nil {
		b.Fatal(err)
	}
	g := live.Graph()
	skill := g.Dataset().Skills[len(g.Dataset().Skills)/2].ID
	target := "role:developpeur-back-end"
	for live.Warming() {
		time.Sleep(50 * time.Millisecond)
	}
	debug.FreeOSMemory()
	rss0 := rssMB()
	var commits []time.Duration // appended under the writers' lock
	live.OnCommit(func(d time.Duration) { commits = append(commits, d) })
	cpu0 := cpuTime()

	var lat []time.Duration
	i := 0
	b.ReportAllocs() // the process's, background indexing included
	for b.Loop() {
		slug := fmt.Sprintf("bench-%d", i/3)
		id := "role:" + slug
		start := time.Now()
		// The API prices every request by the current snapshot's list
		// sizes before running it (graph/cost.go): a patched snapshot's
		// must not cost a pass over the whole graph.
		live.Graph().Sizes()
		var err error
		switch i % 3 {
		case 0:
			_, err = live.Upsert(ctx, career.Dataset{
				Roles:       []career.Role{{ID: id, Slug: slug, Name: "Bench " + slug}},
				Requires:    []career.Requires{{RoleID: id, SkillID: skill, Importance: career.Essential, Rank: 1}},
				Transitions: []career.Transition{{FromID: id, ToID: target, Kind: career.Mobility, Rank: 1}},
			}, func(cur *career.Graph) error { return cur.CheckCreate(career.Dataset{Roles: []career.Role{{ID: id}}}) })
		case 1:
			_, err = live.Upsert(ctx, career.Dataset{Roles: []career.Role{{ID: id, Slug: slug, Name: "Bench " + slug + " (updated)"}}}, nil)
		case 2:
			_, err = live.Change(ctx, func(cur *career.Graph) (store.Write, error) {
				removed, err := cur.Delete([]string{id}, nil)
				return store.Write{Delete: removed}, err
			})
		}
		lat = append(lat, time.Since(start))
		if err != nil {
			b.Fatalf("write %d: %v", i, err)
		}
		i++
	}
	b.StopTimer()
	cpu := cpuTime() - cpu0
	for live.Warming() {
		time.Sleep(50 * time.Millisecond)
	}
	debug.FreeOSMemory()
	q := func(d []time.Duration, p float64) float64 {
		slices.Sort(d)
		return float64(d[int(p*float64(len(d)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(q(lat, 0.5), "p50-ms")
	b.ReportMetric(q(lat, 0.99), "p99-ms")
	b.ReportMetric(q(commits, 0.5), "commit-p50-ms")
	b.ReportMetric(q(commits, 0.99), "commit-p99-ms")
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(len(lat)), "cpu-ms/op")
	b.ReportMetric(rss0, "rss-start-MB")
	b.ReportMetric(rssMB()-rss0, "rss-growth-MB")
	runtime.KeepAlive(g)
}

// cpuTime is the CPU time the process has used, user and system.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// rssMB is the process's resident set, from /proc (0 elsewhere).
func rssMB() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}
