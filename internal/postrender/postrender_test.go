package postrender

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openova/envcontract/internal/render"
	"github.com/openova/envcontract/internal/values"
)

func fixture(parts ...string) string {
	return filepath.Join(append([]string{"..", "..", "fixtures"}, parts...)...)
}

func TestNew(t *testing.T) {
	tests := map[string]struct {
		o       Options
		wantErr error
		want    string
	}{
		"built-in contract": {o: Options{Contracts: []string{"bp-sandbox-b4"}}},
		"contract file":     {o: Options{Contracts: []string{fixture("contracts", "mcp-consumer.yaml")}}},
		"chart values":      {o: Options{Contracts: []string{"bp-sandbox-b4"}, Values: values.Options{Chart: fixture("charts", "bp-sandbox")}}},
		"unknown contract":  {o: Options{Contracts: []string{"nope"}}, want: `unknown built-in contract "nope"`},
		"chart with dependencies": {o: Options{Values: values.Options{Chart: filepath.Join("..", "values", "testdata", "chart")}},
			wantErr: values.ErrDependencies},
		// Standard input holds the manifests: read as values, Helm 3 would
		// get an empty release and delete every object.
		"-f -":           {o: Options{Values: values.Options{ValueFiles: []string{"-"}, Stdin: strings.NewReader("kind: ConfigMap\n")}}, wantErr: values.ErrStdinTaken},
		"--set-file k=-": {o: Options{Values: values.Options{FileValues: []string{"k=-"}, Stdin: strings.NewReader("kind: ConfigMap\n")}}, wantErr: values.ErrStdinTaken},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := New(tc.o)
			switch {
			case tc.wantErr != nil:
				require.ErrorIs(t, err, tc.wantErr)
			case tc.want != "":
				require.ErrorContains(t, err, tc.want)
			default:
				require.NoError(t, err)
			}
		})
	}
}

func TestRenderViolations(t *testing.T) {
	r, err := New(Options{Contracts: []string{"bp-sandbox-b4"}, MaxInputBytes: 1 << 20})
	require.NoError(t, err)
	drifted, err := os.ReadFile(fixture("streams", "mcp-drifted.yaml"))
	require.NoError(t, err)
	in := strings.Replace(string(drifted), "- name: ORG_ID",
		"- name: SANDBOX_GITEA_TOKEN\n          value: canary-9f8e7d\n        - name: ORG_ID", 1)
	require.Contains(t, in, "canary-9f8e7d", "the fixture changed; adjust the replacement")
	var out, errOut bytes.Buffer
	err = r.Render(strings.NewReader(in), &out, &errOut)
	require.ErrorIs(t, err, render.ErrViolations)
	assert.Contains(t, err.Error(), "\n  ", "the error lists the findings, one per line")
	assert.Contains(t, err.Error(), "SANDBOX_GITEA_TOKEN is a secret")
	assert.NotContains(t, err.Error(), "canary-9f8e7d")
	assert.Empty(t, out.String(), "nothing on stdout")
}

func TestLog(t *testing.T) {
	dir := t.TempDir()
	logFile := filepath.Join(dir, "new", "render.log")
	var errOut bytes.Buffer
	Log(logFile, errors.New("first"), &errOut)
	Log(logFile, errors.New("second"), &errOut)
	data, err := os.ReadFile(logFile)
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	require.Len(t, lines, 2, "appended, not replaced")
	assert.True(t, strings.HasSuffix(lines[0], " envcontract render failed: first"), lines[0])
	assert.True(t, strings.HasSuffix(lines[1], " envcontract render failed: second"), lines[1])
	fi, err := os.Stat(logFile)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm(), "a log may be read by nobody else")
	assert.Empty(t, errOut.String())

	Log("", errors.New("nowhere"), &errOut)
	assert.Empty(t, errOut.String(), "no log file, nothing to say")

	Log(dir, errors.New("into a directory"), &errOut)
	assert.Contains(t, errOut.String(), "cannot write the log file")
}

func TestBeside(t *testing.T) {
	self, err := os.Executable()
	require.NoError(t, err)
	self, err = filepath.EvalSymlinks(self)
	require.NoError(t, err)
	dir := filepath.Dir(self)
	name := "beside-" + filepath.Base(t.TempDir())
	_, err = Beside(name)
	require.Error(t, err, "nothing called %s yet", name)

	path := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(path, []byte("#!/bin/sh\n"), 0o755))
	t.Cleanup(func() { os.Remove(path) })
	got, err := Beside(name)
	require.NoError(t, err)
	assert.Equal(t, path, got)

	require.NoError(t, os.Remove(path))
	require.NoError(t, os.Mkdir(path, 0o755))
	_, err = Beside(name)
	assert.ErrorContains(t, err, "is not a file")
}

// With -v, render also lists a chart --chart names whose version is
// outside the contract's; without it, nothing but the stream is written.
func TestRenderVerboseWarnsOfAChartOfAnotherEra(t *testing.T) {
	chart := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(chart, "Chart.yaml"), []byte("apiVersion: v2\nname: sandbox\nversion: 0.3.2\n"), 0o644))
	in, err := os.ReadFile(fixture("streams", "sandbox-today.yaml"))
	require.NoError(t, err)
	for _, verbose := range []bool{true, false} {
		r, err := New(Options{Contracts: []string{"bp-sandbox"}, MaxInputBytes: 1 << 20, Verbose: verbose, Values: values.Options{Chart: chart}})
		require.NoError(t, err)
		var out, errOut bytes.Buffer
		require.NoError(t, r.Render(bytes.NewReader(in), &out, &errOut))
		assert.Equal(t, verbose, strings.Contains(errOut.String(),
			"warning: chart sandbox 0.3.2 is outside the versions contract bp-sandbox fits (>=0.3.4); for this version use -c bp-sandbox-b4"), errOut.String())
	}
}

// A chart of another era fails the default contract everywhere; the error
// names the built-in that fits the chart's version, without -v.
func TestRenderViolationsNameTheChartsEra(t *testing.T) {
	chart := fixture("charts", "bp-sandbox-drifted") // 0.3.0: bp-sandbox-b4's era
	in, err := os.ReadFile(fixture("streams", "mcp-drifted.yaml"))
	require.NoError(t, err)
	for contract, hint := range map[string]bool{"bp-sandbox": true, "bp-sandbox-b4": false} {
		r, err := New(Options{Contracts: []string{contract}, MaxInputBytes: 1 << 20,
			Values: values.Options{Chart: chart, ValueFiles: []string{fixture("values", "enabled.yaml")}}})
		require.NoError(t, err)
		var out, errOut bytes.Buffer
		err = r.Render(bytes.NewReader(in), &out, &errOut)
		if !hint {
			require.NoError(t, err, contract)
			continue
		}
		require.ErrorIs(t, err, render.ErrViolations)
		assert.Contains(t, err.Error(), "chart bp-sandbox 0.3.0 is outside the versions contract bp-sandbox fits (>=0.3.4); for this version use -c bp-sandbox-b4")
		assert.Empty(t, out.String())
	}
}
