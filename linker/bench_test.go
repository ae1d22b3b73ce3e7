package linker

import (
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"careergraph/career"
)

// p99 runs f b.N times and reports the median and the 99th percentile of
// its durations beside the mean, and the process's CPU time per run (GC
// included): on a shared machine, wall time measures the neighbours too.
func p99(b *testing.B, f func(i int)) {
	b.Helper()
	ds := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; b.Loop(); i++ {
		t := time.Now()
		f(i)
		ds = append(ds, time.Since(t))
	}
	cpu := cpuTime() - cpu0
	b.StopTimer()
	slices.Sort(ds)
	b.ReportMetric(float64(ds[len(ds)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(ds[len(ds)*99/100].Microseconds()), "p99-µs")
	b.ReportMetric(float64(cpu.Microseconds())/float64(len(ds)), "cpu-µs/op")
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchTitles are the hand-written titles and a share of the graph's
// own titles with a letter dropped (typos cost most).
func benchTitles(tb testing.TB) []string {
	var out []string
	for _, c := range titleCases {
		out = append(out, c.title)
	}
	ds, err := openData()
	if err != nil {
		tb.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, r := range ds.Roles {
		for _, t := range r.Titles {
			if rng.IntN(50) == 0 {
				rs := []rune(t.Label)
				i := rng.IntN(len(rs))
				out = append(out, string(rs[:i])+string(rs[i+1:]))
			}
		}
	}
	return out
}

// BenchmarkTitle links one title on the full graph (target: p99 < 2 ms).
func BenchmarkTitle(b *testing.B) {
	ix := full(b)
	titles := benchTitles(b)
	p99(b, func(i int) { ix.Title(titles[i%len(titles)], LinkOptions{Limit: 10}) })
}

// BenchmarkOfferTitle links the offer titles (testdata/offertitles.tsv:
// as job boards write them, context after dashes and all) among ESCO
// occupations, as TestEvalOfferTitles does.
func BenchmarkOfferTitle(b *testing.B) {
	ix := full(b)
	body, err := os.ReadFile("testdata/offertitles.tsv")
	if err != nil {
		b.Fatal(err)
	}
	var titles []string
	for line := range strings.Lines(string(body)) {
		if t, _, ok := strings.Cut(line, "\t"); ok && !strings.HasPrefix(line, "#") {
			titles = append(titles, t)
		}
	}
	p99(b, func(i int) { ix.Title(titles[i%len(titles)], LinkOptions{Schemes: []Scheme{ESCO}, Limit: 10}) })
}

// cv is a text of about n characters made of the graph's own prose: the
// descriptions of roles in several trades, French and English, as a CV
// or an offer reads.
func cv(tb testing.TB, n int, seed uint64) string {
	ds, err := openData()
	if err != nil {
		tb.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(seed, 3))
	var roles []career.Role
	for _, r := range ds.Roles {
		if r.Description != nil {
			roles = append(roles, r)
		}
	}
	var sb strings.Builder
	sb.WriteString("Développeur back-end senior (H/F)\n")
	for sb.Len() < n {
		d := *roles[rng.IntN(len(roles))].Description
		sb.WriteString(d[:min(len(d), 600)])
		sb.WriteString("\n")
	}
	return string([]rune(sb.String())[:n])
}

// BenchmarkText reads a 5,000-character CV on the full graph (target:
// p99 < 30 ms).
func BenchmarkText(b *testing.B) {
	ix := full(b)
	var cvs []string
	for s := range uint64(20) {
		cvs = append(cvs, cv(b, 5000, s))
	}
	p99(b, func(i int) { ix.Text(cvs[i%len(cvs)], 20, 10) })
}

// BenchmarkTextWorst reads the longest texts allowed: 20,000 characters
// of prose, of one letter, and of words no skill holds.
func BenchmarkTextWorst(b *testing.B) {
	ix := full(b)
	junk := strings.Repeat("xqzvw ", MaxTextLen/6)
	for name, text := range map[string]string{"prose": cv(b, MaxTextLen, 9), "one-letter": strings.Repeat("a", MaxTextLen), "unknown-words": junk} {
		b.Run(name, func(b *testing.B) { p99(b, func(int) { ix.Text(text, 20, 10) }) })
	}
}
