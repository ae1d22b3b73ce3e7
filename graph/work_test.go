package graph

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"
)

// cvText is a long CV: the linker's whole 20,000 characters of words the
// graph knows, so that every reading step has work to do.
var cvText = func() string {
	line := "Développeur web, gestion de bases de données, programmation en Python, comptabilité générale, tableaux de bord, conduite de projet, management d'équipe, relation client.\n"
	return strings.Repeat(line, 20000/len([]rune(line)))[:19000]
}()

// slowReads are the requests whose work is inside one resolver and grows
// with the graph (a scan, a search, a reading): the dearest shape of each
// that the limits let through. Their work must stop at the deadline, not
// only the fields still to run.
var slowReads = []struct{ name, query string }{
	{"skills filtered by 28 words", `{ skills(filter: {query: "a b c d e f g h i j k l m n o p q r s t u v w x y z aa ab"}, first: 1) { totalCount } }`},
	{"roles filtered by 100 words", `{ roles(filter: {query: "` + strings.TrimSpace(strings.Repeat("a ", 100)) + `"}, first: 1) { totalCount } }`},
	{"skills of a skill group by name", `{ skills(filter: {groupId: "group:esco-s", categories: [KNOWLEDGE]}, first: 1) { totalCount } }`},
	{"search of eight one-letter words", `{ search(query: "a e i o u d l s", first: 50) { score } }`},
	{"routes k=10 of 10 steps", `{ careerPaths(from: {roleId: "role:rome-m1855"}, to: "role:rome-k2111", k: 10, maxSteps: 10) { cost } }`},
	{"routes from a CV", `query($t: String) { careerPaths(from: {text: $t}, to: "role:rome-m1803", k: 10, maxSteps: 10) { cost } }`},
	{"roles within 10 steps", `{ reachableRoles(from: "role:rome-k2111", maxSteps: 10) { steps } }`},
	{"roles similar to a hub", `{ similarRoles(role: "role:rome-k2111", k: 100) { score } }`},
	{"reading a CV", `query($t: String!) { readText(text: $t, skills: 100, roles: 50) { skills { score } roles { score } } }`},
	{"a CV's skill gap", `query($t: String) { skillGap(from: {text: $t}, target: "role:rome-m1805") { coverage } }`},
	{"a long job title", `{ linkTitle(title: "` + strings.Repeat("ingénieur développeur ", 9) + `", first: 50) { score } }`},
}

func varsOf(query string) map[string]any {
	if strings.Contains(query, "$t") {
		return map[string]any{"t": cvText}
	}
	return nil
}

// Each slow read, given a deadline of 2 ms, stops inside its resolver: it
// answers UNAVAILABLE having used little CPU after the deadline (at most
// 3 ms, or a quarter of what it costs whole) and in all (8 ms, or a
// third). CPU, not wall time: the machine may be loaded. Indexes
// are built beforehand (Warm, as the server does after each write), so
// what is measured is the request's own work.
func TestDeadlineStopsWorkInsideResolvers(t *testing.T) {
	live := shippedGraph(t)
	live.Graph().Warm()
	h := shippedHandler(live, true)
	for _, r := range slowReads {
		vars := varsOf(r.query)
		// Twice, keeping the cheaper: the first call may build what later
		// calls share (a lazily built index), and a deadline-bound call is
		// judged against the request's own work.
		var whole answer
		full := time.Duration(1 << 62)
		for range 2 {
			runtime.GC()
			before := cpu()
			whole = ask(t.Context(), h, r.query, vars)
			full = min(full, cpu()-before)
		}
		if whole.code != "" {
			t.Errorf("%s: %+v without a deadline", r.name, whole)
			continue
		}
		// Up to three tries: a request whose work only just exceeds 2 ms
		// may finish before the deadline fires on a loaded machine (CI's
		// failed once so), while a resolver that ignores the deadline
		// answers every time.
		var fails []string
		for try := range 3 {
			a, after, total := underDeadline(t, h, r.query, vars)
			t.Logf("%-32s whole %7v of CPU; with 2 ms (try %d): %-12s %6v of CPU in all, %6v after the deadline", r.name, full.Round(100*time.Microsecond), try+1, a.code,
				total.Round(100*time.Microsecond), after.Round(100*time.Microsecond))
			if full < 5*time.Millisecond {
				break // answered before a deadline could matter
			}
			fails = fails[:0]
			if a.code != CodeUnavailable {
				fails = append(fails, fmt.Sprintf("%s: answered %+v at a 2 ms deadline, want %s", r.name, a, CodeUnavailable))
			}
			// cpuScale: the race detector multiplies the CPU of the same work.
			if after > max(cpuScale*3*time.Millisecond, full/4) || total > max(cpuScale*8*time.Millisecond, full/3) {
				fails = append(fails, fmt.Sprintf("%s: %v of CPU after the deadline, %v in all (whole: %v): its resolver does not stop", r.name, after, total, full))
			}
			if len(fails) == 0 {
				break
			}
		}
		for _, f := range fails {
			t.Error(f)
		}
	}
}

// underDeadline asks once with a 2 ms deadline and says what the
// request's CPU was after the deadline fired and in all.
func underDeadline(t *testing.T, h http.Handler, query string, vars map[string]any) (a answer, after, total time.Duration) {
	runtime.GC()
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Millisecond)
	defer cancel()
	at := make(chan time.Duration, 1)
	go func() { <-ctx.Done(); at <- cpu() }()
	start := cpu()
	a = ask(ctx, h, query, vars)
	end := cpu()
	// The watcher may run late on a loaded machine, which makes after
	// smaller: total, the request's whole CPU, is checked too.
	return a, end - <-at, end - start
}
