package seed

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"careergraph/career"
)

// The labour-market extracts the importer reads, all required (see
// opendata/labour-market/README.md: what each is extracted from).
const (
	lmRNCPRome     = "rncp_rome.csv"
	lmSuccessors   = "rncp_successors.csv"
	lmCertifiers   = "rncp_certifiers.csv"
	lmMENJ         = "menj_diplomes.csv"
	lmOnisep       = "onisep_formations.csv"
	lmRNCP2021     = "rncp_info_2021.csv"
	lmFap2009Rome  = "dares_fap2009_rome.csv"
	lmFap2009Names = "dares_fap2009_labels.csv"
	lmSalary       = "dares_salary.csv"
	lmTension      = "dares_tension.csv"
	lmFap2021Rome  = "dares_fap2021_rome.csv"
	lmFap2021Tree  = "dares_fap2021_tree.csv"
	lmBMO          = "bmo_2025.csv"
)

var labourFiles = []string{lmRNCPRome, lmSuccessors, lmCertifiers, lmMENJ, lmOnisep, lmRNCP2021,
	lmFap2009Rome, lmFap2009Names, lmSalary, lmTension, lmFap2021Rome, lmFap2021Tree, lmBMO}

// The sources of labour-market records, one per publisher's dataset.
var (
	RNCPSource = career.Source{ID: "source:rncp", Name: "France compétences, Répertoire national des certifications professionnelles (RNCP)", Kind: career.Taxonomy,
		URL:     new("https://www.data.gouv.fr/fr/datasets/repertoire-national-des-certifications-professionnelles-et-repertoire-specifique/"),
		Version: new("export of 2026-02-01"), License: new("Licence Ouverte / Open Licence 2.0: France compétences")}
	MENJSource = career.Source{ID: "source:menj-diplomes", Name: "Éducation nationale, liste des diplômes professionnels", Kind: career.Taxonomy,
		URL:     new("https://www.data.gouv.fr/fr/datasets/liste-des-diplomes-professionnels-de-leducation-nationale/"),
		Version: new("copy of 2025-01-30"), License: new("Licence Ouverte / Open Licence 2.0: ministère de l'Éducation nationale")}
	OnisepSource = career.Source{ID: "source:onisep-formations", Name: "Onisep, Idéo-Formations initiales en France", Kind: career.Editorial,
		URL:     new("https://www.data.gouv.fr/fr/datasets/ideo-formations-initiales-en-france/"),
		Version: new("copy of 2022-05"), License: new("ODbL 1.0: Onisep, Idéo-Formations initiales en France (the shipped extract is under ODbL too)")}
	RNCP2021Source = career.Source{ID: "source:rncp-2021", Name: "RNCP as of 2021-02 (Mission apprentissage rncp_info v1.4, from France compétences)", Kind: career.Taxonomy,
		URL:     new("https://github.com/mission-apprentissage/tables-correspondances"),
		Version: new("v1.4, 2021-02-01"), License: new("Licence Ouverte 2.0 (France compétences data); repository MIT")}
	DaresPSMSource = career.Source{ID: "source:dares-psm", Name: "DARES, Portraits statistiques des métiers (FAP-2009)", Kind: career.MarketData,
		URL:     new("https://github.com/StatDares/PortraitStatMetiers"),
		Version: new("publication of 2021-04-27: salaries 2017-2019, tension 2019"), License: new("GPL-3.0, as DARES's repository states (LICENSE-DARES-GPL-3.0)")}
	DaresFap2021Source = career.Source{ID: "source:dares-fap2021", Name: "DARES, table de passage ROME × qualification → FAP-2021", Kind: career.Taxonomy,
		URL:     new("https://dares.travail-emploi.gouv.fr/"),
		Version: new("FAP-2021"), License: new("public statistical information (DARES), reused with attribution")}
	BMOSource = career.Source{ID: "source:bmo", Name: "France Travail, enquête Besoins en main-d'œuvre (BMO)", Kind: career.MarketData,
		URL:     new("https://www.francetravail.org/opendata/enquete-besoins-en-main-doeuvre.html"),
		Version: new("2025"), License: new("France Travail open data (Licence Ouverte as stated by its republisher)")}
)

// LabourSummary counts what a labour-market import read and kept.
type LabourSummary struct {
	Certifications, Current, Offered, Superseded, Lapsed, Untitled, LeadsTo, RolesWithTraining int
	RolesWithSalary, RolesWithHiring, RolesWithTension                                         int
}

func (s LabourSummary) String() string {
	return fmt.Sprintf("%d RNCP certifications linked to ROME (%d current, %d of them titled and offered as trainings; %d superseded, %d lapsed, %d untitled), "+
		"%d LEADS_TO to %d fiches; %d fiches with a DARES salary band, %d with BMO 2025 hiring, %d with DARES tension",
		s.Certifications, s.Current, s.Offered, s.Superseded, s.Lapsed, s.Untitled, s.LeadsTo, s.RolesWithTraining, s.RolesWithSalary, s.RolesWithHiring, s.RolesWithTension)
}

// RNCPAsOf is the date of the RNCP export: a registration that ended
// before it is over.
var RNCPAsOf = time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)

// ImportLabour reads the labour-market folder into the records to upsert
// over cur, whose ROME fiches (with their historical codes) it attaches
// to: certifications as trainings leading to the fiches, and each fiche's
// labour profile. See opendata/README.md for the rules.
func ImportLabour(dir Folder, cur career.Dataset) (career.Dataset, string, error) {
	if err := verifyFolder(dir, "labour-market", labourFiles, nil); err != nil {
		return career.Dataset{}, "", err
	}
	im := &labourImport{dir: dir, derived: map[string][]career.Role{}, slugs: map[string]string{}}
	for _, t := range cur.Trainings {
		im.slugs[t.Slug] = t.ID
	}
	for _, r := range cur.Roles {
		if p := romeParentOf(r); p != "" {
			im.derived[p] = append(im.derived[p], r)
		}
	}
	if len(im.derived) == 0 {
		return career.Dataset{}, "", fmt.Errorf("%s: no ROME fiche with a historical code in the store: %w", dir.Name, ErrNeedsROME)
	}
	ds, sum, err := runSteps(&im.ds, &im.sum, im.certifications, im.salaries, im.tension, im.hiring, im.profiles)
	if err != nil {
		return career.Dataset{}, "", err
	}
	return ds, sum.String() + ", from " + dir.Name, nil
}

type labourImport struct {
	dir Folder
	// slugs: training slug -> the id holding it, in the store and then
	// in this import (trainingSlug)
	slugs   map[string]string
	derived map[string][]career.Role // historical code -> fiches
	ds      career.Dataset
	sum     LabourSummary
	// per historical code, the figures its fiches get
	salary   map[string][]career.SalaryFigure
	tensions map[string][]career.TensionFigure
	hire     map[string][]career.HiringFigure
	// the FAP-2009 tables (fapTables), read once
	fapName map[string]string
	fapOf   map[string][]string
}

func (im *labourImport) read(name string, need []string, row func(get func(string) string, line int) error) error {
	file := im.dir.path(name)
	f, err := im.dir.open(name)
	if err != nil {
		return &ImportError{File: file, Err: err}
	}
	defer f.Close()
	return csvRowsSep(f, ';', file, need, row)
}

// rncpCode is a register number as "RNCP" and digits, from either form;
// the one entry of the Répertoire spécifique ("RS5451") keeps its prefix.
func rncpCode(v string) (string, error) {
	prefix, d := "RNCP", strings.TrimPrefix(v, "RNCP")
	if strings.HasPrefix(v, "RS") {
		prefix, d = "RS", v[2:]
	}
	if n, err := strconv.Atoi(d); err != nil || n <= 0 || d[0] == '0' {
		return "", fmt.Errorf("%q is not an RNCP or RS number", v)
	}
	return prefix + d, nil
}

// certification is what the sources say of one register entry.
type certification struct {
	code        string
	num         int
	rome        []string
	successor   string
	certifiers  []string
	title, typ  string
	level       int
	titleSource string
	duration    string
	status2021  string // ACTIVE, INACTIVE or "" (not in the 2021 register)
	end2021     time.Time
	lastSession int // MENJ's last exam session, 0 if none stated
}

// current is the rule for offering a certification as a way in, the
// export carrying no active flag: the register names no successor for
// it, its registration is not known to have ended (the 2021 register
// lists it inactive, or with an end date before the export), and, for an
// Éducation nationale diploma, its last exam session has not passed.
func (c *certification) current() bool {
	switch {
	case c.successor != "":
		return false
	case c.status2021 == "INACTIVE":
		return false
	case c.status2021 == "ACTIVE" && !c.end2021.IsZero() && c.end2021.Before(RNCPAsOf):
		return false
	case c.lastSession > 0 && c.lastSession < RNCPAsOf.Year():
		return false
	}
	return true
}

// certifications builds the register's certifications from the files and
// the trainings and LEADS_TO the current, titled ones give.
func (im *labourImport) certifications() error {
	certs := map[string]*certification{}
	var order []*certification
	err := im.read(lmRNCPRome, []string{"rncp", "rome"}, func(get func(string) string, line int) error {
		code, err := rncpCode(get("rncp"))
		if err != nil {
			return fmt.Errorf("rncp: %w", err)
		}
		rome := get("rome")
		if !career.IsRomeCode(rome) {
			return fmt.Errorf("rome %q is not a ROME code", rome)
		}
		c := certs[code]
		if c == nil {
			c = &certification{code: code}
			c.num, _ = strconv.Atoi(strings.TrimLeft(code, "RNCPS"))
			certs[code] = c
			order = append(order, c)
		}
		// Domain-level codes (F1200, A12) name no fiche: kept on the
		// certification, linked to nothing.
		if !slices.Contains(c.rome, rome) {
			c.rome = append(c.rome, rome)
		}
		return nil
	})
	if err != nil {
		return err
	}
	known := func(get func(string) string) (*certification, error) {
		code, err := rncpCode(get("rncp"))
		if err != nil {
			return nil, fmt.Errorf("rncp: %w", err)
		}
		return certs[code], nil
	}
	steps := []struct {
		file string
		need []string
		row  func(c *certification, get func(string) string) error
	}{
		{lmSuccessors, []string{"rncp", "successor"}, func(c *certification, get func(string) string) error {
			s, err := rncpCode(get("successor"))
			c.successor = s
			return err
		}},
		{lmCertifiers, []string{"rncp", "certifier"}, func(c *certification, get func(string) string) error {
			if n := get("certifier"); n != "" && !slices.Contains(c.certifiers, n) {
				c.certifiers = append(c.certifiers, n)
			}
			return nil
		}},
		// Titles, levels and types: the first source that names the
		// certification wins, the most recent first.
		{lmMENJ, []string{"rncp", "diploma", "speciality", "level", "last_session"}, func(c *certification, get func(string) string) error {
			if s := get("last_session"); s != "" {
				n, err := strconv.Atoi(s)
				if err != nil {
					return fmt.Errorf("last_session %q is not a year", s)
				}
				c.lastSession = max(c.lastSession, n)
			}
			return c.titled(MENJSource.ID, get("diploma")+" "+get("speciality"), get("diploma"), get("level"))
		}},
		{lmOnisep, []string{"rncp", "title", "type", "duration", "eu_level"}, func(c *certification, get func(string) string) error {
			if c.duration == "" {
				c.duration = get("duration")
			}
			return c.titled(OnisepSource.ID, get("title"), get("type"), get("eu_level"))
		}},
		{lmRNCP2021, []string{"rncp", "title", "type", "eu_level", "active", "end"}, func(c *certification, get func(string) string) error {
			c.status2021 = get("active")
			if c.status2021 != "ACTIVE" && c.status2021 != "INACTIVE" {
				return fmt.Errorf("active %q is not ACTIVE or INACTIVE", c.status2021)
			}
			if e := get("end"); e != "" {
				t, err := time.Parse("1/2/06", e)
				if err != nil {
					return fmt.Errorf("end %q is not a date m/d/yy", e)
				}
				c.end2021 = t
			}
			return c.titled(RNCP2021Source.ID, get("title"), get("type"), get("eu_level"))
		}},
	}
	for _, s := range steps {
		err := im.read(s.file, s.need, func(get func(string) string, line int) error {
			c, err := known(get)
			if err != nil || c == nil {
				return err // a certification no ROME code names is not kept
			}
			return s.row(c, get)
		})
		if err != nil {
			return err
		}
	}
	return im.trainings(order)
}

// titled sets the title, type and level from source unless an earlier
// source gave them; a level is "" or 1 to 8.
func (c *certification) titled(source, title, typ, level string) error {
	title = strings.Join(strings.Fields(title), " ")
	if c.title != "" || title == "" {
		return nil
	}
	c.title, c.typ, c.titleSource = clipName(title), typ, source
	if level != "" {
		n, err := strconv.Atoi(level)
		if err != nil || n < 1 || n > 8 {
			return fmt.Errorf("level %q is not 1 to 8", level)
		}
		c.level = n
	}
	return nil
}

// clipName cuts a name over the graph's limit at a word, with an ellipsis.
func clipName(s string) string {
	if len([]rune(s)) <= career.MaxNameLen {
		return s
	}
	r := []rune(s)[:career.MaxNameLen-1]
	if i := strings.LastIndex(string(r), " "); i > 0 {
		return string(r)[:i] + "…"
	}
	return string(r) + "…"
}

// degreeTypes start the types that are diplomas (DEGREE); titles,
// CQPs and other certifications are CERTIFICATION.
var degreeTypes = []string{"diplôme", "master", "licence", "baccalauréat", "bac ", "bts", "but", "dut", "brevet", "certificat d'aptitude",
	"cap", "mention complémentaire", "doctorat", "bachelor", "bp"}

func trainingKind(typ string) career.TrainingKind {
	t := strings.ToLower(typ)
	for _, p := range degreeTypes {
		if strings.HasPrefix(t, p) && (len(p) > 3 || len(t) == len(p) || t[len(p)] == ' ') {
			return career.Degree
		}
	}
	return career.Certification
}

// months reads Onisep's "2 ans", "6 mois", "1 an".
func months(label string) *career.Duration {
	if label == "" {
		return nil
	}
	d := &career.Duration{Label: label}
	n, unit, ok := strings.Cut(label, " ")
	v, err := strconv.Atoi(n)
	if ok && err == nil {
		switch unit {
		case "an", "ans":
			d.MinMonths, d.MaxMonths = new(12*v), new(12*v)
		case "mois":
			d.MinMonths, d.MaxMonths = new(v), new(v)
		}
	}
	return d
}

// trainings: a node per titled certification that is current (leading
// to the fiches of its ROME codes) or superseded (kept for its successor,
// leading nowhere). Per fiche, trainings rank by level fit first: how
// many levels a certification lies outside the range the fiche's « accès
// au métier » names (career.AccessLevels: « Licence Professionnelle,
// Master ou Diplôme d'Ingénieur » is 6 to 7), 0 inside it, 1 for an
// unknown level; then by how well their title fits the fiche (how many
// words of the fiche's name and job titles it uses), then by how specific
// they are (fewer ROME codes first), then by how recent their
// registration is (higher register number first).
func (im *labourImport) trainings(order []*certification) error {
	type lead struct {
		c      *certification
		parent string
	}
	byRole := map[string][]lead{}
	used := map[string]bool{}
	for _, c := range order {
		im.sum.Certifications++
		cur := c.current()
		switch {
		case cur:
			im.sum.Current++
		case c.successor != "":
			im.sum.Superseded++
		default:
			im.sum.Lapsed++
		}
		if c.title == "" {
			im.sum.Untitled++
			continue
		}
		if !cur && c.successor == "" {
			continue
		}
		id := "training:" + strings.ToLower(c.code)
		t := career.Training{ID: id, Slug: im.trainingSlug(id, strings.ToLower(c.code)), Name: c.title, Kind: trainingKind(c.typ),
			Code: new(c.code), Certifiers: c.certifiers, Current: new(cur), RomeCodes: c.rome, Duration: months(c.duration),
			SourceIDs: []string{RNCPSource.ID, c.titleSource}}
		if c.typ != "" {
			t.Type = new(c.typ)
		}
		if c.level > 0 {
			t.Level = new(c.level)
		}
		if c.successor != "" {
			t.Successor = new(c.successor)
		}
		if c.duration != "" && c.titleSource != OnisepSource.ID {
			t.SourceIDs = append(t.SourceIDs, OnisepSource.ID)
		}
		if err := refused(t); err != nil {
			return &ImportError{File: im.dir.path(lmRNCPRome), Err: fmt.Errorf("%s: %w", c.code, err)}
		}
		im.ds.Trainings = append(im.ds.Trainings, t)
		for _, s := range t.SourceIDs {
			used[s] = true
		}
		if !cur {
			continue
		}
		im.sum.Offered++
		for _, code := range c.rome {
			for _, r := range im.derived[code] {
				byRole[r.ID] = append(byRole[r.ID], lead{c, code})
			}
		}
	}
	roles := map[string]career.Role{}
	for _, rs := range im.derived {
		for _, r := range rs {
			roles[r.ID] = r
		}
	}
	titleWords := map[*certification][]string{} // tokenised once per certification
	for role, ls := range byRole {
		words := fitWords(roles[role])
		levels := accessLevels(roles[role])
		fit, off := map[*certification]int{}, map[*certification]int{}
		for _, l := range ls {
			tw, ok := titleWords[l.c]
			if !ok {
				tw = career.Tokens(l.c.title)
				titleWords[l.c] = tw
			}
			fit[l.c], off[l.c] = titleFit(words, tw), levelOff(levels, l.c.level)
		}
		slices.SortFunc(ls, func(a, b lead) int {
			return cmp.Or(cmp.Compare(off[a.c], off[b.c]), cmp.Compare(fit[b.c], fit[a.c]), cmp.Compare(len(a.c.rome), len(b.c.rome)), cmp.Compare(b.c.num, a.c.num))
		})
		for i, l := range ls {
			im.ds.LeadsTo = append(im.ds.LeadsTo, career.LeadsTo{TrainingID: "training:" + strings.ToLower(l.c.code), RoleID: role, Rank: i + 1,
				RomeParent: new(l.parent), SourceIDs: []string{RNCPSource.ID}})
		}
	}
	slices.SortFunc(im.ds.LeadsTo, func(a, b career.LeadsTo) int {
		return cmp.Or(strings.Compare(a.TrainingID, b.TrainingID), strings.Compare(a.RoleID, b.RoleID))
	})
	im.sum.LeadsTo, im.sum.RolesWithTraining = len(im.ds.LeadsTo), len(byRole)
	for _, s := range []career.Source{RNCPSource, MENJSource, OnisepSource, RNCP2021Source} {
		if used[s.ID] {
			im.ds.Sources = append(im.ds.Sources, s)
		}
	}
	return nil
}

// trainingSlug is the slug of the certification id: its register number
// in lower case ("rncp34692"), never empty (rncpCode refuses a number
// without digits), or, when another training already holds that (a
// curated or hand-written one named so), the first of rncp34692-2,
// rncp34692-3, … that no other training holds: a slug given twice would
// refuse the whole import, and the server's start with it. The training's
// own slug counts as free, so an import again gives the same one.
func (im *labourImport) trainingSlug(id, slug string) string {
	s := unique(slug, func(s string) bool { h, ok := im.slugs[s]; return !ok || h == id })
	im.slugs[s] = id
	return s
}

// accessLevels is the range of levels the fiche's « accès au métier »
// names, nil when it names none.
func accessLevels(r career.Role) *career.LevelRange {
	if r.Access == nil {
		return nil
	}
	if lr, ok := career.AccessLevels(*r.Access); ok {
		return &lr
	}
	return nil
}

// levelOff is how far a certification's level lies outside the fiche's
// usual range: 0 inside it, or when the fiche names no level; 1 when the
// certification's level is unknown (a near miss: neither fits nor fails).
func levelOff(r *career.LevelRange, level int) int {
	switch {
	case r == nil:
		return 0
	case level == 0:
		return 1
	}
	return r.Distance(level)
}

// fitWords are the words of a fiche's name and job titles, of three
// letters or more, but for the few too common in titles to tell a fit.
func fitWords(r career.Role) map[string]bool {
	w := map[string]bool{}
	add := func(text string) {
		for _, t := range career.Tokens(text) {
			if len(t) >= 3 && !fitStop[t] {
				w[t] = true
			}
		}
	}
	add(r.Name)
	for _, t := range r.Titles {
		add(t.Label)
	}
	return w
}

// fitStop are words too common in titles to say anything of a fit.
var fitStop = map[string]bool{"des": true, "les": true, "aux": true, "une": true, "pour": true, "dans": true, "option": true, "mention": true,
	"specialite": true, "niveau": true, "titre": true, "professionnel": true, "certificat": true, "diplome": true, "charge": true, "chargee": true}

// titleFit counts the distinct words of a certification title (its
// tokens) found in a fiche's words.
func titleFit(words map[string]bool, title []string) int {
	n, seen := 0, map[string]bool{}
	for _, t := range title {
		if words[t] && !seen[t] {
			n++
			seen[t] = true
		}
	}
	return n
}

// keepLabour carries the labour profiles of cur's fiches, and their
// citations, over a ROME import, which builds the fiches afresh: imports
// then commute, whichever runs last.
func keepLabour(cur career.Dataset, ds *career.Dataset) {
	old := map[string]career.Role{}
	for _, r := range cur.Roles {
		if r.Labour != nil {
			old[r.ID] = r
		}
	}
	labourSources := map[string]bool{DaresPSMSource.ID: true, BMOSource.ID: true, DaresFap2021Source.ID: true}
	for i, r := range ds.Roles {
		o, ok := old[r.ID]
		if !ok {
			continue
		}
		r.Labour = o.Labour
		for _, s := range o.SourceIDs {
			if labourSources[s] {
				r.SourceIDs = cite(r.SourceIDs, s)
			}
		}
		ds.Roles[i] = r
	}
}
