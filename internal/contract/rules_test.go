package contract

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRuleProblems(t *testing.T) {
	tests := map[string]struct {
		body string // rules of the one workload, see withBody
		want []string
	}{
		"valid: rename then forbid the old name, two names into one, forbidden and optional": {body: `
rename:
  - {from: ORG_ID, to: SANDBOX_ORG_ID}
  - {from: ORGID, to: SANDBOX_ORG_ID}
forbid: [ORG_ID, ORGID, LEGACY]
env:
  - {name: TENANT, value: $(SANDBOX_ORG_ID)}
require: [SANDBOX_ORG_ID]
optional:
  - {name: LEGACY, reason: "read for compatibility, never set"}`},
		"duplicate env": {body: `
env:
  - {name: A, value: x}
  - {name: B, value: y}
  - {name: A, value: z}`,
			want: []string{`t.yaml:11:12: /spec/workloads/0/env/2/name: env "A" is already declared at line 9; keep one entry`}},
		"duplicate optional": {body: `
optional:
  - {name: A, reason: r}
  - {name: A, reason: s}`,
			want: []string{`t.yaml:10:12: /spec/workloads/0/optional/1/name: optional "A" is already listed at line 9; keep one entry`}},
		"rename cycle": {body: `
rename:
  - {from: A, to: B}
  - {from: B, to: A}`,
			want: []string{"t.yaml:9:11: /spec/workloads/0/rename/0: rename cycle: A→B here and B→A at line 10; keep one direction"}},
		"rename chain": {body: `
rename:
  - {from: A, to: B}
  - {from: B, to: C}`,
			want: []string{"t.yaml:9:11: /spec/workloads/0/rename/0: rename chain: A→B here and B→C at line 10; renames apply once, so rename A to C directly"}},
		"rename to itself": {body: `
rename:
  - {from: A, to: A}`,
			want: []string{`t.yaml:9:11: /spec/workloads/0/rename/0: renames "A" to itself; remove the rule`}},
		"renamed twice": {body: `
rename:
  - {from: A, to: B}
  - {from: A, to: C}`,
			want: []string{`t.yaml:10:12: /spec/workloads/0/rename/1/from: "A" is already renamed to "B" at line 9; keep one rule`}},
		"rename target forbidden": {body: `
rename:
  - {from: A, to: B}
forbid: [A, B]`,
			want: []string{`t.yaml:9:21: /spec/workloads/0/rename/0/to: "B" is a rename target and forbidden at line 10; a renamed entry would always be refused, drop one of the two`}},
		"renamed away and injected": {body: `
rename:
  - {from: A, to: B}
env:
  - {name: A, value: x}`,
			want: []string{`t.yaml:11:12: /spec/workloads/0/env/0/name: "A" is injected here and renamed away at line 9; inject "B" instead, or drop the rename`}},
		"renamed away and required": {body: `
rename:
  - {from: A, to: B}
require: [A]`,
			want: []string{`t.yaml:10:17: /spec/workloads/0/require/0: "A" is required here and renamed away at line 9; require "B" instead`}},
		"injected and forbidden": {body: `
forbid: [A]
env:
  - {name: A, value: x}`,
			want: []string{`t.yaml:10:12: /spec/workloads/0/env/0/name: "A" is injected here and forbidden at line 8; drop one of the two`}},
		"required and forbidden": {body: `
forbid: [A]
require: [A]`,
			want: []string{`t.yaml:9:17: /spec/workloads/0/require/0: "A" is required here and forbidden at line 8; drop one of the two`}},
		"optional yet set": {body: `
rename:
  - {from: OLD, to: C}
env:
  - {name: A, value: x}
require: [B]
optional:
  - {name: A, reason: r}
  - {name: B, reason: r}
  - {name: C, reason: r}`,
			want: []string{
				`t.yaml:14:12: /spec/workloads/0/optional/0/name: "A" is optional (deliberately unset) but injected at line 11; remove it from optional`,
				`t.yaml:15:12: /spec/workloads/0/optional/1/name: "B" is optional (deliberately unset) but required at line 12; remove it from optional`,
				`t.yaml:16:12: /spec/workloads/0/optional/2/name: "C" is optional (deliberately unset) but a rename target at line 9; remove it from optional`,
			}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			c, err := Parse([]byte(withBody(tc.body)), "t.yaml")
			if tc.want == nil {
				require.NoError(t, err)
				assert.NotNil(t, c)
				return
			}
			assert.Equal(t, tc.want, problemsOf(t, err))
		})
	}
}

func TestDuplicateWorkloadNames(t *testing.T) {
	in := withBody("require: [A]") + "    - name: w\n      match: {kinds: [Pod]}\n"
	_, err := Parse([]byte(in), "t.yaml")
	assert.Equal(t, []string{`t.yaml:9:7: /spec/workloads/1/name: workload name "w" is already used at line 6; give each workload its own name`},
		problemsOf(t, err))
}

func TestRulesAreCheckedPerWorkload(t *testing.T) {
	// As in bp-sandbox, where mcp renames ORG_ID away and pty-server
	// requires it: rules of different workloads never contradict.
	in := withBody("rename:\n  - {from: A, to: B}") + "    - name: other\n      match: {kinds: [Pod]}\n      require: [A]\n      forbid: [B]\n"
	_, err := Parse([]byte(in), "t.yaml")
	require.NoError(t, err)
}
