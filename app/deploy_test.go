package app

import (
	"careergraph/testkit"
	"io"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
)

// No Docker engine runs on our machines, so the deployment files are
// checked for the wiring the production path depends on.
func TestDockerComposeWiresNeo4jAndTheServer(t *testing.T) {
	raw, err := os.ReadFile("../docker-compose.yml")
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Services map[string]struct {
			Image       string
			Build       any
			Environment map[string]string
			Volumes     []string
			Ports       []string
			Healthcheck *struct{ Test []string }
			DependsOn   map[string]struct{ Condition string } `yaml:"depends_on"`
		}
		Volumes map[string]any
	}
	if err := yaml.Unmarshal(raw, &c); err != nil {
		t.Fatalf("docker-compose.yml: %v", err)
	}
	neo, app := c.Services["neo4j"], c.Services["careergraph"]
	// Compose runs the Neo4j that CI tests against (neo4j-local/).
	pom, err := os.ReadFile("../neo4j-local/pom.xml")
	if err != nil {
		t.Fatal(err)
	}
	version := regexp.MustCompile(`<neo4j.version>([^<]+)</neo4j.version>`).FindSubmatch(pom)
	if version == nil || neo.Image != "neo4j:"+string(version[1])+"-community" {
		t.Errorf("neo4j image %q, want the community image of neo4j-local's version %s", neo.Image, version)
	}
	if _, ok := c.Volumes["neo4j-data"]; !ok || len(neo.Volumes) == 0 || !strings.HasPrefix(neo.Volumes[0], "neo4j-data:") {
		t.Errorf("neo4j data is not on the named volume: %v", neo.Volumes)
	}
	if neo.Healthcheck == nil || !strings.Contains(strings.Join(neo.Healthcheck.Test, " "), "7687") || strings.Contains(strings.Join(neo.Healthcheck.Test, " "), "PASSWORD") {
		t.Errorf("neo4j health check %v: want Bolt's port checked, with no password in argv", neo.Healthcheck)
	}
	if neo.Environment["NEO4J_server_memory_heap_max__size"] == "" || neo.Environment["NEO4J_server_memory_pagecache_size"] == "" {
		t.Error("neo4j memory is not set: its page cache would take half the host")
	}
	if !strings.HasPrefix(neo.Environment["NEO4J_AUTH"], "neo4j/${NEO4J_PASSWORD:?") {
		t.Errorf("neo4j auth does not come from .env: %q", neo.Environment["NEO4J_AUTH"])
	}
	if app.Build == nil || app.Environment["STORE"] != "neo4j" || app.Environment["NEO4J_URI"] != "neo4j://neo4j:7687" {
		t.Errorf("server: build %v, env %v", app.Build, app.Environment)
	}
	if app.DependsOn["neo4j"].Condition != "service_healthy" {
		t.Errorf("server does not wait for a healthy Neo4j: %v", app.DependsOn)
	}
	for _, s := range c.Services {
		for _, p := range s.Ports {
			if !strings.HasPrefix(p, "127.0.0.1:") {
				t.Errorf("port %q is published beyond the host's loopback", p)
			}
		}
	}
	// Every variable compose reads is in the example .env.
	env, err := os.ReadFile("../.env.example")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"NEO4J_PASSWORD=", "API_KEYS=", "CORS_ORIGINS="} {
		if !strings.Contains(string(env), "\n"+v) && !strings.HasPrefix(string(env), v) {
			t.Errorf(".env.example lacks %s", v)
		}
	}
	df, err := os.ReadFile("../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"AS build", "CGO_ENABLED=0", "USER nonroot", `"/careergraph", "healthcheck"`} {
		if !strings.Contains(string(df), want) {
			t.Errorf("Dockerfile lacks %q", want)
		}
	}
}

func TestHealthcheckCommand(t *testing.T) {
	s := start(t, testConfig(t, t.TempDir()))
	port := s.URL[strings.LastIndex(s.URL, ":")+1:]
	if err := run(t.Context(), []string{"healthcheck", "-port", port}, io.Discard); err != nil {
		t.Errorf("healthcheck on a ready server: %v", err)
	}
	if err := run(t.Context(), []string{"healthcheck", "-port", testkit.FreePort(t)}, io.Discard); err == nil {
		t.Error("healthcheck on a dead port passed")
	}
}
