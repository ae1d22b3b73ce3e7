package app

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"careergraph/graph"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

// readmeExample is one example README.md shows: a GraphQL block, or a
// curl command in a sh block, sent as a user pastes it.
type readmeExample struct {
	line   int // where it starts in README.md
	method string
	url    string // as written: localhost:8080/graphql
	header http.Header
	body   []byte
}

func (e readmeExample) String() string { return fmt.Sprintf("README.md line %d", e.line) }

// readmeExamples reads every ```graphql block and every curl command of a
// ```sh block in readme, in order.
func readmeExamples(t *testing.T, readme string) []readmeExample {
	t.Helper()
	var out []readmeExample
	lines := strings.Split(readme, "\n")
	for i := 0; i < len(lines); i++ {
		lang, ok := strings.CutPrefix(lines[i], "```")
		if !ok || lang == "" {
			continue
		}
		start := i + 1
		for i++; i < len(lines) && lines[i] != "```"; i++ {
		}
		block := strings.Join(lines[start:i], "\n")
		switch lang {
		case "graphql":
			body, _ := json.Marshal(map[string]string{"query": block})
			out = append(out, readmeExample{line: start, method: http.MethodPost, url: "localhost:8080/graphql",
				header: http.Header{"Content-Type": {"application/json"}}, body: body})
		case "sh":
			cmds, err := shellCommands(block)
			if err != nil {
				t.Fatalf("README.md sh block at line %d: %v", start, err)
			}
			for _, c := range cmds {
				if c.words[0] == "curl" {
					out = append(out, curlExample(t, start+c.line, c.words[1:]))
				}
			}
		}
	}
	return out
}

// curlExample is the request of a curl command's arguments.
func curlExample(t *testing.T, line int, args []string) readmeExample {
	t.Helper()
	e := readmeExample{line: line, method: http.MethodGet, header: http.Header{}}
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "-s":
		case (a == "-H" || a == "-d") && i+1 < len(args):
			i++
			if a == "-d" {
				e.method, e.body = http.MethodPost, []byte(args[i])
				continue
			}
			name, value, _ := strings.Cut(args[i], ":")
			e.header.Add(name, strings.TrimSpace(value))
		case !strings.HasPrefix(a, "-") && e.url == "":
			e.url = a
		default:
			t.Fatalf("README.md line %d: curl argument %q: the README test knows -s, -H, -d and one URL", line, a)
		}
	}
	if e.method == http.MethodPost && e.header.Get("Content-Type") == "" {
		e.header.Set("Content-Type", "application/x-www-form-urlencoded") // curl's -d
	}
	return e
}

type shellCommand struct {
	line  int // in its block, from 0
	words []string
}

// shellCommands splits sh source into commands and words as sh does for
// what the README writes: quotes, backslash escapes and line
// continuations, comments, newlines and ; between commands.
func shellCommands(src string) ([]shellCommand, error) {
	var cmds []shellCommand
	var words []string
	var w strings.Builder
	inWord, line, cmdLine := false, 0, 0
	endWord := func() {
		if inWord {
			words = append(words, w.String())
		}
		w.Reset()
		inWord = false
	}
	endCmd := func() {
		endWord()
		if len(words) > 0 {
			cmds = append(cmds, shellCommand{cmdLine, words})
		}
		words = nil
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		if len(words) == 0 && !inWord {
			cmdLine = line
		}
		switch {
		case c == '\\' && i+1 < len(src):
			i++
			if src[i] == '\n' {
				line++
				continue
			}
			w.WriteByte(src[i])
			inWord = true
		case c == '\'':
			j := strings.IndexByte(src[i+1:], '\'')
			if j < 0 {
				return nil, fmt.Errorf("line %d: unterminated '", line+1)
			}
			w.WriteString(src[i+1 : i+1+j])
			line += strings.Count(src[i+1:i+1+j], "\n")
			i += j + 1
			inWord = true
		case c == '"':
			i++
			for ; i < len(src) && src[i] != '"'; i++ {
				if src[i] == '\\' && i+1 < len(src) && strings.IndexByte("\"\\$`", src[i+1]) >= 0 {
					i++
				}
				if src[i] == '\n' {
					line++
				}
				w.WriteByte(src[i])
			}
			if i == len(src) {
				return nil, fmt.Errorf("line %d: unterminated \"", line+1)
			}
			inWord = true
		case c == '#' && !inWord:
			for i+1 < len(src) && src[i+1] != '\n' {
				i++
			}
		case c == ' ' || c == '\t':
			endWord()
		case c == '\n' || c == ';':
			endCmd()
			if c == '\n' {
				line++
			}
		default:
			w.WriteByte(c)
			inWord = true
		}
	}
	endCmd()
	return cmds, nil
}

// send makes e's request to the server at base (http://127.0.0.1:port)
// in place of the README's localhost:8080, and answers the response. It
// sends it again, as a client should, while the server answers
// UNAVAILABLE (the request's deadline passed: on a busy machine the first
// graphStats of a snapshot takes longer, and goes on for the next), for
// up to five minutes.
func (e readmeExample) send(t *testing.T, base string) (int, []byte) {
	t.Helper()
	for tries := 0; ; tries++ {
		status, body := e.sendOnce(t, base)
		var res struct {
			Errors []struct{ Extensions struct{ Code string } }
		}
		json.Unmarshal(body, &res)
		if tries == 150 || len(res.Errors) == 0 || slices.ContainsFunc(res.Errors, func(e struct{ Extensions struct{ Code string } }) bool {
			return e.Extensions.Code != graph.CodeUnavailable
		}) {
			return status, body
		}
		time.Sleep(2 * time.Second)
	}
}

// readmeClient waits longer than the server's request deadline, so that
// a request past it gets the server's answer.
var readmeClient = &http.Client{Timeout: 2 * time.Minute}

func (e readmeExample) sendOnce(t *testing.T, base string) (int, []byte) {
	t.Helper()
	u, err := url.Parse("http://" + strings.TrimPrefix(e.url, "http://"))
	if err != nil || u.Host != "localhost:8080" {
		t.Fatalf("%s: URL %q is not on localhost:8080, where `go run .` listens", e, e.url)
	}
	req, err := http.NewRequest(e.method, base+u.RequestURI(), bytes.NewReader(e.body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header = e.header.Clone()
	res, err := readmeClient.Do(req)
	if err != nil {
		t.Fatalf("%s: %v", e, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s: %v", e, err)
	}
	return res.StatusCode, body
}

// Every example README.md shows answers, as written, on what `go run .`
// serves (the guide and the shipped open data; the write example with the
// API key the README starts the server with), without an error, and
// answers something: every root field has a value, every list has items
// somewhere in the answer, a `k: N` argument gets N answers, and a
// `# N roles` comment is what the field beside it lists. The counts the
// README states are those of the graph served. The examples come from
// README.md itself, so the two cannot drift apart.
func TestReadmeExamplesRunAsWritten(t *testing.T) {
	raw, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(raw)
	keys := regexp.MustCompile("`API_KEYS=([^ `]+) go run \\.`").FindStringSubmatch(readme)
	if keys == nil {
		t.Fatal("README.md no longer says how to start the server with API keys (`API_KEYS=… go run .`)")
	}
	// A start on a copy of the store the first start wrote (the shared
	// fixture): the write example writes to this copy only. The deadline
	// is openDataConfig's 45 s: what is answered, not how fast (on a busy
	// machine under -race, the first linkTitle, which builds the linker's
	// index, took past the 10 s default and its connection was cut).
	cfg := openDataConfig(t, openDataDir(t))
	cfg.APIKeys = keys[1]
	s := start(t, cfg)
	base := s.URL
	checkReadmeCounts(t, readme, s) // before the write example adds a role
	examples := readmeExamples(t, readme)
	if len(examples) == 0 {
		t.Fatal("found no example in README.md")
	}
	for _, e := range examples {
		status, body := e.send(t, base)
		var res struct {
			Data   map[string]any
			Errors []json.RawMessage
		}
		if err := json.Unmarshal(body, &res); err != nil || status != http.StatusOK || len(res.Errors) > 0 || res.Data == nil {
			t.Errorf("%s: HTTP %d: %.2000s", e, status, body)
			continue
		}
		var sent struct{ Query string }
		json.Unmarshal(e.body, &sent)
		checkUseful(t, e, sent.Query, res.Data)
	}
}

// checkReadmeCounts finds each count README.md states by its words and
// compares it with the graph s serves: through the API where it counts
// them, else in the snapshot it serves. A count reworded in the README
// must be reworded here.
func checkReadmeCounts(t *testing.T, readme string, s *started) {
	t.Helper()
	var api struct {
		GraphStats struct {
			Nodes, Relationships, TransitionKinds []struct {
				Kind  string
				Count int
			}
		}
		Esco, Rome, EscoSkills struct{ TotalCount int }
	}
	body, _ := json.Marshal(map[string]string{"query": `{
		graphStats(top: 1) { nodes { kind count } relationships { kind count } transitionKinds { kind count } }
		esco: roles(filter: { sourceId: "source:esco" }) { totalCount }
		rome: roles(filter: { sourceId: "source:rome" }) { totalCount }
		escoSkills: skills(filter: { sourceId: "source:esco" }) { totalCount }
	}`})
	q := readmeExample{method: http.MethodPost, url: "localhost:8080/graphql", header: http.Header{"Content-Type": {"application/json"}}, body: body}
	_, raw := q.send(t, s.URL)
	var res struct {
		Data   *json.RawMessage
		Errors []json.RawMessage
	}
	if err := json.Unmarshal(raw, &res); err != nil || res.Data == nil || len(res.Errors) > 0 || json.Unmarshal(*res.Data, &api) != nil {
		t.Fatalf("the counts: %.1000s", raw)
	}
	count := func(list []struct {
		Kind  string
		Count int
	}, kind string) int {
		for _, c := range list {
			if c.Kind == kind {
				return c.Count
			}
		}
		t.Fatalf("graphStats lists no %s", kind)
		return 0
	}
	ds := s.live.Graph().Dataset()
	var escoRequires, contexts, sectors, naf int
	for _, r := range ds.Requires {
		if slices.Contains(r.SourceIDs, "source:esco") {
			escoRequires++
		}
	}
	for _, r := range ds.Roles {
		if r.Rome != nil {
			contexts, sectors, naf = contexts+len(r.Rome.WorkContexts), sectors+len(r.Rome.Sectors), naf+len(r.Rome.NafSectors)
		}
	}
	roles := count(api.GraphStats.Nodes, "Role")
	skills := count(api.GraphStats.Nodes, "Skill")
	const n = `([\d,]+)`
	for _, c := range []struct {
		words  string // a regular expression; its groups are counts
		served []int  // what the server holds, one per group
	}{
		{"The whole graph is " + n + " roles \\(" + n + " guide, " + n + " ESCO, " + n + " ROME\\), " + n + " skills, " + n + " skill links, " +
			n + " ROME mobilités, " + n + " ROME work contexts, " + n + " activity sectors and " + n + " NAF divisions of fiches, and " + n + " `EQUIVALENT` links \\(the same job\\) and " + n + " `CLOSE_MATCH` links",
			[]int{roles, roles - api.Esco.TotalCount - api.Rome.TotalCount, api.Esco.TotalCount, api.Rome.TotalCount, skills,
				count(api.GraphStats.Relationships, "REQUIRES"), count(api.GraphStats.TransitionKinds, "ROME_MOBILITY"), contexts, sectors, naf,
				count(api.GraphStats.TransitionKinds, "EQUIVALENT"), count(api.GraphStats.TransitionKinds, "CLOSE_MATCH")}},
		{"The shipped release has all three \\(" + n + " skills, " + n + " REQUIRES, " + n + " skill-skill links\\)",
			[]int{api.EscoSkills.TotalCount, escoRequires, count(api.GraphStats.Relationships, "BUILDS_ON")}},
		{"Over the full shipped graph \\(" + n + " roles, " + n + " skills, " + n + " records\\)", []int{roles, skills, ds.Len()}},
	} {
		m := regexp.MustCompile(c.words).FindStringSubmatch(strings.Join(strings.Fields(readme), " "))
		if m == nil {
			t.Errorf("README.md no longer says %q", c.words)
			continue
		}
		for i, want := range c.served {
			if got, _ := strconv.Atoi(strings.ReplaceAll(m[i+1], ",", "")); got != want {
				t.Errorf("README.md says %q; the server has %d for its count number %d (%s)", m[0], want, i+1, m[i+1])
			}
		}
	}
}

// checkUseful checks that each root field of query answered something in
// data (see TestReadmeExamplesRunAsWritten).
func checkUseful(t *testing.T, e readmeExample, query string, data map[string]any) {
	t.Helper()
	doc, err := parser.ParseQuery(&ast.Source{Input: query})
	if err != nil {
		t.Errorf("%s: %v", e, err)
		return
	}
	lines := strings.Split(query, "\n")
	countComment := regexp.MustCompile(`#\s*([\d,]+) roles\b`)
	for _, op := range doc.Operations {
		var fields []*ast.Field
		for _, sel := range op.SelectionSet {
			if f, ok := sel.(*ast.Field); ok {
				fields = append(fields, f)
			}
		}
		for i, f := range fields {
			v := data[f.Alias]
			what := fmt.Sprintf("%s: %s", e, f.Alias)
			if v == nil {
				t.Errorf("%s is null", what)
				continue
			}
			if empty := emptyLists(v, f.Alias); len(empty) > 0 {
				t.Errorf("%s: empty lists: %s", what, strings.Join(empty, ", "))
			}
			list, isList := v.([]any)
			if k := f.Arguments.ForName("k"); k != nil && isList {
				if n, _ := strconv.Atoi(k.Value.Raw); len(list) != n {
					t.Errorf("%s asks for k: %d and gets %d", what, n, len(list))
				}
			}
			// A count comment belongs to the last field starting on or
			// before its line, up to the next field.
			end := len(lines)
			if i+1 < len(fields) {
				end = fields[i+1].Position.Line - 1
			}
			for l := f.Position.Line - 1; l < end && l < len(lines); l++ {
				if m := countComment.FindStringSubmatch(lines[l]); m != nil {
					n, _ := strconv.Atoi(strings.ReplaceAll(m[1], ",", ""))
					if !isList || len(list) != n {
						t.Errorf("%s: the README says %s roles, the server lists %d", what, m[1], len(list))
					}
				}
			}
		}
	}
}

// emptyLists names the lists of v (paths from at, list indexes left out)
// that are empty wherever they occur: a list empty in one route's step and
// not in another's is an answer, one empty in all of them is not.
func emptyLists(v any, at string) []string {
	full := map[string]bool{}
	var walk func(v any, at string)
	walk = func(v any, at string) {
		switch v := v.(type) {
		case []any:
			full[at] = full[at] || len(v) > 0
			for _, x := range v {
				walk(x, at+"[]")
			}
		case map[string]any:
			for k, x := range v {
				walk(x, at+"."+k)
			}
		}
	}
	walk(v, at)
	var out []string
	for p, ok := range full {
		if !ok {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}
