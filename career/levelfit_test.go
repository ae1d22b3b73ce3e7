package career

import "testing"

// Sentences of ROME v460's « accès au métier » texts, as the files write
// them, and the levels they name.
func TestAccessLevels(t *testing.T) {
	for _, c := range []struct {
		fiche, text string
		want        LevelRange
		ok          bool
	}{
		{"M1855", "Cet emploi est accessible avec une Licence Professionnelle en Informatique, un Master en Informatique ou un Diplôme d'Ingénieur en Informatique.", LevelRange{Min: 6, Max: 7}, true},
		{"M1203", "Cet emploi est accessible avec un diplôme de niveau Bac +3 à Bac +5 en comptabilité. Les formations disponibles incluent le Diplôme de comptabilité et de gestion (DCG), les Licences, Masters et le Diplôme supérieur de comptabilité et de gestion (DSCG).", LevelRange{Min: 6, Max: 7}, true},
		{"H2913", "Cet emploi est accessible avec un diplôme de niveau CAP ou Bac Pro en Chaudronnerie Industrielle ou Serrurerie Métallerie et complété éventuellement par un CQP Soudeur Industriel.", LevelRange{Min: 3, Max: 4}, true},
		{"F1108", "Cet emploi est accessible à partir d'un niveau Bac à Bac+2 de technicien d'étude du bâtiment ou des travaux publics.", LevelRange{Min: 4, Max: 5}, true},
		{"G1602", "Cet emploi est accessible avec une qualification de niveau 3 (CAP) de l'hôtellerie/restauration.", LevelRange{Min: 3, Max: 3}, true},
		{"A1101", "Cet emploi est accessible sans diplôme particulier. Un CAPA ou un Bac pro dans le domaine agricole ou le certificat de spécialisation option \"Tracteurs et machines agricoles\" ainsi que différents CACES sont cependant appréciés.", LevelRange{Min: 1, Max: 4, Open: true}, true},
		{"J1132", "Cet emploi est accessible avec un Bac + 8 Doctorat en médecine  suivi d'un diplôme d'études spécialisées en neurologie.", LevelRange{Min: 8, Max: 8}, true},
		// A first-aid certificate's « niveau 1 » is no qualification level.
		{"G1225", "Cet emploi est accessible sans qualification spécifique, mais un Certificat de qualification professionnelle (CQP) est un atout. L'habilitation Prévention et Secours Civiques de niveau 1 (PSC1) peut être utile.", LevelRange{}, false},
		// A bar's licence is no degree.
		{"", "Une licence IV est nécessaire pour servir de l'alcool.", LevelRange{}, false},
		{"J1506", "Cet emploi est accessible avec un Diplôme d'Etat d'Infirmier, obligatoire pour exercer.", LevelRange{}, false},
	} {
		got, ok := AccessLevels(c.text)
		if got != c.want || ok != c.ok {
			t.Errorf("%s: %+v %v, want %+v %v", c.fiche, got, ok, c.want, c.ok)
		}
	}
	r := LevelRange{Min: 6, Max: 7}
	for level, want := range map[int]int{3: 3, 5: 1, 6: 0, 7: 0, 8: 1} {
		if d := r.Distance(level); d != want {
			t.Errorf("distance of %d from 6-7: %d, want %d", level, d, want)
		}
	}
}
