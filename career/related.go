package career

import (
	"slices"
	"strings"
)

// Related skills: how much a skill a person lacks is credited by the
// skills they have, the one rule skill gaps, route efforts and similarity
// use. Credit counts in quarters of a skill (creditFull), so efforts stay
// exact fixed-point sums. A skill held counts whole; a skill not held
// counts the best of:
//
//   - the same words (SameWordsCredit, whole): names equal once case,
//     accents, function words and plural marks are set aside (« Conduire
//     un projet » / « Conduire des projets »), the same skill recorded
//     twice;
//   - the same object after another opening verb (SameObjectCredit, a
//     half): « Elaborer des tableaux de bord » / « Concevoir des tableaux
//     de bord », for ROME compétences and ESCO skills (whose names open
//     with a verb), when two or more words remain;
//   - ESCO's skill-skill relations, either way (RelatedCredit, a half);
//   - the same family (FamilyCredit, a quarter): the same ESCO skill group
//     (its lowest) or the same ROME macro-compétence (a compétence, its
//     siblings and the macro-compétence itself).
//
// Each skill belongs to classes (a wording, a family, a relation); a
// class shared with a skill held gives its credit. Classes held by one
// skill only are dropped. Built once per snapshot with the path index.
const (
	SameWordsCredit  = 1.0
	SameObjectCredit = 0.75
	RelatedCredit    = 0.5
	FamilyCredit     = 0.5
)

// creditFull is a whole skill in the quarters credits count in.
const creditFull = 4

// relClass is one class of a skill and the credit, in quarters, that
// sharing it gives.
type relClass struct {
	id int32
	q  int8
}

// relatedIndex holds each skill's classes and each role's.
type relatedIndex struct {
	skillClasses [][]relClass // skill -> its classes
	roleClasses  [][]int32    // role -> the classes of its skills, sorted
	classes      int
}

// wordingStops are the function words a wording key drops: the search's
// (stopWords) and the articles it keeps.
var wordingStops = []string{"un", "une", "dans", "avec", "aupres", "a", "an", "with", "by", "at"}

// wordingKeys returns a skill name's same-words key and, for names that
// open with a verb, its same-object key ("" when none).
func wordingKeys(s *Skill) (words, object string) {
	var toks []string
	for _, t := range Tokens(s.Name) {
		if stopWords[t] || slices.Contains(wordingStops, t) {
			continue
		}
		if len(t) > 3 && (t[len(t)-1] == 's' || t[len(t)-1] == 'x') {
			t = t[:len(t)-1]
		}
		toks = append(toks, t)
	}
	words = strings.Join(toks, " ")
	opensWithVerb := s.Rome != nil && (s.Rome.Nature == "Compétence" || s.Rome.Nature == "Macro-compétence") ||
		s.Rome == nil && s.EscoURI != nil && s.Category != Knowledge
	if opensWithVerb && len(toks) >= 3 {
		object = strings.Join(toks[1:], " ")
	}
	return words, object
}

func buildRelated(g *Graph, ix *pathIndex) relatedIndex {
	type member struct {
		skill int32
		q     int8
	}
	byKey := map[string][]member{}
	add := func(key string, s int32, q int8) {
		m := byKey[key]
		if len(m) == 0 || m[len(m)-1].skill != s {
			byKey[key] = append(m, member{s, q})
		}
	}
	groupSize := map[string]int{}
	for _, s := range ix.skills {
		for _, gr := range s.GroupIDs {
			groupSize[gr]++
		}
	}
	for i, s := range ix.skills {
		si := int32(i)
		words, object := wordingKeys(s)
		if words != "" {
			add("w\x00"+words, si, creditFull*SameWordsCredit)
		}
		if object != "" {
			add("o\x00"+object, si, creditFull*SameObjectCredit)
		}
		if len(s.GroupIDs) > 0 {
			// The lowest group: the one with the fewest skills.
			low := slices.MinFunc(s.GroupIDs, func(a, b string) int { return groupSize[a] - groupSize[b] })
			add("f\x00"+low, si, creditFull*FamilyCredit)
		}
		if s.Rome != nil {
			if s.Rome.ParentID != nil {
				add("f\x00"+*s.Rome.ParentID, si, creditFull*FamilyCredit)
			} else if s.Rome.Nature == "Macro-compétence" {
				add("f\x00"+s.ID, si, creditFull*FamilyCredit)
			}
		}
		for _, l := range g.linksFrom[s.ID] {
			if to, ok := ix.skillAt[l.ToID]; ok {
				key := "r\x00" + s.ID + "\x00" + l.ToID
				add(key, si, creditFull*RelatedCredit)
				add(key, to, creditFull*RelatedCredit)
			}
		}
	}
	keys := make([]string, 0, len(byKey))
	for k, m := range byKey {
		if len(m) > 1 {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys) // ids do not depend on map order
	rx := relatedIndex{skillClasses: make([][]relClass, len(ix.skills)), roleClasses: make([][]int32, len(ix.ids)), classes: len(keys)}
	for c, k := range keys {
		for _, m := range byKey[k] {
			rx.skillClasses[m.skill] = append(rx.skillClasses[m.skill], relClass{int32(c), m.q})
		}
	}
	for r := range ix.ids {
		var cs []int32
		for _, list := range [][]int32{ix.essential[r], ix.optional[r]} {
			for _, s := range list {
				for _, c := range rx.skillClasses[s] {
					cs = append(cs, c.id)
				}
			}
		}
		slices.Sort(cs)
		rx.roleClasses[r] = slices.Clip(slices.Compact(cs))
	}
	return rx
}

// knowing is what a person knows: skills, and the classes of those
// skills, as generation stamps (an entry equal to gen is in the set), so
// a query clears it in O(1) and allocates nothing once pooled.
type knowing struct {
	skill, class []uint32
	gen          uint32
}

func (ix *pathIndex) newKnowing() *knowing {
	return &knowing{skill: make([]uint32, len(ix.skills)), class: make([]uint32, ix.related.classes), gen: 1}
}

// reset empties the set.
func (k *knowing) reset() {
	k.gen++
	if k.gen == 0 { // wrapped: old stamps could collide
		clear(k.skill)
		clear(k.class)
		k.gen = 1
	}
}

func (k *knowing) has(s int32) bool { return k.skill[s] == k.gen }

// addSkill adds skill s and its classes.
func (k *knowing) addSkill(ix *pathIndex, s int32) {
	k.skill[s] = k.gen
	for _, c := range ix.related.skillClasses[s] {
		k.class[c.id] = k.gen
	}
}

// addRole adds role r's skills and their classes.
func (k *knowing) addRole(ix *pathIndex, r int32) {
	for _, s := range ix.essential[r] {
		k.skill[s] = k.gen
	}
	for _, s := range ix.optional[r] {
		k.skill[s] = k.gen
	}
	for _, c := range ix.related.roleClasses[r] {
		k.class[c] = k.gen
	}
}

// credit is how much of skill s the person knows, in quarters: whole when
// held, else the best credit of a class they share (see the rule above).
func (ix *pathIndex) credit(k *knowing, s int32) int64 {
	if k.has(s) {
		return creditFull
	}
	best := int8(0)
	for _, c := range ix.related.skillClasses[s] {
		if c.q > best && k.class[c.id] == k.gen {
			best = c.q
		}
	}
	return int64(best)
}

// creditIn is credit against role r's skills, for similarity: 0 to
// creditFull, for a skill r does not list itself.
func (ix *pathIndex) creditIn(r int32, s int32) int8 {
	best := int8(0)
	cs := ix.related.roleClasses[r]
	for _, c := range ix.related.skillClasses[s] {
		if c.q > best {
			if _, ok := slices.BinarySearch(cs, c.id); ok {
				best = c.q
			}
		}
	}
	return best
}

// creditMarked is creditIn against a role whose classes are marked.
func (ix *pathIndex) creditMarked(mark []bool, s int32) int8 {
	best := int8(0)
	for _, c := range ix.related.skillClasses[s] {
		if c.q > best && mark[c.id] {
			best = c.q
		}
	}
	return best
}

// RelatedSize says how large the related-skill index of the snapshot is:
// its classes, the skills' memberships, the roles' class lists' entries,
// and the bytes those lists hold.
func (g *Graph) RelatedSize() (classes, skillEntries, roleEntries, bytes int) {
	rx := g.paths().related
	for _, cs := range rx.skillClasses {
		skillEntries += len(cs)
		bytes += 24 + 8*cap(cs)
	}
	for _, cs := range rx.roleClasses {
		roleEntries += len(cs)
		bytes += 24 + 4*cap(cs)
	}
	return rx.classes, skillEntries, roleEntries, bytes
}
