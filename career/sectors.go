package career

import (
	"cmp"
	"slices"
	"strings"
)

// SectorLevel says which MCC grouping a matrix is over.
type SectorLevel string

const (
	// Sector is MCC's skills-based sector (Role.MCC.Sector).
	Sector SectorLevel = "SECTOR"
	// SubSector is MCC's sub-sector (Role.MCC.SubSector).
	SubSector SectorLevel = "SUB_SECTOR"
)

// SectorMatrix is one of MCC's transition matrices: Share[i][j] is the
// proportion of the safe and desirable transitions of sector i's high-risk
// occupations that lead to lower-risk occupations of sector j.
type SectorMatrix struct {
	Names []string
	Share [][]float64
}

// SectorFlow is one cell of a matrix.
type SectorFlow struct {
	From, To string
	Share    float64
}

// SectorMatrices holds both of MCC's matrices.
type SectorMatrices map[SectorLevel]*SectorMatrix

// Flows returns the transitions out of the named sector with a share above
// zero, largest first (ties by name), at most top of them.
func (m SectorMatrices) Flows(level SectorLevel, from string, top int) ([]SectorFlow, error) {
	mx := m[level]
	if mx == nil {
		return nil, queryErr("level: no %s matrix is loaded", level)
	}
	if top < 1 || top > MaxPageSize {
		return nil, queryErr("top: %d is out of range, it must be between 1 and %d", top, MaxPageSize)
	}
	i := slices.Index(mx.Names, from)
	if i < 0 {
		return nil, queryErr("from: %q is not an MCC %s; known: %s", from, strings.ToLower(string(level)), strings.Join(mx.Names, "; "))
	}
	// A sector with no high-risk occupation has a row of zeros: no flows.
	var out []SectorFlow
	for j, to := range mx.Names {
		if mx.Share[i][j] > 0 {
			out = append(out, SectorFlow{From: from, To: to, Share: mx.Share[i][j]})
		}
	}
	slices.SortFunc(out, func(a, b SectorFlow) int { return cmp.Or(cmp.Compare(b.Share, a.Share), cmp.Compare(a.To, b.To)) })
	return out[:min(top, len(out))], nil
}

// ProfileFlows is Flows from the sector (or sub-sector) of an MCC profile;
// a profile whose sector the matrix does not name has none.
func (m SectorMatrices) ProfileFlows(p *MCCProfile, level SectorLevel, top int) ([]SectorFlow, error) {
	if top < 1 || top > MaxPageSize {
		return nil, queryErr("top: %d is out of range, it must be between 1 and %d", top, MaxPageSize)
	}
	from := p.Sector
	if level == SubSector {
		from = p.SubSector
	}
	if mx := m[level]; mx != nil && !slices.Contains(mx.Names, from) {
		return nil, nil
	}
	return m.Flows(level, from, top)
}
