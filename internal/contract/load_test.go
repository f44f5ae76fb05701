package contract

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openova/envcontract/internal/yamlnode"
)

const minimal = `apiVersion: envcontract.dev/v1alpha1
kind: EnvContract
metadata:
  name: mine
spec:
  workloads:
    - name: web
      match: {kinds: [Deployment]}
      require: [PORT]
`

// problemsOf returns the lines of an *InvalidError, failing the test for any
// other error.
func problemsOf(t *testing.T, err error) []string {
	t.Helper()
	require.Error(t, err)
	require.ErrorIs(t, err, ErrInvalid)
	var inv *InvalidError
	require.True(t, errors.As(err, &inv), "want *InvalidError, got %T", err)
	lines := make([]string, len(inv.Problems))
	for i, p := range inv.Problems {
		lines[i] = problemLine(p)
	}
	assert.Equal(t, strings.Join(lines, "\n"), err.Error())
	return lines
}

func TestParseYAMLProblems(t *testing.T) {
	tests := map[string]struct {
		in        string
		want      []string
		wantCause error
	}{
		"duplicate key": {
			in:        "apiVersion: envcontract.dev/v1alpha1\nkind: EnvContract\nkind: EnvContract\n",
			want:      []string{`c.yaml:3: duplicate mapping key "kind" (first at line 2); keep one of them`},
			wantCause: yamlnode.ErrDuplicateKey,
		},
		"syntax error": {
			in:   "spec:\n  workloads: [\n",
			want: []string{"c.yaml:2: did not find expected node content; fix the YAML syntax there"},
		},
		"alias bomb": {
			in: "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n" +
				"d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n" +
				"g: [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n",
			want:      []string{"c.yaml:1: aliases expand to too many nodes (more than 1000000); write the repeated parts out instead of aliasing them"},
			wantCause: yamlnode.ErrAliasBudget,
		},
		"alias inside its own anchor": {
			in:   "a: &a {b: [1, *a]}\n",
			want: []string{"c.yaml:1:15: alias *a sits inside the value it names, so it never ends; write the value out"},
		},
		"empty file": {
			in:   "# nothing here\n",
			want: []string{"c.yaml:1: the file is empty; a contract needs apiVersion, kind, metadata and spec"},
		},
		"second document": {
			in:   minimal + "---\nkind: EnvContract\n",
			want: []string{"c.yaml:11: a contract file holds one YAML document; move the others to files of their own"},
		},
		"broken second document": {
			in:   minimal + "---\nkind: [\n",
			want: []string{"c.yaml:11: a contract file holds one YAML document; move the others to files of their own"},
		},
		"trailing document separator is fine": {
			in: minimal + "---\n",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := Parse([]byte(tc.in), "c.yaml")
			if tc.want == nil {
				require.NoError(t, err)
				return
			}
			assert.Equal(t, tc.want, problemsOf(t, err))
			if tc.wantCause != nil {
				assert.ErrorIs(t, err, tc.wantCause)
			}
		})
	}
}

func TestParseDecodes(t *testing.T) {
	in := `apiVersion: envcontract.dev/v1alpha1
kind: EnvContract
metadata: {name: shop}
spec:
  workloads:
    - name: api
      match:
        kinds: [Deployment, StatefulSet]
        names: [api]
        labels: {app: api}
      containers: [main]
      rename:
        - {from: OLD, to: NEW}
      forbid: [OLD]
      env:
        - name: EMPTY
          value: ""
        - name: URL
          value: http://$(HOST):80
          fromValues: api.url
        - name: NS
          fieldRef: metadata.namespace
        - name: TOKEN
          secretKeyRef: {name: "", key: token}
          fromValues: {key: api.tokenKey}
        - name: IMAGE
          fromValues: api.image
      require: [HOME]
      optional:
        - {name: DEBUG, reason: off by default}
      consumer: {goSource: ../cmd/api}
      required: true
`
	c, err := Parse([]byte(in), "shop.yaml")
	require.NoError(t, err)
	want := &Contract{
		Name:   "shop",
		Source: "shop.yaml",
		Workloads: []Workload{{
			Name: "api", Line: 6,
			Match:      Match{Kinds: []string{"Deployment", "StatefulSet"}, Names: []string{"api"}, Labels: map[string]string{"app": "api"}},
			Containers: []string{"main"},
			Rename:     []Rename{{From: "OLD", To: "NEW", Line: 13}},
			Forbid:     []string{"OLD"},
			Env: []Env{
				{Name: "EMPTY", Line: 16, Value: str("")},
				{Name: "URL", Line: 18, Value: str("http://$(HOST):80"), FromValues: &ValuesRef{Path: "api.url"}},
				{Name: "NS", Line: 21, FieldRef: "metadata.namespace"},
				{Name: "TOKEN", Line: 23, SecretKeyRef: &SecretKeyRef{Key: "token"}, FromValues: &ValuesRef{Key: "api.tokenKey"}},
				{Name: "IMAGE", Line: 26, FromValues: &ValuesRef{Path: "api.image"}},
			},
			Require:  []string{"HOME"},
			Optional: []Optional{{Name: "DEBUG", Reason: "off by default", Line: 30}},
			Consumer: &Consumer{GoSource: []string{"../cmd/api"}},
			Required: true,
		}},
	}
	assert.Equal(t, want, c)
}

func TestLoad(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "contracts")
	require.NoError(t, os.Mkdir(dir, 0o700))
	path := filepath.Join(dir, "c.yaml")
	in := strings.Replace(minimal, "      require: [PORT]\n",
		"      require: [PORT]\n      consumer: {goSource: ../src/web}\n", 1)
	require.NoError(t, os.WriteFile(path, []byte(in), 0o600))

	c, err := Load(path)
	require.NoError(t, err)
	assert.Equal(t, path, c.Source)
	assert.Equal(t, dir, c.Dir)
	assert.Equal(t, []string{filepath.Join(filepath.Dir(dir), "src", "web")}, c.Workloads[0].Consumer.ResolvedGoSources())

	bad := filepath.Join(dir, "bad.yaml")
	require.NoError(t, os.WriteFile(bad, []byte(strings.Replace(minimal, "PORT", "1PORT", 1)), 0o600))
	_, err = Load(bad)
	assert.Equal(t, []string{bad + `:9:17: /spec/workloads/0/require/0: "1PORT" is not an env name: use letters, digits and '_', not starting with a digit`},
		problemsOf(t, err))

	_, err = Load(filepath.Join(dir, "missing.yaml"))
	require.ErrorIs(t, err, os.ErrNotExist)
	assert.ErrorContains(t, err, "read contract: ")
}

// A contract path that is not a regular file is refused before it is
// opened: a FIFO would block, /dev/zero never ends.
func TestLoadRefusesNonRegularFiles(t *testing.T) {
	_, err := Load(t.TempDir())
	require.ErrorContains(t, err, "not a regular file (a directory)")
	if _, err := os.Stat("/dev/zero"); err == nil {
		_, err = Load("/dev/zero")
		require.ErrorContains(t, err, "/dev/zero: not a regular file (a character device)")
	}
}
