package valueschema

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	sigsyaml "sigs.k8s.io/yaml"
)

// TestBuiltinDefaultsAreTheChartsValues holds each built-in schema's
// defaults to the values.yaml of the chart layout it describes (the
// fixtures carry the real chart's keys, shapes and defaults).
func TestBuiltinDefaultsAreTheChartsValues(t *testing.T) {
	cases := map[string]struct{ version, values string }{
		"today's chart": {"0.3.9", "../../fixtures/validate/bp-sandbox/values.yaml"},
		"0.1.x chart":   {"0.1.0", "../../fixtures/validate/bp-sandbox-0.1/values.yaml"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(tc.values)
			require.NoError(t, err)
			var want map[string]any
			require.NoError(t, sigsyaml.Unmarshal(data, &want))
			s, _, err := BuiltinFor(tc.version, nil)
			require.NoError(t, err)
			assert.Equal(t, want, s.Defaults())
		})
	}
}

func TestBuiltinFor(t *testing.T) {
	cases := map[string]string{
		"0.1.0": "bp-sandbox-0.1", "v0.1.3": "bp-sandbox-0.1", "0.1.0-rc.1": "bp-sandbox-0.1",
		"0.2.0": "bp-sandbox", "0.3.9": "bp-sandbox", "0.10.0": "bp-sandbox", "": "bp-sandbox", "1.0.0": "bp-sandbox",
	}
	for version, want := range cases {
		s, _, err := BuiltinFor(version, nil)
		require.NoError(t, err)
		assert.Equal(t, want, s.Name, version)
	}
}

func TestDefaultsFollowRefsAndCopy(t *testing.T) {
	s, err := Compile("d.json", []byte(`{
		"properties": {
			"a": {"$ref": "#/$defs/obj"},
			"b": {"type": "string", "default": "x"},
			"c": {"type": "object", "properties": {"d": {"type": "string"}}},
			"n": {"type": "integer", "default": 3}
		},
		"$defs": {"obj": {"properties": {"k": {"default": {"l": [1]}}}}}
	}`), CompileOptions{})
	require.NoError(t, err)
	d := s.Defaults()
	assert.Equal(t, map[string]any{"a": map[string]any{"k": map[string]any{"l": []any{1.0}}}, "b": "x", "n": 3.0}, d)
	d["a"].(map[string]any)["k"] = "changed"
	assert.Equal(t, map[string]any{"l": []any{1.0}}, s.Defaults()["a"].(map[string]any)["k"], "Defaults returns a copy")
}
