// Command bare answers each bench query with the bytes careergraph
// answers it, from a bare net/http handler: the ceiling a cached answer
// is measured against (bench/load).
//
//	go run ./bench/bare -port 8091 -dir DIR   # POST /NAME answers DIR/NAME.json
package main

import (
	"flag"
	"io"
	"log"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

func main() {
	port := flag.Int("port", 8091, "port on 127.0.0.1")
	dir := flag.String("dir", ".", "folder of NAME.json answers")
	flag.Parse()
	files, err := filepath.Glob(filepath.Join(*dir, "*.json"))
	if err != nil || len(files) == 0 {
		log.Fatalf("no answers in %s", *dir)
	}
	mux := http.NewServeMux()
	for _, f := range files {
		body, err := os.ReadFile(f)
		if err != nil {
			log.Fatal(err)
		}
		mux.HandleFunc("/"+strings.TrimSuffix(filepath.Base(f), ".json"), func(w http.ResponseWriter, r *http.Request) {
			io.Copy(io.Discard, r.Body) // read the request, as a server must
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			w.Write(body)
		})
	}
	log.Fatal(http.ListenAndServe("127.0.0.1:"+strconv.Itoa(*port), mux))
}
