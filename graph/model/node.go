// Package model holds the GraphQL-only types: connections, inputs and the
// abstract types. Domain types come from career directly.
package model

// Node and SearchResult are empty interfaces: the generated code resolves
// the concrete career type with a type switch, so career types need no
// GraphQL methods.
type (
	Node         interface{}
	SearchResult interface{}
)
