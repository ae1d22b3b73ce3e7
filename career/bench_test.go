package career

import (
	"fmt"
	"math/rand/v2"
	"syscall"
	"testing"
	"time"
)

// esco builds a generated graph of ESCO's size times scale: 3,000 roles,
// 14,000 skills, 120,000 role-skill links and 30,000 transitions at scale 1.
func esco(b testing.TB, scale int) *Graph {
	b.Helper()
	rng := rand.New(rand.NewPCG(7, uint64(scale)))
	roles, skills, links, transitions := 3000*scale, 14000*scale, 120000*scale, 30000*scale
	var ds Dataset
	for i := range skills {
		ds.Skills = append(ds.Skills, Skill{ID: fmt.Sprintf("skill:s%d", i), Slug: fmt.Sprintf("s%d", i), Name: fmt.Sprintf("Skill %d", i), Category: Technical})
	}
	for i := range roles {
		ds.Roles = append(ds.Roles, Role{ID: fmt.Sprintf("role:r%d", i), Slug: fmt.Sprintf("r%d", i), Name: fmt.Sprintf("Role %d", i)})
	}
	seen := map[[2]int]bool{}
	for len(ds.Requires) < links {
		r, s := rng.IntN(roles), rng.IntN(skills)
		if seen[[2]int{r, s}] {
			continue
		}
		seen[[2]int{r, s}] = true
		imp := Essential
		if rng.IntN(3) == 0 {
			imp = Optional
		}
		ds.Requires = append(ds.Requires, Requires{RoleID: ds.Roles[r].ID, SkillID: ds.Skills[s].ID, Importance: imp, Rank: 1})
	}
	clear(seen)
	for len(ds.Transitions) < transitions {
		a, c := rng.IntN(roles), rng.IntN(roles)
		if a == c || seen[[2]int{a, c}] {
			continue
		}
		seen[[2]int{a, c}] = true
		t := Transition{FromID: ds.Roles[a].ID, ToID: ds.Roles[c].ID, Kind: Mobility, Rank: 1}
		if rng.IntN(2) == 0 {
			y := float64(1 + rng.IntN(5))
			t.TypicalYears = &y
		}
		ds.Transitions = append(ds.Transitions, t)
	}
	g, err := Build(ds, 1)
	if err != nil {
		b.Fatal(err)
	}
	g.paths() // the index is built once per snapshot, not per query
	return g
}

var scales = []int{1, 10}

func BenchmarkCareerPathsK5(b *testing.B) {
	for _, scale := range scales {
		g := esco(b, scale)
		n := 3000 * scale
		for _, opt := range []Optimize{Steps, Years, Effort} {
			b.Run(fmt.Sprintf("x%d/%s", scale, opt), func(b *testing.B) {
				rng := rand.New(rand.NewPCG(1, 1))
				b.ReportAllocs()
				cpu0, ops := processCPU(), 0
				for b.Loop() {
					from, to := fmt.Sprintf("role:r%d", rng.IntN(n)), fmt.Sprintf("role:r%d", rng.IntN(n))
					if _, err := g.CareerPaths(PathQuery{FromRole: from, To: to, Optimize: opt, K: 5, MaxSteps: DefaultMaxSteps}); err != nil {
						b.Fatal(err)
					}
					ops++
				}
				// CPU time, which a loaded machine inflates less than wall time.
				b.ReportMetric(float64((processCPU()-cpu0).Microseconds())/float64(ops), "cpu-µs/op")
			})
		}
	}
}

func BenchmarkSkillGap(b *testing.B) {
	for _, scale := range scales {
		g := esco(b, scale)
		have := []string{"skill:s1", "skill:s2", "skill:s3", "skill:s4", "skill:s5"}
		b.Run(fmt.Sprintf("x%d", scale), func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				i++
				if _, err := g.SkillGap(have, fmt.Sprintf("role:r%d", i%(3000*scale))); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkReachableRoles(b *testing.B) {
	for _, scale := range scales {
		g := esco(b, scale)
		b.Run(fmt.Sprintf("x%d/3steps", scale), func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				i++
				if _, err := g.ReachableRoles(fmt.Sprintf("role:r%d", i%(3000*scale)), 3, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkGraphStatsESCO(b *testing.B) {
	g := esco(b, 1)
	b.ReportAllocs()
	for b.Loop() {
		g.stats, g.ext = &lazy[Stats]{}, &extIndexes{} // measure the per-snapshot computation itself, Counts with it
		g.Stats()
	}
}

func BenchmarkSearchESCO(b *testing.B) {
	g := esco(b, 1)
	b.ReportAllocs()
	for b.Loop() {
		g.Search("role 12", nil, 10)
	}
}

// processCPU is the CPU time the process has used, user and system.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
