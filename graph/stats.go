package graph

import (
	"context"
	"strings"

	"github.com/99designs/gqlgen/graphql"
)

// wantsHubs reports whether the graphStats field being resolved selects
// any of its hub lists, which need betweenness (career.Stats); the counts
// alone are cheap (career.Counts). Without a field context it says yes.
func wantsHubs(ctx context.Context) bool {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Field == nil {
		return true
	}
	for _, f := range graphql.CollectFields(graphql.GetOperationContext(ctx), fc.Field.Selections, nil) {
		if strings.HasPrefix(f.Name, "hubs") {
			return true
		}
	}
	return false
}
