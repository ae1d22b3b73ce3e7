package linker

import (
	"testing"

	"careergraph/career"
)

// A title that matches a fiche's appellation on some words and one of
// the fiche's ESCO twins on others means that twin: the twin's own
// labels cover words the fiche's do not (twinCover), and that lifts it
// above another fiche's twin reached through a label nearer the title
// alone.
func TestTwinsOwnLabelsCoverTheRest(t *testing.T) {
	got := titleOnTwins(t, []career.Role{
		{ID: "role:rome-a1", Slug: "rome-a1", Name: "Technicien / Technicienne agricole", RomeCode: str("A1001"),
			Titles: []career.JobTitle{{Label: "Agent / Agente technique agricole", Lang: "fr", Code: "1"}}},
		{ID: "role:rome-b1", Slug: "rome-b1", Name: "Technicien / Technicienne réseaux", RomeCode: str("B1001"),
			Titles: []career.JobTitle{{Label: "Agent / Agente technique", Lang: "fr", Code: "2"}}},
		{ID: "role:esco-crops", Slug: "esco-crops", Name: "agricultural technician", EscoURI: str("http://esco/crops"),
			Titles: []career.JobTitle{{Label: "technicien agricole/technicienne agricole", Lang: "fr"}}},
		{ID: "role:esco-livestock", Slug: "esco-livestock", Name: "livestock advisor", EscoURI: str("http://esco/livestock"),
			Titles: []career.JobTitle{{Label: "conseiller en élevage/conseillère en élevage", Lang: "fr"}}},
		{ID: "role:esco-networks", Slug: "esco-networks", Name: "network technician", EscoURI: str("http://esco/networks"),
			Titles: []career.JobTitle{{Label: "agent technique réseaux/agente technique réseaux", Lang: "fr"}}},
	}, [][2]string{{"role:rome-a1", "role:esco-crops"}, {"role:rome-a1", "role:esco-livestock"}, {"role:rome-b1", "role:esco-networks"}},
		"Agent technique d'élevage", ESCO)
	if len(got) == 0 || got[0].Role.ID != "role:esco-livestock" {
		t.Errorf("want the livestock advisor first")
	}
}

// A ROME fiche reached both by its own appellation and through an ESCO
// twin's label, each matching part of the title, is the one meant
// rather than a fiche whose one appellation matches a little better
// (romeMerge).
func TestFicheReachedTwoWays(t *testing.T) {
	got := titleOnTwins(t, []career.Role{
		{ID: "role:rome-a1001", Slug: "rome-a1001", Name: "Technicien / Technicienne agricole", RomeCode: str("A1001"),
			Titles: []career.JobTitle{{Label: "Conseiller / Conseillère élevage agricole", Lang: "fr", Code: "1"}}},
		{ID: "role:rome-b1001", Slug: "rome-b1001", Name: "Conseiller / Conseillère en environnement", RomeCode: str("B1001"),
			Titles: []career.JobTitle{{Label: "Conseiller / Conseillère élevage", Lang: "fr", Code: "2"}}},
		{ID: "role:esco-livestock", Slug: "esco-livestock", Name: "livestock advisor", EscoURI: str("http://esco/livestock"),
			Titles: []career.JobTitle{{Label: "technicien bovin/technicienne bovin", Lang: "fr"}}},
	}, [][2]string{{"role:rome-a1001", "role:esco-livestock"}}, "Conseiller élevage bovin", ROME)
	if len(got) == 0 || got[0].Role.ID != "role:rome-a1001" {
		t.Errorf("want the fiche reached two ways first")
	}
}

func str(s string) *string { return &s }

// titleOnTwins links title among scheme's roles on a graph of roles whose
// pairs are EQUIVALENT twins (both ways), and logs the first three.
func titleOnTwins(t *testing.T, roles []career.Role, twins [][2]string, title string, scheme Scheme) []RoleMatch {
	t.Helper()
	ds := career.Dataset{Roles: roles}
	for _, p := range twins {
		ds.Transitions = append(ds.Transitions,
			career.Transition{FromID: p[0], ToID: p[1], Kind: career.Equivalent},
			career.Transition{FromID: p[1], ToID: p[0], Kind: career.Equivalent})
	}
	g, err := career.Build(ds, 1)
	if err != nil {
		t.Fatal(err)
	}
	got := Build(g).Title(title, LinkOptions{Schemes: []Scheme{scheme}, Limit: 3})
	for _, m := range got {
		t.Logf("%s %.3f %s via %s %q", m.Role.Name, m.Score, m.Via, m.Through.Name, m.Matched)
	}
	return got
}
