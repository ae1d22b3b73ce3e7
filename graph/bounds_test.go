package graph

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/client"

	"careergraph/graph/generated"
	"careergraph/linker"
)

// The bounds of a query's arguments come from the schema: 200 characters
// and 100 items unless an argument or input field declares its own with
// @maxLength or @maxItems, which its description then states, and which
// holds wherever the input type is used (a route's start and a skill
// gap's share PathStart.text).
func TestArgumentBoundsFromSchema(t *testing.T) {
	schema := generated.NewExecutableSchema(generated.Config{Resolvers: &Resolver{}}).Schema()
	if err := checkBounds(schema); err != nil {
		t.Fatal(err)
	}
	long := map[string]int{}
	for _, def := range schema.Types {
		for _, f := range def.Fields {
			if n := declared(f.Directives, "maxLength", 0); n > 0 {
				long[def.Name+"."+f.Name] = n
			}
			for _, a := range f.Arguments {
				if n := declared(a.Directives, "maxLength", 0); n > 0 {
					long[def.Name+"."+f.Name+"("+a.Name+")"] = n
					if !strings.Contains(a.Description, "20,000") {
						t.Errorf("%s.%s(%s): its description does not state its bound: %q", def.Name, f.Name, a.Name, a.Description)
					}
				}
			}
		}
	}
	// The texts the linker reads are bounded by what it reads.
	for _, f := range []string{"Query.readText(text)", "PathStart.text"} {
		if long[f] != linker.MaxTextLen {
			t.Errorf("%s: @maxLength %d, want the linker's %d (declared: %v)", f, long[f], linker.MaxTextLen, long)
		}
	}

	live, log := guideLive(t)
	c := client.New(NewServer(live, Options{Limits: Limits{MaxTokens: 5000, MaxQueryLength: 20000, Introspection: true}, Log: log}))
	cv := strings.Repeat("Développeuse back-end, API en Go, PostgreSQL et Docker. ", 90) // 5,040 characters
	over := strings.Repeat("a", linker.MaxTextLen+1)
	for _, r := range []struct {
		query, v, want string // want: the start of the error message, or "" for none
	}{
		{`query($v: String!) { readText(text: $v) { skills { score } } }`, cv, ""},
		{`query($v: String) { careerPaths(from: {text: $v}, to: "role:staff-engineer", k: 1) { totalSteps } }`, cv, ""},
		{`query($v: String) { skillGap(from: {text: $v}, target: "role:developpeur-back-end") { coverage } }`, cv, ""},
		{`query($v: String!) { readText(text: $v) { skills { score } } }`, over, "readText.text: at most 20000 characters allowed"},
		{`query($v: String) { careerPaths(from: {text: $v}, to: "role:staff-engineer") { totalSteps } }`, over, "careerPaths.from.text: at most 20000 characters allowed"},
		{`query($v: String) { skillGap(from: {text: $v}, target: "role:developpeur-back-end") { coverage } }`, over, "skillGap.from.text: at most 20000 characters allowed"},
		// Every other string keeps 200, at any depth, and so do a list's items.
		{`query($v: String) { roles(filter: {query: $v}, first: 1) { totalCount } }`, cv, "roles.filter.query: at most 200 characters allowed"},
		{`query($v: ID!) { careerPaths(from: {skillIds: [$v]}, to: "role:staff-engineer") { totalSteps } }`, cv, "careerPaths.from.skillIds: at most 200 characters allowed"},
		{`query($v: String!) { linkTitle(title: $v) { score } }`, cv, "linkTitle.title: at most 200 characters allowed"},
	} {
		res, err := c.RawPost(r.query, client.Var("v", r.v))
		if err != nil {
			t.Fatal(err)
		}
		var errs []struct {
			Message    string
			Extensions struct{ Code string }
		}
		_ = json.Unmarshal(res.Errors, &errs)
		switch {
		case r.want == "" && len(errs) > 0:
			t.Errorf("%.60s: %+v", r.query, errs)
		case r.want != "" && (len(errs) == 0 || errs[0].Extensions.Code != CodeBadUserInput || !strings.HasPrefix(errs[0].Message, r.want)):
			t.Errorf("%.60s: %+v, want BAD_USER_INPUT %q", r.query, errs, r.want)
		}
	}
	// A list over its items.
	ids := `["` + strings.TrimSuffix(strings.Repeat(`skill:go", "`, 101), `, "`) + `]`
	if code := errCode(t, c, `{ careerPaths(from: {skillIds: `+ids+`}, to: "role:staff-engineer") { totalSteps } }`); code != CodeBadUserInput {
		t.Errorf("101 skill ids: %q", code)
	}

	// Introspection shows the convention and each bound.
	var intro struct {
		Schema struct {
			Directives []struct{ Name, Description string }
		} `json:"__schema"`
		Type struct {
			InputFields []struct{ Name, Description string }
		} `json:"__type"`
	}
	post(t, c, `{ __schema { directives { name description } } __type(name: "PathStart") { inputFields { name description } } }`, &intro)
	found := map[string]string{}
	for _, d := range intro.Schema.Directives {
		found[d.Name] = d.Description
	}
	if !strings.Contains(found["maxLength"], "200") || !strings.Contains(found["maxItems"], "100") {
		t.Errorf("introspection's directives: %v", found)
	}
	for _, f := range intro.Type.InputFields {
		if f.Name == "text" && !strings.Contains(f.Description, "20,000") {
			t.Errorf("PathStart.text's description: %q", f.Description)
		}
	}
}
