package action

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/openova/envcontract/internal/consumer"
	"github.com/openova/envcontract/internal/finding"
)

// TestExtractYAMLReadsBack checks the skeleton is YAML that gives back the
// names as they are, however odd, and keeps dynamic reads in comments.
func TestExtractYAMLReadsBack(t *testing.T) {
	loc := []finding.Pos{{File: "main.go", Line: 3, Col: 9, Doc: -1}}
	tests := map[string]struct {
		names   []string
		dynamic []finding.Pos
		want    []string
	}{
		"plain names": {names: []string{"A", "SANDBOX_ORG_ID"}, want: []string{"A", "SANDBOX_ORG_ID"}},
		"names YAML would retype or misread": {
			names: []string{"yes", "1.0", "null", "a: b", "#x", " padded", "-", "x\ny", "tab\there", `quote"`},
			want:  []string{"yes", "1.0", "null", "a: b", "#x", " padded", "-", "x\ny", "tab\there", `quote"`},
		},
		"nothing read": {want: []string{}},
		"only dynamic": {dynamic: loc, want: []string{}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			res := &consumer.Result{Dynamic: tc.dynamic}
			for _, n := range tc.names {
				res.Reads = append(res.Reads, consumer.Read{Name: n, Locations: loc})
			}
			var out bytes.Buffer
			require.NoError(t, writeExtractYAML(&out, res, []string{"./svc"}))
			var doc struct {
				Require []string `yaml:"require"`
			}
			require.NoError(t, yaml.Unmarshal(out.Bytes(), &doc), out.String())
			if len(tc.want) == 0 {
				assert.Empty(t, doc.Require)
			} else {
				assert.Equal(t, tc.want, doc.Require)
			}
			assert.Equal(t, len(tc.dynamic) > 0, bytes.Contains(out.Bytes(), []byte("#   main.go:3")), out.String())
		})
	}
}

func TestExtractTextNothingFound(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, writeExtractText(&out, &consumer.Result{}, nil))
	assert.Equal(t, "no env reads found\n", out.String())
}
