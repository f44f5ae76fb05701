package helmrelease

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRead(t *testing.T) {
	const head = "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\n"
	long := strings.Repeat("a", 30)
	tests := map[string]struct {
		data               string
		release, namespace string
		values             map[string]any
		valuesFrom         bool
		valuesFiles        bool
		doc, line          int
		wantErr            error
		wantErrText        string
	}{
		"name and namespace": {
			data:    head + "metadata: {name: web, namespace: apps}\nspec:\n  values: {a: 1}\n",
			release: "web", namespace: "apps", values: map[string]any{"a": float64(1)},
			line: 1,
		},
		"releaseName wins": {
			data:    head + "metadata: {name: web, namespace: apps}\nspec: {releaseName: r, targetNamespace: t}\n",
			release: "r", namespace: "t", values: map[string]any{}, line: 1,
		},
		"targetNamespace prefixes the name": {
			data:    head + "metadata: {name: web, namespace: apps}\nspec: {targetNamespace: t}\n",
			release: "t-web", namespace: "t", values: map[string]any{}, line: 1,
		},
		"no namespace at all is default": {
			data:    head + "metadata: {name: web}\n",
			release: "web", namespace: "default", values: map[string]any{}, line: 1,
		},
		"a long name is shortened with a hash, as helm-controller does": {
			data: head + "metadata: {name: " + long + "}\nspec: {targetNamespace: " + long + "}\n",
			// the first 40 characters, "-" and 12 hex digits of sha256(name)
			release: long + "-" + long[:9] + "-9fc7f9602247", namespace: long, values: map[string]any{}, line: 1,
		},
		"second document, valuesFrom": {
			data:    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\n" + head + "metadata: {name: web}\nspec:\n  valuesFrom: [{kind: ConfigMap, name: c}]\n",
			release: "web", namespace: "default", values: map[string]any{}, valuesFrom: true, doc: 1, line: 5,
		},
		"chart valuesFiles": {
			data:    head + "metadata: {name: web}\nspec:\n  chart:\n    spec: {chart: c, valuesFiles: [values-prod.yaml]}\n",
			release: "web", namespace: "default", values: map[string]any{}, valuesFiles: true, line: 1,
		},
		"placeholders stay text": {
			data:    head + "metadata: {name: web}\nspec:\n  values:\n    fqdn: ${FQDN}\n    on: ${X:=true}\n",
			release: "web", namespace: "default", values: map[string]any{"fqdn": "${FQDN}", "on": "${X:=true}"}, line: 1,
		},
		"no HelmRelease":   {data: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n", wantErr: ErrNoHelmRelease, wantErrText: "found none"},
		"two":              {data: head + "metadata: {name: a}\n---\n" + head + "metadata: {name: b}\n", wantErr: ErrNoHelmRelease, wantErrText: "lines 1, 5"},
		"another group":    {data: "apiVersion: example.com/v1\nkind: HelmRelease\nmetadata: {name: a}\n", wantErr: ErrNoHelmRelease},
		"no name":          {data: head + "metadata: {namespace: x}\n", wantErr: ErrBadHelmRelease, wantErrText: "hr.yaml:1: "},
		"values not a map": {data: head + "metadata: {name: a}\nspec: {values: [1]}\n", wantErr: ErrBadHelmRelease},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			hr, err := Read("hr.yaml", []byte(tc.data))
			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
				assert.Contains(t, err.Error(), tc.wantErrText)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.release, hr.Release)
			assert.Equal(t, tc.namespace, hr.TargetNamespace)
			assert.Equal(t, tc.values, hr.Values)
			assert.Equal(t, tc.valuesFrom, hr.ValuesFrom)
			assert.Equal(t, tc.valuesFiles, hr.ValuesFiles)
			assert.Equal(t, tc.doc, hr.Doc)
			assert.Equal(t, tc.line, hr.Line)
			assert.LessOrEqual(t, len(hr.Release), 53)
		})
	}
}
