package values_test

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"helm.sh/helm/v3/pkg/chart"

	"github.com/openova/envcontract/internal/helmsdk"
	"github.com/openova/envcontract/internal/values"
)

func plainChart(defaults map[string]any) *chart.Chart {
	return &chart.Chart{Metadata: &chart.Metadata{APIVersion: "v2", Name: "plain", Version: "0.1.0"}, Values: defaults}
}

// helmCoalesce is what helm install does with a chart's values, and the
// warnings Helm logs meanwhile (captured by helmsdk).
func helmCoalesce(t *testing.T, defaults, user map[string]any) (map[string]any, []values.Warning) {
	t.Helper()
	out, warns, err := helmsdk.Coalesce(plainChart(defaults), user)
	require.NoError(t, err)
	return out, warns
}

func TestCoalesceMatchesHelm(t *testing.T) {
	type m = map[string]any
	cases := map[string]struct{ defaults, user m }{
		"empty":                          {},
		"defaults only":                  {defaults: m{"a": 1, "b": m{"c": "d"}}},
		"user wins":                      {defaults: m{"a": 1}, user: m{"a": 2}},
		"maps merge":                     {defaults: m{"a": m{"b": 1, "c": 2}}, user: m{"a": m{"c": 3, "d": 4}}},
		"null deletes a default":         {defaults: m{"a": 1, "b": 2}, user: m{"a": nil}},
		"nested null deletes":            {defaults: m{"a": m{"b": 1, "c": 2}}, user: m{"a": m{"b": nil}}},
		"null over a null default stays": {defaults: m{"a": m{"b": nil}}, user: m{"a": m{"b": nil}}},
		"null with no default stays":     {defaults: m{"a": m{"x": 1}}, user: m{"a": m{"b": nil}}},
		"scalar over a map":              {defaults: m{"a": m{"b": 1}}, user: m{"a": "s"}},
		"map over a scalar":              {defaults: m{"a": "s"}, user: m{"a": m{"b": 1}}},
		"nested map over a scalar":       {defaults: m{"a": m{"b": "s"}}, user: m{"a": m{"b": m{"c": 1}}}},
		"nested scalar over a map":       {defaults: m{"a": m{"b": m{"c": 1}}}, user: m{"a": m{"b": "s"}}},
		"lists are replaced":             {defaults: m{"a": []any{1, 2}}, user: m{"a": []any{3}}},
		"null default under user map":    {defaults: m{"a": nil}, user: m{"a": m{"b": 1}}},
		"deep":                           {defaults: m{"a": m{"b": m{"c": m{"d": 1, "e": 2}}}}, user: m{"a": m{"b": m{"c": m{"e": nil, "f": 3}}}}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			assertCoalesceLikeHelm(t, tc.defaults, tc.user)
		})
	}
}

// TestCoalesceMatchesHelmRandom compares with Helm on random value trees:
// few keys, so that user values and defaults meet often, and every kind of
// value, null included, at every depth.
func TestCoalesceMatchesHelmRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for i := range 3000 {
		defaults, user := randomTree(r, 3), randomTree(r, 3)
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			assertCoalesceLikeHelm(t, defaults, user)
		})
		if t.Failed() {
			break
		}
	}
}

func assertCoalesceLikeHelm(t *testing.T, defaults, user map[string]any) {
	t.Helper()
	want, wantWarns := helmCoalesce(t, deepCopy(defaults), deepCopy(user))
	d, u := deepCopy(defaults), deepCopy(user)
	got, warns, err := values.Coalesce(plainChart(d), u)
	require.NoError(t, err)
	assert.Equal(t, want, got, "defaults %v, user %v", defaults, user)
	assert.Equal(t, wantWarns, warns, "warnings: defaults %v, user %v", defaults, user)
	assert.True(t, reflect.DeepEqual(defaults, d), "the chart's values were changed")
	assert.True(t, reflect.DeepEqual(user, u), "the user's values were changed")
}

func TestCoalesceRefusesDependencies(t *testing.T) {
	c := plainChart(map[string]any{"a": 1})
	c.Metadata.Dependencies = []*chart.Dependency{{Name: "sub"}}
	_, _, err := values.Coalesce(c, nil)
	require.ErrorIs(t, err, values.ErrDependencies)

	c = plainChart(nil)
	c.AddDependency(plainChart(nil))
	_, _, err = values.Coalesce(c, nil)
	require.ErrorIs(t, err, values.ErrDependencies)

	_, err = values.Load(values.Options{Chart: chartDir})
	require.ErrorIs(t, err, values.ErrDependencies, "the test chart has a subchart")
}

func randomTree(r *rand.Rand, depth int) map[string]any {
	out := map[string]any{}
	for range r.IntN(4) {
		out[string(rune('a'+r.IntN(3)))] = randomValue(r, depth-1)
	}
	return out
}

func randomValue(r *rand.Rand, depth int) any {
	switch n := r.IntN(6); {
	case n == 0:
		return nil
	case n == 1:
		return []any{r.IntN(3)}
	case n < 4 || depth <= 0:
		return fmt.Sprint(r.IntN(3))
	default:
		return randomTree(r, depth)
	}
}

func deepCopy(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		switch v := v.(type) {
		case map[string]any:
			out[k] = deepCopy(v)
		case []any:
			out[k] = append([]any(nil), v...)
		default:
			out[k] = v
		}
	}
	return out
}

func TestCoalesceWarnings(t *testing.T) {
	type m = map[string]any
	cases := map[string]struct {
		defaults, user m
		want           []values.Warning
	}{
		"map over a scalar": {defaults: m{"a": "s"}, user: m{"a": m{"b": 1}},
			want: []values.Warning{{Kind: values.MapOverScalar, Path: []string{"a"}}}},
		"nested map over a scalar, the secret-name case": {
			defaults: m{"runtime": m{"llmGatewayTokenSecret": "sandbox-tokens"}},
			user:     m{"runtime": m{"llmGatewayTokenSecret": m{"name": "x", "key": "y"}}},
			want:     []values.Warning{{Kind: values.MapOverScalar, Path: []string{"runtime", "llmGatewayTokenSecret"}}}},
		"nested scalar over a map": {defaults: m{"a": m{"b": m{"c": 1}}}, user: m{"a": m{"b": "s"}},
			want: []values.Warning{{Kind: values.ScalarOverMap, Path: []string{"a", "b"}}}},
		"top-level scalar over a map is silent, as in Helm": {defaults: m{"a": m{"b": 1}}, user: m{"a": "s"}},
		"list over a map":         {defaults: m{"x": m{"a": m{}}}, user: m{"x": m{"a": []any{1}}}, want: []values.Warning{{Kind: values.ScalarOverMap, Path: []string{"x", "a"}}}},
		"same shapes say nothing": {defaults: m{"a": m{"b": "s"}}, user: m{"a": m{"b": "t"}}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, helmWarns := helmCoalesce(t, deepCopy(tc.defaults), deepCopy(tc.user))
			_, warns, err := values.Coalesce(plainChart(deepCopy(tc.defaults)), deepCopy(tc.user))
			require.NoError(t, err)
			assert.Equal(t, tc.want, warns)
			assert.Equal(t, tc.want, helmWarns, "Helm's own log lines, captured and parsed")
		})
	}
}
