package fluxpatch

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openova/envcontract/internal/helmrelease"
)

// TestSpliceRoundTrip: the block flux prints for the fixture HelmRelease
// goes into the file and comes back out unchanged, and replacing it with
// another block leaves what it would leave had that one been written first.
func TestSpliceRoundTrip(t *testing.T) {
	hr := fluxFixture(t)
	res, err := Generate(Options{Chart: filepath.Join(fixtures, "charts", "bp-sandbox-drifted"), Release: hr, Contracts: bpSandbox(t)})
	require.NoError(t, err)
	printed, err := res.Block()
	require.NoError(t, err)

	written, err := helmrelease.Splice(hr.File, hr.Data, printed)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(written), string(hr.Data)), "the fixture ends with spec: everything before stays")
	region := strings.TrimPrefix(string(written), string(hr.Data))
	assert.Equal(t, string(printed), dedent(region, "  "), "the block reads back as printed")

	back, err := helmrelease.Read(hr.File, written)
	require.NoError(t, err)
	assert.Equal(t, hr.Values, back.Values)

	empty, err := Block(nil, []string{helmrelease.Marker + "."})
	require.NoError(t, err)
	replaced, err := helmrelease.Splice(hr.File, written, empty)
	require.NoError(t, err)
	direct, err := helmrelease.Splice(hr.File, hr.Data, empty)
	require.NoError(t, err)
	assert.Equal(t, string(direct), string(replaced))
}

func dedent(s, pad string) string {
	var b strings.Builder
	for _, l := range strings.SplitAfter(s, "\n") {
		b.WriteString(strings.TrimPrefix(l, pad))
	}
	return b.String()
}
