package envcontract_test

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLinksNoSDK keeps the API light for the test binaries that import it:
// a controller's unit tests link neither Helm's SDK nor kustomize's api nor
// client-go through it.
func TestLinksNoSDK(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to list the dependencies with")
	}
	out, err := exec.Command(goBin, "list", "-deps", ".", "../envcontracttest").CombinedOutput()
	require.NoError(t, err, string(out))
	deps := strings.Fields(string(out))
	require.Contains(t, deps, "github.com/openova/envcontract/internal/render", "the listing works")
	for _, d := range deps {
		for _, heavy := range []string{"helm.sh/", "sigs.k8s.io/kustomize/api", "k8s.io/client-go", "github.com/openova/envcontract/internal/action"} {
			assert.False(t, strings.HasPrefix(d, heavy), "links %s", d)
		}
	}
}
