// Package envcontracttest holds env contracts in Go unit tests: a
// controller that renders Kubernetes manifests in Go checks its output with
// Satisfies, the way `envcontract check` gates a chart in CI.
//
//	func TestRenderSandbox(t *testing.T) {
//		files, err := gitops.Render(inputs) // path → manifest, the controller's own renderer
//		if err != nil {
//			t.Fatal(err)
//		}
//		envcontracttest.SatisfiesFiles(t, files, envcontracttest.MustLoad(t, "testdata/sandbox-contract.yaml"))
//	}
package envcontracttest

import (
	"strings"
	"testing"

	"github.com/openova/envcontract/pkg/envcontract"
)

// Satisfies checks manifests against the contracts (envcontract.Check) and
// fails the test with t.Errorf, one finding per line, when any finding is
// an error; warnings are logged with t.Logf. Manifests it cannot read, or
// no contract, fail the test with t.Fatalf. It reports whether the
// manifests satisfy the contracts.
func Satisfies(t testing.TB, manifests []byte, contracts ...*envcontract.Contract) bool {
	t.Helper()
	res, err := envcontract.Check(manifests, contracts...)
	return report(t, res, err)
}

// SatisfiesFiles is Satisfies for manifest files that together make one
// release (envcontract.CheckFiles): the path → content map a controller's
// renderer returns. Each finding names its file.
func SatisfiesFiles(t testing.TB, files map[string][]byte, contracts ...*envcontract.Contract) bool {
	t.Helper()
	res, err := envcontract.CheckFiles(files, contracts...)
	return report(t, res, err)
}

func report(t testing.TB, res envcontract.Result, err error) bool {
	t.Helper()
	if err != nil {
		t.Fatalf("envcontract: %v", err)
		return false
	}
	for _, w := range res.Warnings() {
		t.Logf("envcontract: %s", w)
	}
	errs := res.Errors()
	if len(errs) == 0 {
		return true
	}
	lines := make([]string, len(errs))
	for i, f := range errs {
		lines[i] = "  " + f.String()
	}
	plural := "s"
	if len(errs) == 1 {
		plural = ""
	}
	t.Errorf("the manifests break the env contract (%d error%s):\n%s", len(errs), plural, strings.Join(lines, "\n"))
	return false
}

// MustLoad loads a contract (envcontract.LoadContract) or fails the test.
func MustLoad(t testing.TB, nameOrPath string) *envcontract.Contract {
	t.Helper()
	c, err := envcontract.LoadContract(nameOrPath)
	if err != nil {
		t.Fatalf("envcontract: %v", err)
	}
	return c
}
