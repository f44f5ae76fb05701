package contract

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// withBody returns a contract whose one workload (line 6) has the given
// rules; the first line of body is line 8, indented by 6 columns.
func withBody(body string) string {
	var b strings.Builder
	b.WriteString("apiVersion: envcontract.dev/v1alpha1\nkind: EnvContract\nmetadata: {name: t}\nspec:\n  workloads:\n" +
		"    - name: w\n      match: {kinds: [Deployment]}\n")
	for _, line := range strings.Split(strings.TrimSpace(body), "\n") {
		b.WriteString("      " + line + "\n")
	}
	return b.String()
}

const oneSource = "cannot be combined: an env entry has one source (value, fieldRef or secretKeyRef)"

// shapeProblemCases are the messages of the shape check, as Parse reports
// them.
var shapeProblemCases = map[string]struct {
	in   string
	want []string // nil: valid
}{
	"valid: every kind of entry": {in: withBody(`
env:
  - {name: lower_case_ok, value: "1"}
  - {name: A, value: x, fromValues: a.b}
  - {name: B, fieldRef: "metadata.annotations['x/y']"}
  - {name: C, secretKeyRef: {name: s, key: k}}
  - {name: D, secretKeyRef: {name: "", key: k}, fromValues: {name: a.n}}
  - {name: E, fromValues: a.e}`)},
	"value and fieldRef": {in: withBody(`
env:
  - name: A
    value: x
    fieldRef: metadata.name`),
		want: []string{"t.yaml:11:11: /spec/workloads/0/env/0/fieldRef: value and fieldRef " + oneSource}},
	"value and secretKeyRef": {in: withBody(`
env:
  - {name: A, value: x, secretKeyRef: {name: s, key: k}}`),
		want: []string{"t.yaml:9:31: /spec/workloads/0/env/0/secretKeyRef: value and secretKeyRef " + oneSource}},
	"fieldRef and secretKeyRef": {in: withBody(`
env:
  - {name: A, fieldRef: metadata.name, secretKeyRef: {name: s, key: k}}`),
		want: []string{"t.yaml:9:46: /spec/workloads/0/env/0/secretKeyRef: fieldRef and secretKeyRef " + oneSource}},
	"fieldRef with fromValues": {in: withBody(`
env:
  - {name: A, fieldRef: metadata.name, fromValues: a.b}`),
		want: []string{"t.yaml:9:46: /spec/workloads/0/env/0/fromValues: fieldRef takes no fromValues: the value comes from the pod, not from chart values"}},
	"no source": {in: withBody(`
env:
  - name: A`),
		want: []string{"t.yaml:9:11: /spec/workloads/0/env/0: the entry has no source: set value, fieldRef or secretKeyRef, or fromValues alone for a value that must come from chart values"}},
	"fromValues object on a value entry": {in: withBody(`
env:
  - {name: A, value: x, fromValues: {name: a, key: b}}`),
		want: []string{"t.yaml:9:31: /spec/workloads/0/env/0/fromValues: fromValues is a chart value path here; {name, key} is only for secretKeyRef entries"}},
	"fromValues string on a secret entry": {in: withBody(`
env:
  - {name: A, secretKeyRef: {name: s, key: k}, fromValues: a.b}`),
		want: []string{"t.yaml:9:54: /spec/workloads/0/env/0/fromValues: a secretKeyRef entry takes fromValues as {name: PATH, key: PATH}"}},
	"bad value path": {in: withBody(`
env:
  - {name: A, fromValues: a..b}`),
		want: []string{`t.yaml:9:21: /spec/workloads/0/env/0/fromValues: "a..b" is not a dotted chart value path such as mcp.giteaBaseURL: no spaces, no empty parts`}},
	"unquoted boolean value": {in: withBody(`
env:
  - {name: A, value: false}`),
		want: []string{"t.yaml:9:21: /spec/workloads/0/env/0/value: got boolean, want string: quote the value"}},
	"env name not a C identifier": {in: withBody(`
rename:
  - {from: OLD-NAME, to: 9NEW}`),
		want: []string{
			`t.yaml:9:12: /spec/workloads/0/rename/0/from: "OLD-NAME" is not an env name: use letters, digits and '_', not starting with a digit`,
			`t.yaml:9:28: /spec/workloads/0/rename/0/to: "9NEW" is not an env name: use letters, digits and '_', not starting with a digit`,
		}},
	"unknown field": {in: withBody(`
env:
  - name: A
    valeu: x`),
		want: []string{
			"t.yaml:9:11: /spec/workloads/0/env/0: the entry has no source: set value, fieldRef or secretKeyRef, or fromValues alone for a value that must come from chart values",
			`t.yaml:10:11: /spec/workloads/0/env/0/valeu: unknown field "valeu" (allowed: fieldRef, fromValues, name, secretKeyRef, value)`,
		}},
	"bad fieldRef": {in: withBody(`
env:
  - {name: A, fieldRef: spec.containers}`),
		want: []string{`t.yaml:9:21: /spec/workloads/0/env/0/fieldRef: "spec.containers" is not a fieldPath Kubernetes accepts in env: ` +
			`metadata.name, metadata.namespace, metadata.uid, metadata.labels['KEY'], metadata.annotations['KEY'], spec.nodeName, ` +
			`spec.serviceAccountName, status.hostIP, status.hostIPs, status.podIP or status.podIPs`}},
	"secretKeyRef without key": {in: withBody(`
env:
  - {name: A, secretKeyRef: {name: s}}`),
		want: []string{`t.yaml:9:21: /spec/workloads/0/env/0/secretKeyRef: missing field "key"`}},
	"empty list": {in: withBody(`
containers: []`),
		want: []string{"t.yaml:8:7: /spec/workloads/0/containers: must not be empty; remove the key or add an entry"}},
	"name listed twice": {in: withBody(`
forbid: [A, B, A]`),
		want: []string{`t.yaml:8:22: /spec/workloads/0/forbid/2: "A" is listed twice (items 0 and 2); keep one`}},
	"optional without reason": {in: withBody(`
optional:
  - {name: A}`),
		want: []string{`t.yaml:9:11: /spec/workloads/0/optional/0: missing field "reason"`}},
	"required not a boolean": {in: withBody(`
required: "yes"`),
		want: []string{"t.yaml:8:7: /spec/workloads/0/required: got string, want boolean"}},
	"match": {in: strings.Replace(withBody(`require: [A]`), "match: {kinds: [Deployment]}",
		"match: {kinds: [Deploymnt], labels: {app.kubernetes.io/name: web, 'bad key': x, tier: 1}}", 1),
		want: []string{
			`t.yaml:7:23: /spec/workloads/0/match/kinds/0: is not a workload kind envcontract edits; use one of Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Pod`,
			`t.yaml:7:73: /spec/workloads/0/match/labels/bad key: "bad key" is not a label key: an optional DNS subdomain prefix and '/', then letters, digits, '-', '_' and '.', starting and ending with a letter or digit`,
			`t.yaml:7:87: /spec/workloads/0/match/labels/tier: got number, want string: quote the value`,
		}},
	"too long, too short": {in: strings.Replace(withBody(`
optional:
  - {name: A, reason: ""}`), "name: w\n", "name: "+strings.Repeat("w", 64)+"\n", 1),
		want: []string{
			"t.yaml:6:7: /spec/workloads/0/name: is 64 characters long; a DNS label has at most 63",
			"t.yaml:9:21: /spec/workloads/0/optional/0/reason: must not be empty: say why the name is left unset",
		}},
	"empty fromValues of a secret entry": {in: withBody(`
env:
  - {name: A, secretKeyRef: {name: s, key: k}, fromValues: {}}`),
		want: []string{"t.yaml:9:54: /spec/workloads/0/env/0/fromValues: must not be empty: set name, key or both, or remove fromValues"}},
	"secret value not shown": {in: withBody(`
env:
  - {name: A, value: s3cr3t-value, secretKeyRef: {name: s, key: k}}`),
		want: []string{"t.yaml:9:42: /spec/workloads/0/env/0/secretKeyRef: value and secretKeyRef " + oneSource}},
	"merged fields point into the merged mapping": {in: withBody(`
env:
  - &base {name: A, value: x, valeu: y}
  - {<<: *base, name: B, fieldRef: metadata.name}`),
		want: []string{
			`t.yaml:9:37: /spec/workloads/0/env/0/valeu: unknown field "valeu" (allowed: fieldRef, fromValues, name, secretKeyRef, value)`,
			`t.yaml:9:37: /spec/workloads/0/env/1/valeu: unknown field "valeu" (allowed: fieldRef, fromValues, name, secretKeyRef, value)`,
			"t.yaml:10:32: /spec/workloads/0/env/1/fieldRef: value and fieldRef " + oneSource,
		}},
	"not a mapping": {in: "- apiVersion: envcontract.dev/v1alpha1\n",
		want: []string{"t.yaml:1:1: /: got list, want mapping"}},
	"empty mapping": {in: "{}\n",
		want: []string{`t.yaml:1:1: /: missing fields "apiVersion", "kind", "metadata", "spec"`}},
	"header": {in: "apiVersion: envcontract.dev/v1\nkind: Contract\nmetadata: {name: My_Contract}\n",
		want: []string{
			`t.yaml:1:1: /: missing field "spec"`,
			`t.yaml:1:1: /apiVersion: must be "envcontract.dev/v1alpha1", the only version this envcontract reads`,
			`t.yaml:2:1: /kind: must be "EnvContract"`,
			`t.yaml:3:12: /metadata/name: "My_Contract" is not a DNS label: use lower-case letters, digits and '-', starting and ending with a letter or digit`,
		}},
}

func TestShapeProblems(t *testing.T) {
	for name, tc := range shapeProblemCases {
		t.Run(name, func(t *testing.T) {
			c, err := Parse([]byte(tc.in), "t.yaml")
			if tc.want == nil {
				require.NoError(t, err)
				assert.NotNil(t, c)
				return
			}
			assert.Nil(t, c)
			assert.Equal(t, tc.want, problemsOf(t, err))
		})
	}
}
