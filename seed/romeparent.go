package seed

import (
	"fmt"

	"careergraph/career"
)

// parents: each fiche's code_rome_parent, the historical (ROME v3) code it
// derives from, which must itself be a fiche of the release (the 532 old
// fiches kept their codes). Read apart from fiches, which owns the rest
// of the file's columns.
func (im *romeImport) parents() error {
	codes := map[string]bool{}
	err := im.read(romeFiches, []string{"code_rome", "code_rome_parent"}, func(get func(string) string, line int) error {
		r, err := im.fiche(get("code_rome"))
		if err != nil {
			return err
		}
		p := get("code_rome_parent")
		if _, err := im.fiche(p); err != nil {
			return fmt.Errorf("code_rome_parent %q of %s is not a fiche of the release", p, get("code_rome"))
		}
		r.RomeParent = &p
		codes[p] = true
		return nil
	})
	im.sum.ParentCodes = len(codes)
	return err
}

// romeParentOf is the historical code of a role, or "".
func romeParentOf(r career.Role) string {
	if r.RomeParent == nil {
		return ""
	}
	return *r.RomeParent
}
