package reliability_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// mcpWith is an MCP Deployment of the built-in contract whose container
// sets env twice (a violation render cannot fix), with source as its Helm 3
// "# Source:" path, annotation as its Helm 4 filename and name as the env
// name. Each may carry what an attacker would put there.
func mcpWith(source, annotation, name string) string {
	return "---\n# Source: " + source + "\n" + `apiVersion: apps/v1
kind: Deployment
metadata:
  name: openova-sandbox-mcp
  labels: {app.kubernetes.io/name: openova-sandbox-mcp}
  annotations: {postrenderer.helm.sh/postrender-filename: ` + annotation + `}
spec:
  template:
    spec:
      containers:
        - name: mcp
          image: mcp:1
          env:
            - {name: ` + name + `, value: "1"}
            - {name: ` + name + `, value: "2"}
`
}

// TestInputCannotForgeOutput feeds env names, "# Source:" paths and Helm 4
// filename annotations that hold a line break, a terminal escape, a bidi
// override and a GitHub workflow command to every command that prints them.
// No output, error or log line may carry a raw control character (JSON and
// SARIF escape them their own way; a bidi override is legal JSON), and no
// line may start a workflow command, except the one annotation per finding
// of -o github itself.
func TestInputCannotForgeOutput(t *testing.T) {
	const forged = `"x\n::error::forged\e[2J\u202e"`
	inputs := map[string]string{
		"env name":            mcpWith("bp-sandbox/templates/mcp.yaml", "t.yaml", forged),
		"source comment":      mcpWith("evil\x1b[2J::error::x\u202e", "t.yaml", "A"),
		"filename annotation": strings.Replace(mcpWith("", forged, "A"), "# Source: \n", "", 1),
	}
	commands := map[string][]string{
		"render":         {"render", "-v"},
		"check text":     {"check"},
		"check json":     {"check", "-o", "json"},
		"check sarif":    {"check", "-o", "sarif"},
		"check github":   {"check", "-o", "github"},
		"check, strings": {"check", "--fail-on", "warning"},
	}
	for in, stream := range inputs {
		for name, args := range commands {
			t.Run(in+"/"+name, func(t *testing.T) {
				each(t, args, func(t *testing.T, b binary) {
					logFile := filepath.Join(t.TempDir(), "render.log")
					res := run(t, invocation{bin: b.bin, args: b.args, stdin: strings.NewReader(stream),
						env: []string{"ENVCONTRACT_LOG_FILE=" + logFile}, timeout: 30 * time.Second})
					// A finding (the duplicate env) or, where YAML itself refuses
					// the characters, unusable input.
					assert.Contains(t, []int{1, 2}, res.exit, "%s", res.stderr)
					log, err := os.ReadFile(logFile)
					if !os.IsNotExist(err) {
						require.NoError(t, err)
					}
					for what, out := range map[string][]byte{"stdout": res.stdout, "stderr": res.stderr, "log": log} {
						machine := what == "stdout" && (name == "check json" || name == "check sarif")
						for _, bad := range []string{"\x1b", "\r", "\u202e"} {
							if bad == "\u202e" && machine {
								continue
							}
							assert.NotContains(t, string(out), bad, "%s carries a raw control character", what)
						}
						if what == "stdout" && name == "check github" && res.exit == 1 {
							lines := strings.Count(strings.TrimSuffix(string(out), "\n"), "\n") + 1
							assert.Equal(t, 3, lines, "one annotation per finding (the duplicate, two unmatched workloads): %q", out)
							continue
						}
						for _, line := range bytes.Split(out, []byte("\n")) {
							assert.False(t, bytes.HasPrefix(bytes.TrimSpace(line), []byte("::")), "%s forges a workflow command: %q", what, line)
						}
					}
				})
			})
		}
	}
}
