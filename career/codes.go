package career

import "strings"

// IsIscoCode reports whether code is an ISCO-08 code: 1 (major group) to
// 4 (unit group) digits.
func IsIscoCode(code string) bool {
	return len(code) >= 1 && len(code) <= 4 && strings.Trim(code, "0123456789") == ""
}

// IsIscoUnitGroup reports whether code is a 4-digit ISCO-08 unit group,
// the code a role carries.
func IsIscoUnitGroup(code string) bool { return len(code) == 4 && IsIscoCode(code) }

// IsRomeFiche reports whether code is a ROME fiche métier's code, the
// code a role carries (M1855).
func IsRomeFiche(code string) bool { return len(code) == 5 && IsRomeCode(code) }

// IsRomeCode reports whether code is a ROME code: a capital letter (grand
// domaine), then two digits (domaine professionnel), then two more (fiche).
func IsRomeCode(code string) bool {
	if len(code) != 1 && len(code) != 3 && len(code) != 5 || code[0] < 'A' || code[0] > 'Z' {
		return false
	}
	return strings.Trim(code[1:], "0123456789") == ""
}
