package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRun(t *testing.T) {
	tests := map[string]struct {
		in      string
		size    int
		docs    int
		errText string
	}{
		"documents":         {in: "a: 1\n---\nb: 2\n---\n- c\n", docs: 3},
		"size hint":         {in: "a: 1\n---\nb: 2\n", size: 13, docs: 2},
		"nothing":           {in: "", docs: 0},
		"invalid YAML":      {in: "a: 1\n---\nb: [\n", errText: "yaml: line 3: did not find expected node content"},
		"duplicates accept": {in: "a: 1\na: 2\n", docs: 1}, // the floor checks nothing
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			data, n, err := run(strings.NewReader(tc.in), tc.size)
			if tc.errText != "" {
				require.EqualError(t, err, tc.errText)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.docs, n)
			assert.Equal(t, tc.in, string(data), "what -echo writes back")
		})
	}
}
