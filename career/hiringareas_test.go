package career

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// HiringAreas gives back the rows it was built from, family by family
// and by département then area within one, masked counts as nil, kept to
// a département and an area when asked: checked against the rows
// themselves, shuffled, over several families.
func TestHiringAreasGiveBackTheirRows(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var rows []AreaHiring
	for f := range 4 {
		for d := range 5 {
			for a := range 3 {
				r := AreaHiring{Family: fmt.Sprintf("F%d", f), Dept: fmt.Sprintf("%02d", 90-d), DeptName: fmt.Sprintf("Dept %d", d),
					Area: fmt.Sprintf("%d%d", d, a), AreaName: fmt.Sprintf("Area %d-%d", d, a)}
				for _, p := range []**int{&r.Projects, &r.Difficult, &r.Seasonal} {
					if n := rng.IntN(6); n > 0 {
						*p = new(n * 10)
					}
				}
				rows = append(rows, r)
			}
		}
	}
	rng.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
	h := NewHiringAreas(rows)
	byKey := func(a, b AreaHiring) int {
		return cmp.Or(strings.Compare(a.Family, b.Family), strings.Compare(a.Dept, b.Dept), strings.Compare(a.Area, b.Area))
	}
	for _, q := range []struct {
		families   []string
		dept, area string
	}{
		{[]string{"F2", "F0"}, "", ""}, {[]string{"F1"}, "88", ""}, {[]string{"F3", "F1"}, "", "21"}, {[]string{"F9"}, "", ""},
	} {
		l := &LabourProfile{}
		var want []AreaHiring
		for _, f := range q.families {
			l.Hiring = append(l.Hiring, HiringFigure{Family: f})
			var fam []AreaHiring
			for _, r := range rows {
				if r.Family == f && (q.dept == "" || r.Dept == q.dept) && (q.area == "" || r.Area == q.area) {
					fam = append(fam, r)
				}
			}
			slices.SortFunc(fam, byKey)
			want = append(want, fam...)
		}
		var got []AreaHiring
		for _, r := range h.For(l, q.dept, q.area) {
			a := h.Hiring(r)
			if h.Key(r) != a.Family+"|"+a.Area {
				t.Errorf("key %q of %+v", h.Key(r), a)
			}
			got = append(got, *a)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%+v: got %d rows %+v, want %d %+v", q, len(got), got, len(want), want)
		}
	}
	if h.MaxAreasPerFamily != 15 {
		t.Errorf("MaxAreasPerFamily %d, want 15", h.MaxAreasPerFamily)
	}
}
