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
	"careergraph/graph/generated"
	"careergraph/graph/model"
	"careergraph/linker"
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
}

// Guesses of list sizes for complexity: a role's own lists (levels,
// skills, trainings, ...) are short; the reverse lists (who requires a
// skill, where a training leads) grow with the graph.
const (
	roleListSize = 10
	// maxRomeFamily is the most fiches one historical ROME code has in
	// the shipped ROME (the seed tests check the bound).
	maxRomeFamily   = 30
	reverseListSize = 50
	// searchCost is the base cost of a field that searches the graph
	// (routes, reach, similarity): its work grows with the graph, not with
	// its answer, so in a list it must not pass for a cheap field.
	searchCost = 100
)

// NewServer builds the GraphQL handler over live: POST and GET transports,
// a query cache, automatic persisted queries, the cost limits, the write
// gate, coded errors, capped responses and panic recovery.
func NewServer(live *store.Live, o Options) *handler.Server {
	cfg := generated.Config{Resolvers: &Resolver{Live: live, Sectors: o.Sectors, HiringAreasTable: o.HiringAreas, Writes: o.Writes}}
	setComplexity(&cfg.Complexity)
	srv := handler.New(generated.NewExecutableSchema(cfg))
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	docs := lru.New[*ast.QueryDocument](1000)
	srv.SetQueryCache(docs)
	srv.SetParserTokenLimit(o.MaxTokens)
	// Suggestions ("Did you mean ...") would tell the schema that
	// introspection hides.
	srv.SetDisableSuggestion(!o.Introspection)
	if o.Introspection {
		srv.Use(extension.Introspection{})
	}
	cost := &Cost{Limits: o.Limits, Cache: docs}
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
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](1000)})
	srv.Use(cost)
	srv.Use(writeGate{keys: o.Keys})
	srv.Use(Deadline{})
	srv.AroundOperations(func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		// Past the deadline gqlgen answers nothing (a bare "null"), or
		// Deadline stopped the fields still to run: one error says why.
		return stopAtDeadline(graphql.GetOperationContext(ctx), next(WithSnapshot(ctx, live.Graph())), o.Metrics)
	})
	srv.SetErrorPresenter(ErrorPresenter(func(ctx context.Context, err error) {
		o.Log.ErrorContext(ctx, "request failed", "err", err)
	}))
	srv.SetRecoverFunc(func(ctx context.Context, p any) error {
		o.Log.ErrorContext(ctx, "panic in resolver", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		return coded(CodeInternal, "internal error")
	})
	return srv
}

// capResponse refuses a response whose data is over maxBytes, and lists at
// most maxErrors errors, counting the rest in extensions.errorsOmitted.
func capResponse(maxBytes, maxErrors int) graphql.ResponseMiddleware {
	return func(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
		resp := next(ctx)
		if resp == nil {
			return nil
		}
		if n := len(resp.Data); maxBytes > 0 && n > maxBytes {
			resp.Data = nil
			resp.Errors = gqlerror.List{coded(CodeResponseTooLarge,
				"the answer would be %d bytes, at most %d allowed; ask for fewer fields or a smaller page", n, maxBytes)}
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

func pageSize(first *int) int {
	if first == nil {
		return DefaultPageSize
	}
	return max(1, min(*first, MaxPageSize))
}

// startCost is what reading a route's or a gap's start costs: its text's.
func startCost(from *model.PathStart) int {
	if from == nil || from.Text == nil {
		return 0
	}
	return textCost(*from.Text)
}

func setComplexity(c *generated.ComplexityRoot) {
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
		return 1 + child*max(1, min(topOr(first, 10), MaxSearchHits))
	}
	c.Query.Nodes = func(child int, ids []string) int { return 1 + child*len(ids) }
	c.Query.CareerPaths = func(child int, from model.PathStart, _ string, _ *career.Optimize, k *int, _ *int, _ []string, _ []career.TransitionKind, _ *bool) int {
		return searchCost + startCost(&from) + child*max(1, min(topOr(k, career.DefaultK), career.MaxK))
	}
	c.Query.SkillGap = func(child int, _ []string, from *model.PathStart, _ string) int { return 1 + startCost(from) + child }
	c.Query.LinkTitle = func(child int, _ string, _ []linker.Scheme, _ []career.Lang, first *int) int {
		return 1 + child*max(1, min(deref(first), MaxSearchHits))
	}
	c.Query.ReadText = func(child int, text string, skills, roles *int) int {
		return textCost(text) + child*max(1, min(deref(skills), linker.MaxSkills)+min(deref(roles), MaxSearchHits))
	}
	c.Query.SimilarRoles = func(child int, _ string, k *int) int {
		return searchCost + child*max(1, min(topOr(k, 10), MaxPageSize))
	}
	c.Query.ReachableRoles = func(child int, _ string, _ *int, _ *float64) int { return searchCost + child*reverseListSize }

	short := func(child int) int { return 1 + child*roleListSize }
	long := func(child int) int { return 1 + child*reverseListSize }
	c.Role.Levels = short
	c.Role.Skills = func(child int, _ *career.Category, _ *career.Importance, _ *bool) int { return short(child) }
	c.Role.SkillGroups = short
	c.Role.Trainings = func(child int) int { return 1 + child*career.MaxTrainingsListed }
	c.Role.Certifications = func(child int, first *int, _ *string, _, _ *int) int { return 1 + child*pageSize(first) }
	c.Role.HiringAreas = func(child int, _, _ *string, first *int, _ *string) int { return 1 + child*pageSize(first) }
	c.Role.RomeFamily = func(child int) int { return 1 + child*maxRomeFamily }
	c.Role.Employers = short
	c.Role.NextSteps = short
	c.Role.CareerChangeSources = short
	c.Role.TransitionsOut = func(child int, _ []career.TransitionKind) int { return short(child) }
	c.Role.TransitionsIn = func(child int, _ []career.TransitionKind) int { return short(child) }
	c.Role.SimilarRoles = func(child int) int { return searchCost + child*roleListSize }
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
		return 1 + child*max(1, min(topOr(top, 5), MaxPageSize))
	}
	// A matrix is at most 54 × 54 numbers, known in advance.
	c.Query.SectorMatrix = func(child int, _ *career.SectorLevel) int { return 1 + child }
	c.Query.Groups = func(child int, _ *model.GroupFilter, first *int, _ *string) int { return 1 + child*pageSize(first) }
	c.MCCProfile.SectorTransitions = func(child int, _ *career.SectorLevel, top *int) int {
		return 1 + child*max(1, min(topOr(top, 5), MaxPageSize))
	}
	c.Training.LeadsTo = long
	c.Employer.Hires = long
	setROMEComplexity(c)
}
