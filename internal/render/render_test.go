package render

import (
	"strings"
	"testing"

	"github.com/openova/envcontract/internal/contract"
	"github.com/openova/envcontract/internal/envedit"
	"github.com/openova/envcontract/internal/finding"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// configMap is a document no rule touches, written in every way a re-encode
// would change: comments, a folded scalar, an empty mapping, indented lists.
const configMap = `---
# Source: bp-sandbox/templates/configmap.yaml
# a comment before the object
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings   # trailing comment
  annotations: {}
data:
  motd: >
    folded text
    over two lines
  list: |
    - a
    - b
`

const mcpDeployment = `---
# Source: bp-sandbox/templates/mcp.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: openova-sandbox-mcp
  labels:
    app.kubernetes.io/name: openova-sandbox-mcp
spec:
  template:
    spec:
      containers:
        - name: mcp
          image: mcp:1
          env:
            - name: ORG_ID
              value: "acme"
            - name: SOVEREIGN_FQDN
              value: "example.org"
`

const ptyServer = `---
# Source: bp-sandbox/templates/pty.yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: pty-server
spec:
  template:
    spec:
      containers:
        - name: pty-server
          env:
            - name: ORG_ID
              value: "acme"
            - name: SOVEREIGN_FQDN
              value: "example.org"
`

func builtin(t *testing.T) []*contract.Contract {
	t.Helper()
	c, err := contract.Builtin("bp-sandbox-b4")
	require.NoError(t, err)
	c.Workloads = c.Workloads[:1] // the mcp workload; the controller needs runtime.mcpImage
	return []*contract.Contract{c}
}

func renderString(t *testing.T, o Options, in string) (string, *Result) {
	t.Helper()
	res, err := Run(o, Input{Data: []byte(in)})
	require.NoError(t, err)
	var b strings.Builder
	_, err = res.Streams[0].WriteTo(&b)
	require.NoError(t, err)
	return b.String(), res
}

func TestRenderTouchesOnlyWhatTheContractNames(t *testing.T) {
	in := "---\n# Source: bp-sandbox/templates/empty.yaml\n" + configMap + mcpDeployment + ptyServer
	out, res := renderString(t, Options{Contracts: builtin(t)}, in)

	assert.True(t, strings.HasPrefix(out, "---\n# Source: bp-sandbox/templates/empty.yaml\n"+configMap),
		"the comment-only document and the ConfigMap are byte-identical")
	assert.True(t, strings.HasSuffix(out, ptyServer), "pty-server is byte-identical")
	assert.Contains(t, out, "# Source: bp-sandbox/templates/mcp.yaml\n", "the changed document keeps its Source comment")
	assert.Contains(t, out, "            - name: SANDBOX_ORG_ID\n              value: \"acme\"\n")
	assert.Contains(t, out, "            - name: SANDBOX_SOVEREIGN_FQDN\n              value: \"example.org\"\n")
	assert.Contains(t, out, "            - name: SANDBOX_STORAGE_S3_USE_TLS\n              value: \"false\"\n", "a string that looks like a bool stays quoted")
	assert.Equal(t, 3, res.Objects)

	again, res2 := renderString(t, Options{Contracts: builtin(t)}, out)
	assert.Equal(t, out, again, "render is idempotent")
	for _, f := range res2.Findings {
		assert.Equal(t, finding.NotConfigured, f.Code, "only the unconfigured secrets remain: %s", f)
	}
}

func TestCheckReportsWhatRenderWouldChange(t *testing.T) {
	in := configMap + mcpDeployment + ptyServer
	res, err := Run(Options{Contracts: builtin(t), Check: true}, Input{File: "rendered.yaml", Data: []byte(in)})
	require.NoError(t, err)
	var notRenamed []finding.Finding
	for _, f := range res.Findings {
		if f.Code == finding.NotRenamed {
			notRenamed = append(notRenamed, f)
		}
	}
	require.Len(t, notRenamed, 2)
	assert.Equal(t, finding.Finding{
		Code: finding.NotRenamed, Severity: finding.SeverityError, Workload: "mcp",
		Container: "mcp", Env: "ORG_ID",
		Message: "env ORG_ID must be renamed to SANDBOX_ORG_ID",
		Pos:     finding.Pos{File: "rendered.yaml", Line: 31, Doc: 1, Object: "Deployment/openova-sandbox-mcp"},
	}, notRenamed[0])

	out, _ := renderString(t, Options{Contracts: builtin(t)}, in)
	res, err = Run(Options{Contracts: builtin(t), Check: true}, Input{Data: []byte(out)})
	require.NoError(t, err)
	worst, _ := finding.Worst(res.Findings)
	assert.Equal(t, finding.SeverityInfo, worst, "the rendered stream passes check")
	assert.Equal(t, "bp-sandbox/templates/mcp.yaml", res.Findings[0].Pos.File, "Helm's Source comment names the file")
}

func TestRenderFailsOnViolations(t *testing.T) {
	tests := map[string]struct {
		in   string
		kind finding.Code
	}{
		"secret as a literal": {
			in:   strings.Replace(mcpDeployment, "- name: SOVEREIGN_FQDN\n              value: \"example.org\"", "- name: SANDBOX_GITEA_TOKEN\n              value: canary-s3cr3t", 1),
			kind: finding.SecretLiteral,
		},
		"duplicate env name": {
			in:   strings.Replace(mcpDeployment, "SOVEREIGN_FQDN", "ORG_ID", 1),
			kind: finding.Duplicate,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			res, err := Run(Options{Contracts: builtin(t)}, Input{Data: []byte(tc.in)})
			require.ErrorIs(t, err, ErrViolations)
			var kinds []finding.Code
			for _, f := range res.Findings {
				kinds = append(kinds, f.Code)
				assert.NotContains(t, f.Message, "canary-s3cr3t")
			}
			assert.Contains(t, kinds, tc.kind)
		})
	}
}

func TestMinSeverityDropsOnlyLesserFindings(t *testing.T) {
	in := mcpDeployment + strings.Replace(mcpDeployment, "SOVEREIGN_FQDN", "ORG_ID", 1)
	all, errAll := Run(Options{Contracts: builtin(t)}, Input{Data: []byte(in)})
	require.ErrorIs(t, errAll, ErrViolations)
	some, err := Run(Options{Contracts: builtin(t), MinSeverity: finding.SeverityError}, Input{Data: []byte(in)})
	require.ErrorIs(t, err, ErrViolations)
	assert.Equal(t, errAll.Error(), err.Error(), "the same errors are listed")
	var errs []finding.Finding
	for _, f := range all.Findings {
		if f.Severity == finding.SeverityError {
			errs = append(errs, f)
		}
	}
	require.NotEmpty(t, errs)
	require.Less(t, len(errs), len(all.Findings), "the stream makes findings of other severities too")
	assert.Equal(t, errs, some.Findings)
	assert.Equal(t, all.Streams[0].Bytes(), some.Streams[0].Bytes())
}

func TestRenderValuesReachInjectedEntries(t *testing.T) {
	vals := envedit.Values{"mcp": map[string]any{"giteaBaseURL": "https://git.example", "storage": map[string]any{"s3UseTLS": true}}}
	out, _ := renderString(t, Options{Contracts: builtin(t), Values: vals}, mcpDeployment)
	assert.Contains(t, out, "- name: SANDBOX_GITEA_BASE_URL\n              value: https://git.example\n")
	assert.Contains(t, out, "- name: SANDBOX_STORAGE_S3_USE_TLS\n              value: \"true\"\n")
}

func TestRenderListAndEmpty(t *testing.T) {
	list := "apiVersion: v1\nkind: List\nitems:\n- " + strings.ReplaceAll(strings.TrimPrefix(mcpDeployment, "---\n# Source: bp-sandbox/templates/mcp.yaml\n"), "\n", "\n  ")
	out, _ := renderString(t, Options{Contracts: builtin(t)}, list)
	assert.Contains(t, out, "SANDBOX_ORG_ID", "objects inside a List are edited")

	out, res := renderString(t, Options{Contracts: builtin(t)}, "")
	assert.Empty(t, out)
	assert.Zero(t, res.Objects)
}

func TestRequiredWorkloadUnmatched(t *testing.T) {
	c := builtin(t)
	c[0].Workloads[0].Required = true
	res, err := Run(Options{Contracts: c}, Input{Data: []byte(configMap)})
	require.ErrorIs(t, err, ErrViolations)
	assert.Equal(t, finding.Unmatched, res.Findings[0].Code)

	c[0].Workloads[0].Required = false
	res, err = Run(Options{Contracts: c, Check: true}, Input{Data: []byte(configMap)})
	require.NoError(t, err)
	assert.Equal(t, finding.SeverityWarning, res.Findings[0].Severity, "check warns about a selector that matched nothing")
}

func TestRunNamesBadInput(t *testing.T) {
	_, err := Run(Options{Contracts: builtin(t)}, Input{File: "in.yaml", Data: []byte("a: 1\n---\nkind: x\nkind: y\n")})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "in.yaml")
	assert.Contains(t, err.Error(), "line 4")
}

func TestRenderRecordsWhatCheckComparesOnly(t *testing.T) {
	c, err := contract.Load("../../fixtures/contracts/mcp-consumer.yaml")
	require.NoError(t, err)
	res, err := Run(Options{Contracts: []*contract.Contract{c}, Check: true}, Input{File: "mcp.yaml", Data: []byte(mcpDeployment)})
	require.NoError(t, err)
	require.Len(t, res.Seen, 1)
	assert.Equal(t, "mcp", res.Seen[0].Container)
	assert.Equal(t, finding.Pos{File: "mcp.yaml", Line: 13, Doc: 0, Object: "Deployment/openova-sandbox-mcp"}, res.Seen[0].Pos)
	assert.Contains(t, res.Seen[0].Env, "ORG_ID")

	res, err = Run(Options{Contracts: []*contract.Contract{c}}, Input{Data: []byte(mcpDeployment)})
	require.NoError(t, err)
	assert.Empty(t, res.Seen, "render keeps nothing for the consumer check")
}

// Findings about a second document cite lines of the whole stream, and a
// stream render changes never passes check.
func TestFindingsInLaterDocuments(t *testing.T) {
	tests := map[string]struct {
		in        string
		check     bool
		kind      finding.Code
		line      int
		message   string
		wantError bool
	}{
		"env of the wrong type": {
			in:   configMap + strings.Replace(mcpDeployment, "env:", "env: {ORG_ID: x}\n          x:", 1),
			kind: finding.BadObject, line: 30, wantError: true,
			message: "env is a mapping, not a list; write it as a list of {name, value} or {name, valueFrom} entries",
		},
		"containers of the wrong type": {
			in:   configMap + strings.Replace(mcpDeployment, "containers:", "containers: mcp\n      x:", 1),
			kind: finding.BadObject, line: 27, wantError: true,
			message: "containers is a str, not a list; write it as a list of containers",
		},
		"duplicate env name": {
			in:   configMap + strings.Replace(mcpDeployment, "SOVEREIGN_FQDN", "ORG_ID", 1),
			kind: finding.Duplicate, line: 33, wantError: true,
			message: "env ORG_ID is set twice (first at line 31); remove one of them",
		},
		"rename target already set": {
			in:    configMap + mcpDeployment + "            - name: SANDBOX_ORG_ID\n              value: other\n",
			check: true, kind: finding.RenameConflict, line: 35, wantError: true,
			message: "env ORG_ID must be removed: render drops it because SANDBOX_ORG_ID already exists; check which value the program should see",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			res, err := Run(Options{Contracts: builtin(t), Check: tc.check}, Input{Data: []byte(tc.in)})
			if !tc.check {
				require.ErrorIs(t, err, ErrViolations)
			} else {
				require.NoError(t, err)
			}
			var got *finding.Finding
			for i, f := range res.Findings {
				if f.Code == tc.kind {
					got = &res.Findings[i]
				}
			}
			require.NotNil(t, got, "no %s finding in %v", tc.kind, res.Findings)
			assert.Equal(t, tc.message, got.Message)
			assert.Equal(t, tc.line, got.Pos.Line)
			assert.Equal(t, 1, got.Pos.Doc)
			assert.Equal(t, tc.wantError, got.Severity == finding.SeverityError)
		})
	}
}
