// Package graph is the GraphQL layer: gqlgen's generated executor
// (generated/, with the models in model/), the resolvers (*.resolvers.go, thin: they read
// the request's snapshot and call career), and what wraps execution: cost
// limits (cost.go, complexity.go), coded errors (errors.go), write
// authorisation and budgets (auth.go, ratelimit.go), metrics and tracing.
package graph

//go:generate go run ./gqlgen

import (
	"careergraph/career"
	"careergraph/store"
)

// Resolver is the root resolver. Every request reads one snapshot from
// Live; resolvers only translate between GraphQL and career.
type Resolver struct {
	Live *store.Live
	// Sectors are MCC's sector transition matrices (static data).
	Sectors career.SectorMatrices
	// HiringAreasTable is BMO's employment-area figures (static data);
	// nil answers empty lists.
	HiringAreasTable *career.HiringAreas
	// Writes limits records written per client IP; nil means no limit.
	Writes *WriteLimiter
}
