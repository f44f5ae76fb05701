package envedit

import (
	"strings"
	"testing"

	"github.com/openova/envcontract/internal/contract"
	"github.com/openova/envcontract/internal/finding"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

func ptr(s string) *string { return &s }

// mcp is a small workload in the shape of the built-in contract's mcp.
var mcp = contract.Workload{
	Name:       "mcp",
	Match:      contract.Match{Kinds: []string{"Deployment"}, Labels: map[string]string{"app": "mcp"}},
	Containers: []string{"mcp"},
	Rename:     []contract.Rename{{From: "ORG_ID", To: "SANDBOX_ORG_ID"}},
	Forbid:     []string{"ORG_ID"},
	Env: []contract.Env{
		{Name: "SANDBOX_NAMESPACE", FieldRef: "metadata.namespace"},
		{Name: "SANDBOX_TENANT_ID", Value: ptr("$(SANDBOX_ORG_ID)")},
		{Name: "SANDBOX_GITEA_BASE_URL", Value: ptr("http://gitea:3000"), FromValues: &contract.ValuesRef{Path: "mcp.giteaBaseURL"}},
		{Name: "SANDBOX_GITEA_TOKEN", SecretKeyRef: &contract.SecretKeyRef{Name: "gitea-token", Key: "token"},
			FromValues: &contract.ValuesRef{Name: "mcp.giteaTokenSecret.name", Key: "mcp.giteaTokenSecret.key"}},
		{Name: "KEYCLOAK_ADMIN_TOKEN", SecretKeyRef: &contract.SecretKeyRef{Key: "token"},
			FromValues: &contract.ValuesRef{Name: "mcp.keycloak.adminTokenSecret.name"}},
		{Name: "SANDBOX_MCP_IMAGE", FromValues: &contract.ValuesRef{Path: "runtime.mcpImage"}},
	},
}

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: m
  labels: {app: mcp}
spec:
  template:
    spec:
      containers:
      - name: mcp
        env:
        - name: ORG_ID # the organisation
          value: acme
        - name: GREETING
          value: hello $(ORG_ID) and $$(ORG_ID)
      - name: sidecar
        env:
        - name: ORG_ID
          value: untouched
`

// apply runs the workload over one object and returns the object's YAML and
// the findings.
func apply(t *testing.T, w contract.Workload, vals Values, in string) (string, []finding.Finding, bool) {
	t.Helper()
	rn, err := yaml.Parse(in)
	require.NoError(t, err)
	rec := &Recorder{}
	hit, err := Workload{Rules: w, Values: vals, Rec: rec}.Filter(rn)
	require.NoError(t, err)
	if hit == nil {
		return "", nil, false
	}
	out, err := rn.String()
	require.NoError(t, err)
	return out, rec.Findings, rec.Changed
}

func kinds(fs []finding.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, string(f.Code)+":"+f.Env)
	}
	return out
}

func TestWorkloadFixesDriftedContainer(t *testing.T) {
	vals := Values{"runtime": map[string]any{"mcpImage": "reg/mcp:1"}, "mcp": map[string]any{"giteaBaseURL": "https://git.example"}}
	out, fs, changed := apply(t, mcp, vals, deployment)
	require.True(t, changed)
	assert.Equal(t, strings.TrimSpace(`
apiVersion: apps/v1
kind: Deployment
metadata:
  name: m
  labels: {app: mcp}
spec:
  template:
    spec:
      containers:
      - name: mcp
        env:
        - name: SANDBOX_ORG_ID # the organisation
          value: acme
        - name: GREETING
          value: hello $(SANDBOX_ORG_ID) and $$(ORG_ID)
        - name: SANDBOX_NAMESPACE
          valueFrom:
            fieldRef:
              fieldPath: metadata.namespace
        - name: SANDBOX_TENANT_ID
          value: $(SANDBOX_ORG_ID)
        - name: SANDBOX_GITEA_BASE_URL
          value: https://git.example
        - name: SANDBOX_GITEA_TOKEN
          valueFrom:
            secretKeyRef:
              name: gitea-token
              key: token
              optional: true
        - name: SANDBOX_MCP_IMAGE
          value: reg/mcp:1
      - name: sidecar
        env:
        - name: ORG_ID
          value: untouched`), strings.TrimSpace(out))
	assert.Equal(t, []string{
		"renamed:ORG_ID", "injected:SANDBOX_NAMESPACE", "injected:SANDBOX_TENANT_ID",
		"injected:SANDBOX_GITEA_BASE_URL", "injected:SANDBOX_GITEA_TOKEN", "injected:SANDBOX_MCP_IMAGE",
		"not-configured:KEYCLOAK_ADMIN_TOKEN",
	}, kinds(fs))
	assert.Equal(t, 12, fs[0].Pos.Line, "the renamed entry's line")

	again, fs2, changed2 := apply(t, mcp, vals, out)
	assert.False(t, changed2, "a second run changes nothing")
	assert.Equal(t, out, again)
	assert.Equal(t, []string{"not-configured:KEYCLOAK_ADMIN_TOKEN"}, kinds(fs2))
}

func TestWorkloadRules(t *testing.T) {
	full := Values{"runtime": map[string]any{"mcpImage": "img"}}
	tests := map[string]struct {
		w     func(w contract.Workload) contract.Workload
		vals  Values
		in    string
		kinds []string
	}{
		"not selected: other label": {
			in: strings.Replace(deployment, "{app: mcp}", "{app: web}", 1),
		},
		"missing value without default": {
			in:    deployment,
			vals:  Values{},
			kinds: []string{"renamed:ORG_ID", "injected:SANDBOX_NAMESPACE", "injected:SANDBOX_TENANT_ID", "injected:SANDBOX_GITEA_BASE_URL", "injected:SANDBOX_GITEA_TOKEN", "not-configured:KEYCLOAK_ADMIN_TOKEN", "no-value:SANDBOX_MCP_IMAGE"},
		},
		"an empty chart value counts as unset": {
			in:    deployment,
			vals:  Values{"runtime": map[string]any{"mcpImage": ""}},
			kinds: []string{"renamed:ORG_ID", "injected:SANDBOX_NAMESPACE", "injected:SANDBOX_TENANT_ID", "injected:SANDBOX_GITEA_BASE_URL", "injected:SANDBOX_GITEA_TOKEN", "not-configured:KEYCLOAK_ADMIN_TOKEN", "no-value:SANDBOX_MCP_IMAGE"},
		},
		"secret given as a literal": {
			in:   strings.Replace(deployment, "- name: GREETING\n          value: hello $(ORG_ID) and $$(ORG_ID)", "- name: SANDBOX_GITEA_TOKEN\n          value: s3cr3t-canary", 1),
			vals: full,
			kinds: []string{"renamed:ORG_ID", "secret-literal:SANDBOX_GITEA_TOKEN", "injected:SANDBOX_NAMESPACE",
				"injected:SANDBOX_TENANT_ID", "injected:SANDBOX_GITEA_BASE_URL", "injected:SANDBOX_MCP_IMAGE", "not-configured:KEYCLOAK_ADMIN_TOKEN"},
		},
		"duplicate names stop the edit": {
			in:    strings.Replace(deployment, "- name: GREETING", "- name: ORG_ID", 1),
			vals:  full,
			kinds: []string{"duplicate:ORG_ID"},
		},
		"rename target exists": {
			in:   strings.Replace(deployment, "- name: GREETING", "- name: SANDBOX_ORG_ID", 1),
			vals: full,
			kinds: []string{"rename-conflict:ORG_ID", "injected:SANDBOX_NAMESPACE", "injected:SANDBOX_TENANT_ID",
				"injected:SANDBOX_GITEA_BASE_URL", "injected:SANDBOX_GITEA_TOKEN", "injected:SANDBOX_MCP_IMAGE", "not-configured:KEYCLOAK_ADMIN_TOKEN"},
		},
		"require and forbid": {
			w: func(w contract.Workload) contract.Workload {
				return contract.Workload{Name: "pty", Match: w.Match, Require: []string{"ORG_ID", "SOVEREIGN_FQDN"}, Forbid: []string{"GREETING"}}
			},
			in:    deployment,
			kinds: []string{"missing:SOVEREIGN_FQDN", "forbidden:GREETING", "missing:SOVEREIGN_FQDN"},
		},
		"container not in the template": {
			w: func(w contract.Workload) contract.Workload {
				w.Containers = []string{"server"}
				return w
			},
			in:    deployment,
			vals:  full,
			kinds: []string{"missing:"},
		},
		"env is not a list": {
			in:    "kind: Deployment\nmetadata: {labels: {app: mcp}}\nspec:\n  template:\n    spec:\n      containers:\n      - name: mcp\n        env: {ORG_ID: x}\n",
			vals:  full,
			kinds: []string{"bad-object:"},
		},
		"no pod template": {
			in:    "kind: Deployment\nmetadata: {labels: {app: mcp}}\nspec: {replicas: 1}\n",
			kinds: []string{"bad-object:"},
		},
		"secretKeyRef without optional is made optional": {
			w: func(w contract.Workload) contract.Workload {
				w.Rename, w.Forbid, w.Env = nil, nil, w.Env[3:4]
				return w
			},
			in:    strings.Replace(deployment, "- name: GREETING\n          value: hello $(ORG_ID) and $$(ORG_ID)", "- name: SANDBOX_GITEA_TOKEN\n          valueFrom:\n            secretKeyRef: {name: a, key: b}", 1),
			kinds: []string{"optional-forced:SANDBOX_GITEA_TOKEN"},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			w := mcp
			if tc.w != nil {
				w = tc.w(mcp)
			}
			_, fs, _ := apply(t, w, tc.vals, tc.in)
			assert.Equal(t, tc.kinds, kinds(fs))
			for _, f := range fs {
				assert.NotContains(t, f.Message, "s3cr3t-canary")
			}
		})
	}
}

func TestCronJobInitContainers(t *testing.T) {
	w := contract.Workload{Name: "job", Match: contract.Match{Kinds: []string{"CronJob"}},
		Rename: []contract.Rename{{From: "A", To: "B"}}}
	out, fs, changed := apply(t, w, nil, `kind: CronJob
spec:
  jobTemplate:
    spec:
      template:
        spec:
          initContainers:
          - name: init
            env: [{name: A, value: "1"}]
          containers:
          - name: main
            env:
            - name: A
              valueFrom: {configMapKeyRef: {name: c, key: k}}
`)
	require.True(t, changed)
	assert.Equal(t, []string{"renamed:A", "renamed:A"}, kinds(fs))
	assert.Contains(t, out, "env: [{name: B, value: \"1\"}]")
	assert.Contains(t, out, "- name: B\n              valueFrom: {configMapKeyRef: {name: c, key: k}}")
}

func TestValuesText(t *testing.T) {
	v := Values{"a": map[string]any{"s": "x", "b": false, "i": int64(3), "f": float64(8080), "n": nil, "m": map[string]any{}}}
	for path, want := range map[string]string{"a.s": "x", "a.b": "false", "a.i": "3", "a.f": "8080"} {
		got, ok, err := v.text(path)
		require.NoError(t, err)
		assert.True(t, ok)
		assert.Equal(t, want, got, path)
	}
	_, ok, err := v.text("a.n")
	assert.NoError(t, err)
	assert.False(t, ok, "null counts as unset")
	_, _, err = v.text("a.m")
	assert.ErrorContains(t, err, "not a scalar")
}

func TestUnresolvedReference(t *testing.T) {
	w := contract.Workload{Name: "w", Match: contract.Match{Kinds: []string{"Pod"}},
		Env: []contract.Env{{Name: "TENANT", Value: ptr("$(ORG) and $(LATER)")}, {Name: "LATER", Value: ptr("x")}}}
	_, fs, _ := apply(t, w, nil, "kind: Pod\nspec:\n  containers:\n  - name: c\n    env:\n    - name: ORG\n      value: o\n")
	assert.Equal(t, []string{"injected:TENANT", "injected:LATER", "unresolved-reference:TENANT"}, kinds(fs))
	assert.Contains(t, fs[2].Message, "$(LATER)")
}

func TestReferences(t *testing.T) {
	assert.Equal(t, []string{"A", "B"}, references("x $(A) $$(C) $(B)"))
	assert.Equal(t, "$(B) $$(A) $(B)", replaceReference("$(A) $$(A) $(A)", "A", "B"))
}
