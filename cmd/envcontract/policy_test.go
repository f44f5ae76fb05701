package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openova/envcontract/internal/exitcode"
)

func TestPolicyPrintsPoliciesAndBindings(t *testing.T) {
	out, stderr, code := execute(t, "", "policy", "--action", "warn", "--action", "Audit")
	require.Equal(t, exitcode.OK, code, stderr)
	// The default contract, bp-sandbox: controller, pty-server, mcp-deployment.
	assert.Equal(t, 3, strings.Count(out, "\nkind: ValidatingAdmissionPolicy\n"))
	assert.Equal(t, 3, strings.Count(out, "\nkind: ValidatingAdmissionPolicyBinding\n"))
	assert.Contains(t, out, "  name: envcontract.bp-sandbox.pty-server\n")
	assert.Contains(t, out, "  validationActions:\n  - Warn\n  - Audit\n")
	assert.Contains(t, stderr, "3 ValidatingAdmissionPolicies with their bindings")
}

func TestPolicyRefusesBadActions(t *testing.T) {
	for name, args := range map[string][]string{
		"deny with warn": {"--action", "Deny", "--action", "Warn"},
		"unknown":        {"--action", "Block"},
		"an argument":    {"extra"},
	} {
		t.Run(name, func(t *testing.T) {
			out, stderr, code := execute(t, "", append([]string{"policy"}, args...)...)
			assert.Equal(t, exitcode.Usage, code, stderr)
			assert.Empty(t, out)
		})
	}
}
