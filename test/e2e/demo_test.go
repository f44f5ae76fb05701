package e2e_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDemo runs scripts/demo.sh (make demo) with each Helm: it must succeed
// and show the renames in its env diff.
func TestDemo(t *testing.T) {
	tl := requireTools(t)
	for name, helm := range map[string]string{"helm3": tl.helm3, "helm4": tl.helm4} {
		t.Run(name, func(t *testing.T) {
			env := append(baseEnv(), "ENVCONTRACT_BIN="+tl.bin, "HELM="+helm)
			res := run(t, tl.repo, env, nil, "bash", filepath.Join(tl.repo, "scripts", "demo.sh"))
			require.Zerof(t, res.exitCode, "demo:\nstdout:\n%s\nstderr:\n%s", res.stdout, res.stderr)
			for _, want := range []string{
				"-  - name: ORG_ID\n",
				"+  - name: SANDBOX_ORG_ID\n",
				"+  - name: SANDBOX_MCP_IMAGE\n",
				"exit 1\n",
				"exit 0\n",
			} {
				assert.Contains(t, res.stdout, want)
			}
			// The pty-server keeps its bare names: no diff line about them.
			require.Contains(t, res.stdout, "StatefulSet/pty-server")
			pty := res.stdout[strings.Index(res.stdout, "StatefulSet/pty-server"):]
			assert.NotContains(t, strings.SplitN(pty, "==>", 2)[0], "\n+", "pty-server env must not change")
		})
	}
}
