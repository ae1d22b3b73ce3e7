package seed

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"careergraph/career"

	"golang.org/x/text/encoding/charmap"
)

// ESCOSource is the provenance every imported ESCO record cites.
var ESCOSource = career.Source{
	ID: "source:esco", Name: "ESCO (European Commission)", Kind: career.Taxonomy,
	URL: new("https://esco.ec.europa.eu"), Version: new("v1.1.1"),
	License: new("Commission Decision 2011/833/EU: reuse with attribution. " +
		"This service uses the ESCO classification of the European Commission."),
}

// ImportError names the file and line where an import failed.
type ImportError struct {
	File string
	Line int
	Err  error
}

func (e *ImportError) Error() string {
	msg := clipQuoted(e.Err.Error())
	if e.Line > 0 {
		return fmt.Sprintf("%s line %d: %s", e.File, e.Line, msg)
	}
	return fmt.Sprintf("%s: %s", e.File, msg)
}

// maxQuoted is the most characters of a quoted value an error shows: a
// broken file can hold a field of megabytes.
const maxQuoted = 80

// clipQuoted shortens each quoted value in msg (as %q writes it) to
// maxQuoted characters.
func clipQuoted(msg string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(msg, '"')
		if i < 0 {
			b.WriteString(msg)
			return b.String()
		}
		b.WriteString(msg[:i+1])
		msg = msg[i+1:]
		// The closing quote is the first one no backslash escapes.
		j := 0
		for j < len(msg) && msg[j] != '"' {
			if msg[j] == '\\' {
				j++
			}
			j++
		}
		inner := msg[:min(j, len(msg))]
		if n := utf8.RuneCountInString(inner); n > maxQuoted {
			cut := 0
			for k := 0; k < maxQuoted; k++ {
				_, size := utf8.DecodeRuneInString(inner[cut:])
				cut += size
			}
			inner = inner[:cut] + "…"
			b.WriteString(inner + `" (` + strconv.Itoa(n) + ` characters)`)
		} else {
			b.WriteString(inner + `"`)
		}
		if j >= len(msg) {
			return b.String()
		}
		msg = msg[j+1:]
	}
}

func (e *ImportError) Unwrap() error { return e.Err }

// ESCOOccupations streams occupations.csv in the Tabiya layout (see
// CSV_Format_Documentation.md) into roles: preferred label as name, alt
// labels as English job titles, description, ESCO URI and ISCO code,
// each citing ESCOSource. A role's id is "role:esco-" + the ESCO UUID; its
// slug is the label's, or "-esco" appended when taken is true for it (a
// curated role already has it). progress, if not nil, is called every
// 500 rows.
func ESCOOccupations(r io.Reader, file string, taken func(slug string) bool, progress func(rows int)) (career.Dataset, error) {
	return escoOccupations(r, file, taken, progress, map[string]string{})
}

// escoOccupations is ESCOOccupations, also noting each row's CSV ID
// against its role id in ids, for the relation files.
// escoColumns names the occupations.csv column each role field comes
// from, for refusedAs.
var escoColumns = map[string]string{"name": "PREFERREDLABEL", "escoUri": "ORIGINURI", "description": "DESCRIPTION", "iscoCode": "ISCOGROUPCODE", "titles": "ALTLABELS"}

func escoOccupations(r io.Reader, file string, taken func(slug string) bool, progress func(rows int), ids map[string]string) (career.Dataset, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	fail := func(line int, format string, args ...any) error {
		return &ImportError{File: file, Line: line, Err: fmt.Errorf(format, args...)}
	}
	header, err := cr.Read()
	if err != nil {
		return career.Dataset{}, csvError(file, err)
	}
	header = slices.Clone(header) // ReuseRecord: the next Read overwrites it
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimPrefix(h, "\ufeff")] = i
	}
	for _, need := range []string{"ORIGINURI", "ISCOGROUPCODE", "PREFERREDLABEL", "ALTLABELS", "DESCRIPTION", "OCCUPATIONTYPE"} {
		if _, ok := col[need]; !ok {
			return career.Dataset{}, fail(1, "missing column %s: is this ESCO's occupations.csv?", need)
		}
	}
	ds := career.Dataset{Sources: []career.Source{ESCOSource}}
	uris, slugs := map[string]int{}, map[string]bool{}
	for rows := 1; ; rows++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return career.Dataset{}, csvError(file, err)
		}
		line, _ := cr.FieldPos(0)
		if err := cleanRecord(cr, file, header, rec); err != nil {
			return career.Dataset{}, err
		}
		get := func(name string) string { return strings.TrimSpace(rec[col[name]]) }
		uri, label := get("ORIGINURI"), get("PREFERREDLABEL")
		uuid := path.Base(uri)
		if !strings.HasPrefix(uri, "http://data.europa.eu/esco/occupation/") || uuid == "" {
			return career.Dataset{}, fail(line, "ORIGINURI %q is not an ESCO occupation URI", uri)
		}
		if label == "" {
			return career.Dataset{}, fail(line, "PREFERREDLABEL is empty")
		}
		if prev, dup := uris[uri]; dup {
			return career.Dataset{}, fail(line, "ORIGINURI %s is already on line %d", uri, prev)
		}
		uris[uri] = line
		slug := career.Slugify(label)
		if slug == "" {
			return career.Dataset{}, fail(line, "PREFERREDLABEL %q has no letter or digit to make a slug of", label)
		}
		if taken != nil && taken(slug) {
			slug += "-esco"
		}
		// Two occupations can share a label; the id keeps them apart.
		if slugs[slug] {
			slug += "-" + uuid[:min(8, len(uuid))]
		}
		slug = unique(slug, func(s string) bool { return !slugs[s] && (taken == nil || !taken(s)) })
		slugs[slug] = true
		role := career.Role{
			ID: escoRoleID(uri), Slug: slug, Name: label,
			SourceIDs: []string{ESCOSource.ID}, EscoURI: new(uri),
		}
		if d := get("DESCRIPTION"); d != "" {
			role.Description = &d
		}
		if c := get("ISCOGROUPCODE"); c != "" {
			role.IscoCode = &c
		}
		seen := map[string]bool{career.Fold(label): true}
		for _, alt := range strings.Split(rec[col["ALTLABELS"]], "\n") {
			alt = strings.TrimSpace(alt)
			if alt == "" {
				continue
			}
			if !seen[career.Fold(alt)] {
				seen[career.Fold(alt)] = true
				role.Titles = append(role.Titles, career.JobTitle{Label: alt, Lang: "en"})
			}
		}
		// What the graph would refuse of the role is refused here, with
		// the line and the column, by the graph's own rules.
		if err := refusedAs(role, escoColumns); err != nil {
			return career.Dataset{}, fail(line, "%v", err)
		}
		ds.Roles = append(ds.Roles, role)
		if _, ok := col["ID"]; ok {
			ids[get("ID")] = role.ID
		}
		if progress != nil && rows%500 == 0 {
			progress(rows)
		}
	}
	return ds, nil
}

// cleanRecord repairs each field of a CSV record in place (CleanText) and
// refuses, with its column and line, one the graph would refuse in any
// text: not UTF-8, or holding a control or bidi character. Every importer
// reads its rows through it, so none accepts what the graph refuses.
func cleanRecord(cr *csv.Reader, file string, header, rec []string) error {
	for i := range rec {
		rec[i] = CleanText(rec[i])
		if p := career.TextProblem(rec[i], math.MaxInt); p != "" {
			l, _ := cr.FieldPos(i)
			return &ImportError{File: file, Line: l, Err: fmt.Errorf("column %s %s", header[i], p)}
		}
	}
	return nil
}

func csvError(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &ImportError{File: file, Line: pe.Line, Err: pe.Err}
	}
	return &ImportError{File: file, Err: err}
}

// CleanText repairs the C1 control characters (U+0080-U+009F) ESCO's CSV
// holds in a few texts, which the graph refuses as invisible. Most are
// UTF-8 read as Latin-1 and encoded again ("studentsâ\u0080\u0099" for
// "students’"): a run of characters U+0080-U+00FF holding one is read back
// as bytes, and replaced when those bytes are valid UTF-8. A stray one
// left is a Windows-1252 byte read as Latin-1 (ROME's "gros \u009cuvre"
// for "gros œuvre") and becomes its cp1252 character; one cp1252 leaves
// undefined ("... services'.\u009d") is dropped. Text without C1 controls
// is returned as it is, so "é" stays "é".
func CleanText(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r >= 0x80 && r <= 0x9f }) {
		return s
	}
	var b strings.Builder
	rs := []rune(s)
	for i := 0; i < len(rs); {
		j := i
		for j < len(rs) && rs[j] >= 0x80 && rs[j] <= 0xff {
			j++
		}
		if j == i {
			b.WriteRune(rs[i])
			i++
			continue
		}
		raw := make([]byte, 0, j-i)
		c1 := false
		for _, r := range rs[i:j] {
			raw = append(raw, byte(r))
			c1 = c1 || r <= 0x9f
		}
		if c1 && utf8.Valid(raw) {
			b.Write(raw)
		} else {
			b.WriteString(string(rs[i:j]))
		}
		i = j
	}
	return strings.Map(func(r rune) rune {
		if r >= 0x80 && r <= 0x9f {
			// cp1252 read as Latin-1: U+009C is « œ », U+0092 « ’ ».
			if w := charmap.Windows1252.DecodeByte(byte(r)); w != utf8.RuneError && (w < 0x80 || w > 0x9f) {
				return w
			}
			return -1
		}
		return r
	}, b.String())
}
