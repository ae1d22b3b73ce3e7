package main

import (
	"strings"
	"testing"
)

// A fresh data directory with the default settings serves the guide and
// the shipped open data: ROME's French fiches, ESCO's occupations with
// their skills, MCC's profiles; a second start finds it there and does not
// import again.
func TestFirstStartServesTheOpenData(t *testing.T) {
	dir := t.TempDir()
	cfg := embeddedConfig(t, dir)
	cfg.OpenData = true
	s := start(t, cfg)
	v := s.live.Graph().Version()
	var data struct {
		Web struct {
			Name, RomeCode string
			Titles         []struct{ Label, Lang string }
			RomeDomain     struct{ Code string }
		}
		Dev struct {
			Essential []struct{ Skill struct{ Name string } }
			Optional  []struct{ Skill struct{ Name string } }
			MCC       struct{ JobZone float64 }
		}
		Search []struct{ Node struct{ ID string } }
		Roles  struct{ TotalCount int }
	}
	query(t, s.URL, `{
		web: role(id: "role:rome-m1855") { name romeCode titles { label lang } romeDomain { code } }
		dev: role(slug: "software-developer") {
			essential: skills(importance: ESSENTIAL) { skill { name } }
			optional: skills(importance: OPTIONAL) { skill { name } }
			mcc { jobZone }
		}
		search(query: "développeuse back-end", first: 3) { node { ... on Node { id } } }
		roles { totalCount }
	}`, nil, &data)
	if data.Web.RomeCode != "M1855" || data.Web.RomeDomain.Code != "M18" || !strings.Contains(data.Web.Name, "Développeur") {
		t.Errorf("ROME fiche M1855: %+v", data.Web)
	}
	if len(data.Dev.Essential) != 24 || len(data.Dev.Optional) != 80 || data.Dev.MCC.JobZone == 0 {
		t.Errorf("ESCO software developer: %d essential, %d optional skills, MCC %+v; want 24 and 80", len(data.Dev.Essential), len(data.Dev.Optional), data.Dev.MCC)
	}
	if len(data.Search) == 0 || data.Search[0].Node.ID != "role:rome-m1855" && data.Search[0].Node.ID != "role:developpeur-back-end" {
		t.Errorf("search « développeuse back-end »: %+v", data.Search)
	}
	if data.Roles.TotalCount != 7+3007+1584 {
		t.Errorf("%d roles, want the guide's 7, ESCO's 3,007 and ROME's 1,584", data.Roles.TotalCount)
	}
	s.store.Close()
	again := start(t, cfg)
	if got := again.live.Graph().Version(); got != v {
		t.Errorf("the second start moved the store from version %d to %d: it imported again", v, got)
	}
}
