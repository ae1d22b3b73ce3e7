package seed_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"careergraph/career"
	"careergraph/seed"
)

func TestMCCSectorMatricesShipped(t *testing.T) {
	m, err := seed.MCCSectors()
	if err != nil {
		t.Fatal(err)
	}
	if n := len(m[career.Sector].Names); n != 14 {
		t.Errorf("%d sectors, want 14", n)
	}
	if n := len(m[career.SubSector].Names); n != 54 {
		t.Errorf("%d sub-sectors, want 54", n)
	}
	// Each row sums to 1, or is all zeros where a sector has no high-risk
	// occupation (21 sub-sectors, as published).
	empty := map[career.SectorLevel]int{}
	for level, mx := range m {
		for i, row := range mx.Share {
			sum := 0.0
			for _, x := range row {
				sum += x
			}
			if sum == 0 {
				empty[level]++
				if f, err := m.Flows(level, mx.Names[i], 5); err != nil || len(f) != 0 {
					t.Errorf("%s %q has no transitions, Flows = %+v %v", level, mx.Names[i], f, err)
				}
			} else if math.Abs(sum-1) > 0.01 {
				t.Errorf("%s %q: shares sum to %g", level, mx.Names[i], sum)
			}
		}
	}
	if empty[career.Sector] != 0 || empty[career.SubSector] != 21 {
		t.Errorf("rows without transitions: %v", empty)
	}
	// As published: 80.3% of ICT workers' safe and desirable transitions stay in ICT.
	flows, err := m.Flows(career.Sector, "ict workers", 2)
	if err != nil || len(flows) != 2 || flows[0].To != "ict workers" || flows[0].Share != 0.803 || flows[1].To != "business & administration workers" || flows[1].Share != 0.0952 {
		t.Errorf("ICT flows = %+v, %v", flows, err)
	}
	if _, err := m.Flows(career.Sector, "astronauts", 3); err == nil || !strings.Contains(err.Error(), "ict workers") {
		t.Errorf("unknown sector: %v", err)
	}
}

func TestSectorMatrixBrokenFiles(t *testing.T) {
	for name, c := range map[string]struct {
		body string
		line int
		says string
	}{
		"share out of range": {"s,a,b\na,0.5,1.5\nb,0.5,0.5\n", 2, "not between 0 and 1"},
		"row out of order":   {"s,a,b\nb,0.5,0.5\na,0.5,0.5\n", 2, "not the header's sector 1"},
		"missing row":        {"s,a,b\na,0.5,0.5\n", 0, "1 rows for 2 sectors"},
		"ragged":             {"s,a,b\na,0.5\n", 2, "fields"},
	} {
		_, err := seed.SectorMatrix(strings.NewReader(c.body), "m.csv")
		var ie *seed.ImportError
		if !errors.As(err, &ie) || ie.Line != c.line || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%s: %v, want line %d saying %q", name, err, c.line, c.says)
		}
	}
}
