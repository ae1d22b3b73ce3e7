package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/executor"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	lru2 "github.com/hashicorp/golang-lru/v2"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"go.opentelemetry.io/otel/trace"

	"careergraph/career"
	"careergraph/graph/generated"
	"careergraph/graph/lean"
	"careergraph/store"
)

// Options configure the GraphQL handler.
type Options struct {
	Limits
	// Keys authorise writes; with none configured, mutations are refused.
	Keys *Keys
	// Writes limits records written per client IP; nil means no limit.
	Writes *WriteLimiter
	// Metrics, when set, observes every operation.
	Metrics *Metrics
	// Sectors are MCC's sector transition matrices.
	Sectors career.SectorMatrices
	// HiringAreas are BMO's employment-area figures.
	HiringAreas *career.HiringAreas
	// Tracer, when set, spans every operation and root field.
	Tracer trace.Tracer
	Log    *slog.Logger

	// onWork, in tests, sees the meter of each operation's reads.
	onWork func(*career.Work)
	// PlainExecutor turns the fast path for plain fields off (graph/lean):
	// every field then takes gqlgen's path. Its tests compare the two.
	PlainExecutor bool
	// ResponseCacheBytes bounds the response cache; 0 turns it off.
	ResponseCacheBytes int64
	// CacheMaxAge is the freshness, in seconds, that GET answers give
	// HTTP caches (see CacheControl).
	CacheMaxAge int
	// RequestTimeout is an operation's time limit (Transport.Timeout);
	// 0: none.
	RequestTimeout time.Duration
	// stockTransports serves with gqlgen's own POST and GET transports:
	// what Transport's answers are compared with (tests).
	stockTransports bool
}

// NewServer builds the GraphQL handler over live: POST and GET transports
// (Transport), a response cache, a query cache, automatic persisted queries, the cost limits, the write
// gate, coded errors, capped responses and panic recovery.
func NewServer(live *store.Live, o Options) *Server {
	cfg := generated.Config{Resolvers: &Resolver{Live: live, Sectors: o.Sectors, HiringAreasTable: o.HiringAreas, Writes: o.Writes}}
	srv := &Server{Executor: executor.New(generated.NewExecutableSchema(cfg))}
	srv.AddTransport(transport.Options{})
	if o.stockTransports {
		srv.AddTransport(transport.GET{})
		srv.AddTransport(transport.POST{})
	} else {
		srv.AddTransport(Transport{Live: live, Cache: NewResponseCache(o.ResponseCacheBytes), Metrics: o.Metrics, CacheControl: CacheControl(o.CacheMaxAge), Timeout: o.RequestTimeout})
	}
	docs := lru.New[*ast.QueryDocument](1000)
	srv.SetQueryCache(docs)
	srv.SetParserTokenLimit(o.MaxTokens)
	// Suggestions ("Did you mean ...") would tell the schema that
	// introspection hides.
	srv.SetDisableSuggestion(!o.Introspection)
	if o.Introspection {
		srv.Use(extension.Introspection{})
	}
	cost := &Cost{Limits: o.Limits, Cache: docs, Graph: live.Graph}
	if o.HiringAreas != nil {
		cost.AreasPerFamily = o.HiringAreas.MaxAreasPerFamily
	}
	if o.Metrics != nil {
		srv.Use(o.Metrics)
		cost.Visited = o.Metrics.visited
	}
	if o.Tracer != nil {
		srv.Use(Tracing{Tracer: o.Tracer})
	}
	// The first extension is the outermost: capping runs inside metrics
	// and tracing, so that they see what the client gets.
	srv.AroundResponses(capResponse(o.MaxResponseBytes, o.MaxErrors))
	if !o.PlainExecutor {
		docs, _ := lru2.New[*ast.QueryDocument, *lean.Doc](1000) // as many as the query cache
		srv.AroundResponses(fastPath(docs))
	}
	srv.AroundFields(countResponse)
	if testFieldMiddleware != nil {
		srv.AroundFields(testFieldMiddleware)
	}
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](1000)})
	srv.Use(cost)
	srv.Use(writeGate{keys: o.Keys})
	srv.Use(Deadline{})
	srv.AroundOperations(func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		// Past the deadline gqlgen answers nothing (a bare "null"), or
		// Deadline stopped the fields still to run: one error says why.
		op := graphql.GetOperationContext(ctx)
		work := meter(ctx, op)
		if o.onWork != nil {
			o.onWork(work)
		}
		// The transport pinned the snapshot its cache key names (a test,
		// through gqlgen's transports, with WithSnapshot).
		ctx, st := operationIn(ctx)
		g := st.snapshot
		if g == nil {
			if pinned, ok := ctx.Value(snapshotKey{}).(*career.Graph); ok {
				g = pinned
			} else {
				g = live.Graph()
			}
		}
		st.snapshot = g.Metered(work)
		return stopAtDeadline(op, work, next(ctx), o.Metrics)
	})
	srv.SetErrorPresenter(ErrorPresenter(func(ctx context.Context, err error) {
		o.Log.ErrorContext(ctx, "request failed", "err", err)
	}))
	srv.SetRecoverFunc(func(ctx context.Context, p any) error {
		if p == career.ErrStopped { // a read stopped at the deadline (career.Work)
			return stoppedField()
		}
		o.Log.ErrorContext(ctx, "panic in resolver", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		return coded(CodeInternal, "internal error")
	})
	return srv
}

// Server is gqlgen's handler.Server (handler.New, then configured the same
// way, through its executor) but for ServeHTTP: gqlgen's copies every
// request to add its trace start to the context, about 250 bytes, an
// eighth of what a response-cache hit allocates; ours hands Transport the
// context instead.
type Server struct {
	*executor.Executor
	transports []graphql.Transport
}

// AddTransport adds a transport; the first that supports a request serves
// it, as in handler.Server.
func (s *Server) AddTransport(t graphql.Transport) { s.transports = append(s.transports, t) }

// ServeHTTP is handler.Server's.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if p := recover(); p != nil {
			gqlErr, _ := s.PresentRecoveredError(r.Context(), p).(*gqlerror.Error)
			b, _ := json.Marshal(&graphql.Response{Errors: []*gqlerror.Error{gqlErr}})
			w.WriteHeader(http.StatusInternalServerError)
			_, _ = w.Write(b)
		}
	}()
	ctx := graphql.StartOperationTrace(r.Context())
	for _, t := range s.transports {
		if !t.Supports(r) {
			continue
		}
		if ours, ok := t.(Transport); ok {
			ours.do(ctx, w, r, s.Executor)
		} else {
			t.Do(w, r.WithContext(ctx), s.Executor)
		}
		return
	}
	w.WriteHeader(http.StatusBadRequest)
	b, _ := json.Marshal(&graphql.Response{Errors: gqlerror.List{{Message: "transport not supported"}}})
	_, _ = w.Write(b)
}

// testFieldMiddleware, set by this package's tests (TestMain), runs on
// every field that takes gqlgen's path: there, that no resolver writes
// through the arguments a document's requests share (lean.Args).
var testFieldMiddleware graphql.FieldMiddleware

// capResponse refuses a response over maxBytes, counted while it is built
// (countResponse stops its resolvers at the limit, errors included), and
// lists at most maxErrors errors, counting the rest in
// extensions.errorsOmitted.
func capResponse(maxBytes, maxErrors int) graphql.ResponseMiddleware {
	return func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
		var b *lean.Budget
		if maxBytes > 0 {
			var op *operation
			ctx, op = operationIn(ctx)
			op.budget.Init(maxBytes)
			op.hasBudget = true
			b = &op.budget
		}
		resp := next(ctx)
		if resp == nil {
			return nil
		}
		if b != nil && (b.Over() || len(resp.Data) > maxBytes) {
			resp.Data = nil
			resp.Errors = gqlerror.List{coded(CodeResponseTooLarge,
				"the answer is over %d bytes, the most allowed; ask for fewer fields or a smaller page", maxBytes)}
		}
		if maxErrors > 0 && len(resp.Errors) > maxErrors {
			if resp.Extensions == nil {
				resp.Extensions = map[string]any{}
			}
			resp.Extensions["errorsOmitted"] = len(resp.Errors) - maxErrors
			resp.Errors = resp.Errors[:maxErrors]
		}
		return resp
	}
}

// fastPath gives the generated fast path (graph/lean) the request's
// guard: the checks countResponse and Deadline run on every other field,
// with the same counts, and the document's collected fields for an
// operation without variables. It runs inside capResponse (the budget)
// and stopAtDeadline (the stop flag).
func fastPath(docs *lru2.Cache[*ast.QueryDocument, *lean.Doc]) graphql.ResponseMiddleware {
	return func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
		op := operationOf(ctx)
		g := &lean.Guard{
			Done:    ctx.Done(),
			Request: requestOf(ctx),
			Stop: func() error {
				if op == nil || !op.stoppable { // a mutation (see Deadline)
					return nil
				}
				op.stop.Store(true)
				return stoppedField()
			},
		}
		if op != nil {
			if op.snapshot != nil {
				g.Snapshot = op.snapshot
			}
			g.Output = op.out
		}
		g.Budget, g.TooLarge = budgetOf(ctx), errTooLarge
		if graphql.HasOperationContext(ctx) {
			if oc := graphql.GetOperationContext(ctx); oc.Doc != nil && oc.Operation != nil && len(oc.Operation.VariableDefinitions) == 0 {
				g.Doc, _ = docs.Get(oc.Doc)
				if g.Doc == nil {
					g.Doc = &lean.Doc{}
					docs.Add(oc.Doc, g.Doc)
				}
			}
		}
		resp := next(lean.With(ctx, g))
		// The answer's data is written (lean.Marshal): the field sets and
		// field contexts it was written from go back to their pool.
		g.Release()
		return resp
	}
}
