package envedit

import (
	"strings"
	"testing"

	"github.com/openova/envcontract/internal/finding"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

func TestArtefacts(t *testing.T) {
	const head = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: c}\nspec:\n  template:\n    spec:\n      containers:\n      - name: ctl\n        env:\n"
	tests := map[string]struct {
		in   string
		want []string // Env:field of each finding, at its line
		line int
	}{
		"a map printed into a value": {
			in:   head + "        - name: TOKEN_SECRET\n          value: \"map[key:token name:sandbox-tokens]\"\n",
			want: []string{"TOKEN_SECRET: value"}, line: 11,
		},
		"a bad printf verb": {
			in:   head + "        - name: URL\n          value: \"%!s(<nil>)\"\n",
			want: []string{"URL: value"}, line: 11,
		},
		"no value": {
			in:   head + "        - name: REGION\n          value: <no value>\n",
			want: []string{"REGION: value"}, line: 11,
		},
		"a list's type": {
			in:   head + "        - name: CHANNELS\n          value: \"[]interface {}{\\\"a\\\"}\"\n",
			want: []string{"CHANNELS: value"}, line: 11,
		},
		"secretKeyRef name and key": {
			in:   head + "        - name: TOKEN\n          valueFrom:\n            secretKeyRef:\n              name: map[key:token name:x]\n              key: <no value>\n",
			want: []string{"TOKEN: valueFrom.secretKeyRef.name", "TOKEN: valueFrom.secretKeyRef.key"}, line: 13,
		},
		"a Go-looking word is fine": {
			in: head + "        - name: HINT\n          value: \"a roadmap[1], 100%! and 5%!\"\n",
		},
		"initContainers of a CronJob": {
			in:   "kind: CronJob\nmetadata: {name: j}\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          initContainers:\n          - name: init\n            env:\n            - {name: A, value: \"map[]\"}\n",
			want: []string{"A: value"}, line: 11,
		},
		"a nested map": {
			in:   head + "        - name: X\n          value: \"[a map[b:c]]\"\n",
			want: []string{"X: value"}, line: 11,
		},
		"not a workload": {
			in: "kind: ConfigMap\nmetadata: {name: c}\ndata: {a: \"map[x:y]\"}\n",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			rn, err := yaml.Parse(tc.in)
			require.NoError(t, err)
			fs := Artefacts(rn, ReadObject(rn))
			var got []string
			for _, f := range fs {
				got = append(got, f.Env+": "+fieldOf(f.Message))
				assert.Equal(t, finding.FormatArtefact, f.Code)
				assert.Equal(t, finding.SeverityError, f.Severity)
				assert.NotContains(t, f.Text(), "sandbox-tokens", "the value is never shown")
			}
			assert.Equal(t, tc.want, got)
			if len(fs) > 0 {
				assert.Equal(t, tc.line, fs[0].Pos.Line)
			}
		})
	}
}

// fieldOf returns the field a message names: "env X: FIELD holds …".
func fieldOf(msg string) string {
	f := strings.Fields(msg)
	if len(f) < 3 {
		return ""
	}
	return f[2]
}
