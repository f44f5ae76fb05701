package policy_test

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	admissionv1 "k8s.io/api/admissionregistration/v1"
	"k8s.io/apimachinery/pkg/util/validation"
	"sigs.k8s.io/yaml"

	"github.com/openova/envcontract/internal/contract"
	"github.com/openova/envcontract/internal/policy"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// generate resolves contracts (built-in names or files) and returns the
// encoded policies.
func generate(t *testing.T, actions []string, refs ...string) []byte {
	t.Helper()
	var cs []*contract.Contract
	for _, f := range refs {
		c, err := contract.Resolve(f)
		require.NoError(t, err)
		cs = append(cs, c)
	}
	set, err := policy.Generate(cs, policy.Options{Actions: actions})
	require.NoError(t, err)
	out, err := set.Encode()
	require.NoError(t, err)
	return out
}

func TestGolden(t *testing.T) {
	for _, name := range contract.BuiltinNames() {
		t.Run(name, func(t *testing.T) {
			got := generate(t, nil, name)
			golden := filepath.Join("testdata", "golden", name+".yaml")
			if *update {
				require.NoError(t, os.MkdirAll(filepath.Dir(golden), 0o755))
				require.NoError(t, os.WriteFile(golden, got, 0o644))
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err)
			assert.Equal(t, string(want), string(got))
		})
	}
}

// decodePolicies decodes a generated stream strictly (unknown or repeated
// fields are errors) into the admissionregistration/v1 types, and checks
// that nothing was lost: each typed object, encoded again, equals its
// document (but for the empty status the types add).
func decodePolicies(t *testing.T, out []byte) ([]*admissionv1.ValidatingAdmissionPolicy, []*admissionv1.ValidatingAdmissionPolicyBinding) {
	t.Helper()
	var ps []*admissionv1.ValidatingAdmissionPolicy
	var bs []*admissionv1.ValidatingAdmissionPolicyBinding
	for _, doc := range splitDocs(out) {
		var head struct{ APIVersion, Kind string }
		require.NoError(t, yaml.Unmarshal([]byte(doc), &head))
		require.Equal(t, "admissionregistration.k8s.io/v1", head.APIVersion)
		var obj any
		switch head.Kind {
		case "ValidatingAdmissionPolicy":
			p := &admissionv1.ValidatingAdmissionPolicy{}
			ps, obj = append(ps, p), p
		case "ValidatingAdmissionPolicyBinding":
			b := &admissionv1.ValidatingAdmissionPolicyBinding{}
			bs, obj = append(bs, b), b
		default:
			t.Fatalf("unexpected kind %q", head.Kind)
		}
		require.NoError(t, yaml.UnmarshalStrict([]byte(doc), obj), doc)
		again, err := json.Marshal(obj)
		require.NoError(t, err)
		var fields map[string]any // status is the API server's to write: drop the empty one
		require.NoError(t, json.Unmarshal(again, &fields))
		delete(fields, "status")
		again, err = json.Marshal(fields)
		require.NoError(t, err)
		asJSON, err := yaml.YAMLToJSON([]byte(doc))
		require.NoError(t, err)
		assert.JSONEq(t, string(asJSON), string(again), "round trip through the typed object")
	}
	return ps, bs
}

func TestStrictDecoding(t *testing.T) {
	out := generate(t, []string{"warn", "Audit"}, "bp-sandbox", "bp-sandbox-b4")
	ps, bs := decodePolicies(t, out)
	require.Len(t, ps, 6) // controller, pty-server, mcp-deployment; mcp, controller, pty-server
	require.Len(t, bs, len(ps))
	for i, p := range ps {
		assert.Empty(t, validation.IsDNS1123Subdomain(p.Name), p.Name)
		assert.Equal(t, p.Name, bs[i].Spec.PolicyName)
		assert.Equal(t, []admissionv1.ValidationAction{admissionv1.Warn, admissionv1.Audit}, bs[i].Spec.ValidationActions)
		require.NotNil(t, p.Spec.FailurePolicy)
		assert.Equal(t, admissionv1.Fail, *p.Spec.FailurePolicy)
		for _, v := range p.Spec.Validations {
			assert.NotContains(t, v.Message, "\n", "the API server refuses line breaks in a message")
		}
	}
}

func TestCheckActions(t *testing.T) {
	for name, tc := range map[string]struct {
		in, want []string
		err      bool
	}{
		"default":        {nil, []string{"Deny"}, false},
		"any case":       {[]string{"warn", "AUDIT"}, []string{"Warn", "Audit"}, false},
		"deny and audit": {[]string{"Deny", "Audit"}, []string{"Deny", "Audit"}, false},
		"deny and warn":  {[]string{"Deny", "Warn"}, nil, true},
		"twice":          {[]string{"Warn", "warn"}, nil, true},
		"unknown":        {[]string{"Block"}, nil, true},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := policy.CheckActions(tc.in)
			if tc.err {
				require.ErrorIs(t, err, policy.ErrActions)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestNothingToEnforce(t *testing.T) {
	c, err := contract.Parse([]byte(`apiVersion: envcontract.dev/v1alpha1
kind: EnvContract
metadata: {name: renames}
spec:
  workloads:
    - name: app
      match: {kinds: [Deployment]}
      rename: [{from: A, to: B}]
`), "renames.yaml")
	require.NoError(t, err)
	_, err = policy.Generate([]*contract.Contract{c}, policy.Options{})
	require.ErrorIs(t, err, policy.ErrNothing)
	assert.ErrorContains(t, err, "renames/app: renames only")
}
