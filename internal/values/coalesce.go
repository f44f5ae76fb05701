package values

import (
	"errors"

	"helm.sh/helm/v3/pkg/chart"
)

// ErrDependencies is returned by Coalesce for a chart with dependencies,
// whose values only Helm's own dependency processing gets right.
var ErrDependencies = errors.New("the chart has dependencies")

// Coalescer merges user values over a chart's defaults the way Helm does
// before it renders, and returns the warnings Helm's coalesce gives (in
// path order).
type Coalescer func(chrt *chart.Chart, user map[string]any) (map[string]any, []Warning, error)

// Coalesce is Helm's chartutil.CoalesceValues for a chart without
// dependencies: user values win, a user null deletes the chart's default,
// and maps merge key by key. It exists so that the post-renderer need not
// link chartutil, which pulls in client-go and costs tens of milliseconds
// at every start; a test keeps it equal to chartutil. Charts with
// dependencies (conditions, tags, import-values, globals) get
// ErrDependencies: use Helm's own coalesce for those (package helmsdk).
func Coalesce(chrt *chart.Chart, user map[string]any) (map[string]any, []Warning, error) {
	if chrt.Metadata != nil && chrt.Metadata.Dependencies != nil || len(chrt.Dependencies()) > 0 {
		return nil, nil, ErrDependencies
	}
	dst := deepCopy(user).(map[string]any)
	if dst == nil {
		dst = map[string]any{}
	}
	var warns []Warning
	defaults, _ := deepCopy(chrt.Values).(map[string]any)
	for key, def := range defaults {
		v, ok := dst[key]
		switch {
		case !ok:
			dst[key] = def
		case v == nil:
			delete(dst, key)
		default:
			vm, vok := v.(map[string]any)
			dm, dok := def.(map[string]any)
			switch {
			case vok && dok:
				coalesceTables(vm, dm, []string{key}, &warns)
			case vok && def != nil:
				// Helm: "skipped value for …: Not a table." (A scalar over
				// a map is silent at the top level.)
				warns = append(warns, Warning{Kind: MapOverScalar, Path: []string{key}})
			}
		}
	}
	SortWarnings(warns)
	return dst, warns, nil
}

// coalesceTables is chartutil's coalesceTablesFullKey without merge: src
// (the chart's) fills in what dst (the user's) lacks, and a null in dst
// deletes src's value; a null meeting a null, or nothing, stays. Where one
// side is a map and the other is not, dst's value stays and Helm warns.
func coalesceTables(dst, src map[string]any, path []string, warns *[]Warning) {
	for key, val := range src {
		dv, ok := dst[key]
		switch {
		case !ok:
			dst[key] = val
		case dv == nil && val != nil:
			delete(dst, key)
		case isMap(val) && isMap(dv):
			coalesceTables(dv.(map[string]any), val.(map[string]any), appendPath(path, key), warns)
		case isMap(val):
			*warns = append(*warns, Warning{Kind: ScalarOverMap, Path: appendPath(path, key)})
		case isMap(dv) && val != nil:
			*warns = append(*warns, Warning{Kind: MapOverScalar, Path: appendPath(path, key)})
		}
	}
}

// deepCopy copies the maps and lists of a values tree, so that coalescing
// changes neither the caller's values nor the chart's.
func deepCopy(v any) any {
	switch v := v.(type) {
	case map[string]any:
		if v == nil {
			return v
		}
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = deepCopy(e)
		}
		return out
	case []any:
		if v == nil {
			return v
		}
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = deepCopy(e)
		}
		return out
	default:
		return v
	}
}
