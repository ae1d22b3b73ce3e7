// Package career holds the domain of careergraph: the node and relationship
// types of the career knowledge graph, the immutable in-memory snapshot built
// from them, and the algorithms that run on it. It does no I/O.
package career

// Ids are global and typed by a prefix ("role:developpeur-back-end",
// "skill:postgresql"), so that node(id:) can resolve any of them and an id
// can never name two kinds of node.
const (
	RolePrefix     = "role:"
	LevelPrefix    = "level:"
	SkillPrefix    = "skill:"
	TrainingPrefix = "training:"
	EmployerPrefix = "employer:"
	SourcePrefix   = "source:"
	GroupPrefix    = "group:"
)

// Category groups skills as a guide page does.
type Category string

const (
	Technical Category = "TECHNICAL"
	Tool      Category = "TOOL"
	Soft      Category = "SOFT"
	Knowledge Category = "KNOWLEDGE"
)

// Categories lists every category in the order a guide page shows them.
var Categories = []Category{Technical, Tool, Soft, Knowledge}

// Importance says whether a role cannot do without a skill.
type Importance string

const (
	Essential Importance = "ESSENTIAL"
	Optional  Importance = "OPTIONAL"
)

// TrainingKind is the kind of a training path.
type TrainingKind string

const (
	Degree        TrainingKind = "DEGREE"
	Bootcamp      TrainingKind = "BOOTCAMP"
	SelfTaught    TrainingKind = "SELF_TAUGHT"
	Certification TrainingKind = "CERTIFICATION"
	ShortCourse   TrainingKind = "SHORT_COURSE"
)

// TransitionKind types a move from one role to another.
type TransitionKind string

const (
	// NextStep is a progression after some years in the source role.
	NextStep TransitionKind = "NEXT_STEP"
	// CareerChange is a move from another trade into the target role.
	CareerChange TransitionKind = "CAREER_CHANGE"
	// Mobility is a lateral move between related roles.
	Mobility TransitionKind = "MOBILITY"
	// Equivalent joins two records of the same job from different sources
	// (a curated guide role and its ESCO occupation), in both directions.
	Equivalent TransitionKind = "EQUIVALENT"
	// RomeMobility is a move France Travail's ROME lists from one fiche
	// métier to another; Rank keeps ROME's order (1 first).
	RomeMobility TransitionKind = "ROME_MOBILITY"
	// CloseMatch joins a ROME fiche and an ESCO occupation that the
	// official mapping calls close but never exact: related jobs, not the
	// same one, so a costed move of its own ("close to"), not a twin.
	CloseMatch TransitionKind = "CLOSE_MATCH"
)

// TransitionKinds lists every transition kind.
var TransitionKinds = []TransitionKind{NextStep, CareerChange, Mobility, Equivalent, RomeMobility, CloseMatch}

// Trend is the direction of a role's job market.
type Trend string

const (
	TrendUp     Trend = "UP"
	TrendStable Trend = "STABLE"
	TrendDown   Trend = "DOWN"
)

// Band is a yearly salary range in thousands of Currency.
type Band struct {
	Min      float64 `json:"min"`
	Max      float64 `json:"max"`
	Currency string  `json:"currency"`
}

// Duration is a training length as a source states it: Label keeps the
// source's words ("3-9 mois", "Variable"); the month bounds are set only
// when the label states them.
type Duration struct {
	Label     string `json:"label"`
	MinMonths *int   `json:"minMonths,omitempty"`
	MaxMonths *int   `json:"maxMonths,omitempty"`
}

// Market is the market card of a role. Every field is optional: what a
// source does not say stays nil.
type Market struct {
	StartingSalary    *Band     `json:"startingSalary,omitempty"`
	TypicalTraining   *Duration `json:"typicalTraining,omitempty"`
	RemoteWorkPercent *int      `json:"remoteWorkPercent,omitempty"`
	Trend             *Trend    `json:"trend,omitempty"`
}

// JobTitle is a title under which a role is advertised.
type JobTitle struct {
	Label string `json:"label"`
	// Lang is a BCP 47 language tag ("fr", "en").
	Lang string `json:"lang"`
	// Rare marks a title its source calls seldom used (ROME's « peu usité »).
	Rare bool `json:"rare,omitempty"`
	// Code is the title's code in its source (a ROME appellation's code_ogr).
	Code string `json:"code,omitempty"`
	// Rome is what ROME says of an appellation; nil for other titles.
	Rome *RomeTitle `json:"rome,omitempty"`
}

// RomeTitle is what ROME's appellation file says of one title beside its
// label: its classification, short label and flags (nil where blank).
type RomeTitle struct {
	// Principal: the fiche's « PRINCIPALE » appellation (one per fiche);
	// the others are « SYNONYME ».
	Principal bool `json:"principal,omitempty"`
	// ShortLabel is libelle_appellation_court.
	ShortLabel string `json:"shortLabel"`
	Executive  *bool  `json:"executive,omitempty"`
	Regulated  *bool  `json:"regulated,omitempty"`
	// Ecological is the title's ecological-transition class, as written.
	Ecological  *string `json:"ecological,omitempty"`
	Digital     *bool   `json:"digital,omitempty"`
	Demographic *bool   `json:"demographic,omitempty"`
}

// Role is a trade (métier): the centre of a guide page.
type Role struct {
	ID                 string     `json:"id"`
	Slug               string     `json:"slug"`
	Name               string     `json:"name"`
	Description        *string    `json:"description,omitempty"`
	Insight            *string    `json:"insight,omitempty"`
	Market             Market     `json:"market"`
	Titles             []JobTitle `json:"titles,omitempty"`
	CareerChangeCommon *bool      `json:"careerChangeCommon,omitempty"`
	CareerChangeAdvice *string    `json:"careerChangeAdvice,omitempty"`
	// UpdatedOn is the ISO 8601 date its sources were last checked.
	UpdatedOn *string  `json:"updatedOn,omitempty"`
	SourceIDs []string `json:"sources,omitempty"`
	// EscoURI is the ESCO occupation this role is, for imported roles.
	EscoURI *string `json:"escoUri,omitempty"`
	// IscoCode is the 4-digit ISCO-08 unit group the role belongs to.
	IscoCode *string `json:"iscoCode,omitempty"`
	// RomeCode is the ROME fiche métier this role is ("M1855"), for roles
	// imported from France Travail's ROME.
	RomeCode *string `json:"romeCode,omitempty"`
	// Access is how one gets into the role (ROME's "accès au métier").
	Access *string `json:"access,omitempty"`
	// Rome is what ROME says of the fiche beyond its texts.
	Rome *RomeProfile `json:"rome,omitempty"`
	// RomeParent is the historical ROME code (ROME v3) the fiche derives
	// from: its own code for the 532 fiches that kept theirs, the old
	// fiche's for the new ROME 4.0 ones (M1855 -> M1805). Job boards and
	// every labour-market table still use these codes.
	RomeParent *string `json:"romeParent,omitempty"`
	// Labour is what French labour-market statistics say of the fiche's
	// job families (see LabourProfile); never the fiche's own figures.
	Labour *LabourProfile `json:"labour,omitempty"`
	// BroaderID is the role this one specialises (ESCO's occupation
	// hierarchy below the ISCO unit groups), or nil.
	BroaderID *string `json:"broader,omitempty"`
	// MCC is Nesta's Mapping Career Causeways profile of the ESCO
	// occupation, a market card from another source (source:mcc).
	MCC *MCCProfile `json:"mcc,omitempty"`
}

// RomeProfile is what France Travail's ROME says of a fiche métier: its
// flags (nil where ROME leaves them blank) and its Holland (RIASEC) code.
type RomeProfile struct {
	// Executive: an « emploi cadre ».
	Executive *bool `json:"executive,omitempty"`
	// Regulated: an « emploi réglementé » (a diploma or licence required).
	Regulated *bool `json:"regulated,omitempty"`
	// Ecological is ROME's ecological-transition class, as written:
	// « Emploi Vert », « Emploi Blanc », « Emploi Brun », « Emploi
	// stratégique pour la Transition écologique ».
	Ecological *string `json:"ecological,omitempty"`
	// Digital and Demographic: a job of the digital, or the demographic,
	// transition.
	Digital     *bool `json:"digital,omitempty"`
	Demographic *bool `json:"demographic,omitempty"`
	// RiasecMajor and RiasecMinor are Holland codes: R, I, A, S, E or C.
	RiasecMajor *string `json:"riasecMajor,omitempty"`
	RiasecMinor *string `json:"riasecMinor,omitempty"`
	// WorkContexts are the fiche's « contextes de travail », in ROME's order.
	WorkContexts []WorkContext `json:"workContexts,omitempty"`
	// Sectors are the activity sectors ROME files the fiche under, the
	// principal one first.
	Sectors []ActivitySector `json:"sectors,omitempty"`
	// NafSectors are the divisions of INSEE's NAF (the French
	// classification of economic activities) whose firms employ the job.
	NafSectors []NafSector `json:"nafSectors,omitempty"`

	// Interests are the fiche's « centres d'intérêt », the principal one
	// first: codes of ROME_INTEREST groups.
	Interests []RomeInterest `json:"interests,omitempty"`
	// Themes are the codes of the ROME_THEME groups (« thèmes ») the fiche
	// is filed under, in ROME's order.
	Themes []string `json:"themes,omitempty"`
}

// RomeInterest is one of a fiche's centres d'intérêt (the code of a
// ROME_INTEREST group); ROME marks one per fiche principal.
type RomeInterest struct {
	Code      string `json:"code"`
	Principal bool   `json:"principal,omitempty"`
}

// ActivitySector is one of ROME's « secteurs d'activité », with its
// sub-sector where ROME names one.
type ActivitySector struct {
	Code      string  `json:"code"`
	Label     string  `json:"label"`
	SubCode   *string `json:"subCode,omitempty"`
	SubLabel  *string `json:"subLabel,omitempty"`
	Principal bool    `json:"principal"`
}

// NafSector is a NAF division (« 62 »: « Programmation, conseil et autres
// activités informatiques »).
type NafSector struct {
	Code  string `json:"code"`
	Label string `json:"label"`
}

// WorkContext is a condition a job is done in, as ROME words it: « Travail
// le samedi », under its category « Horaires et durée du travail ».
type WorkContext struct {
	Label    string `json:"label"`
	Category string `json:"category"`
}

// key is what makes two work contexts the same.
func (w WorkContext) key() string { return w.Label + "\x00" + w.Category }

// MCCProfile is what Mapping Career Causeways publishes for an ESCO
// occupation. The O*NET scales are kept as published.
type MCCProfile struct {
	// JobZone is O*NET's preparation level, 1 (little) to 5 (extensive).
	JobZone float64 `json:"jobZone"`
	// EducationLevel, RelatedWorkExperience and OnTheJobTraining are O*NET
	// category scores.
	EducationLevel        *float64 `json:"educationLevel,omitempty"`
	RelatedWorkExperience *float64 `json:"relatedWorkExperience,omitempty"`
	OnTheJobTraining      *float64 `json:"onTheJobTraining,omitempty"`
	// AnnualEarnings is in whole currency units per year (GBP as published).
	AnnualEarnings *float64 `json:"annualEarnings,omitempty"`
	Currency       string   `json:"currency"`
	// RemoteLaborIndex is 0 (no remote work) to 1.
	RemoteLaborIndex *float64 `json:"remoteLaborIndex,omitempty"`
	Sector           string   `json:"sector"`
	SubSector        string   `json:"subSector"`
	RiskCategory     string   `json:"riskCategory"`
	// OnetCode and OnetOccupation come from the ESCO-O*NET crosswalk.
	OnetCode       *string `json:"onetCode,omitempty"`
	OnetOccupation *string `json:"onetOccupation,omitempty"`
}

// Level is a seniority step within a role. Levels of a role are ordered by
// Rank; each one's NEXT_LEVEL is the one ranked after it.
type Level struct {
	ID       string   `json:"id"`
	RoleID   string   `json:"role"`
	Rank     int      `json:"rank"`
	Name     string   `json:"name"`
	YearsMin *int     `json:"yearsMin,omitempty"`
	YearsMax *int     `json:"yearsMax,omitempty"`
	Salary   *Band    `json:"salary,omitempty"`
	Titles   []string `json:"titles,omitempty"`
}

// Skill is a competence, a tool or a body of knowledge. Its category belongs
// to the skill, not to the roles that need it: PostgreSQL is a tool whoever
// requires it.
type Skill struct {
	ID          string   `json:"id"`
	Slug        string   `json:"slug"`
	Name        string   `json:"name"`
	Category    Category `json:"category"`
	Description *string  `json:"description,omitempty"`
	// EscoURI is the ESCO skill this one is, for imported skills.
	EscoURI *string `json:"escoUri,omitempty"`
	// AltLabels are the other names its source gives it, in Name's
	// language (ESCO's alternative labels: "git" for "tools for software
	// configuration management"); search and the linker find it by them.
	AltLabels []string `json:"altLabels,omitempty"`
	// GroupIDs are the skill groups (kind SKILL) the skill belongs to.
	GroupIDs  []string `json:"groups,omitempty"`
	SourceIDs []string `json:"sources,omitempty"`
	// Rome is what ROME says of a compétence or savoir; nil for others.
	Rome *RomeSkill `json:"rome,omitempty"`
}

// RomeSkill is what ROME's competence and savoir files say of a skill
// beside its name and definition, as written (nil where blank).
type RomeSkill struct {
	// Code is the item's code_ogr.
	Code string `json:"code"`
	// Nature is « Compétence » or « Macro-compétence » for a compétence,
	// « Savoir » for a savoir.
	Nature string `json:"nature"`
	// Category is a compétence's cat_comp (« Savoir-faire », « Savoir-être
	// professionnel ») or a savoir's categorie_savoir (« Certifications et
	// habilitations », ...).
	Category string `json:"category"`
	// Subcategory is a compétence's sous_cat_comp (« Technique »,
	// « Technique expert », « Transverse ») or a savoir's
	// sous_categorie_savoir.
	Subcategory *string `json:"subcategory,omitempty"`
	// ParentID is the skill id of a compétence's macro-compétence.
	ParentID *string `json:"parent,omitempty"`
	// MacroCode is a macro-compétence's code in ROME's competence tree
	// (code_macro_comp, e.g. « 3B2 »).
	MacroCode *string `json:"macroCode,omitempty"`
	// Ecological and Digital: a skill of the ecological, or the digital,
	// transition (transition_eco, transition_num).
	Ecological *bool `json:"ecological,omitempty"`
	Digital    *bool `json:"digital,omitempty"`
	// RiasecMajor and RiasecMinor are a macro-compétence's Holland codes.
	RiasecMajor *string `json:"riasecMajor,omitempty"`
	RiasecMinor *string `json:"riasecMinor,omitempty"`
}

// GroupKind says which classification a group belongs to.
type GroupKind string

const (
	// OccupationGroup is an ISCO-08 group: a family of roles.
	OccupationGroup GroupKind = "OCCUPATION"
	// SkillGroupKind is an ESCO skill group.
	SkillGroupKind GroupKind = "SKILL"
	// RomeGroup is a node of ROME's tree: a grand domaine (one letter) or
	// a domaine professionnel (a letter and two digits); its roles are the
	// fiches whose code starts with its code.
	RomeGroup GroupKind = "ROME"
	// RomeInterestGroup is one of ROME's « centres d'intérêt »; its roles
	// are the fiches that list it (RomeProfile.Interests).
	RomeInterestGroup GroupKind = "ROME_INTEREST"
	// RomeThemeGroup is one of ROME's « thèmes »; its roles are the fiches
	// filed under it (RomeProfile.Themes).
	RomeThemeGroup GroupKind = "ROME_THEME"
	// RomeSectorGroup is one of ROME's secteurs d'activité, or a
	// sub-sector (its parent the sector); its roles are the fiches filed
	// under it (RomeProfile.Sectors).
	RomeSectorGroup GroupKind = "ROME_SECTOR"
)

// GroupKinds lists every group kind.
var GroupKinds = []GroupKind{OccupationGroup, SkillGroupKind, RomeGroup, RomeInterestGroup, RomeThemeGroup, RomeSectorGroup}

// Group is a node of a classification tree: an ISCO-08 group, whose roles
// are those whose IscoCode starts with its Code, a ROME domain, whose roles
// are those whose RomeCode starts with its Code, or an ESCO skill group.
type Group struct {
	ID          string    `json:"id"`
	Slug        string    `json:"slug"`
	Name        string    `json:"name"`
	Kind        GroupKind `json:"kind"`
	Code        string    `json:"code"`
	Description *string   `json:"description,omitempty"`
	// ParentID is the broader group of the same kind; nil at the top.
	ParentID  *string  `json:"parent,omitempty"`
	SourceIDs []string `json:"sources,omitempty"`
}

// Training is a way into a role: a degree, a bootcamp, self-teaching.
type Training struct {
	ID       string       `json:"id"`
	Slug     string       `json:"slug"`
	Name     string       `json:"name"`
	Kind     TrainingKind `json:"kind"`
	Duration *Duration    `json:"duration,omitempty"`
	Examples *string      `json:"examples,omitempty"`
	// The fields below describe a certification of France's national
	// register (RNCP); they are nil or empty for the guide's trainings.
	// Code is its register number ("RNCP38316").
	Code *string `json:"code,omitempty"`
	// Level is its level in the European and French qualifications
	// frameworks (EQF/CEC 1 to 8; LevelWording gives the Bac+N words).
	Level *int `json:"level,omitempty"`
	// Type is its type as its source words it ("Brevet de technicien
	// supérieur", "Titre professionnel (TP de niveau 4)").
	Type *string `json:"type,omitempty"`
	// Certifiers are the bodies that award it.
	Certifiers []string `json:"certifiers,omitempty"`
	// Successor is the register number of the certification that replaced
	// it, when one did.
	Successor *string `json:"successor,omitempty"`
	// Current says whether it is offered as a way in today (the importer's
	// rule: seed/opendata/README.md); only current ones lead to roles.
	Current *bool `json:"current,omitempty"`
	// RomeCodes are the historical ROME codes the register links it to.
	RomeCodes []string `json:"romeCodes,omitempty"`
	SourceIDs []string `json:"sources,omitempty"`
}

// Employer is an employer or a kind of employer ("Scale-ups produit").
type Employer struct {
	ID   string `json:"id"`
	Slug string `json:"slug"`
	Name string `json:"name"`
}

// SourceKind says what a source contributes.
type SourceKind string

const (
	MarketData SourceKind = "MARKET_DATA"
	Editorial  SourceKind = "EDITORIAL"
	Taxonomy   SourceKind = "TAXONOMY"
	Research   SourceKind = "RESEARCH"
)

// SourceKinds lists every source kind.
var SourceKinds = []SourceKind{MarketData, Editorial, Taxonomy, Research}

// Source is where facts come from (APEC, France Travail ROME, ESCO, ...).
type Source struct {
	ID      string     `json:"id"`
	Name    string     `json:"name"`
	Kind    SourceKind `json:"kind"`
	URL     *string    `json:"url,omitempty"`
	Version *string    `json:"version,omitempty"`
	License *string    `json:"license,omitempty"`
}

// Requires is (Role)-[:REQUIRES]->(Skill). Rank orders the skills of one
// category as the source lists them.
type Requires struct {
	RoleID     string     `json:"role"`
	SkillID    string     `json:"skill"`
	Importance Importance `json:"importance"`
	Rank       int        `json:"rank"`
	SourceIDs  []string   `json:"sources,omitempty"`
	// Emerging marks a skill ROME calls « émergente » for the fiche: one
	// the job is coming to need. Its importance stays OPTIONAL.
	Emerging bool `json:"emerging,omitempty"`
}

// SkillLink is (Skill)-[:BUILDS_ON]->(Skill): From needs To, essentially
// or optionally (ESCO's skill-skill relations).
type SkillLink struct {
	FromID     string     `json:"from"`
	ToID       string     `json:"to"`
	Importance Importance `json:"importance"`
	SourceIDs  []string   `json:"sources,omitempty"`
}

// LeadsTo is (Training)-[:LEADS_TO]->(Role). Rank is market recognition,
// 1 being the most recognised.
type LeadsTo struct {
	TrainingID string  `json:"training"`
	RoleID     string  `json:"role"`
	Rank       int     `json:"rank"`
	Note       *string `json:"note,omitempty"`
	// RomeParent is the historical ROME code through which the source
	// links the training to the role, when it links it to that code
	// rather than to the role itself.
	RomeParent *string  `json:"romeParent,omitempty"`
	SourceIDs  []string `json:"sources,omitempty"`
}

// Hires is (Employer)-[:HIRES]->(Role). Rank 1 hires the most.
type Hires struct {
	EmployerID string `json:"employer"`
	RoleID     string `json:"role"`
	Rank       int    `json:"rank"`
}

// Transition is (Role)-[:TRANSITIONS_TO]->(Role). Rank is the order in
// which the source lists it among transitions of the same kind.
type Transition struct {
	FromID       string         `json:"from"`
	ToID         string         `json:"to"`
	Kind         TransitionKind `json:"kind"`
	Rank         int            `json:"rank"`
	Note         *string        `json:"note,omitempty"`
	TypicalYears *float64       `json:"typicalYears,omitempty"`
	SourceIDs    []string       `json:"sources,omitempty"`
}

// Similar is (Role)-[:SIMILAR_TO]->(Role), symmetric, with a score in [0,1].
type Similar struct {
	AID   string  `json:"a"`
	BID   string  `json:"b"`
	Score float64 `json:"score"`
}

// Dataset is the whole graph as plain records: what a store loads and saves
// and what a seed file holds.
type Dataset struct {
	Roles       []Role       `json:"roles,omitempty"`
	Levels      []Level      `json:"levels,omitempty"`
	Skills      []Skill      `json:"skills,omitempty"`
	Trainings   []Training   `json:"trainings,omitempty"`
	Employers   []Employer   `json:"employers,omitempty"`
	Sources     []Source     `json:"sources,omitempty"`
	Requires    []Requires   `json:"requires,omitempty"`
	LeadsTo     []LeadsTo    `json:"leadsTo,omitempty"`
	Hires       []Hires      `json:"hires,omitempty"`
	Transitions []Transition `json:"transitions,omitempty"`
	Similar     []Similar    `json:"similar,omitempty"`
	Groups      []Group      `json:"groups,omitempty"`
	SkillLinks  []SkillLink  `json:"skillLinks,omitempty"`
}
