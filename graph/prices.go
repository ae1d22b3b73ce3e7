package graph

import (
	"encoding/json"
	"math"

	"careergraph/career"
	"careergraph/linker"
)

// startCost is what reading a route's or a gap's start costs: its skill
// ids, or its text's words (textCost).
func startCost(from args) int {
	if t, ok := from["text"].(string); ok {
		return textCost(t)
	}
	return from.list("skillIds")
}

// A field costs base + child × n: base is its own work, n how many items
// it lists at most, child what one item's selection costs (at least 1, so
// that a list of scalars counts its items). Fields not in prices cost
// 1 + child.
//
// n is the longest such list in the snapshot being served (career.Sizes,
// recomputed for each snapshot), or what an argument bounds (first, k,
// top, ids); never a guess. A field whose work is a scan or a search
// says so in base. Every list field of the schema must be here:
// TestListPricesOnShippedGraph fails on one that is not, and checks each
// price against the lists and the bytes the shipped graph really gives.
type price struct {
	base func(s *career.Sizes, a args) int // nil: 1
	n    func(s *career.Sizes, a args) int // nil: 1 (an object, not a list)
	// up, instead of n, reads the arguments of the field above (a
	// route's steps are bounded by careerPaths' maxSteps).
	up func(s *career.Sizes, a args) int
}

// args are a field's arguments, defaults applied, as the walk reads them.
type args map[string]any

// integer reads an Int argument, or def when absent.
func (a args) integer(name string, def int) int {
	switch v := a[name].(type) {
	case int:
		return v
	case int64:
		return int(max(math.MinInt32, min(v, math.MaxInt32)))
	case float64:
		return int(max(math.MinInt32, min(v, math.MaxInt32)))
	case json.Number:
		if n, err := v.Int64(); err == nil {
			return int(max(math.MinInt32, min(n, math.MaxInt32)))
		}
	}
	return def
}

// list is the length of a list argument.
func (a args) list(name string) int {
	l, _ := a[name].([]any)
	return len(l)
}

// object is an input object argument.
func (a args) object(name string) args {
	o, _ := a[name].(map[string]any)
	return o
}

// page is how many items an argument such as first or k asks for, within
// 1..most (the resolver refuses the rest).
func (a args) page(name string, def, most int) int {
	return max(1, min(a.integer(name, def), most))
}

const (
	// searchCost is the base cost of a field that searches the graph
	// (routes, reach, similarity, statistics): its work grows with the
	// graph, not with its answer. Measured: similarRoles of a ROME fiche
	// or careerPaths k=10 cost what ~1,000 list items do.
	searchCost = 1000
	// scanPerUnit is how many records a filtered list visits for one unit
	// of complexity, and wordPerUnit how many per query word (each visit
	// compares every word with the record's names).
	scanPerUnit = 100
	wordPerUnit = 25
	// compareCost is Transition.similarity: a merge of two roles' skills.
	compareCost = 10
	// maxSectors is the size of MCC's largest sector matrix (sub-sectors).
	maxSectors = 54
)

// scan prices a root list: without a filter it is an index read; with one
// it visits every record of the table, and each query word costs more.
func scan(records int, filter args) int {
	if len(filter) == 0 {
		return 1
	}
	words := 0
	if q, ok := filter["query"].(string); ok {
		words = len(career.Tokens(q))
	}
	return 1 + records/scanPerUnit + words*records/wordPerUnit
}

func one(*career.Sizes, args) int { return 1 }

func sized(f func(s *career.Sizes) int) func(*career.Sizes, args) int {
	return func(s *career.Sizes, _ args) int { return f(s) }
}

// ofKinds is the most transitions of the kinds asked (all when none).
func ofKinds(all int, perKind map[career.TransitionKind]int, a args) int {
	kinds, _ := a["kinds"].([]any)
	if len(kinds) == 0 {
		return all
	}
	n, seen := 0, map[any]bool{}
	for _, k := range kinds {
		if s, ok := k.(string); ok && !seen[k] {
			seen[k] = true
			n += perKind[career.TransitionKind(s)]
		}
	}
	return min(n, all)
}

func connection(records func(s *career.Sizes) int) price {
	return price{
		base: func(s *career.Sizes, a args) int { return scan(records(s), a.object("filter")) + cursor(records(s), a) },
		n:    func(_ *career.Sizes, a args) int { return a.page("first", DefaultPageSize, MaxPageSize) },
	}
}

// cursor is what finding an after cursor costs: paginate walks the list
// to it.
func cursor(records int, a args) int {
	if a["after"] == nil {
		return 0
	}
	return records / scanPerUnit
}

// paged prices a connection of an object: its page, and a walk of the
// longest such list when a cursor (cursor) or one of filters (a scan of
// the list, not an index) is given.
func paged(longest func(s *career.Sizes) int, filters ...string) price {
	return price{
		base: func(s *career.Sizes, a args) int {
			n := longest(s)
			c := 1 + cursor(n, a)
			for _, f := range filters {
				if a[f] != nil {
					return c + n/scanPerUnit
				}
			}
			return c
		},
		n: func(_ *career.Sizes, a args) int { return a.page("first", DefaultPageSize, MaxPageSize) },
	}
}

// listedTrainings is the most trainings a role's short lists show (the
// best ranked: career.TrainingsFor).
func listedTrainings(s *career.Sizes) int { return min(s.RoleTrainings, career.MaxTrainingsListed) }

var sources = price{n: sized(func(s *career.Sizes) int { return s.Sources })}

// inPage is a list inside a connection: the connection counts its page.
var inPage = price{n: one}

var prices = map[string]price{
	"Query.roles":     connection(func(s *career.Sizes) int { return s.Roles }),
	"Query.skills":    connection(func(s *career.Sizes) int { return s.Skills }),
	"Query.trainings": connection(func(s *career.Sizes) int { return s.Trainings }),
	"Query.employers": connection(func(s *career.Sizes) int { return s.Employers }),
	"Query.groups":    connection(func(s *career.Sizes) int { return s.Groups }),
	"Query.search": {base: func(_ *career.Sizes, a args) int {
		q, _ := a["query"].(string)
		return searchCost * max(1, career.SearchWords(q))
	},
		n: func(_ *career.Sizes, a args) int { return a.page("first", MaxSearchHits, MaxSearchHits) }},
	"Query.nodes": {n: func(_ *career.Sizes, a args) int { return max(1, min(a.list("ids"), MaxPageSize)) }},
	"Query.careerPaths": {base: func(_ *career.Sizes, a args) int { return searchCost + startCost(a.object("from")) },
		n: func(_ *career.Sizes, a args) int { return a.page("k", career.DefaultK, career.MaxK) }},
	// A title is looked up in the linker's index; a text is read word by
	// word (textCost), then its skills and roles are listed.
	"Query.linkTitle": {base: func(*career.Sizes, args) int { return searchCost },
		n: func(_ *career.Sizes, a args) int { return a.page("first", 10, MaxSearchHits) }},
	"Query.readText":     {base: func(_ *career.Sizes, a args) int { s, _ := a["text"].(string); return searchCost + textCost(s) }},
	"TextReading.skills": {up: func(_ *career.Sizes, a args) int { return a.page("skills", 20, linker.MaxSkills) }},
	"TextReading.roles":  {up: func(_ *career.Sizes, a args) int { return a.page("roles", 10, MaxSearchHits) }},
	"Query.similarRoles": {base: func(*career.Sizes, args) int { return searchCost },
		n: func(_ *career.Sizes, a args) int { return a.page("k", MaxPageSize, MaxPageSize) }},
	"Query.reachableRoles": {base: func(*career.Sizes, args) int { return searchCost },
		n: sized(func(s *career.Sizes) int { return s.Roles })},
	"Query.sectorTransitions": {n: func(_ *career.Sizes, a args) int { return a.page("top", 5, MaxPageSize) }},
	"Query.skillGap":          {base: func(_ *career.Sizes, a args) int { return 1 + a.list("have") + startCost(a.object("from")) }},
	// MCC's matrices ship with the binary: 14 sectors, or 54 sub-sectors.
	"SectorMatrix.sectors": {n: sized(func(*career.Sizes) int { return maxSectors })},
	"SectorMatrix.shares":  {n: sized(func(*career.Sizes) int { return maxSectors * maxSectors })},
	"Query.graphStats":     {base: func(*career.Sizes, args) int { return searchCost }},

	"RoleConnection.nodes": inPage, "RoleConnection.edges": inPage,
	"SkillConnection.nodes": inPage, "SkillConnection.edges": inPage,
	"TrainingConnection.nodes": inPage, "TrainingConnection.edges": inPage,
	"EmployerConnection.nodes": inPage, "EmployerConnection.edges": inPage,
	"GroupConnection.nodes": inPage, "GroupConnection.edges": inPage,

	"Role.levels": {n: sized(func(s *career.Sizes) int { return s.Levels })},
	"Role.skills": {n: func(s *career.Sizes, a args) int {
		if a["category"] != nil {
			return s.RoleSkillsInCategory
		}
		return s.RoleSkills
	}},
	"Role.skillGroups":         {n: sized(func(*career.Sizes) int { return len(career.Categories) })},
	"SkillGroup.skills":        {n: sized(func(s *career.Sizes) int { return s.RoleSkillsInCategory })},
	"Role.trainings":           {n: sized(listedTrainings)},
	"Role.employers":           {n: sized(func(s *career.Sizes) int { return s.RoleEmployers })},
	"Role.titles":              {n: sized(func(s *career.Sizes) int { return s.Titles })},
	"Role.nextSteps":           {n: sized(func(s *career.Sizes) int { return s.OutOfKind[career.NextStep] })},
	"Role.careerChangeSources": {n: sized(func(s *career.Sizes) int { return s.InOfKind[career.CareerChange] })},
	"Role.transitionsOut":      {n: func(s *career.Sizes, a args) int { return ofKinds(s.Out, s.OutOfKind, a) }},
	"Role.transitionsIn":       {n: func(s *career.Sizes, a args) int { return ofKinds(s.In, s.InOfKind, a) }},
	"Role.similarRoles":        {n: sized(func(s *career.Sizes) int { return s.Similar })},
	"Role.equivalents":         {n: sized(func(s *career.Sizes) int { return s.OutOfKind[career.Equivalent] })},
	"Role.narrower":            {n: sized(func(s *career.Sizes) int { return s.Narrower })},
	"Role.sources":             sources,
	"RomeProfile.workContexts": {n: sized(func(s *career.Sizes) int { return s.WorkContexts })},
	"RomeProfile.sectors":      {n: sized(func(s *career.Sizes) int { return s.Sectors })},
	"RomeProfile.nafSectors":   {n: sized(func(s *career.Sizes) int { return s.NafSectors })},
	"RomeProfile.interests":    {n: sized(func(s *career.Sizes) int { return s.Interests })},
	"RomeProfile.themes":       {n: sized(func(s *career.Sizes) int { return s.Themes })},
	// A macro-compétence's compétences are indexed per snapshot and paged.
	"RomeSkill.children":           paged(func(s *career.Sizes) int { return s.RomeChildren }),
	"MCCProfile.sectorTransitions": {n: func(_ *career.Sizes, a args) int { return a.page("top", 5, MaxPageSize) }},
	"Level.titles":                 {n: sized(func(s *career.Sizes) int { return s.LevelTitles })},
	"Transition.similarity":        {base: func(*career.Sizes, args) int { return compareCost }},
	"Transition.sources":           sources,
	"RoleSkill.sources":            sources,

	"Skill.requiredBy":  {n: sized(func(s *career.Sizes) int { return s.RequiredBy })},
	"Skill.groups":      {n: sized(func(s *career.Sizes) int { return s.SkillGroups })},
	"Skill.altLabels":   {n: sized(func(s *career.Sizes) int { return s.AltLabels })},
	"Skill.buildsOn":    {n: sized(func(s *career.Sizes) int { return s.BuildsOn })},
	"Skill.neededBy":    {n: sized(func(s *career.Sizes) int { return s.NeededBy })},
	"Skill.sources":     sources,
	"SkillLink.sources": sources,

	// A group's roles and skills are indexed per snapshot: a page costs
	// what it lists.
	"Group.ancestors": {n: sized(func(s *career.Sizes) int { return s.Ancestors })},
	"Group.children":  {n: sized(func(s *career.Sizes) int { return s.Children })},
	"Group.roles":     paged(func(s *career.Sizes) int { return s.GroupRoles }),
	"Group.skills":    paged(func(s *career.Sizes) int { return s.GroupSkills }),
	"Group.sources":   sources,

	"Training.leadsTo":     {n: sized(func(s *career.Sizes) int { return s.LeadsTo })},
	"Training.certifiers":  {n: sized(func(s *career.Sizes) int { return s.Certifiers })},
	"Training.romeCodes":   {n: sized(func(s *career.Sizes) int { return s.TrainingRomeCodes })},
	"Training.sources":     sources,
	"TrainingPath.sources": sources,

	// Labour-market facts of a fiche: short per-family lists, and two
	// connections paged by first.
	"Role.certifications":          paged(func(s *career.Sizes) int { return s.RoleTrainings }, "minLevel", "maxLevel"),
	"TrainingPathConnection.nodes": inPage,
	// A fiche's areas are those of its families, listed whole then paged.
	"Role.hiringAreas": {base: func(s *career.Sizes, a args) int {
		rows := s.LabourHiring * s.AreasPerFamily
		return 1 + rows/scanPerUnit + cursor(rows, a)
	}, n: func(_ *career.Sizes, a args) int { return a.page("first", DefaultPageSize, MaxPageSize) }},
	"AreaHiringConnection.nodes":   inPage,
	"Role.romeFamily":              {n: sized(func(s *career.Sizes) int { return s.RomeFamily })},
	"LabourMarket.salaries":        {n: sized(func(s *career.Sizes) int { return s.LabourSalaries })},
	"LabourMarket.hiring":          {n: sized(func(s *career.Sizes) int { return s.LabourHiring })},
	"LabourMarket.tension":         {n: sized(func(s *career.Sizes) int { return s.LabourTension })},
	"HiringOutlook.qualifications": {n: sized(func(s *career.Sizes) int { return s.HiringQualifications })},
	"Employer.hires":               {n: sized(func(s *career.Sizes) int { return s.Hires })},

	"CareerPath.steps": {up: func(_ *career.Sizes, a args) int {
		return a.page("maxSteps", career.DefaultMaxSteps, career.MaxMaxSteps)
	}},
	// A step lists the essential skills of the role it reaches not held yet.
	"PathStep.skillsToAcquire": {n: sized(func(s *career.Sizes) int { return s.RoleEssential })},
	// What carries over is among the reached role's skills.
	"PathStep.transferableSkills": {n: sized(func(s *career.Sizes) int { return s.RoleSkills })},
	"PathStep.trainings":          {n: sized(listedTrainings)},
	"SkillGap.missingEssential":   {n: sized(func(s *career.Sizes) int { return s.RoleEssential })},
	"SkillGap.missingOptional":    {n: sized(func(s *career.Sizes) int { return s.RoleSkills })},
	"SkillGap.trainings":          {n: sized(listedTrainings)},

	// graphStats(top) bounds its hubs; its counts list the kinds.
	"GraphStats.nodes":             {n: sized(func(*career.Sizes) int { return len(career.Kinds) + 1 })},
	"GraphStats.relationships":     {n: sized(func(*career.Sizes) int { return len(career.Kinds) + 1 })},
	"GraphStats.transitionKinds":   {n: sized(func(*career.Sizes) int { return len(career.TransitionKinds) })},
	"GraphStats.hubsByInDegree":    {up: func(_ *career.Sizes, a args) int { return a.page("top", 10, MaxPageSize) }},
	"GraphStats.hubsByOutDegree":   {up: func(_ *career.Sizes, a args) int { return a.page("top", 10, MaxPageSize) }},
	"GraphStats.hubsByBetweenness": {up: func(_ *career.Sizes, a args) int { return a.page("top", 10, MaxPageSize) }},
}

// priceOf is the cost of field typeName.name with these arguments and a
// selection costing child.
func priceOf(s *career.Sizes, typeName, name string, child int, a, up args) int {
	p, ok := prices[typeName+"."+name]
	if !ok {
		return add(1, child)
	}
	base, n := 1, 1
	if p.base != nil {
		base = p.base(s, a)
	}
	switch {
	case p.n != nil:
		n = p.n(s, a)
		child = max(child, 1)
	case p.up != nil:
		n = p.up(s, up)
		child = max(child, 1)
	}
	return add(base, mul(child, n))
}

func mul(a, b int) int {
	if a != 0 && b > saturated/a {
		return saturated
	}
	return min(a*b, saturated)
}
