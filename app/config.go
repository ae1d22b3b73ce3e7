package app

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/peterbourgon/ff/v3"

	"careergraph/graph"
	neo4jstore "careergraph/store/neo4j"
)

// config holds every setting of every command.
type config struct {
	Port           int
	Host           string
	DataDir        string
	OpenData       bool
	CORSOrigins    string
	LogLevel       string
	MetricsAddr    string
	Limits         graph.Limits
	MaxBodyBytes   int64
	MaxInFlight    int
	RequestTimeout time.Duration
	BodyTimeout    time.Duration
	ShutdownGrace  time.Duration
	APIKeys        string
	WriteRate      float64
	WriteBurst     int
	Store          string
	Neo4jURI       string
	Neo4jUser      string
	Neo4jPassword  string
	Neo4jDatabase  string
	PollInterval   time.Duration
	// neo4jTimeout bounds each Neo4j call (0: the store's default, 5 s). No
	// flag: a test hook, for the API suite on Neo4j on a busy machine.
	neo4jTimeout time.Duration
	// ResponseCacheBytes bounds the response cache (0: off).
	ResponseCacheBytes int64
	CacheMaxAge        int
	// GOGC and GOMEMLIMIT, as the runtime reads them (see memory.go).
	GOGC       string
	GOMemLimit string
}

// configFlags registers every setting on fs and returns where they land.
// Every command registers them all, so that a setting means the same
// wherever it is given; ff reads each from the environment variable of
// its name (-data-dir or DATA_DIR) when the flag is absent.
func configFlags(fs *flag.FlagSet) *config {
	c := &config{}
	fs.IntVar(&c.Port, "port", 8080, "HTTP port")
	fs.StringVar(&c.Host, "host", "127.0.0.1", "address to listen on; 0.0.0.0 for all interfaces, as in a container")
	fs.StringVar(&c.DataDir, "data-dir", "./data", "directory of the embedded store")
	fs.BoolVar(&c.OpenData, "open-data", true, "serve the shipped open data (ESCO, MCC, ROME) beside the guide, imported on first start; false: the guide alone")
	fs.StringVar(&c.CORSOrigins, "cors-origins", "*", "comma-separated origins allowed by CORS, * for any, empty for none")
	fs.StringVar(&c.LogLevel, "log-level", "info", "debug, info, warn or error")
	fs.StringVar(&c.MetricsAddr, "metrics-addr", "127.0.0.1:9464", "address of the Prometheus /metrics listener, apart from the API; empty for none")
	l := &c.Limits
	fs.IntVar(&l.MaxDepth, "max-depth", 10, "deepest field nesting allowed in a query")
	fs.IntVar(&l.MaxComplexity, "max-complexity", 50000, "highest query complexity allowed")
	fs.IntVar(&l.MaxQueryLength, "max-query-length", 20000, "longest query text allowed, in bytes")
	fs.IntVar(&l.MaxTokens, "max-tokens", 5000, "most lexical tokens allowed in a query")
	fs.IntVar(&l.MaxFields, "max-fields", 1000, "most fields a query may select once its fragments are expanded")
	fs.IntVar(&l.MaxAliases, "max-aliases", 30, "most aliased fields a query may have once its fragments are expanded")
	fs.IntVar(&l.MaxRootFields, "max-root-fields", 20, "most root fields in one operation")
	fs.IntVar(&l.MaxIntrospection, "max-introspection", 40000, "most fields an introspection answer may hold")
	fs.IntVar(&l.MaxResponseBytes, "max-response-bytes", 4<<20, "largest response data, in bytes")
	fs.IntVar(&l.MaxErrors, "max-errors", 20, "most errors listed in one response")
	fs.Int64Var(&c.MaxBodyBytes, "max-body-bytes", 1<<20, "largest request body allowed, in bytes")
	fs.IntVar(&c.MaxInFlight, "max-in-flight", 64, "most GraphQL requests served at once; more are answered 503")
	fs.DurationVar(&c.RequestTimeout, "request-timeout", 10*time.Second, "time limit of one operation, from past the response cache")
	fs.DurationVar(&c.BodyTimeout, "body-timeout", 5*time.Second, "time limit for a request body to arrive; the in-flight slot is taken after it")
	fs.DurationVar(&c.ShutdownGrace, "shutdown-grace", 5*time.Second, "on SIGTERM, time requests in flight get to finish before they are stopped and answered UNAVAILABLE")
	fs.BoolVar(&l.Introspection, "introspection", true, "answer schema introspection queries")
	fs.Float64Var(&c.WriteRate, "write-rate", 100, "records written per second allowed per client IP; 0 for no limit")
	fs.IntVar(&c.WriteBurst, "write-burst", 2000, "burst of records written per client IP, and the most one write may hold")
	fs.StringVar(&c.APIKeys, "api-keys", "", "comma-separated API keys allowed to write; none disables writes")
	fs.StringVar(&c.Store, "store", "embedded", "store of record: embedded (one file in DATA_DIR) or neo4j")
	fs.StringVar(&c.Neo4jURI, "neo4j-uri", "neo4j://localhost:7687", "Neo4j address, for STORE=neo4j")
	fs.StringVar(&c.Neo4jUser, "neo4j-user", "neo4j", "Neo4j user")
	fs.StringVar(&c.Neo4jPassword, "neo4j-password", "", "Neo4j password")
	fs.StringVar(&c.Neo4jDatabase, "neo4j-database", "", "Neo4j database; the server's default when empty")
	fs.DurationVar(&c.PollInterval, "poll-interval", 2*time.Second, "how often a replica checks the Neo4j version for other replicas' writes")
	fs.Int64Var(&c.ResponseCacheBytes, "response-cache-bytes", 32<<20, "bytes of whole answers to queries kept, per snapshot version; 0 turns the response cache off")
	fs.IntVar(&c.CacheMaxAge, "cache-max-age", 0, "seconds an HTTP cache may serve a GET answer without asking again; 0: it stores it and revalidates each time (ETag, 304)")
	fs.StringVar(&c.GOGC, "gogc", defaultGOGC, "garbage collector target, as the GOGC variable: a percentage, or off")
	fs.StringVar(&c.GOMemLimit, "gomemlimit", defaultMemLimit, "soft memory limit of the Go runtime, as the GOMEMLIMIT variable (e.g. 300MiB), or off")
	return c
}

// check refuses settings no command can run with.
func (c *config) check() error {
	switch {
	case c.Store != "embedded" && c.Store != "neo4j":
		return fmt.Errorf("store %q: want embedded or neo4j", c.Store)
	case c.PollInterval <= 0:
		return fmt.Errorf("poll-interval must be positive")
	case c.BodyTimeout <= 0 || c.RequestTimeout <= 0:
		return fmt.Errorf("body-timeout and request-timeout must be positive")
	case c.MaxInFlight < 1:
		return fmt.Errorf("max-in-flight must be at least 1")
	case c.Port < 0 || c.Port > 65535:
		return fmt.Errorf("port %d is out of range", c.Port)
	case c.ResponseCacheBytes < 0 || c.CacheMaxAge < 0:
		return fmt.Errorf("response-cache-bytes and cache-max-age must not be negative")
	}
	if _, err := parseGOGC(c.GOGC); err != nil {
		return err
	}
	if _, err := parseMemLimit(c.GOMemLimit); err != nil {
		return err
	}
	return nil
}

// parseConfig parses the server's settings from args and the environment.
func parseConfig(args []string) (config, error) {
	fs := flag.NewFlagSet("careergraph", flag.ContinueOnError)
	c := configFlags(fs)
	if err := ff.Parse(fs, args, ff.WithEnvVars()); err != nil {
		return *c, err
	}
	emptyEnv(fs)
	return *c, c.check()
}

// emptyMeans are the settings whose empty value means something (no
// origin allowed, no metrics listener) rather than "use the default".
var emptyMeans = []string{"cors-origins", "metrics-addr"}

// emptyEnv applies the empty environment variables of emptyMeans, which ff
// skips as unset, unless the flag itself was given.
func emptyEnv(fs *flag.FlagSet) {
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	for _, name := range emptyMeans {
		env := strings.ToUpper(strings.ReplaceAll(name, "-", "_"))
		if v, ok := os.LookupEnv(env); ok && v == "" && !given[name] {
			fs.Set(name, "")
		}
	}
}

// neo4j is the Neo4j store's configuration.
func (c config) neo4j() neo4jstore.Config {
	return neo4jstore.Config{URI: c.Neo4jURI, User: c.Neo4jUser, Password: c.Neo4jPassword, Database: c.Neo4jDatabase, Timeout: c.neo4jTimeout}
}
