package graph

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"go.opentelemetry.io/otel/trace"

	"careergraph/career"
	"careergraph/graph/model"
	"careergraph/store"
)

// Options bound what one operation may cost.
type Options struct {
	MaxDepth       int
	MaxComplexity  int
	MaxQueryLength int
	Introspection  bool
	// Keys authorise writes; with none configured, mutations are refused.
	Keys *Keys
	// Writes limits mutations per client IP; nil means no limit.
	Writes *WriteLimiter
	// Metrics, when set, observes every operation.
	Metrics *Metrics
	// Sectors are MCC's sector transition matrices.
	Sectors career.SectorMatrices
	// Tracer, when set, spans every operation and root field.
	Tracer trace.Tracer
	Log    *slog.Logger
}

// Guesses of list sizes for complexity: a role's own lists (levels,
// skills, trainings, ...) are short; the reverse lists (who requires a
// skill, where a training leads) grow with the graph.
const (
	roleListSize    = 10
	reverseListSize = 50
)

// NewServer builds the GraphQL handler over live: POST and GET transports,
// an LRU query cache, automatic persisted queries, depth, length and
// complexity limits, coded errors and panic recovery.
func NewServer(live *store.Live, o Options) *handler.Server {
	cfg := Config{Resolvers: &Resolver{Live: live, Sectors: o.Sectors}}
	setComplexity(&cfg.Complexity)
	srv := handler.New(NewExecutableSchema(cfg))
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	if o.Introspection {
		srv.Use(extension.Introspection{})
	}
	if o.Metrics != nil {
		srv.Use(o.Metrics)
	}
	if o.Tracer != nil {
		srv.Use(Tracing{Tracer: o.Tracer})
	}
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](1000)})
	srv.Use(Limits{MaxDepth: o.MaxDepth, MaxQueryLength: o.MaxQueryLength})
	if o.MaxComplexity > 0 {
		srv.Use(extension.FixedComplexityLimit(o.MaxComplexity))
	}
	srv.AroundOperations(func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		// Reads are open; every mutation needs a key, checked here once.
		if oc := graphql.GetOperationContext(ctx); oc.Operation != nil && oc.Operation.Operation == ast.Mutation {
			switch {
			case o.Keys == nil || !o.Keys.Enabled():
				return refuse(CodeForbidden, "writes are disabled on this server: no API_KEYS configured")
			case !authenticated(ctx):
				return refuse(CodeUnauthenticated, "writes need Authorization: Bearer <key> with a valid API key")
			case !o.Writes.allow(clientIP(ctx)):
				return refuse(CodeRateLimited, "too many writes from this address; slow down and retry")
			}
		}
		return next(WithSnapshot(ctx, live.Graph()))
	})
	srv.SetErrorPresenter(ErrorPresenter(func(ctx context.Context, err error) {
		o.Log.ErrorContext(ctx, "request failed", "err", err)
	}))
	srv.SetRecoverFunc(func(ctx context.Context, p any) error {
		o.Log.ErrorContext(ctx, "panic in resolver", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		return &CodedError{Code: CodeInternal, Message: "internal error"}
	})
	return srv
}

func refuse(code, msg string) graphql.ResponseHandler {
	return graphql.OneShot(&graphql.Response{Errors: gqlerror.List{coded(code, "%s", msg)}})
}

func pageSize(first *int) int {
	if first == nil {
		return DefaultPageSize
	}
	return max(1, min(*first, MaxPageSize))
}

func setComplexity(c *ComplexityRoot) {
	c.Query.Roles = func(child int, _ *model.RoleFilter, _ *model.RoleOrder, first *int, _ *string) int {
		return 1 + child*pageSize(first)
	}
	c.Query.Skills = func(child int, _ *model.SkillFilter, _ *model.SkillOrder, first *int, _ *string) int {
		return 1 + child*pageSize(first)
	}
	c.Query.Trainings = func(child int, _ *model.TrainingFilter, _ *model.TrainingOrder, first *int, _ *string) int {
		return 1 + child*pageSize(first)
	}
	c.Query.Employers = func(child int, _ *model.EmployerFilter, _ *model.EmployerOrder, first *int, _ *string) int {
		return 1 + child*pageSize(first)
	}
	c.Query.Search = func(child int, _ string, _ []career.SearchKind, first *int) int {
		return 1 + child*pageSize(first)
	}
	c.Query.Nodes = func(child int, ids []string) int { return 1 + child*len(ids) }
	c.Query.CareerPaths = func(child int, _ model.PathStart, _ string, _ *career.Optimize, k *int, _ *int, _ []string, _ []career.TransitionKind, _ *bool) int {
		return 1 + child*max(1, min(deref(k), career.MaxK))
	}
	c.Query.SimilarRoles = func(child int, _ string, k *int) int { return 1 + child*max(1, min(deref(k), MaxPageSize)) }
	c.Query.ReachableRoles = func(child int, _ string, _ *int, _ *float64) int { return 1 + child*reverseListSize }

	short := func(child int) int { return 1 + child*roleListSize }
	long := func(child int) int { return 1 + child*reverseListSize }
	c.Role.Levels = short
	c.Role.Skills = func(child int, _ *career.Category, _ *career.Importance) int { return short(child) }
	c.Role.SkillGroups = short
	c.Role.Trainings = short
	c.Role.Employers = short
	c.Role.NextSteps = short
	c.Role.CareerChangeSources = short
	c.Role.TransitionsOut = func(child int, _ []career.TransitionKind) int { return short(child) }
	c.Role.TransitionsIn = func(child int, _ []career.TransitionKind) int { return short(child) }
	c.Role.SimilarRoles = short
	c.Role.Equivalents = short
	c.Role.Narrower = long
	c.Skill.RequiredBy = long
	c.Skill.Groups = short
	c.Skill.BuildsOn = long
	c.Skill.NeededBy = long
	c.Group.Children = long
	c.Group.Ancestors = short
	c.Group.Roles = func(child int, first *int, _ *string) int { return 1 + child*pageSize(first) }
	c.Group.Skills = func(child int, first *int, _ *string) int { return 1 + child*pageSize(first) }
	c.Query.SectorTransitions = func(child int, _ string, _ *career.SectorLevel, top *int) int {
		return 1 + child*max(1, min(deref(top), MaxPageSize))
	}
	c.Query.Groups = func(child int, _ *model.GroupFilter, first *int, _ *string) int { return 1 + child*pageSize(first) }
	c.Training.LeadsTo = long
	c.Employer.Hires = long
}
