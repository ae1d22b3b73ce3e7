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
	str := func(s string) *string { return &s }
	ds := career.Dataset{
		Roles: []career.Role{
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
		},
	}
	for _, p := range [][2]string{{"role:rome-a1", "role:esco-crops"}, {"role:rome-a1", "role:esco-livestock"}, {"role:rome-b1", "role:esco-networks"}} {
		ds.Transitions = append(ds.Transitions,
			career.Transition{FromID: p[0], ToID: p[1], Kind: career.Equivalent},
			career.Transition{FromID: p[1], ToID: p[0], Kind: career.Equivalent})
	}
	g, err := career.Build(ds, 1)
	if err != nil {
		t.Fatal(err)
	}
	got := Build(g).Title("Agent technique d'élevage", LinkOptions{Schemes: []Scheme{ESCO}, Limit: 3})
	for _, m := range got {
		t.Logf("%s %.3f %s via %s %q", m.Role.Name, m.Score, m.Via, m.Through.Name, m.Matched)
	}
	if len(got) == 0 || got[0].Role.ID != "role:esco-livestock" {
		t.Errorf("want the livestock advisor first")
	}
}
