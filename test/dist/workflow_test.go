package dist_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"

	"github.com/openova/envcontract/test/internal/harness"
)

// TestReleaseWorkflow reads .github/workflows/release.yml, which only
// GitHub runs: it must run on a version tag and go through the Makefile
// (make dist signed, then make publish-oci), the recipe test/dist runs.
// Not gated: it needs no tool.
func TestReleaseWorkflow(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(harness.RepoRoot(t), ".github", "workflows", "release.yml"))
	require.NoError(t, err)
	var wf struct {
		// sigs.k8s.io/yaml reads YAML 1.1, where the key `on` is the
		// boolean true; GitHub reads it as the string "on".
		On struct {
			Push struct{ Tags []string }
		} `json:"true"`
		Jobs map[string]struct {
			Steps []struct {
				Name, Run string
				Env       map[string]string
			}
		}
	}
	require.NoError(t, yaml.Unmarshal(data, &wf))
	assert.Equal(t, []string{"v*.*.*"}, wf.On.Push.Tags)
	require.Contains(t, wf.Jobs, "release")
	var runs []string
	for _, s := range wf.Jobs["release"].Steps {
		runs = append(runs, s.Run)
	}
	all := strings.Join(runs, "\n")
	dist := strings.Index(all, "make dist ")
	publish := strings.Index(all, "make publish-oci ")
	require.True(t, dist >= 0 && publish > dist, "make dist, then make publish-oci:\n%s", all)
	for _, want := range []string{`VERSION="${GITHUB_REF_NAME#v}"`, "SIGN_KEY=", "KEYRING=", "sha256sum -c checksums.txt"} {
		assert.Contains(t, all, want)
	}
	assert.NotContains(t, all, "--verify=false")
}
