package app

import (
	"io"
	"net/http"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"careergraph/bench/queries"
	"careergraph/testkit"
)

// guidePage is the page the project started from (a copy of
// ../shared/seeds/000_324c095b439f6b4f.txt shipped with the curated data);
// every string the guide test expects must stand on it verbatim.
const guidePage = "../seed/curated/developpeur-back-end.page.txt"

const guideQuery = `query Guide($slug: String!) {
  role(slug: $slug) {
    id slug name description insight
    market {
      startingSalary { min max currency label }
      typicalTraining { label minMonths maxMonths }
      remoteWorkPercent trend trendLabel
    }
    trainings { rank note training { name kind kindLabel duration { label } examples } }
    skillGroups { category label skills { rank importance skill { name category } } }
    employers { rank employer { name } }
    titles { label lang }
    levels { rank name yearsMin yearsMax yearsLabel salary { min max label } titles next { name } }
    nextSteps { rank kind note to { slug name } }
    careerChangeSources { rank kind note from { slug name } }
    similarRoles { role { slug } }
    careerChangeCommon careerChangeAdvice
    sources { name kind }
    updatedOn
  }
}`

type guideRole struct {
	ID, Slug, Name, Description, Insight string
	Market                               struct {
		StartingSalary struct {
			Min, Max        float64
			Currency, Label string
		}
		TypicalTraining struct {
			Label                string
			MinMonths, MaxMonths *int
		}
		RemoteWorkPercent int
		Trend, TrendLabel string
	}
	Trainings []struct {
		Rank     int
		Note     *string
		Training struct {
			Name, Kind, KindLabel string
			Duration              struct{ Label string }
			Examples              *string
		}
	}
	SkillGroups []struct {
		Category, Label string
		Skills          []struct {
			Rank       int
			Importance string
			Skill      struct{ Name, Category string }
		}
	}
	Employers []struct {
		Rank     int
		Employer struct{ Name string }
	}
	Titles []struct{ Label, Lang string }
	Levels []struct {
		Rank               int
		Name               string
		YearsMin, YearsMax *int
		YearsLabel         string
		Salary             struct {
			Min, Max float64
			Label    string
		}
		Titles []string
		Next   *struct{ Name string }
	}
	NextSteps, CareerChangeSources []struct {
		Rank     int
		Kind     string
		Note     *string
		To, From *struct{ Slug, Name string }
	}
	SimilarRoles       []any
	CareerChangeCommon bool
	CareerChangeAdvice string
	Sources            []struct{ Name, Kind string }
	UpdatedOn          string
}

func TestGuidePageInOneQuery(t *testing.T) {
	s := start(t, testConfig(t, t.TempDir()))
	var data struct{ Role *guideRole }
	testkit.Query(t, s.URL, guideQuery, map[string]any{"slug": "developpeur-back-end"}, &data)
	r := data.Role
	if r == nil {
		t.Fatal("role developpeur-back-end not found")
	}
	var onPage []string // strings that must stand verbatim on the guide page
	eq := func(what string, got, want any) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %#v, want %#v", what, got, want)
		}
	}
	// says checks a text fact that the page prints verbatim.
	says := func(what, got, want string) {
		t.Helper()
		eq(what, got, want)
		onPage = append(onPage, want)
	}

	eq("id", r.ID, "role:developpeur-back-end")
	says("name", r.Name, "Développeur Back-End")
	says("description", r.Description, "Le développeur back-end conçoit le moteur des applications : API, bases de données, traitements serveur et tenue de la charge. C'est le profil qui garantit que le produit reste rapide et fiable quand le trafic est multiplié par cent.")
	says("insight", r.Insight, "Le back-end se juge sur ce qui ne se voit pas : une API qui tient 10 000 requêtes/seconde, un paiement idempotent qui ne double jamais un débit, une base qui répond en 20 ms. Les recruteurs cherchent quelqu'un qui raisonne en contraintes (latence, cohérence, coût), pas quelqu'un qui empile des frameworks.")

	m := r.Market
	eq("starting salary", []float64{m.StartingSalary.Min, m.StartingSalary.Max}, []float64{36, 46})
	eq("starting salary currency", m.StartingSalary.Currency, "EUR")
	says("starting salary label", m.StartingSalary.Label, "36-46 k€")
	says("typical training", m.TypicalTraining.Label, "5 ans")
	eq("typical training months", *m.TypicalTraining.MaxMonths, 60)
	eq("remote work", m.RemoteWorkPercent, 70)
	eq("trend", m.Trend, "UP")
	says("trend label", m.TrendLabel, "Trending up")

	type training struct{ name, duration, kind, kindLabel, examples, note string }
	wantTrainings := []training{
		{"École d'ingénieur informatique", "5 ans", "DEGREE", "Degree", "Epita, INSA, UTC, Télécom, Epitech, etc.", ""},
		{"Master informatique universitaire", "5 ans", "DEGREE", "Degree", "", ""},
		{"BUT Informatique (ex-DUT)", "3 ans", "DEGREE", "Degree", "", ""},
		{"Bootcamp orienté back-end", "3-9 mois", "BOOTCAMP", "Bootcamp", "", "Crédible avec un projet déployé qui tient la charge"},
		{"Autodidacte avec projets en production", "Variable", "SELF_TAUGHT", "Self-taught", "", "Un service réellement déployé et monitoré vaut plus qu'un diplôme sur le papier"},
	}
	if len(r.Trainings) != len(wantTrainings) {
		t.Fatalf("%d trainings, want %d", len(r.Trainings), len(wantTrainings))
	}
	for i, w := range wantTrainings {
		got := r.Trainings[i]
		eq("training rank", got.Rank, i+1)
		says("training name", got.Training.Name, w.name)
		eq("training duration", got.Training.Duration.Label, w.duration)
		eq("training kind", got.Training.Kind, w.kind)
		eq("training kind label", got.Training.KindLabel, w.kindLabel)
		eq("training examples", deref(got.Training.Examples), w.examples)
		eq("training note", deref(got.Note), w.note)
		onPage = append(onPage, w.examples, w.note)
		onPage = append(onPage, w.duration+" · "+w.kindLabel)
	}

	wantGroups := []struct {
		category, label string
		skills          []string
	}{
		{"TECHNICAL", "Technical", []string{"Conception d'API", "Modélisation de bases de données", "Systèmes distribués", "Sécurité applicative"}},
		{"TOOL", "Tools", []string{"Node.js", "Python", "Go", "PostgreSQL", "Redis", "Docker"}},
		{"SOFT", "Soft skills", []string{"Rigueur sur les cas limites", "Sens du compromis perf/coût", "Communication avec le front et le produit", "Esprit de debug méthodique"}},
	}
	if len(r.SkillGroups) != 3 {
		t.Fatalf("%d skill groups, want 3", len(r.SkillGroups))
	}
	total := 0
	for i, w := range wantGroups {
		g := r.SkillGroups[i]
		eq("group category", g.Category, w.category)
		says("group label", g.Label, w.label)
		var names []string
		for j, s := range g.Skills {
			names = append(names, s.Skill.Name)
			eq("skill category", s.Skill.Category, w.category)
			eq("skill rank", s.Rank, j+1)
		}
		eq("skills of "+w.label, names, w.skills)
		total += len(names)
		onPage = append(onPage, w.skills...)
	}
	// The page lists 12 lines; "Node.js / Python / Go" is three tool skills.
	eq("skill count", total, 14)

	var employers []string
	for i, e := range r.Employers {
		eq("employer rank", e.Rank, i+1)
		employers = append(employers, e.Employer.Name)
	}
	eq("employers", employers, []string{"Scale-ups produit", "Éditeurs de logiciels SaaS", "ESN / cabinets de conseil", "SI des banques et assurances", "Plateformes e-commerce"})
	onPage = append(onPage, employers...)

	var titles []string
	for _, ti := range r.Titles {
		titles = append(titles, ti.Label)
	}
	eq("job titles", titles, []string{"Développeur Back-End", "Backend Developer", "Développeur back-end", "Ingénieur backend"})
	onPage = append(onPage, strings.Join(titles, " · "))

	wantLevels := []struct {
		name, years, salary string
		yMin                int
		yMax                *int
		titles              string
	}{
		{"Junior", "0-2 years", "36-46 k€", 0, new(2), "Développeur back-end junior · Backend Engineer I"},
		{"Mid-level", "2-5 years", "46-60 k€", 2, new(5), "Développeur back-end · Backend Engineer"},
		{"Senior", "5-8 years", "60-80 k€", 5, new(8), "Développeur back-end senior · Senior Backend Engineer"},
		{"Lead", "8+ years", "78-102 k€", 8, nil, "Lead Backend · Staff Engineer"},
	}
	if len(r.Levels) != 4 {
		t.Fatalf("%d levels, want 4", len(r.Levels))
	}
	for i, w := range wantLevels {
		l := r.Levels[i]
		says("level name", l.Name, w.name)
		eq("level years", l.YearsLabel, w.years)
		eq("level yearsMin", *l.YearsMin, w.yMin)
		eq("level yearsMax", l.YearsMax, w.yMax)
		says("level salary", l.Salary.Label, w.salary)
		says("level titles", strings.Join(l.Titles, " · "), w.titles)
		onPage = append(onPage, w.name+" ("+w.years+")")
		if i+1 < len(wantLevels) {
			eq("next level", l.Next != nil && l.Next.Name == wantLevels[i+1].name, true)
		} else {
			eq("top level has no next", l.Next == nil, true)
		}
	}

	var next []string
	for i, n := range r.NextSteps {
		eq("next step kind", n.Kind, "NEXT_STEP")
		eq("next step rank", n.Rank, i+1)
		next = append(next, n.To.Name)
	}
	eq("next steps", next, []string{"Tech Lead", "Architecte logiciel", "Staff Engineer"})
	onPage = append(onPage, strings.Join(next, ", "))

	wantChangers := [][2]string{
		{"Développeur full-stack", "montée en compétence sur le front"},
		{"Data engineer", "la maîtrise des bases de données et des pipelines est transférable"},
		{"DevOps / SRE", "affinité forte avec l'infrastructure et l'observabilité"},
	}
	if len(r.CareerChangeSources) != 3 {
		t.Fatalf("%d career-changer sources, want 3", len(r.CareerChangeSources))
	}
	for i, w := range wantChangers {
		c := r.CareerChangeSources[i]
		eq("changer kind", c.Kind, "CAREER_CHANGE")
		says("changer from", c.From.Name, w[0])
		says("changer note", deref(c.Note), w[1])
		onPage = append(onPage, w[0]+" — "+w[1])
	}

	eq("similar roles", len(r.SimilarRoles), 0) // the page lists none
	eq("career change common", r.CareerChangeCommon, true)
	says("advice", r.CareerChangeAdvice, "in a career-change resume, lead with transferable skills rather than hiding your previous path. Recruiters value unusual profiles when the bridge between the two worlds is clear.")
	var sources []string
	for _, s := range r.Sources {
		if s.Kind == "MARKET_DATA" {
			sources = append(sources, s.Name)
		}
	}
	says("market data sources", strings.Join(sources, " / "), "APEC / Pôle Emploi / Glassdoor FR")
	eq("updated on", r.UpdatedOn, "2026-04-16")
	onPage = append(onPage, "16 avril 2026")

	page, err := os.ReadFile(guidePage)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range onPage {
		if !strings.Contains(string(page), s) {
			t.Errorf("expected %q, which the guide page does not say verbatim", s)
		}
	}
}

// The roles the page names exist on their own, and typed transitions can
// be walked from either end.
func TestNamedRolesAndTransitions(t *testing.T) {
	s := start(t, testConfig(t, t.TempDir()))
	names := map[string]string{
		"developpeur-back-end": "Développeur Back-End", "developpeur-full-stack": "Développeur full-stack",
		"data-engineer": "Data engineer", "devops-sre": "DevOps / SRE", "tech-lead": "Tech Lead",
		"architecte-logiciel": "Architecte logiciel", "staff-engineer": "Staff Engineer",
	}
	for slug, name := range names {
		var data struct {
			Role *struct {
				Name           string
				Description    *string
				Market         struct{ StartingSalary *struct{ Min float64 } }
				TransitionsOut []struct {
					Kind string
					To   struct{ Slug string }
				}
				TransitionsIn []struct {
					Kind string
					From struct{ Slug string }
				}
			}
		}
		testkit.Query(t, s.URL, `query($s: String!) { role(slug: $s) { name description market { startingSalary { min } }
			transitionsOut { kind to { slug } } transitionsIn { kind from { slug } } } }`, map[string]any{"s": slug}, &data)
		if data.Role == nil || data.Role.Name != name {
			t.Errorf("role %s = %+v, want name %q", slug, data.Role, name)
			continue
		}
		r := data.Role
		if slug == "developpeur-back-end" {
			if len(r.TransitionsOut) != 3 || len(r.TransitionsIn) != 3 {
				t.Errorf("back-end: %d out, %d in; want 3 and 3", len(r.TransitionsOut), len(r.TransitionsIn))
			}
			continue
		}
		// Nothing the page does not say is invented for the other roles.
		if r.Description != nil || r.Market.StartingSalary != nil {
			t.Errorf("%s has facts the page does not give: %+v", slug, r)
		}
		// Each is linked to the back-end role from its own end.
		linked := false
		for _, tr := range r.TransitionsOut {
			linked = linked || (tr.To.Slug == "developpeur-back-end" && tr.Kind == "CAREER_CHANGE")
		}
		for _, tr := range r.TransitionsIn {
			linked = linked || (tr.From.Slug == "developpeur-back-end" && tr.Kind == "NEXT_STEP")
		}
		if !linked {
			t.Errorf("%s is not linked to developpeur-back-end: %+v", slug, r)
		}
	}
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// The guide's display labels have French counterparts: `lang: FR` on each
// label field; English, as the page writes them, by default.
func TestGuideLabelsInFrench(t *testing.T) {
	s := start(t, testConfig(t, t.TempDir()))
	var data struct {
		Role struct {
			NameLang string
			Market   struct{ En, Fr *string }
			Levels   []struct{ En, Fr *string }
			Groups   []struct{ En, Fr string } `json:"skillGroups"`
			Trains   []struct {
				Training struct{ En, Fr string }
			} `json:"trainings"`
		}
	}
	testkit.Query(t, s.URL, `{ role(slug: "developpeur-back-end") {
		nameLang
		market { en: trendLabel fr: trendLabel(lang: FR) }
		levels { en: yearsLabel fr: yearsLabel(lang: FR) }
		skillGroups { en: label fr: label(lang: FR) }
		trainings { training { en: kindLabel fr: kindLabel(lang: FR) } }
	} }`, nil, &data)
	r := data.Role
	if r.NameLang != "fr" || r.Market.En == nil || *r.Market.En != "Trending up" || *r.Market.Fr != "En hausse" {
		t.Errorf("nameLang %q, trend %v / %v", r.NameLang, r.Market.En, r.Market.Fr)
	}
	frYears := map[string]string{"0-2 years": "0-2 ans", "2-5 years": "2-5 ans", "5-8 years": "5-8 ans", "8+ years": "8 ans et +"}
	for _, l := range r.Levels {
		if l.En == nil || l.Fr == nil || frYears[*l.En] != *l.Fr {
			t.Errorf("level years %v / %v", l.En, l.Fr)
		}
	}
	frGroups := map[string]string{"Technical": "Techniques", "Tools": "Outils", "Soft skills": "Savoir-être", "Knowledge": "Savoirs"}
	for _, g := range r.Groups {
		if frGroups[g.En] != g.Fr {
			t.Errorf("skill group %q / %q", g.En, g.Fr)
		}
	}
	for _, tr := range r.Trains {
		if tr.Training.En == tr.Training.Fr && tr.Training.En != "Bootcamp" && tr.Training.En != "Certification" {
			t.Errorf("training kind %q has no French label", tr.Training.En)
		}
	}
	if len(r.Levels) == 0 || len(r.Groups) == 0 || len(r.Trains) == 0 {
		t.Fatalf("nothing to check: %+v", r)
	}
	// Over HTTP, a French browser's Accept-Language gives French labels
	// where the query names no language.
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/graphql", strings.NewReader(`{"query":"{ role(slug: \"developpeur-back-end\") { market { trendLabel } } }"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept-Language", "fr-FR,fr;q=0.9,en;q=0.5")
	res, err := testkit.Client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if !strings.Contains(string(body), `"trendLabel":"En hausse"`) || !slices.Contains(res.Header.Values("Vary"), "Accept-Language") {
		t.Errorf("Accept-Language fr: %s, Vary %q", body, res.Header.Values("Vary"))
	}
}

// The README shows the guide-page query that the benchmarks, the load
// script and GraphiQL's opening page run (bench/queries): the same text.
func TestReadmeShowsTheBenchedGuideQuery(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if q := queries.Get("guide-page"); !strings.Contains(string(readme), q) {
		t.Errorf("README.md does not show bench/queries/guide-page.graphql as it is:\n%s", q)
	}
}
