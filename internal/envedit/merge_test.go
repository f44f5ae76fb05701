package envedit

import (
	"strings"
	"testing"

	"github.com/openova/envcontract/internal/finding"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A YAML merge key (<<) on the path the rules read or edit is refused at
// the line of the key, and nothing is edited: an env list written next to a
// merged one would replace it in Kubernetes and lose the merged entries.
func TestMergeKeysAreRefused(t *testing.T) {
	head := "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: m\n  labels: {app: mcp}\n"
	cases := map[string]struct {
		in   string
		line int
		what string
	}{
		"container merges env": {head + `spec:
  template:
    spec:
      containers:
      - name: mcp
        <<: {env: [{name: ORG_ID, value: acme}, {name: KEEPME, value: "1"}]}
`, 11, "an entry of containers"},
		"container merges an anchor": {head + `base: &base
  env:
  - name: KEEPME
    value: "1"
spec:
  template:
    spec:
      containers:
      - name: mcp
        <<: *base
`, 15, "an entry of containers"},
		"container name from a merge": {head + `spec:
  template:
    spec:
      containers:
      - <<: {name: mcp}
        env: [{name: ORG_ID, value: acme}]
`, 10, "an entry of containers"},
		"pod spec merges containers": {head + `spec:
  template:
    spec:
      <<: {containers: [{name: mcp}]}
`, 9, "the pod spec"},
		"template merges the pod spec": {head + `spec:
  template:
    <<: {spec: {containers: [{name: mcp}]}}
`, 8, "spec.template"},
		"env entry merges": {head + `spec:
  template:
    spec:
      containers:
      - name: mcp
        env:
        - <<: {name: ORG_ID}
          value: acme
`, 12, "an env entry"},
		"secretKeyRef merges": {head + `spec:
  template:
    spec:
      containers:
      - name: mcp
        env:
        - name: SANDBOX_GITEA_TOKEN
          valueFrom:
            secretKeyRef:
              <<: {name: gitea-token}
              key: token
`, 15, "an env entry"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			out, fs, changed := apply(t, mcp, nil, c.in)
			assert.False(t, changed, "nothing may be edited around a merge key")
			require.Equal(t, []string{"bad-object:"}, kinds(fs), "%+v\n%s", fs, out)
			assert.Equal(t, finding.SeverityError, fs[0].Severity)
			assert.Equal(t, c.line, fs[0].Pos.Line)
			assert.Contains(t, fs[0].Message, c.what+" has a YAML merge key (<<)")
			assert.Contains(t, fs[0].Message, "write the env entries out instead of merging them")
			assert.False(t, strings.Contains(fs[0].Message, "no name"), fs[0].Message)
		})
	}
}

// A quoted "<<" is an ordinary key, not a merge.
func TestQuotedMergeKeyIsAKey(t *testing.T) {
	_, fs, _ := apply(t, mcp, nil, strings.Replace(deployment, "      - name: mcp\n", "      - name: mcp\n        \"<<\": x\n", 1))
	for _, f := range fs {
		assert.NotEqual(t, finding.BadObject, f.Code, f.Message)
	}
}
