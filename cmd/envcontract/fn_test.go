package main

import (
	"github.com/openova/envcontract/internal/exitcode"

	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/kio"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// resourceList wraps the documents of a manifest stream in a ResourceList
// with the EnvContractFunction config, as kustomize hands it to an exec
// function.
func resourceList(t *testing.T, manifests, spec string) string {
	t.Helper()
	items, err := kio.FromBytes([]byte(manifests))
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, kio.ByteWriter{
		Writer: &buf, WrappingKind: kio.ResourceListKind, WrappingAPIVersion: kio.ResourceListAPIVersion,
		FunctionConfig: yaml.MustParse("apiVersion: envcontract.dev/v1alpha1\nkind: EnvContractFunction\nmetadata: {name: f}\nspec: " + spec + "\n"),
	}.Write(items))
	return buf.String()
}

func readItems(t *testing.T, out string) []*yaml.RNode {
	t.Helper()
	items, err := (&kio.ByteReader{Reader: strings.NewReader(out), OmitReaderAnnotations: true}).Read()
	require.NoError(t, err)
	return items
}

func TestRootIsTheFunctionForAResourceList(t *testing.T) {
	rl := resourceList(t, readFixture(t, "fixtures/streams/mcp-drifted.yaml"), "{contract: bp-sandbox-b4}")
	for name, args := range map[string][]string{"no subcommand (kustomize exec)": nil, "fn": {"fn"}} {
		t.Run(name, func(t *testing.T) {
			out, stderr, code := execute(t, rl, args...)
			require.Equal(t, exitcode.OK, code, stderr)
			items := readItems(t, out)
			require.Len(t, items, 3)
			env, err := items[1].Pipe(yaml.Lookup("spec", "template", "spec", "containers", "0", "env", "0", "name"))
			require.NoError(t, err)
			assert.Equal(t, "SANDBOX_ORG_ID", env.YNode().Value)
			assert.Contains(t, out, "kind: ResourceList")
			assert.Contains(t, out, "results:")
		})
	}
}

func TestFunctionFindingsFail(t *testing.T) {
	in := strings.Replace(readFixture(t, "fixtures/streams/mcp-drifted.yaml"),
		"- name: ORG_ID", "- name: SANDBOX_GITEA_TOKEN\n          value: canary-9f8e7d\n        - name: ORG_ID", 1)
	out, stderr, code := execute(t, resourceList(t, in, "{contract: bp-sandbox-b4}"))
	assert.Equal(t, exitcode.Findings, code)
	assert.Contains(t, stderr, "SANDBOX_GITEA_TOKEN is a secret and carries a literal value")
	assert.NotContains(t, stderr, "canary-9f8e7d", "a secret never reaches a message")
	assert.Contains(t, out, "severity: error", "the ResourceList still carries the results")
	assert.Contains(t, out, "- name: ORG_ID", "and the items as they came")
}

func TestRootPrintsHelpOtherwise(t *testing.T) {
	tests := map[string]struct {
		stdin    string
		wantHint bool
	}{
		"empty standard input":             {stdin: ""},
		"a manifest stream":                {stdin: readFixture(t, "fixtures/streams/mcp-drifted.yaml"), wantHint: true},
		"a List, which kyaml would unwrap": {stdin: "apiVersion: v1\nkind: List\nitems: []\n", wantHint: true},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			out, stderr, code := execute(t, tc.stdin)
			assert.Equal(t, exitcode.OK, code)
			assert.Contains(t, out, "Usage:")
			assert.Contains(t, out, "Available Commands:")
			assert.NotContains(t, out, "config.kubernetes.io", "no annotation leaks into anything")
			assert.Equal(t, tc.wantHint, strings.Contains(stderr, "envcontract render"))
		})
	}
}

func TestRootStillRefusesUnknownCommands(t *testing.T) {
	_, stderr, code := execute(t, "", "rendr")
	assert.Equal(t, exitcode.Usage, code)
	assert.Contains(t, stderr, `unknown command "rendr"`)
}

func TestFnRefusesAStream(t *testing.T) {
	out, stderr, code := execute(t, readFixture(t, "fixtures/streams/mcp-drifted.yaml"), "fn")
	assert.Equal(t, exitcode.Usage, code)
	assert.Empty(t, out)
	assert.Contains(t, stderr, "not a ResourceList")
}

func TestReadImplicit(t *testing.T) {
	idle, w := io.Pipe() // a standard input left open with nothing on it
	defer w.Close()
	start := time.Now()
	data, ok := readImplicit(idle, 50*time.Millisecond)
	assert.False(t, ok)
	assert.Nil(t, data)
	assert.Less(t, time.Since(start), 5*time.Second)

	slow, sw := io.Pipe() // data that starts before the wait ends, finishes after it
	go func() {
		_, _ = sw.Write([]byte("kind: "))
		time.Sleep(100 * time.Millisecond)
		_, _ = sw.Write([]byte("ResourceList\n"))
		sw.Close()
	}()
	data, ok = readImplicit(slow, 50*time.Millisecond)
	assert.True(t, ok)
	assert.Equal(t, "kind: ResourceList\n", string(data))
}
