package linker

import (
	"slices"
	"testing"
)

func TestLearnAcronyms(t *testing.T) {
	got := learnAcronyms([]string{
		"Agent / Agente de service hospitalier (ASH)",
		"Technicien / Technicienne de Service Après-Vente (SAV) en informatique",
		"Conducteur / Conductrice de travaux Voirie, Réseaux Divers (VRD)",
		"Chef de projet (H/F)", // not an acronym: not its words' initials
		"Plombier (Bâtiment)",  // not upper case
	}, map[string]string{"agente": "agent"})
	want := map[string][]string{"ash": {"agent", "service", "hospitalier"}, "sav": {"service", "apre", "vente"}, "vrd": {"voirie", "reseau", "diver"}}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for k, v := range want {
		if !slices.Equal(got[k], v) {
			t.Errorf("%s: got %v, want %v", k, got[k], v)
		}
	}
}

func TestDropInflections(t *testing.T) {
	for in, want := range map[string]string{
		"Infirmier(ère) DE":              "Infirmier DE",
		"Opérateur(trice) de production": "Opérateur de production",
		"Technicien(ne) SAV (H/F)":       "Technicien SAV (H/F)",
		"Agent de service (ASH)":         "Agent de service (ASH)",
		"Chef de projet (junior)":        "Chef de projet (junior)",
		"Aide-soignant(e)":               "Aide-soignant",
	} {
		if got := dropInflections(in); got != want {
			t.Errorf("%q: got %q, want %q", in, got, want)
		}
	}
}
