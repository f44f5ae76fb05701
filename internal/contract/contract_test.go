package contract

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEnvSource(t *testing.T) {
	tests := map[string]struct {
		env            Env
		secret, values bool
	}{
		"literal":             {env: Env{Value: str("x")}},
		"empty literal":       {env: Env{Value: str("")}},
		"fieldRef":            {env: Env{FieldRef: "metadata.name"}},
		"secret":              {env: Env{SecretKeyRef: &SecretKeyRef{Key: "k"}}, secret: true},
		"secret with values":  {env: Env{SecretKeyRef: &SecretKeyRef{Key: "k"}, FromValues: &ValuesRef{Name: "a"}}, secret: true},
		"only values":         {env: Env{FromValues: &ValuesRef{Path: "a.b"}}, values: true},
		"literal overridable": {env: Env{Value: str("x"), FromValues: &ValuesRef{Path: "a.b"}}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			assert.Equal(t, tc.secret, tc.env.IsSecret())
			assert.Equal(t, tc.values, tc.env.RequiresValues())
		})
	}
}

func TestSecretNames(t *testing.T) {
	secret := &SecretKeyRef{Name: "s", Key: "k"}
	c := &Contract{Workloads: []Workload{
		{Env: []Env{{Name: "Z_TOKEN", SecretKeyRef: secret}, {Name: "URL", Value: str("u")}}},
		{Env: []Env{{Name: "A_KEY", SecretKeyRef: secret}, {Name: "Z_TOKEN", SecretKeyRef: secret}}},
		{Require: []string{"B_SECRET"}},
	}}
	assert.Equal(t, []string{"A_KEY", "Z_TOKEN"}, c.SecretNames())
	assert.Empty(t, (&Contract{}).SecretNames())
}

func TestResolvedGoSources(t *testing.T) {
	abs, err := filepath.Abs("/src/app")
	require.NoError(t, err)
	tests := map[string]struct {
		consumer Consumer
		want     []string
	}{
		"relative to the contract": {consumer: Consumer{GoSource: []string{"../app"}, dir: filepath.Join("repo", "contracts")}, want: []string{filepath.Join("repo", "app")}},
		"absolute":                 {consumer: Consumer{GoSource: []string{abs}, dir: "repo"}, want: []string{abs}},
		"no directory":             {consumer: Consumer{GoSource: []string{"./app/"}}, want: []string{"app"}},
		"two programs, a pattern kept": {
			consumer: Consumer{GoSource: []string{"../pty", "../mcp/..."}, dir: "repo"},
			want:     []string{"pty", filepath.Join("mcp", "...")},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			assert.Equal(t, tc.want, tc.consumer.ResolvedGoSources())
		})
	}
}

func TestValuesRefJSON(t *testing.T) {
	tests := map[string]struct {
		ref  ValuesRef
		json string
	}{
		"path":      {ref: ValuesRef{Path: "mcp.giteaBaseURL"}, json: `"mcp.giteaBaseURL"`},
		"name, key": {ref: ValuesRef{Name: "a.name", Key: "a.key"}, json: `{"name":"a.name","key":"a.key"}`},
		"key only":  {ref: ValuesRef{Key: "a.key"}, json: `{"key":"a.key"}`},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			out, err := json.Marshal(tc.ref)
			require.NoError(t, err)
			assert.JSONEq(t, tc.json, string(out))
			var back ValuesRef
			require.NoError(t, json.Unmarshal(out, &back))
			assert.Equal(t, tc.ref, back)
		})
	}
	var bad ValuesRef
	assert.ErrorContains(t, json.Unmarshal([]byte(`3`), &bad), "want a value path or {name, key}")
}
