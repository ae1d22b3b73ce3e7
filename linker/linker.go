// Package linker links free text to the graph: a job title to the roles
// it names, a CV or a job offer to the skills it mentions and the roles
// they point to. It is lexical and runs in-process on a snapshot: words
// folded (accents, case), set to their masculine singular form, short
// forms expanded, typos and cut words mended against the graph's own
// vocabulary, ranked by idf-weighted overlap, and carried across
// vocabularies by the graph itself (the ESCO–ROME mapping of ROME
// appellations, EQUIVALENT twins). No I/O: the appellation mapping it
// needs ships in the package (bridge.tsv.gz, rebuilt by
// `go run ./linker/bridgegen` from seed/opendata/rome-esco).
package linker

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"math"
	"strings"
	"sync"

	"careergraph/career"
)

//go:embed bridge.tsv.gz
var bridgeGz []byte

type bridgeRow struct {
	roleID string
	rel    byte
}

// bridgeRows is the shipped appellation mapping: appellation code -> the
// ESCO occupations (role ids) it maps to.
var bridgeRows = sync.OnceValue(func() map[string][]bridgeRow {
	zr, err := gzip.NewReader(bytes.NewReader(bridgeGz))
	if err != nil {
		panic(err) // a build mistake: the file ships with the package
	}
	m := map[string][]bridgeRow{}
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) == 3 && len(f[2]) == 1 {
			m[f[0]] = append(m[f[0]], bridgeRow{"role:esco-" + f[1], f[2][0]})
		}
	}
	if sc.Err() != nil {
		panic(sc.Err())
	}
	return m
})

// Index is what the linker knows of one snapshot.
type Index struct {
	titles *titleIndex
	skills *skillIndex
	// g is the snapshot a reading meters its work on (career.Work): For's
	// caller's, which may be a request's metered copy.
	g *career.Graph
}

// visit counts n entries read, and stops the reading if its request's
// time is up (career.Graph.Visit).
func (ix *Index) visit(n int) {
	if ix.g != nil {
		ix.g.Visit(n)
	}
}

// Build indexes g's roles and skills (in about a second on the full graph).
func Build(g *career.Graph) *Index {
	roles := g.Roles(career.RoleFilter{}, career.Order{})
	ix := &Index{titles: newTitleIndex(g, roles, bridgeRows())}
	ix.skills = newSkillIndex(g, ix.titles)
	return ix
}

type memoKey struct{}

// For returns g's index, building it on first use, once per snapshot
// (and in the background with the other indexes: Graph.Warm).
func For(g *career.Graph) *Index {
	shared := g.Memo(memoKey{}, func(g *career.Graph) any { return Build(g) }).(*Index)
	if g.Work() == nil {
		return shared
	}
	ix := *shared // read by one request: its reading is metered
	ix.g = g
	return &ix
}

func init() { career.OnWarm(func(g *career.Graph) { For(g) }) }

// Title ranks the roles a job title names.
func (ix *Index) Title(title string, o LinkOptions) []RoleMatch {
	return ix.titles.link(ix.titles.read(title), o, ix.visit)
}

// Reading is what a free text says: the skills it mentions and the roles
// they, and the job titles on its short lines, point to.
type Reading struct {
	Skills []SkillMatch
	Roles  []RoleMatch
}

// Thresholds of reading a text, in one place: how many skills feed the
// roles, the longest line read as a job title, how many such lines, and
// the score a title must reach to name a role of the text.
const (
	maxTextSkills = 200
	maxTitleLine  = 8 // words
	maxTitleLines = 12
	minTitleScore = 0.75
)

// Text reads a CV or a job offer. A role's score joins two pieces of
// evidence as independent ones, 1 − (1 − t)(1 − c): t, the best score of
// a short line of the text read as a job title naming it (kept from
// minTitleScore), and c, the F1 of how much of the text's skills the
// role's explain and how much of the role's skills the text holds (each
// skill weighted by its score; essential links weigh twice optional
// ones, and skills fewer roles require more).
func (ix *Index) Text(text string, skills, roles int) Reading {
	var rd Reading
	found := ix.skills.extract(text, max(skills, maxTextSkills), ix.visit)
	rd.Skills = found[:min(len(found), skills)]
	if roles <= 0 {
		return rd
	}
	sc := ix.skills.getRoleScratch()
	defer ix.skills.roleScratch.Put(sc)
	sc.gen++
	sc.touched = sc.touched[:0]
	textWeight := 0.0
	for _, m := range found {
		s := ix.skills.index(m.Skill.ID)
		ix.visit(1 + len(ix.skills.roles[s]))
		w := 0.0
		for _, l := range ix.skills.roles[s] {
			if sc.stamp[l.role] != sc.gen {
				sc.stamp[l.role], sc.acc[l.role] = sc.gen, 0
				sc.touched = append(sc.touched, l.role)
			}
			sc.acc[l.role] += m.Score * l.w
			w = max(w, l.w)
		}
		textWeight += m.Score * w
	}
	bySkills := func(r int32) RoleMatch {
		role := ix.titles.roles[r]
		m := RoleMatch{Role: role, Through: role, Via: ViaSkills}
		if sc.stamp[r] == sc.gen {
			a := sc.acc[r]
			p, c := a/textWeight, a/ix.skills.roleNorm[r]
			m.Score = min(1, 2*p*c/(p+c))
		}
		return m
	}
	// The roles the short lines name, as titles (few: at most
	// maxTitleLines × 5).
	named := map[int32]RoleMatch{}
	lines := 0
	for line := range strings.Lines(text) {
		if lines == maxTitleLines {
			break
		}
		if n := len(strings.Fields(line)); n == 0 || n > maxTitleLine {
			continue
		}
		lines++
		for _, m := range ix.titles.link(ix.titles.read(line), LinkOptions{Limit: 5}, ix.visit) {
			if m.Score < minTitleScore {
				continue
			}
			r := ix.titles.num[m.Role.ID]
			cur, ok := named[r]
			if !ok {
				cur = bySkills(r)
			}
			m.Score = 1 - (1-m.Score)*(1-cur.Score)
			if cur.Via == ViaSkills || m.Score > cur.Score {
				named[r] = m
			}
		}
	}
	top := newTopK(roles)
	round := func(m RoleMatch) RoleMatch {
		m.Score = math.Round(m.Score*1e4) / 1e4
		return m
	}
	for _, r := range sc.touched {
		if _, ok := named[r]; !ok {
			top.push(round(bySkills(r)))
		}
	}
	for _, m := range named {
		top.push(round(m))
	}
	rd.Roles = top.list
	return rd
}

// Limits of what the linker reads, in one place: a title's and a text's
// length in characters, and the most skills one reading returns.
const (
	MaxTitleLen = 200
	MaxTextLen  = 20000
	MaxSkills   = 100
)
