package envcontract_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openova/envcontract/pkg/envcontract"
)

func parse(t *testing.T, text string) *envcontract.Contract {
	t.Helper()
	c, err := envcontract.ParseContract([]byte(text), "contract.yaml")
	require.NoError(t, err)
	return c
}

func TestCheckPositions(t *testing.T) {
	c := parse(t, contractText)
	stream := "apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n---\n" + manifests
	res, err := envcontract.Options{File: "sandbox-a.yaml"}.Check([]byte(stream), c)
	require.NoError(t, err)
	errs := res.Errors()
	require.Len(t, errs, 4)
	f := errs[3]
	assert.Equal(t, envcontract.Finding{Code: "not-renamed", Severity: envcontract.SeverityError, Workload: "api",
		Container: "server", Env: "ORG_ID", Message: "env ORG_ID must be renamed to APP_ORG_ID",
		File: "sandbox-a.yaml", Line: 17, Document: 1, Object: "Deployment/api"}, f)
	assert.Equal(t, "sandbox-a.yaml:17: error [api] Deployment/api container server: env ORG_ID must be renamed to APP_ORG_ID", f.String())
	assert.Len(t, strings.Split(res.String(), "\n"), 4)
}

func TestCheckPassesWhatRenderWrote(t *testing.T) {
	c := parse(t, contractText)
	out, res, err := envcontract.Render([]byte(manifests+"            - name: APP_PORT\n              value: \"80\"\n"), nil, c)
	require.NoError(t, err)
	assert.Empty(t, res.Errors())
	again, err := envcontract.Check(out, c)
	require.NoError(t, err)
	assert.Empty(t, again.Findings, "a stream render wrote passes check")

	same, _, err := envcontract.Render(out, nil, c)
	require.NoError(t, err)
	assert.Equal(t, string(out), string(same), "a second render changes nothing")
}

func TestRenderRefusesWhatItCannotFix(t *testing.T) {
	c := parse(t, `apiVersion: envcontract.dev/v1alpha1
kind: EnvContract
metadata: {name: api}
spec:
  workloads:
    - name: api
      match: {kinds: [Deployment], names: [api]}
      env:
        - name: APP_TOKEN
          secretKeyRef: {name: api-token, key: token}
`)
	stream := strings.Replace(manifests, "ORG_ID\n              value: acme", "APP_TOKEN\n              value: s3cr3t-canary", 1)
	out, res, err := envcontract.Render([]byte(stream), nil, c)
	require.ErrorIs(t, err, envcontract.ErrViolations)
	assert.Nil(t, out, "nothing half fixed")
	require.Len(t, res.Errors(), 1)
	assert.Equal(t, "APP_TOKEN", res.Errors()[0].Env)
	assert.NotContains(t, err.Error(), "s3cr3t-canary")
	assert.NotContains(t, res.String(), "s3cr3t-canary")
}

func TestErrors(t *testing.T) {
	c := parse(t, contractText)
	_, err := envcontract.Check([]byte(manifests))
	assert.ErrorContains(t, err, "no contract given")
	_, err = envcontract.Check([]byte(manifests), nil)
	assert.ErrorContains(t, err, "no contract given")
	_, err = envcontract.Check([]byte("a: 1\na: 2\n"), c)
	assert.ErrorContains(t, err, "duplicate")
	_, _, err = envcontract.Render([]byte("a: [\n"), nil, c)
	assert.Error(t, err)

	_, err = envcontract.ParseContract([]byte("kind: EnvContract\n"), "bad.yaml")
	assert.ErrorContains(t, err, "bad.yaml:")
	_, err = envcontract.LoadContract("no-such-builtin")
	assert.Error(t, err)
}

func TestLoadContract(t *testing.T) {
	path := filepath.Join(t.TempDir(), "api.yaml")
	require.NoError(t, os.WriteFile(path, []byte(contractText), 0o600))
	c, err := envcontract.LoadContract(path)
	require.NoError(t, err)
	assert.Equal(t, "api", c.Name())
	assert.Equal(t, path, c.Source())
	assert.Equal(t, []string{"api"}, c.Workloads())

	b, err := envcontract.LoadContract(envcontract.DefaultContract)
	require.NoError(t, err)
	assert.Equal(t, "builtin:"+envcontract.DefaultContract, b.Source())
}

// TestCheckFilesIsOneRelease: a required workload matched in one file is
// matched for all, and a finding names its file.
func TestCheckFilesIsOneRelease(t *testing.T) {
	c := parse(t, `apiVersion: envcontract.dev/v1alpha1
kind: EnvContract
metadata: {name: two}
spec:
  workloads:
    - name: api
      match: {kinds: [Deployment], names: [api]}
      require: [APP_PORT]
      required: true
`)
	service := []byte("apiVersion: v1\nkind: Service\nmetadata: {name: api}\n")
	res, err := envcontract.CheckFiles(map[string][]byte{"b/deployment.yaml": []byte(manifests), "a/service.yaml": service}, c)
	require.NoError(t, err)
	require.Len(t, res.Findings, 1, res.String())
	assert.Equal(t, "b/deployment.yaml", res.Findings[0].File)
	assert.Equal(t, "APP_PORT", res.Findings[0].Env)

	res, err = envcontract.CheckFiles(map[string][]byte{"a/service.yaml": service}, c)
	require.NoError(t, err)
	require.Len(t, res.Errors(), 1, "a required workload that matches nothing")
	assert.Equal(t, "api", res.Errors()[0].Workload)

	_, err = envcontract.CheckFiles(map[string][]byte{"bad.yaml": []byte("a: [\n")}, c)
	assert.ErrorContains(t, err, "bad.yaml")
}

// TestCheckComparesTheConsumer: a workload's consumer is read, relative to
// the contract file, and compared with what the container carries.
func TestCheckComparesTheConsumer(t *testing.T) {
	dir := t.TempDir()
	prog, err := filepath.Abs("testdata/prog")
	require.NoError(t, err)
	rel, err := filepath.Rel(dir, prog)
	require.NoError(t, err)
	path := filepath.Join(dir, "contract.yaml")
	require.NoError(t, os.WriteFile(path, []byte(`apiVersion: envcontract.dev/v1alpha1
kind: EnvContract
metadata: {name: api}
spec:
  workloads:
    - name: api
      match: {kinds: [Deployment], names: [api]}
      consumer: {goSource: `+filepath.ToSlash(rel)+`}
`), 0o600))
	c, err := envcontract.LoadContract(path)
	require.NoError(t, err)
	res, err := envcontract.Check([]byte(manifests), c)
	require.NoError(t, err)
	var got []string
	for _, f := range res.Findings {
		got = append(got, string(f.Severity)+" "+f.Code+" "+f.Env)
	}
	assert.Equal(t, []string{"error read-not-set APP_MODE", "error read-not-set APP_PORT", "warning set-not-read ORG_ID"}, got)
}
