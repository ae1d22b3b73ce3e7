package main

import (
	"os"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
)

// No Docker engine runs on our machines, so the deployment files are
// checked for the wiring the production path depends on.
func TestDockerComposeWiresNeo4jAndTheServer(t *testing.T) {
	raw, err := os.ReadFile("docker-compose.yml")
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
	if !strings.HasPrefix(neo.Image, "neo4j:5") || !strings.Contains(neo.Image, "community") {
		t.Errorf("neo4j image %q, want neo4j:5 community", neo.Image)
	}
	if _, ok := c.Volumes["neo4j-data"]; !ok || len(neo.Volumes) == 0 || !strings.HasPrefix(neo.Volumes[0], "neo4j-data:") {
		t.Errorf("neo4j data is not on the named volume: %v", neo.Volumes)
	}
	if neo.Healthcheck == nil || !strings.Contains(strings.Join(neo.Healthcheck.Test, " "), "cypher-shell") {
		t.Error("neo4j has no health check")
	}
	if !strings.Contains(neo.Environment["NEO4J_AUTH"], "${NEO4J_PASSWORD:?") {
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
	env, err := os.ReadFile(".env.example")
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"NEO4J_USER=", "NEO4J_PASSWORD=", "API_KEYS=", "CORS_ORIGINS="} {
		if !strings.Contains(string(env), "\n"+v) && !strings.HasPrefix(string(env), v) {
			t.Errorf(".env.example lacks %s", v)
		}
	}
	df, err := os.ReadFile("Dockerfile")
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
	if err := run(t.Context(), []string{"healthcheck", "-port", port}); err != nil {
		t.Errorf("healthcheck on a ready server: %v", err)
	}
	if err := run(t.Context(), []string{"healthcheck", "-port", freePort(t)}); err == nil {
		t.Error("healthcheck on a dead port passed")
	}
}
