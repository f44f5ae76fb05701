package render

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// wrapList puts a document's object into a kind List, depth times.
func wrapList(doc string, depth int) string {
	body := doc[strings.Index(doc, "apiVersion:"):]
	for range depth {
		body = "apiVersion: v1\nkind: List\nitems:\n- " + strings.ReplaceAll(strings.TrimSuffix(body, "\n"), "\n", "\n  ") + "\n"
	}
	return body
}

// Items of a List inside a List are edited and checked like any object,
// and a stream that needs nothing is left byte for byte.
func TestRenderNestedList(t *testing.T) {
	in := wrapList(mcpDeployment, 3)
	out, res := renderString(t, Options{Contracts: builtin(t)}, in)
	assert.Contains(t, out, "- name: SANDBOX_ORG_ID", "objects inside nested Lists are edited")
	assert.Contains(t, out, "kind: List\n")

	again, _ := renderString(t, Options{Contracts: builtin(t)}, out)
	assert.Equal(t, out, again, "render is idempotent on nested Lists")

	res, err := Run(Options{Contracts: builtin(t), Check: true}, Input{Data: []byte(in)})
	require.NoError(t, err)
	assert.NotEmpty(t, errorFindings(res.Findings), "check sees the nested Deployment")

	untouched := wrapList(configMap, 2)
	kept, _ := renderString(t, Options{Contracts: builtin(t)}, untouched)
	assert.Equal(t, untouched, kept, "a nested List no rule changes is byte-identical")
}

// Lists nested deeper than maxListDepth are refused, naming the line.
func TestRenderListTooDeep(t *testing.T) {
	_, err := Run(Options{Contracts: builtin(t)}, Input{Data: []byte(wrapList(mcpDeployment, maxListDepth+1))})
	require.Error(t, err)
	assert.Contains(t, err.Error(), ", line 49: ")
	assert.Contains(t, err.Error(), "Lists nested more than")
	assert.Contains(t, err.Error(), "flatten")

	_, err = Run(Options{Contracts: builtin(t)}, Input{Data: []byte(wrapList(mcpDeployment, maxListDepth))})
	require.NoError(t, err, "maxListDepth Lists are still read")
}
