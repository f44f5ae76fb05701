package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSummarize(t *testing.T) {
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	tests := map[string]struct {
		walls                 []int
		min, median, max, sum time.Duration
		spread                float64
	}{
		"odd count":  {walls: []int{30, 10, 20}, min: ms(10), median: ms(20), max: ms(30), sum: ms(60), spread: 1},
		"even count": {walls: []int{40, 10, 20, 30}, min: ms(10), median: ms(25), max: ms(40), sum: ms(100), spread: 1.2},
		"one run":    {walls: []int{7}, min: ms(7), median: ms(7), max: ms(7), sum: ms(7), spread: 0},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var ss []sample
			for i, w := range tc.walls {
				ss = append(ss, sample{Wall: ms(w), CPU: ms(w / 2), MaxRSS: int64(i * 100)})
			}
			st := summarize(ss)
			assert.Equal(t, len(tc.walls), st.Runs)
			assert.Equal(t, tc.min, st.Min)
			assert.Equal(t, tc.median, st.Median)
			assert.Equal(t, tc.max, st.Max)
			assert.Equal(t, tc.sum, st.Total)
			assert.Equal(t, int64((len(tc.walls)-1)*100), st.MaxRSS, "the largest peak of any run")
			assert.InDelta(t, tc.spread, st.Spread(), 1e-9)
		})
	}
	assert.Equal(t, stats{}, summarize(nil))
}

// interleave warms each command up once, then rotates the order each round.
func TestInterleaveOrder(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "log")
	cmd := func(name string) command {
		return command{Name: "sh", Args: []string{"-c", "echo " + name + " >> " + log}}
	}
	st, err := interleave(3, cmd("a"), cmd("b"), cmd("c"))
	require.NoError(t, err)
	require.Len(t, st, 3)
	for _, s := range st {
		assert.Equal(t, 3, s.Runs)
		assert.Positive(t, s.Min)
		assert.Positive(t, s.MaxRSS, "rusage gives the child's peak RSS")
	}
	got, err := os.ReadFile(log)
	require.NoError(t, err)
	assert.Equal(t, "a b c a b c b c a c a b", strings.Join(strings.Fields(string(got)), " "))
}

func TestRunFeedsAndReports(t *testing.T) {
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in"), filepath.Join(dir, "out")
	require.NoError(t, os.WriteFile(in, []byte("hello\n"), 0o600))
	_, err := command{Name: "tr", Args: []string{"a-z", "A-Z"}, Stdin: in, Stdout: out}.run()
	require.NoError(t, err)
	got, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Equal(t, "HELLO\n", string(got))

	_, err = command{Name: "sh", Args: []string{"-c", "echo broken >&2; exit 3"}}.run()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "exit status 3")
	assert.Contains(t, err.Error(), "broken", "the end of stderr says why")
}

func TestExpectCount(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	echo := command{Name: "sh", Args: []string{"-c", "printf 'x\\nx\\ny\\n'"}}
	require.NoError(t, expectCount(echo, out, "x", 2))
	err := expectCount(echo, out, "y", 2)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"y" occurs 1 times in the output, want 2`)
}

func TestParseFlags(t *testing.T) {
	tests := map[string]struct {
		args    []string
		errText string
		check   func(t *testing.T, c config, only map[string]bool)
	}{
		"defaults": {
			check: func(t *testing.T, c config, only map[string]bool) {
				assert.Equal(t, []int{1000, 5000, 20000, 100000}, c.Scaling)
				assert.Equal(t, 2000, c.Docs)
				assert.Equal(t, 20000, c.FloorDocs)
				assert.Equal(t, 1000, c.Files)
				assert.Len(t, only, len(scenarioNames))
				assert.True(t, filepath.IsAbs(c.Bin))
			},
		},
		"some comparisons": {
			args: []string{"-only", "floor, scaling", "-scaling", "10,20", "-runs", "2"},
			check: func(t *testing.T, c config, only map[string]bool) {
				assert.Equal(t, map[string]bool{"floor": true, "scaling": true}, only)
				assert.Equal(t, []int{10, 20}, c.Scaling)
				assert.Equal(t, 2, c.Runs)
			},
		},
		"unknown comparison": {args: []string{"-only", "speed"}, errText: `-only "speed": known comparisons are kustomize,floor,helm,helm4,validate,scaling`},
		"bad scaling":        {args: []string{"-scaling", "1k"}, errText: `-scaling "1k": want document counts such as 1000,5000`},
		"no runs":            {args: []string{"-runs", "0"}, errText: "-runs 0: need at least 1"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			c, only, _, err := parseFlags(tc.args)
			if tc.errText != "" {
				require.EqualError(t, err, tc.errText)
				return
			}
			require.NoError(t, err)
			tc.check(t, c, only)
		})
	}
}

func TestValuesFilesDiffer(t *testing.T) {
	files, err := valuesFiles(filepath.Join("..", ".."), t.TempDir(), 3)
	require.NoError(t, err)
	require.Len(t, files, 3)
	seen := map[string]bool{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		assert.Contains(t, string(data), "enabled: true")
		seen[string(data)] = true
	}
	assert.Len(t, seen, 3)
}
