package graph

import "strings"

// The units labour-market values state.
const (
	unitNetMonthly      = "EUR_NET_PER_MONTH"
	unitHiringProjects  = "HIRING_PROJECTS"
	unitTensionCategory = "CATEGORY_1_TO_5"
	bmoYear             = "2025"
)

// lastYear is the last year of a period such as "2017-2019".
func lastYear(period string) string {
	if i := strings.LastIndexByte(period, '-'); i >= 0 {
		return period[i+1:]
	}
	return period
}

// levelArg refuses a qualification level outside 1 to 8.
func levelArg(name string, v *int) error {
	if v != nil && (*v < 1 || *v > 8) {
		return badInput("%s: %d is not a qualifications-framework level, 1 to 8", name, *v)
	}
	return nil
}

// codeArg refuses a code argument that no département or employment area
// could have: over 8 characters, or not letters and digits.
func codeArg(name string, v *string) error {
	if v == nil {
		return nil
	}
	if len(*v) == 0 || len(*v) > 8 || strings.Trim(*v, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
		return badInput("%s: %q is not a code of capital letters and digits, at most 8", name, (*v)[:min(len(*v), 20)])
	}
	return nil
}
