package controller

import (
	"fmt"
	"strings"
	"testing"

	"github.com/openova/envcontract/pkg/envcontract"
	"github.com/openova/envcontract/pkg/envcontracttest"
)

var sandbox = Sandbox{Name: "acme-dev", Namespace: "sandbox-acme-dev", OrgID: "acme", FQDN: "acme.example"}

func TestRenderSatisfiesTheContract(t *testing.T) {
	c := envcontracttest.MustLoad(t, "testdata/mcp-contract.yaml")
	files, err := Render(sandbox, Options{})
	if err != nil {
		t.Fatal(err)
	}
	envcontracttest.SatisfiesFiles(t, files, c)
	envcontracttest.Satisfies(t, files["sandbox/acme-dev/mcp-deployment.yaml"], c)
}

// recorder is a testing.TB that records failures instead of failing, to
// see what Satisfies says about a broken render.
type recorder struct {
	testing.TB
	errors []string
}

func (r *recorder) Helper()             {}
func (r *recorder) Logf(string, ...any) {}
func (r *recorder) Errorf(format string, a ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, a...))
}
func (r *recorder) Fatalf(format string, a ...any) {
	r.TB.Fatalf("unexpected fatal: "+format, a...)
}

func TestRenderWithBareNamesFails(t *testing.T) {
	files, err := Render(sandbox, Options{BareNames: true})
	if err != nil {
		t.Fatal(err)
	}
	c := envcontracttest.MustLoad(t, "testdata/mcp-contract.yaml")

	rec := &recorder{TB: t}
	if envcontracttest.SatisfiesFiles(rec, files, c) {
		t.Fatal("Satisfies passed the drifted render")
	}
	if len(rec.errors) != 1 {
		t.Fatalf("want one failure message, got %q", rec.errors)
	}
	for _, want := range []string{"4 errors", "sandbox/acme-dev/mcp-deployment.yaml:22: error [mcp]", "env ORG_ID", "env SOVEREIGN_FQDN", "env SANDBOX_ORG_ID", "env SANDBOX_SOVEREIGN_FQDN", "Deployment/sandbox-acme-dev/sandbox-mcp container mcp"} {
		if !strings.Contains(rec.errors[0], want) {
			t.Errorf("the failure does not say %q:\n%s", want, rec.errors[0])
		}
	}

	// The same through Check, field by field.
	res, err := envcontract.CheckFiles(files, c)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Errors() {
		got = append(got, fmt.Sprintf("%s %s %s:%d doc %d %s", f.Severity, f.Env, f.File, f.Line, f.Document, f.Object))
	}
	want := []string{
		"error SANDBOX_ORG_ID sandbox/acme-dev/mcp-deployment.yaml:21 doc 0 Deployment/sandbox-acme-dev/sandbox-mcp",
		"error SANDBOX_SOVEREIGN_FQDN sandbox/acme-dev/mcp-deployment.yaml:21 doc 0 Deployment/sandbox-acme-dev/sandbox-mcp",
		"error ORG_ID sandbox/acme-dev/mcp-deployment.yaml:22 doc 0 Deployment/sandbox-acme-dev/sandbox-mcp",
		"error SOVEREIGN_FQDN sandbox/acme-dev/mcp-deployment.yaml:24 doc 0 Deployment/sandbox-acme-dev/sandbox-mcp",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
