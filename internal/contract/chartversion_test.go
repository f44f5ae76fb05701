package contract

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openova/envcontract/internal/finding"
)

func TestFits(t *testing.T) {
	today, err := Builtin("bp-sandbox")
	require.NoError(t, err)
	b4, err := Builtin("bp-sandbox-b4")
	require.NoError(t, err)
	mine := &Contract{Name: "mine"}
	for version, want := range map[string][3]bool{ // today, b4, no chartVersions
		"0.3.0":         {false, true, true},
		"0.3.3":         {false, true, true},
		"0.3.4":         {true, false, true},
		"v0.4.1":        {true, false, true},
		"0.2.0":         {false, false, true},
		"0.3.4-rc.1":    {false, false, true}, // a pre-release fits no range without one
		"0.3.x":         {true, true, true},   // a HelmRelease range: nothing can be told
		"${CHART_VER}":  {true, true, true},   // a Flux placeholder
		"not a version": {true, true, true},
	} {
		t.Run(version, func(t *testing.T) {
			assert.Equal(t, want, [3]bool{today.Fits(version), b4.Fits(version), mine.Fits(version)})
		})
	}
}

func TestCheckChart(t *testing.T) {
	today, err := Builtin("bp-sandbox")
	require.NoError(t, err)
	b4, err := Builtin("bp-sandbox-b4")
	require.NoError(t, err)
	pos := finding.Pos{File: "chart/Chart.yaml", Line: 5}

	got := CheckChart([]*Contract{today, b4}, Chart{Name: "sandbox", Version: "0.3.1", Pos: pos})
	require.Len(t, got, 1)
	assert.Equal(t, finding.ChartVersion, got[0].Code)
	assert.Equal(t, finding.SeverityWarning, got[0].Severity)
	assert.Equal(t, pos, got[0].Pos)
	assert.Equal(t, "chart sandbox 0.3.1 is outside the versions contract bp-sandbox fits (>=0.3.4); for this version use -c bp-sandbox-b4", got[0].Message)

	got = CheckChart([]*Contract{b4}, Chart{Version: "0.3.5"})
	require.Len(t, got, 1)
	assert.Equal(t, "chart 0.3.5 is outside the versions contract bp-sandbox-b4 fits (>=0.3.0 <0.3.4); for this version use -c bp-sandbox", got[0].Message)

	assert.Empty(t, CheckChart([]*Contract{today}, Chart{Version: "0.3.4"}))
	assert.Empty(t, CheckChart([]*Contract{today}, Chart{}), "an unknown version warns of nothing")
	got = CheckChart([]*Contract{today}, Chart{Version: "0.1.0"})
	require.Len(t, got, 1)
	assert.NotContains(t, got[0].Message, "-c", "no built-in fits 0.1.0")
}

func TestChartVersionsRefusedWhenNotARange(t *testing.T) {
	_, err := Parse([]byte("apiVersion: envcontract.dev/v1alpha1\nkind: EnvContract\nmetadata: {name: t}\n"+
		"spec:\n  chartVersions: \">=0.3 <<0.4\"\n  workloads:\n    - {name: w, match: {kinds: [Deployment]}}\n"), "t.yaml")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "t.yaml:5:")
	assert.Contains(t, err.Error(), "/spec/chartVersions")
	assert.Contains(t, err.Error(), "is not a semver range")
}
