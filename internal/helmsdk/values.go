package helmsdk

import (
	"fmt"

	"helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/chartutil"

	"github.com/openova/envcontract/internal/values"
)

// Coalesce is a values.Coalescer: Helm's dependency processing, then
// Helm's coalesce. What Helm logs meanwhile (the "destination for … is a
// table" warnings) is captured, never printed, and returned as warnings.
func Coalesce(chrt *chart.Chart, user map[string]any) (map[string]any, []values.Warning, error) {
	var out map[string]any
	lines, err := captureLog(func() error {
		if err := chartutil.ProcessDependenciesWithMerge(chrt, user); err != nil {
			return fmt.Errorf("processing dependencies: %w", err)
		}
		var err error
		out, err = chartutil.CoalesceValues(chrt, user)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return out, parseWarnings(chrt.Name(), lines), nil
}

// ValuesOptions returns o with Helm's own coalesce.
func ValuesOptions(o values.Options) values.Options {
	o.Coalesce = Coalesce
	return o
}
