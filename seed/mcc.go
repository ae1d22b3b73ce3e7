package seed

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"careergraph/career"
)

// MCCSource is the provenance of imported Mapping Career Causeways data.
var MCCSource = career.Source{
	ID: "source:mcc", Name: "Nesta, Mapping Career Causeways", Kind: career.Research,
	URL: new("https://github.com/nestauk/mapping-career-causeways"), Version: new("cb8c57a"),
	License: new("MIT licence, Copyright (c) Nesta"),
}

// csvRows streams a CSV file with a header, calling row with a column
// getter and the row's line; it checks that the named columns exist.
func csvRows(r io.Reader, file string, need []string, row func(get func(string) string, line int) error) error {
	return csvRowsSep(r, ',', file, need, row)
}

// csvRowsSep is csvRows for a file whose fields are separated by sep.
func csvRowsSep(r io.Reader, sep rune, file string, need []string, row func(get func(string) string, line int) error) error {
	cr := csv.NewReader(r)
	cr.Comma = sep
	header, err := cr.Read()
	if err != nil {
		return csvError(file, err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimPrefix(h, "\ufeff")] = i
	}
	for _, n := range need {
		if _, ok := col[n]; !ok {
			return &ImportError{File: file, Line: 1, Err: fmt.Errorf("missing column %s", n)}
		}
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return csvError(file, err)
		}
		line, _ := cr.FieldPos(0)
		if err := cleanRecord(cr, file, header, rec); err != nil {
			return err
		}
		if err := row(func(name string) string { return strings.TrimSpace(rec[col[name]]) }, line); err != nil {
			return &ImportError{File: file, Line: line, Err: err}
		}
	}
}

// MCCProfiles reads MCC's occupation data and its ESCO-O*NET crosswalk
// into profiles keyed by ESCO concept URI.
func MCCProfiles(occ io.Reader, occFile string, cross io.Reader, crossFile string) (map[string]career.MCCProfile, error) {
	out := map[string]career.MCCProfile{}
	num := func(get func(string) string, name string) (*float64, error) {
		v := get(name)
		if v == "" {
			return nil, nil
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return nil, fmt.Errorf("%s %q is not a number", name, v)
		}
		return &f, nil
	}
	err := csvRows(occ, occFile, []string{"concept_uri", "job_zone", "education_level", "related_work_experience",
		"on_the_job_training", "annual_earnings", "remote_labor_index", "skills_based_sector", "sub_sector", "risk_category"},
		func(get func(string) string, line int) error {
			p := career.MCCProfile{Currency: "GBP", Sector: get("skills_based_sector"), SubSector: get("sub_sector"), RiskCategory: get("risk_category")}
			jz, err := num(get, "job_zone")
			if err != nil {
				return err
			}
			if jz == nil {
				return fmt.Errorf("job_zone is empty")
			}
			p.JobZone = *jz
			for name, dst := range map[string]**float64{"education_level": &p.EducationLevel, "related_work_experience": &p.RelatedWorkExperience,
				"on_the_job_training": &p.OnTheJobTraining, "annual_earnings": &p.AnnualEarnings, "remote_labor_index": &p.RemoteLaborIndex} {
				if *dst, err = num(get, name); err != nil {
					return err
				}
			}
			// The ranges the graph checks, checked here with the line.
			switch {
			case p.JobZone < 1 || p.JobZone > 5:
				return fmt.Errorf("job_zone %g is not between 1 and 5", p.JobZone)
			case p.RemoteLaborIndex != nil && (*p.RemoteLaborIndex < 0 || *p.RemoteLaborIndex > 1):
				return fmt.Errorf("remote_labor_index %g is not between 0 and 1", *p.RemoteLaborIndex)
			case p.AnnualEarnings != nil && *p.AnnualEarnings < 0:
				return fmt.Errorf("annual_earnings %g is negative", *p.AnnualEarnings)
			}
			uri := get("concept_uri")
			if !strings.HasPrefix(uri, "http://data.europa.eu/esco/occupation/") {
				return fmt.Errorf("concept_uri %q is not an ESCO occupation URI", uri)
			}
			out[uri] = p
			return nil
		})
	if err != nil {
		return nil, err
	}
	err = csvRows(cross, crossFile, []string{"concept_uri", "onet_code", "onet_occupation"}, func(get func(string) string, line int) error {
		p, ok := out[get("concept_uri")]
		if !ok {
			return nil // the crosswalk covers occupations MCC has no data for
		}
		code, occ := get("onet_code"), get("onet_occupation")
		if code != "" {
			p.OnetCode, p.OnetOccupation = &code, &occ
		}
		out[get("concept_uri")] = p
		return nil
	})
	return out, err
}
