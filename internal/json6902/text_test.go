package json6902

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/yaml"
	sigsyaml "sigs.k8s.io/yaml"
)

// TestTextKeepsStrings: kustomize reads patches as YAML 1.1, where on,
// yes, 0777 and 1e3 are not strings; every one must come back a string.
func TestTextKeepsStrings(t *testing.T) {
	for _, s := range []string{"false", "on", "yes", "y", "0777", "1e3", "0x1F", "null", "~", "", "${X:-true}",
		"a: b", "#x", "- x", "multi\nline\n", "trailing ", "\"quoted\"", `back\slash`, "ünïcode", "$(ORG_ID)"} {
		t.Run(s, func(t *testing.T) {
			text, err := Text([]Op{{Op: "add", Path: "/x", Value: str(s)}})
			require.NoError(t, err)
			js, err := sigsyaml.YAMLToJSON([]byte(text))
			require.NoError(t, err)
			var ops []map[string]any
			require.NoError(t, json.Unmarshal(js, &ops))
			assert.Equal(t, s, ops[0]["value"])
		})
	}
}

func TestTextKeepsJSONTypes(t *testing.T) {
	n := parse(t, `{s: "1", i: 1, f: 1.5, b: true, z: null, l: [1, "x"]}`)
	v, err := jsonNode(n)
	require.NoError(t, err)
	text, err := Text([]Op{{Op: "add", Path: "/x", Value: v}})
	require.NoError(t, err)
	js, err := sigsyaml.YAMLToJSON([]byte(text))
	require.NoError(t, err)
	assert.JSONEq(t, `[{"op":"add","path":"/x","value":{"s":"1","i":1,"f":1.5,"b":true,"z":null,"l":[1,"x"]}}]`, string(js))
}

func TestJSONNodeRefusesNonStringKeys(t *testing.T) {
	var doc yaml.Node
	require.NoError(t, yaml.Unmarshal([]byte("{1: a}"), &doc))
	_, err := jsonNode(&doc)
	require.Error(t, err)
	assert.True(t, strings.Contains(err.Error(), "not a string"))
}
