package render

import (
	"fmt"
	"strings"
	"testing"

	"github.com/openova/envcontract/internal/contract"
)

// mergeTemplates put a merge key at each place on the path the rules read
// or edit (and one off it); %s is an env name, %q a value.
var mergeTemplates = []string{
	"      containers:\n      - name: mcp\n        <<: {env: [{name: %s, value: %q}]}\n",
	"      containers:\n      - name: mcp\n        <<: *base\n",
	"      containers:\n      - <<: {name: mcp}\n        env: [{name: %s, value: %q}]\n",
	"      <<: {containers: [{name: mcp, env: [{name: %s, value: %q}]}]}\n",
	"      containers:\n      - name: mcp\n        env:\n        - <<: {name: %s}\n          value: %q\n",
	"      containers:\n      - name: mcp\n        env:\n        - name: %s\n          valueFrom:\n            secretKeyRef: {<<: {name: s}, key: %q}\n",
	"      containers:\n      - name: mcp\n        env:\n        - name: %s\n          value: %q\n",
	"      containers:\n      - name: mcp\n        \"<<\": %q\n        env: [{name: %s, value: x}]\n",
}

// FuzzMergeAndList builds Deployments with merge keys from the templates
// above, wraps them in Lists depth deep, and holds render and check to
// FuzzRender's properties: no panic, a located error or a stream that
// splits, untouched documents byte for byte, render∘render = render.
func FuzzMergeAndList(f *testing.F) {
	for i := range mergeTemplates {
		f.Add(uint8(i), uint8(0), "ORG_ID", "acme")
		f.Add(uint8(i), uint8(2), "KEEPME", "1")
	}
	f.Add(uint8(6), uint8(maxListDepth+1), "ORG_ID", "x")
	builtin, err := contract.Builtin("bp-sandbox-b4")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, tmpl, depth uint8, name, value string) {
		body := mergeTemplates[int(tmpl)%len(mergeTemplates)]
		var spec string
		if strings.Index(body, "%q") < strings.Index(body, "%s") {
			spec = fmt.Sprintf(body, value, name)
		} else if strings.Contains(body, "%s") {
			spec = fmt.Sprintf(body, name, value)
		} else {
			spec = body
		}
		doc := "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: openova-sandbox-mcp\n  labels:\n    app.kubernetes.io/name: openova-sandbox-mcp\n" +
			"base: &base\n  env: [{name: KEEPME, value: '1'}]\nspec:\n  template:\n    spec:\n" + spec
		for range int(depth) % (maxListDepth + 3) {
			doc = "apiVersion: v1\nkind: List\nitems:\n- " + strings.ReplaceAll(strings.TrimSuffix(doc, "\n"), "\n", "\n  ") + "\n"
		}
		renderInvariants(t, Options{Contracts: []*contract.Contract{builtin}, Values: fuzzValues}, []byte(configMap+"---\n"+doc))
	})
}
