package action

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openova/envcontract/internal/contract"
	"github.com/openova/envcontract/internal/exitcode"
	"github.com/openova/envcontract/internal/finding"
	"github.com/openova/envcontract/internal/values"
)

// runInit drafts a contract and writes it into o.ContractDir, else a
// temporary directory.
func runInit(t *testing.T, o Init) (string, *Result) {
	t.Helper()
	res, err := o.Run(context.Background())
	require.NoError(t, err)
	dir := o.ContractDir
	if dir == "" {
		dir = t.TempDir()
	}
	path := filepath.Join(dir, "contract.yaml")
	require.NoError(t, os.WriteFile(path, res.Output, 0o600))
	_, err = contract.Load(path)
	require.NoError(t, err, "the draft loads as a contract:\n%s", res.Output)
	return path, res
}

// runCheck checks a stream against a contract and returns the exit status
// and the findings.
func runCheck(t *testing.T, contractPath, stream string) (int, []finding.Finding) {
	t.Helper()
	res, err := (&Check{Contracts: []string{contractPath}, Files: []string{stream}, FailOn: finding.SeverityError}).Run(context.Background())
	require.NotNil(t, res, "check ran: %v", err)
	return exitcode.Code(err), res.Report.Findings
}

// deleteEnv writes stream without the env entry name (its name line and the
// value line after it).
func deleteEnv(t *testing.T, stream, name string) string {
	t.Helper()
	data, err := os.ReadFile(stream)
	require.NoError(t, err)
	lines := strings.Split(string(data), "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) == "- name: "+name {
			lines = append(lines[:i], lines[i+2:]...)
			out := filepath.Join(t.TempDir(), "deleted.yaml")
			require.NoError(t, os.WriteFile(out, []byte(strings.Join(lines, "\n")), 0o600))
			return out
		}
	}
	t.Fatalf("no env %s in %s", name, stream)
	return ""
}

// TestInitThenCheck is the promise of init: the draft passes check on the
// stream it came from and fails it, naming the env, once the stream stops
// setting a name the program reads.
func TestInitThenCheck(t *testing.T) {
	tests := map[string]struct {
		stream, deleted string
		consumers       []string
		consumerActive  bool
	}{
		"every read is set: the consumer is compared too": {
			stream: "testdata/init/rendered.yaml", consumers: []string{"Deployment/app/server=testdata/init/prog"},
			deleted: "APP_MODE", consumerActive: true,
		},
		"the MCP server, with reads nothing sets": {
			stream: "../../fixtures/streams/mcp-fixed.yaml", consumers: []string{"Deployment/openova-sandbox-mcp=../../fixtures/mcp-server"},
			deleted: "SANDBOX_GITEA_BASE_URL",
		},
		"today's pty-server: two programs in one container": {
			stream: "../../fixtures/streams/pty-server-today.yaml", consumers: []string{
				"StatefulSet/pty-server=../../fixtures/pty-server",
				"StatefulSet/pty-server=../../fixtures/sandbox-mcp/cmd/openova-sandbox-mcp",
			},
			deleted: "SANDBOX_ORG_ID",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			abs, err := filepath.Abs(tc.stream)
			require.NoError(t, err)
			dir := t.TempDir()
			path, res := runInit(t, Init{Files: []string{abs}, Consumers: tc.consumers, ContractDir: dir})
			require.Equal(t, dir, filepath.Dir(path))
			c, err := contract.Load(path)
			require.NoError(t, err)
			assert.Contains(t, c.Workloads[0].Require, tc.deleted)
			assert.Equal(t, tc.consumerActive, c.Workloads[0].Consumer != nil, "consumer: written only when check passes with it")
			if tc.consumerActive {
				assert.True(t, strings.HasPrefix(c.Workloads[0].Consumer.GoSource[0], "../"), "relative to the contract: %s", c.Workloads[0].Consumer.GoSource)
			}
			assert.Len(t, res.Notes, 1)

			code, fs := runCheck(t, path, abs)
			assert.Equal(t, 0, code, "the draft passes check on its own input: %v", fs)

			code, fs = runCheck(t, path, deleteEnv(t, abs, tc.deleted))
			assert.Equal(t, 1, code)
			var named []string
			for _, f := range fs {
				if f.Severity == finding.SeverityError {
					named = append(named, f.Env)
				}
			}
			assert.Equal(t, []string{tc.deleted}, named)

			code, fs = runCheck(t, path, filepath.Join("testdata", "init", "chart", "values.yaml"))
			assert.Equal(t, 1, code, "a stream without the workload fails check: %v", fs)
		})
	}
}

func TestInitDraft(t *testing.T) {
	_, res := runInit(t, Init{Files: []string{"testdata/init/rendered.yaml"}, Consumers: []string{"Deployment/app/server=testdata/init/prog"}, Name: "app"})
	out := string(res.Output)
	assert.Contains(t, out, "from testdata/init/rendered.yaml\n")
	assert.Contains(t, out, "  name: app\n")
	assert.Contains(t, out, "      require:\n        - APP_MODE # read at main.go:18:37\n        - APP_PORT # read at main.go:18:14\n")
	assert.Contains(t, out, "      optional:\n        - name: APP_LOG_LEVEL\n          reason: read with the default \"info\" at main.go:18:60 via envOr\n")
	assert.Contains(t, out, "      #   - ORG_ID\n")
	assert.Equal(t, []string{"workload app (Deployment/app/server): 2 required, 1 optional, 0 TODO (read, set nowhere), 1 set and never read"}, res.Notes)
}

func TestInitRefuses(t *testing.T) {
	stream := "testdata/init/rendered.yaml"
	tests := map[string]struct {
		o    Init
		want string
	}{
		"no consumer":       {Init{Files: []string{stream}}, "name at least one consumer"},
		"bad consumer":      {Init{Files: []string{stream}, Consumers: []string{"Deployment/app"}}, "want KIND/NAME[/CONTAINER]=DIR"},
		"no such object":    {Init{Files: []string{stream}, Consumers: []string{"Deployment/web=testdata/init/prog"}}, `no Deployment named "web" in the stream; it holds Deployment/app`},
		"two containers":    {Init{Files: []string{stream}, Consumers: []string{"Deployment/app=testdata/init/prog"}}, "has the containers migrate, server; name the consumer's as Deployment/app/CONTAINER"},
		"no such container": {Init{Files: []string{stream}, Consumers: []string{"Deployment/app/web=testdata/init/prog"}}, "container web is not in the pod template"},
		"twice":             {Init{Files: []string{stream}, Consumers: []string{"Deployment/app/server=a", "Deployment/app/server=a"}}, "is given twice"},
		"no source":         {Init{Files: []string{stream}, Consumers: []string{"Deployment/app/server=testdata/init/nothing"}}, "testdata/init/nothing"},
		"--chart":           {Init{Files: []string{stream}, Consumers: []string{"Deployment/app/server=x"}, Values: values.Options{Chart: "x"}}, "give the chart directory as FILE"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := tc.o.Run(context.Background())
			require.Error(t, err)
			assert.Equal(t, 2, exitcode.Code(err))
			assert.ErrorContains(t, err, tc.want)
		})
	}
}

// TestInitChart renders a chart directory in-process, with the values given.
func TestInitChart(t *testing.T) {
	for name, tc := range map[string]struct {
		set  []string
		want []string
	}{
		"chart defaults":  {want: []string{"APP_MODE", "APP_PORT"}},
		"--set mode=null": {set: []string{"mode=null"}, want: []string{"APP_PORT"}},
	} {
		t.Run(name, func(t *testing.T) {
			path, res := runInit(t, Init{Files: []string{"testdata/init/chart"}, Values: values.Options{Values: tc.set},
				Consumers: []string{"Deployment/release-name-app=testdata/init/prog"}})
			assert.Contains(t, string(res.Output), "from the chart testdata/init/chart\n")
			c, err := contract.Load(path)
			require.NoError(t, err)
			assert.Equal(t, tc.want, c.Workloads[0].Require)
		})
	}
}
