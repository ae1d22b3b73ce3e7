package seed

import (
	"embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"careergraph/career"
)

// The MCC matrices ship in the binary (MIT, see mcc/README.md): they are
// sector-level aggregates, not records of the graph.
//
//go:embed mcc/sectors.csv mcc/subsectors.csv
var mccMatrices embed.FS

// MCCSectors returns MCC's sector and sub-sector transition matrices,
// parsed once per process. Callers must not modify them.
var MCCSectors = sync.OnceValues(parseMCCSectors)

func parseMCCSectors() (career.SectorMatrices, error) {
	out := career.SectorMatrices{}
	for level, file := range map[career.SectorLevel]string{career.Sector: "mcc/sectors.csv", career.SubSector: "mcc/subsectors.csv"} {
		f, err := mccMatrices.Open(file)
		if err != nil {
			return nil, err
		}
		m, err := SectorMatrix(f, "seed/"+file)
		f.Close()
		if err != nil {
			return nil, err
		}
		out[level] = m
	}
	return out, nil
}

// SectorMatrix reads a square MCC matrix: a header of sector names, then a
// row per sector, named as the header names it, of shares in [0, 1].
func SectorMatrix(r io.Reader, file string) (*career.SectorMatrix, error) {
	cr := csv.NewReader(r)
	header, err := cr.Read()
	if err != nil {
		return nil, csvError(file, err)
	}
	m := &career.SectorMatrix{}
	for _, h := range header[1:] {
		m.Names = append(m.Names, strings.TrimSpace(h))
	}
	for row := 0; ; row++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			if row != len(m.Names) {
				return nil, &ImportError{File: file, Err: fmt.Errorf("%d rows for %d sectors", row, len(m.Names))}
			}
			return m, nil
		}
		if err != nil {
			return nil, csvError(file, err)
		}
		line, _ := cr.FieldPos(0)
		if row >= len(m.Names) || strings.TrimSpace(rec[0]) != m.Names[row] {
			return nil, &ImportError{File: file, Line: line, Err: fmt.Errorf("row %q is not the header's sector %d", rec[0], row+1)}
		}
		shares := make([]float64, len(m.Names))
		for j, v := range rec[1:] {
			x, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			if err != nil || x < 0 || x > 1 {
				return nil, &ImportError{File: file, Line: line, Err: fmt.Errorf("share %q for %s is not between 0 and 1", v, m.Names[j])}
			}
			shares[j] = x
		}
		m.Share = append(m.Share, shares)
	}
}
