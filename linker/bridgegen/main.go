// Command bridgegen rebuilds linker/bridge.tsv.gz, the appellation-level
// ESCO–ROME mapping the linker crosses from French titles to ESCO
// occupations with, from the mapping shipped in seed/opendata/rome-esco:
//
//	go run ./linker/bridgegen
//
// One line per mapping row: the ROME appellation's code, the ESCO
// occupation's UUID and the SKOS relation's initial (e exact, c close,
// n narrow, b broad), sorted.
package main

import (
	"bufio"
	"compress/gzip"
	"encoding/csv"
	"fmt"
	"io"
	"log"
	"os"
	"slices"
	"strings"
)

const (
	in  = "seed/opendata/rome-esco/FR_20230104_mapping_esco_rome.csv.gz"
	out = "linker/bridge.tsv.gz"
)

func main() {
	f, err := os.Open(in)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		log.Fatal(err)
	}
	br := bufio.NewReader(zr)
	for { // metadata lines come before the header
		line, err := br.Peek(len("classification 1 ID"))
		if err != nil {
			log.Fatal("no header: ", err)
		}
		if string(line) == "classification 1 ID" {
			break
		}
		if _, err := br.ReadString('\n'); err != nil {
			log.Fatal(err)
		}
	}
	r := csv.NewReader(br)
	head, err := r.Read()
	if err != nil {
		log.Fatal(err)
	}
	col := func(name string) int {
		i := slices.Index(head, name)
		if i < 0 {
			log.Fatalf("no column %q", name)
		}
		return i
	}
	occ, app, rel := col("classification 1 ID"), col("classification 2 ID"), col("mapping relation")
	seen := map[string]bool{}
	var lines []string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			log.Fatal(err)
		}
		uuid, ok := strings.CutPrefix(rec[occ], "http://data.europa.eu/esco/occupation/")
		kind, ok2 := strings.CutPrefix(rec[rel], "skos:")
		if !ok || !ok2 || !slices.Contains([]string{"exactMatch", "closeMatch", "narrowMatch", "broadMatch"}, kind) {
			log.Fatalf("unexpected row %q", rec)
		}
		l := rec[app] + "\t" + uuid + "\t" + kind[:1]
		if !seen[l] {
			seen[l] = true
			lines = append(lines, l)
		}
	}
	slices.Sort(lines)
	o, err := os.Create(out)
	if err != nil {
		log.Fatal(err)
	}
	zw, _ := gzip.NewWriterLevel(o, gzip.BestCompression)
	for _, l := range lines {
		fmt.Fprintln(zw, l)
	}
	if err := zw.Close(); err != nil {
		log.Fatal(err)
	}
	if err := o.Close(); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s: %d mappings\n", out, len(lines))
}
