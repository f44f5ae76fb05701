// Package helmvalues coalesces chart values with Helm's own chartutil:
// dependency conditions and tags, import-values, globals and subchart
// defaults, exactly as helm install does. It is kept out of package values
// because chartutil links client-go, whose start-up a post-renderer cannot
// afford; every command but the post-renderer uses it.
package helmvalues

import (
	"fmt"

	"helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/chartutil"

	"github.com/openova/envcontract/internal/values"
)

// Coalesce is a values.Coalescer: Helm's dependency processing, then
// Helm's coalesce.
func Coalesce(chrt *chart.Chart, user map[string]any) (map[string]any, error) {
	if err := chartutil.ProcessDependenciesWithMerge(chrt, user); err != nil {
		return nil, fmt.Errorf("processing dependencies: %w", err)
	}
	return chartutil.CoalesceValues(chrt, user)
}

// Options returns o with Helm's own coalesce.
func Options(o values.Options) values.Options {
	o.Coalesce = Coalesce
	return o
}
