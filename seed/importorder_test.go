package seed_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"careergraph/career"
	"careergraph/seed"
)

// The README's order rules for `careergraph import` ("Importing open
// data"): mcc after esco, rome-esco after both esco and rome.
var importNeeds = map[string][]string{
	"esco":      nil,
	"mcc":       {"esco"},
	"rome":      nil,
	"rome-esco": {"esco", "rome"},
	// labour-market walks apart (it needs rome only): see below.
}

// needErr is what an import answers when the one named has not run.
var needErr = map[string]error{"esco": seed.ErrNeedsESCO, "rome": seed.ErrNeedsROME}

// runImport runs one importer on its shipped release over cur, as
// `careergraph import NAME -dir DIR` does, and gives the graph it leaves.
func runImport(t *testing.T, name string, cur career.Dataset) (career.Dataset, error) {
	t.Helper()
	dir, err := seed.OpenDataRelease(name)
	if err != nil {
		t.Fatal(err)
	}
	var ds career.Dataset
	switch name {
	case "esco":
		ds, _, err = seed.ImportESCO(dir, cur, func(int) {})
	case "mcc":
		ds, _, err = seed.ImportMCC(dir, cur)
	case "rome":
		ds, _, err = seed.ImportROME(dir, cur)
	case "rome-esco":
		ds, _, err = seed.ImportROMEESCO(dir, cur)
	case "labour-market":
		ds, _, err = seed.ImportLabour(dir, cur)
	default:
		t.Fatalf("no importer %q", name)
	}
	if err != nil {
		return career.Dataset{}, err
	}
	return cur.Upsert(ds), nil
}

// Every order of the four imports ends in the graph a first start builds,
// or is refused at the import that comes too early (the README's rules),
// before it writes anything; and running any import again on that graph
// changes nothing. A later import's additions (MCC's profiles, the
// mapping's French names of ESCO occupations) survive a re-run of an
// earlier one.
func TestImportsInAnyOrderMakeOneGraph(t *testing.T) {
	// One goroutine: -race has nothing to find here, and would make its
	// 20 imports of the shipped data take minutes.
	if testing.Short() || raceEnabled {
		t.Skip("imports the whole shipped open data 20 times (about 45 s of CPU); not under -short or -race")
	}
	curated, _, err := seed.Curated()
	if err != nil {
		t.Fatal(err)
	}
	all, _, err := seed.ImportOpenData(seed.OpenData(), curated, func(string) {})
	if err != nil {
		t.Fatal(err)
	}
	want := curated.Upsert(all)
	names := []string{"esco", "mcc", "rome", "rome-esco"}
	orders := 0
	// Depth first over the orders, sharing prefixes: each import runs
	// once per distinct prefix.
	var walk func(done []string, cur career.Dataset)
	walk = func(done []string, cur career.Dataset) {
		if len(done) == len(names) {
			orders++
			// The labour-market data attaches to ROME's fiches last, as
			// on a first start (one order below runs it earlier).
			last, err := runImport(t, "labour-market", cur)
			if err != nil {
				t.Fatal(err)
			}
			diffGraphs(t, strings.Join(done, ", ")+", labour-market", last, want)
			return
		}
		for _, name := range names {
			if slices.Contains(done, name) {
				continue
			}
			missing := slices.DeleteFunc(slices.Clone(importNeeds[name]), func(n string) bool { return slices.Contains(done, n) })
			next, err := runImport(t, name, cur)
			order := strings.Join(append(slices.Clip(done), name), ", ")
			switch {
			case len(missing) > 0 && err == nil:
				t.Errorf("%s: %s ran before %s", order, name, strings.Join(missing, " and "))
			case len(missing) > 0:
				if !errors.Is(err, needErr[missing[0]]) && !errors.Is(err, needErr[missing[len(missing)-1]]) {
					t.Errorf("%s: refused without saying to import %s first: %v", order, strings.Join(missing, " or "), err)
				}
			case err != nil:
				t.Errorf("%s: %v", order, err)
			default:
				walk(append(slices.Clip(done), name), next)
			}
		}
	}
	walk(nil, curated)
	if orders != 5 {
		t.Errorf("%d orders allowed, want the README's 5", orders)
	}
	if _, err := runImport(t, "labour-market", curated); !errors.Is(err, seed.ErrNeedsROME) {
		t.Errorf("labour-market first: %v", err)
	}
	early := curated
	for _, name := range []string{"rome", "labour-market", "esco", "mcc", "rome-esco"} {
		if early, err = runImport(t, name, early); err != nil {
			t.Fatal(err)
		}
	}
	diffGraphs(t, "rome, labour-market, esco, mcc, rome-esco", early, want)
	for _, name := range append(names, "labour-market") {
		again, err := runImport(t, name, want)
		if err != nil {
			t.Fatal(err)
		}
		diffGraphs(t, "the open data, then "+name+" again", again, want)
	}
}

// diffGraphs reports the records that differ between got and want, up to
// five per kind, by the fields that differ.
func diffGraphs(t *testing.T, what string, got, want career.Dataset) {
	t.Helper()
	for _, k := range career.Kinds {
		index := func(d career.Dataset) map[string]any {
			m := map[string]any{}
			k.Each(d, func(key string, rec any) error { m[key] = rec; return nil })
			return m
		}
		g, w := index(got), index(want)
		keys := map[string]bool{}
		for key := range g {
			keys[key] = true
		}
		for key := range w {
			keys[key] = true
		}
		var diffs []string
		for _, key := range slices.Sorted(maps.Keys(keys)) {
			if !reflect.DeepEqual(g[key], w[key]) {
				diffs = append(diffs, fmt.Sprintf("  %s: %s", key, fieldDiff(g[key], w[key])))
			}
		}
		if len(diffs) > 0 {
			t.Errorf("%s: %d %s differ from a first start's:\n%s", what, len(diffs), k.Name(), strings.Join(diffs[:min(5, len(diffs))], "\n"))
		}
	}
}

// fieldDiff says which JSON fields of two records differ, and how.
func fieldDiff(got, want any) string {
	fields := func(rec any) map[string]string {
		m := map[string]json.RawMessage{}
		if rec != nil {
			b, _ := json.Marshal(rec)
			json.Unmarshal(b, &m)
		}
		out := map[string]string{}
		for f, v := range m {
			out[f] = string(v)
		}
		return out
	}
	clip := func(s string) string {
		if len(s) > 300 {
			return s[:300] + "…"
		}
		return s
	}
	switch {
	case got == nil:
		return "missing"
	case want == nil:
		return "not in a first start's graph"
	}
	g, w := fields(got), fields(want)
	var out []string
	for _, f := range slices.Sorted(maps.Keys(g)) {
		if g[f] != w[f] {
			out = append(out, fmt.Sprintf("%s %s, want %s", f, clip(g[f]), clip(w[f])))
		}
	}
	for _, f := range slices.Sorted(maps.Keys(w)) {
		if _, ok := g[f]; !ok {
			out = append(out, fmt.Sprintf("%s missing, want %s", f, clip(w[f])))
		}
	}
	return strings.Join(out, "; ")
}
