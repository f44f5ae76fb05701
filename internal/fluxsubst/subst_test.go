package fluxsubst

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openova/envcontract/internal/finding"
)

// line is a problem as validate prints it: "POS: /pointer: [warning: ]message".
func line(f finding.Finding) string {
	ptr, msg := f.Pos.Pointer, f.Message
	if ptr == "" {
		ptr = "/"
	}
	if f.Severity == finding.SeverityWarning {
		msg = "warning: " + msg
	}
	return f.Pos.String() + ": " + ptr + ": " + msg
}

func vars(kv ...string) Vars {
	v := Vars{}
	for i := 0; i+1 < len(kv); i += 2 {
		v[kv[i]] = Var{Value: kv[i+1], Origin: finding.Pos{File: "--var"}}
	}
	return v
}

const hrHead = "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: bp-sandbox\n"

// TestSubstituteValues follows Flux's documented and observed behaviour:
// quoting is lost, the result is re-read as YAML 1.1, and an empty result
// is null.
func TestSubstituteValues(t *testing.T) {
	cases := map[string]struct {
		values string
		vars   Vars
		strict bool
		want   map[string]any
	}{
		"quoted default becomes a boolean": {
			values: `  enabled: "${SANDBOX_ENABLED:-true}"`, vars: vars("OTHER", "x"), strict: true,
			want: map[string]any{"enabled": true},
		},
		"set value becomes a boolean": {
			values: `  enabled: "${SANDBOX_ENABLED}"`, vars: vars("SANDBOX_ENABLED", "false"), strict: true,
			want: map[string]any{"enabled": false},
		},
		"octal is re-read as YAML 1.1": {
			values: `  mode: ${MODE}`, vars: vars("MODE", "0777"), strict: true,
			want: map[string]any{"mode": float64(511)},
		},
		"yes is a YAML 1.1 boolean": {
			values: `  tls: ${TLS}`, vars: vars("TLS", "yes"), strict: true,
			want: map[string]any{"tls": true},
		},
		"a quoted yes in the source stays a string": {
			values: `  tls: "yes"`, vars: vars("TLS", "yes"), strict: true,
			want: map[string]any{"tls": "yes"},
		},
		"a version loses its trailing zero": {
			values: `  tag: ${TAG}`, vars: vars("TAG", "1.10"), strict: true,
			want: map[string]any{"tag": 1.1},
		},
		"unset in non-strict mode is null": {
			values: `  region: ${REGION}`, vars: vars("OTHER", "x"),
			want: map[string]any{"region": nil},
		},
		"unset inside a string is empty": {
			values: `  url: "http://${HOST}:8080"`, vars: vars("OTHER", "x"),
			want: map[string]any{"url": "http://:8080"},
		},
		"escaped dollar is literal": {
			values: `  tpl: "$${NOT_A_VAR}"`, vars: vars("OTHER", "x"), strict: true,
			want: map[string]any{"tpl": "${NOT_A_VAR}"},
		},
		"assign default": {
			values: `  realm: ${REALM:=master}`, vars: vars("OTHER", "x"), strict: true,
			want: map[string]any{"realm": "master"},
		},
		"newlines of a value are removed": {
			values: `  channels: ${CH}`, vars: Vars{"CH": {Value: flatten("a,\nb")}},
			want: map[string]any{"channels": "a,b"},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			doc := hrHead + "spec:\n  values:\n  " + tc.values + "\n"
			res, err := Substitute("hr.yaml", strings.NewReader(doc), "HelmRelease", Options{Vars: tc.vars, Strict: tc.strict, PostBuild: true})
			require.NoError(t, err)
			assert.True(t, res.Substituted)
			for _, p := range res.Problems {
				assert.Equal(t, finding.SeverityWarning, p.Severity, line(p))
			}
			got, ok := res.Values("spec", "values")
			require.True(t, ok)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestSubstituteProblems(t *testing.T) {
	cases := map[string]struct {
		doc       string
		o         Options
		want      []string
		noObject  bool
		substRuns bool
	}{
		"strict unset variable without default": {
			doc:      hrHead + "spec:\n  values:\n    enabled: ${SANDBOX_ENABLED}\n    region: ${REGION:-eu}\n",
			o:        Options{Vars: vars("X", "1"), Strict: true, PostBuild: true, SubstituteFrom: []string{"ConfigMap/cluster-vars"}},
			want:     []string{"hr.yaml:7:14: /spec/values/enabled: variable SANDBOX_ENABLED is not set and has no default: strict substitution fails (set it in spec.postBuild.substitute or with --var; it may come from ConfigMap/cluster-vars, which cannot be read offline: pass it with --vars-file, or write ${SANDBOX_ENABLED:=default})"},
			noObject: true, substRuns: true,
		},
		"non-strict unset variable is a warning": {
			doc:       hrHead + "spec:\n  values:\n    enabled: ${SANDBOX_ENABLED}\n",
			o:         Options{Vars: vars("X", "1"), PostBuild: true},
			want:      []string{"hr.yaml:7:14: /spec/values/enabled: warning: variable SANDBOX_ENABLED is not set: it becomes an empty string, and a value that is only ${SANDBOX_ENABLED} becomes null, which deletes the chart default"},
			substRuns: true,
		},
		"dash default is a parse error": {
			doc:      hrHead + "spec:\n  values:\n    region: ${a-b}\n",
			o:        Options{Vars: vars("a", "1"), Strict: true, PostBuild: true},
			want:     []string{"hr.yaml:7:13: /spec/values/region: cannot parse the substitution: missing closing brace: Flux supports ${VAR}, ${VAR:-default} and ${VAR:=default}; ${VAR-default} is a parse error; write $${...} for a literal ${...}"},
			noObject: true, substRuns: true,
		},
		"refused variable name": {
			doc:      hrHead + "spec:\n  values:\n    a: ${A}\n",
			o:        Options{Vars: Vars{"A": {Value: "1"}, "BAD-NAME": {Value: "x", Origin: finding.Pos{File: "ks.yaml", Line: 9, Col: 7, Pointer: "/spec/postBuild/substitute/BAD-NAME"}}}, Strict: true, PostBuild: true},
			want:     []string{`ks.yaml:9:7: /spec/postBuild/substitute/BAD-NAME: variable name "BAD-NAME" is refused by Flux (must match ^[_[:alpha:]][_[:alpha:][:digit:]]*$), which then substitutes nothing`},
			noObject: true, substRuns: true,
		},
		"disabled by label": {
			doc: "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: x\n  labels:\n    kustomize.toolkit.fluxcd.io/substitute: disabled\nspec:\n  values:\n    enabled: ${SANDBOX_ENABLED}\n",
			o:   Options{Vars: vars("X", "1"), Strict: true, PostBuild: true},
		},
		"disabled by annotation": {
			doc: "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: x\n  annotations:\n    kustomize.toolkit.fluxcd.io/substitute: disabled\nspec:\n  values:\n    enabled: ${SANDBOX_ENABLED}\n",
			o:   Options{Vars: vars("X", "1"), Strict: true, PostBuild: true},
		},
		"no variables: nothing substituted": {
			doc:  hrHead + "spec:\n  values:\n    enabled: ${SANDBOX_ENABLED}\n",
			o:    Options{Strict: true, PostBuild: true},
			want: []string{"hr.yaml:7:14: /spec/values/enabled: warning: left as written: Flux substitutes only when the Kustomization has spec.postBuild and at least one variable is set"},
		},
		"no postBuild: nothing substituted": {
			doc:  hrHead + "spec:\n  values:\n    enabled: ${SANDBOX_ENABLED}\n",
			o:    Options{Vars: vars("SANDBOX_ENABLED", "true"), Strict: true},
			want: []string{"hr.yaml:7:14: /spec/values/enabled: warning: left as written: Flux substitutes only when the Kustomization has spec.postBuild and at least one variable is set"},
		},
		"duplicate key": {
			doc:      hrHead + "spec:\n  values:\n    enabled: true\n    enabled: false\n",
			o:        Options{Vars: vars("X", "1"), PostBuild: true},
			want:     []string{`hr.yaml:8:5: /spec/values/enabled: duplicate key "enabled" (first at line 7): readers disagree on which one counts (the API server keeps the last); keep one`},
			noObject: true,
		},
		"variables anywhere in the resource count": {
			doc:      "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: ${NAME}\nspec: {}\n",
			o:        Options{Vars: vars("X", "1"), Strict: true, PostBuild: true},
			want:     []string{"hr.yaml:4:9: /metadata/name: variable NAME is not set and has no default: strict substitution fails (set it in spec.postBuild.substitute or with --var, or write ${NAME:=default})"},
			noObject: true, substRuns: true,
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			res, err := Substitute("hr.yaml", strings.NewReader(tc.doc), "HelmRelease", tc.o)
			require.NoError(t, err)
			var got []string
			for _, p := range res.Problems {
				got = append(got, line(p))
			}
			assert.Equal(t, tc.want, got)
			assert.Equal(t, tc.noObject, res.Object == nil, "object")
			assert.Equal(t, tc.substRuns, res.Substituted, "substituted")
		})
	}
}

func TestSubstituteDisabledKeepsText(t *testing.T) {
	doc := "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: x\n  labels:\n    kustomize.toolkit.fluxcd.io/substitute: disabled\nspec:\n  values:\n    enabled: ${SANDBOX_ENABLED}\n"
	res, err := Substitute("hr.yaml", strings.NewReader(doc), "HelmRelease", Options{Vars: vars("SANDBOX_ENABLED", "true"), PostBuild: true})
	require.NoError(t, err)
	assert.True(t, res.Disabled)
	got, _ := res.Values("spec", "values")
	assert.Equal(t, map[string]any{"enabled": "${SANDBOX_ENABLED}"}, got)
}

func TestSubstituteInputErrors(t *testing.T) {
	cases := map[string]string{
		"no HelmRelease": "apiVersion: v1\nkind: ConfigMap\n",
		"not YAML":       "a: [\n",
	}
	for name, doc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := Substitute("hr.yaml", strings.NewReader(doc), "HelmRelease", Options{})
			require.Error(t, err)
			assert.Contains(t, err.Error(), "hr.yaml")
		})
	}
}

func TestSubstituteFindsDocumentInStream(t *testing.T) {
	doc := "apiVersion: v1\nkind: ConfigMap\n---\n" + hrHead + "spec:\n  values:\n    a: ${A}\n"
	res, err := Substitute("all.yaml", strings.NewReader(doc), "HelmRelease", Options{Vars: vars("B", "1"), Strict: true, PostBuild: true})
	require.NoError(t, err)
	require.Len(t, res.Problems, 1)
	assert.Equal(t, 10, res.Problems[0].Pos.Line, "lines count from the start of the stream")
}

// A file with two HelmReleases is refused at the second: checking only the
// first would pass the second unseen.
func TestSubstituteRefusesASecondDocument(t *testing.T) {
	in := "kind: HelmRelease\nspec: {values: {a: 1}}\n---\nkind: ConfigMap\n---\nkind: HelmRelease\nspec: {values: {a: 2}}\n"
	_, err := Substitute("hr.yaml", strings.NewReader(in), "HelmRelease", Options{})
	require.ErrorContains(t, err, "hr.yaml: line 6: a second HelmRelease (the first is at line 1)")
}
