package app

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"careergraph/testkit"
)

// At debug level each request is logged with its method, path and status;
// at any other level none is (accessLog then costs one check).
func TestAccessLogAtDebugLevelOnly(t *testing.T) {
	for _, level := range []slog.Level{slog.LevelDebug, slog.LevelInfo} {
		var buf testkit.LockedBuffer
		cfg := embeddedConfig(t, t.TempDir())
		a, err := newApp(cfg, slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: level})))
		if err != nil {
			t.Fatal(err)
		}
		if err := a.load(context.Background()); err != nil {
			t.Fatal(err)
		}
		req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(`{"query":"{ __typename }"}`))
		req.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		a.handler.ServeHTTP(w, req)
		a.store.Close()
		if w.Code != http.StatusOK {
			t.Fatalf("%v: %d %s", level, w.Code, w.Body)
		}
		logged := ""
		for line := range strings.Lines(buf.String()) {
			if strings.Contains(line, `msg=request `) {
				logged = line
			}
		}
		switch {
		case level == slog.LevelDebug && !(strings.Contains(logged, "method=POST") && strings.Contains(logged, "path=/graphql") && strings.Contains(logged, "status=200") && strings.Contains(logged, "duration=")):
			t.Errorf("at debug level, the request's record is %q", logged)
		case level != slog.LevelDebug && logged != "":
			t.Errorf("at %v, the request was logged: %q", level, logged)
		}
	}
}
