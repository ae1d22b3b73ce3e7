package seed_test

import (
	"errors"
	"strings"
	"testing"

	"careergraph/career"
	"careergraph/seed"
)

// Any occupations file either imports into roles that validate, or fails
// with an ImportError naming the file (and a line when it has one); it
// never panics.
func FuzzESCOOccupations(f *testing.F) {
	header := "ORIGINURI,ID,UUIDHISTORY,ISCOGROUPCODE,CODE,PREFERREDLABEL,ALTLABELS,DESCRIPTION,DEFINITION,SCOPENOTE,REGULATEDPROFESSIONNOTE,OCCUPATIONTYPE,ISLOCALIZED\n"
	f.Add(header + "http://data.europa.eu/esco/occupation/aaa,key_1,u,2512,2512.1,coder,\"a\nb\",Writes code.,,,,escooccupation,false\n")
	f.Add(header + "http://data.europa.eu/esco/occupation/aaa,key_1,u,25x2,2512.1,coder,,,,,,escooccupation,false\n")
	f.Add(header + "http://data.europa.eu/esco/occupation/b,key_2,u,2512,x,\"q\"\"uote\",,,,,,escooccupation,false\n")
	f.Fuzz(func(t *testing.T, body string) {
		ds, err := seed.ESCOOccupations(strings.NewReader(body), "occupations.csv", nil, nil)
		if err != nil {
			var ie *seed.ImportError
			if !errors.As(err, &ie) || ie.File != "occupations.csv" {
				t.Fatalf("error without the file: %v", err)
			}
			return
		}
		if err := career.Validate(ds); err != nil {
			t.Fatalf("imported roles do not validate: %v", err)
		}
	})
}
