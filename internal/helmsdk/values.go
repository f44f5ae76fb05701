package helmsdk

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

// ValuesOptions returns o with Helm's own coalesce.
func ValuesOptions(o values.Options) values.Options {
	o.Coalesce = Coalesce
	return o
}
