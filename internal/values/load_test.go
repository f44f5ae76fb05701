package values_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/pflag"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/chartutil"
	helmcli "helm.sh/helm/v3/pkg/cli/values"
	"helm.sh/helm/v3/pkg/getter"

	"github.com/openova/envcontract/internal/helmsdk"
	"github.com/openova/envcontract/internal/stream"
	"github.com/openova/envcontract/internal/values"
)

const chartDir = "testdata/chart"

// helmReference computes the values the way helm install does, with Helm's
// own code, so that Load is checked against Helm rather than against a copy.
func helmReference(t *testing.T, o values.Options) map[string]any {
	t.Helper()
	ho := helmcli.Options{ValueFiles: o.ValueFiles, Values: o.Values, StringValues: o.StringValues, FileValues: o.FileValues,
		JSONValues: o.JSONValues, LiteralValues: o.LiteralValues}
	vals, err := ho.MergeValues(getter.Providers{})
	require.NoError(t, err)
	if o.Chart == "" {
		return vals
	}
	chrt, err := loader.Load(o.Chart)
	require.NoError(t, err)
	require.NoError(t, chartutil.ProcessDependenciesWithMerge(chrt, vals))
	out, err := chartutil.CoalesceValues(chrt, vals)
	require.NoError(t, err)
	return out
}

func TestLoadMatchesHelm(t *testing.T) {
	f := func(n string) string { return filepath.Join("testdata", n) }
	cases := map[string]values.Options{
		"chart only":        {Chart: chartDir},
		"files in order":    {Chart: chartDir, ValueFiles: []string{f("override.yaml"), f("second.yaml")}},
		"no chart":          {ValueFiles: []string{f("override.yaml")}},
		"set beats files":   {Chart: chartDir, ValueFiles: []string{f("override.yaml")}, Values: []string{"replicas=5,mcp.storage.s3Region=ap-south-1"}},
		"set-string":        {Chart: chartDir, StringValues: []string{"replicas=5", "enabled=true"}},
		"set-file":          {Chart: chartDir, FileValues: []string{"motd=" + f("setfile.txt")}},
		"set null deletes":  {Chart: chartDir, Values: []string{"mcp.giteaBaseURL=null"}},
		"subchart disabled": {Chart: chartDir, Values: []string{"sub.enabled=false"}},
		"list index":        {Chart: chartDir, Values: []string{"list[1]=z"}},
		"set-json":          {Chart: chartDir, JSONValues: []string{`mcp={"storage":{"s3Region":"eu-north-1"}},replicas=2`}},
		"set-literal":       {Chart: chartDir, LiteralValues: []string{"mcp.giteaBaseURL=https://a,b={c}"}},
		"the order of the set flags": {Chart: chartDir, ValueFiles: []string{f("override.yaml")},
			JSONValues: []string{`replicas=7`}, Values: []string{"replicas=8"}, LiteralValues: []string{"enabled=x,y"}},
	}
	for name, o := range cases {
		t.Run(name, func(t *testing.T) {
			got, err := values.Load(helmsdk.ValuesOptions(o))
			require.NoError(t, err)
			assert.Equal(t, helmReference(t, o), got)
		})
	}
}

func TestLoadHelmTyping(t *testing.T) {
	got, err := values.Load(helmsdk.ValuesOptions(values.Options{Chart: chartDir, ValueFiles: []string{"testdata/override.yaml"}}))
	require.NoError(t, err)
	// Helm reads -f files as YAML 1.1 through sigs.k8s.io/yaml.
	assert.Equal(t, true, got["yes11"])
	assert.Equal(t, float64(511), got["octal"])
	_, kept := got["dropme"]
	assert.False(t, kept, "a null in a values file deletes the chart default")
}

func TestLoadOrigins(t *testing.T) {
	o := values.Options{
		Chart:      chartDir,
		ValueFiles: []string{"testdata/override.yaml", "testdata/second.yaml"},
		Values:     []string{"enabled=false"},
	}
	l, err := values.LoadWithOrigins(helmsdk.ValuesOptions(o))
	require.NoError(t, err)
	cases := map[string]string{
		"/replicas":              "testdata/override.yaml:1:11",
		"/mcp/storage/s3Region":  "testdata/override.yaml:4:15",
		"/mcp/storage/s3UseTLS":  "testdata/second.yaml:3:15",
		"/mcp/giteaBaseURL":      "testdata/chart/values.yaml:4:17",
		"/mcp/storage":           "testdata/second.yaml:2:3",
		"/enabled":               values.OriginSet,
		"/sub/port":              "testdata/chart/charts/sub/values.yaml:1:7",
		"/list/0":                "testdata/override.yaml:6:8",
		"/mcp/storage/s3Region/": "testdata/override.yaml:4:15",
		"/nothing/here":          "testdata/second.yaml:1:1",
	}
	for pointer, want := range cases {
		t.Run(pointer, func(t *testing.T) {
			got, ok := l.Origin(pointer)
			require.True(t, ok)
			assert.Equal(t, want, got.String())
		})
	}
}

func TestLoadErrors(t *testing.T) {
	cases := map[string]struct {
		o    values.Options
		want string
	}{
		"duplicate key":  {values.Options{ValueFiles: []string{"testdata/dup.yaml"}}, `testdata/dup.yaml: line 4: duplicate mapping key "c"`},
		"missing file":   {values.Options{ValueFiles: []string{"testdata/nope.yaml"}}, "nope.yaml"},
		"remote file":    {values.Options{ValueFiles: []string{"https://example.com/v.yaml"}}, "remote values files are not read"},
		"bad set":        {values.Options{Values: []string{"a"}}, `--set item 1: expected KEY=VALUE`},
		"missing chart":  {values.Options{Chart: "testdata/none"}, `loading chart "testdata/none"`},
		"list top level": {values.Options{ValueFiles: []string{"-"}, Stdin: strings.NewReader("- a\n")}, "<stdin>: line 1: values must be a YAML mapping, not a list"},
		// Helm's reader quotes the value of a bad tag; a value may be a secret.
		"tag that does not fit": {values.Options{ValueFiles: []string{"-"}, Stdin: strings.NewReader("a:\n  token: !!int s3cr3t-canary\n")},
			"<stdin>: line 2: the value (not shown) does not fit its tag !!int"},
		"mapping as a key": {values.Options{ValueFiles: []string{"-"}, Stdin: strings.NewReader("? {a: s3cr3t-canary}\n: x\n")},
			"<stdin>: line 1: a mapping key is a mapping (not shown)"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := values.Load(tc.o)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.NotContains(t, err.Error(), "s3cr3t-canary")
		})
	}
}

// Helm's strvals quotes the item it cannot parse; an item is often a
// secret, so the error names the flag, the item number and the key only.
func TestLoadSetErrorsHideTheValue(t *testing.T) {
	const canary = "s3cr3t-canary"
	cases := map[string]struct {
		o    values.Options
		want string
	}{
		"--set without =":     {values.Options{Values: []string{"a=1", canary}}, `--set item 2: expected KEY=VALUE`},
		"--set second pair":   {values.Options{Values: []string{"tok=" + canary + "," + canary}}, `--set item 1 (key "tok"): expected KEY=VALUE`},
		"--set-string":        {values.Options{StringValues: []string{canary}}, `--set-string item 1: expected KEY=VALUE`},
		"--set-json bad json": {values.Options{JSONValues: []string{`k={"` + canary}}, `--set-json item 1 (key "k"): expected KEY=VALUE`},
		"--set-json no =":     {values.Options{JSONValues: []string{canary}}, `--set-json item 1: expected KEY=VALUE`},
		"--set-file no =":     {values.Options{FileValues: []string{canary}}, `--set-file item 1: expected KEY=VALUE`},
		"--set-literal no =":  {values.Options{LiteralValues: []string{canary}}, `--set-literal item 1: expected KEY=VALUE`},
		"--set bad index":     {values.Options{Values: []string{"a[-1]=" + canary}}, `--set item 1 (key "a[-1]")`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := values.Load(tc.o)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.Contains(t, err.Error(), "value not shown")
			assert.NotContains(t, err.Error(), canary)
		})
	}
}

// The post-renderer's standard input holds the manifests: "-" as a values
// file or --set-file path must be refused, not read as values (Helm 3
// would apply an empty release and delete every object).
func TestLoadStdinTaken(t *testing.T) {
	for name, o := range map[string]values.Options{
		"-f -":           {ValueFiles: []string{"-"}},
		"-f ' -'":        {ValueFiles: []string{" -"}},
		"--set-file k=-": {FileValues: []string{"k=-"}},
	} {
		t.Run(name, func(t *testing.T) {
			o.StdinTaken = true
			o.Stdin = strings.NewReader("apiVersion: v1\nkind: ConfigMap\n")
			_, err := values.Load(o)
			require.ErrorIs(t, err, values.ErrStdinTaken)
			assert.Contains(t, err.Error(), "write the values to a file")
		})
	}
	_, err := values.Load(values.Options{FileValues: []string{"k=-"}, StdinTaken: true})
	assert.ErrorContains(t, err, `--set-file item 1 (key "k"): the post-renderer reads the manifests`)
}

// A regular values file larger than the input limit is refused, not read
// into memory whole. A sparse file makes it without writing 256 MiB.
func TestLoadValuesFileSizeLimit(t *testing.T) {
	big := filepath.Join(t.TempDir(), "big.yaml")
	f, err := os.Create(big)
	require.NoError(t, err)
	require.NoError(t, f.Truncate(stream.DefaultMaxBytes+1))
	require.NoError(t, f.Close())
	for name, o := range map[string]values.Options{
		"-f":         {ValueFiles: []string{big}},
		"--set-file": {FileValues: []string{"k=" + big}},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := values.Load(o)
			require.ErrorIs(t, err, stream.ErrTooLarge)
			assert.Contains(t, err.Error(), big)
		})
	}
}

func TestAddFlags(t *testing.T) {
	var o values.Options
	fs := pflag.NewFlagSet("x", pflag.ContinueOnError)
	values.AddFlags(fs, &o)
	require.NoError(t, fs.Parse([]string{"-f", "a.yaml,b.yaml", "--values", "c.yaml", "--set", "a=1,b=2", "--set", "c=3",
		"--set-string", "d=4", "--set-file", "e=f.txt", "--chart", "ch", "--set-json", `g={"h":1}`, "--set-literal", "i=a,b"}))
	assert.Equal(t, values.Options{Chart: "ch", ValueFiles: []string{"a.yaml", "b.yaml", "c.yaml"}, Values: []string{"a=1,b=2", "c=3"},
		StringValues: []string{"d=4"}, FileValues: []string{"e=f.txt"}, JSONValues: []string{`g={"h":1}`}, LiteralValues: []string{"i=a,b"}}, o)
}

func TestLoadOriginsOfEverySetFlag(t *testing.T) {
	l, err := values.LoadWithOrigins(values.Options{
		JSONValues:    []string{`a={"b":1}`},
		Values:        []string{"c=2"},
		StringValues:  []string{"d=3"},
		LiteralValues: []string{"e=x,y"},
	})
	require.NoError(t, err)
	for pointer, want := range map[string]string{
		"/a/b": values.OriginSetJSON, "/c": values.OriginSet, "/d": values.OriginSetString, "/e": values.OriginSetLiteral,
	} {
		got, ok := l.Origin(pointer)
		require.True(t, ok, pointer)
		assert.Equal(t, want, got.String(), pointer)
	}
	assert.Equal(t, "x,y", l.Values["e"], "--set-literal keeps commas")
}

// TestLoadOverDefaults: without a chart, Defaults stand in for the chart's
// values, coalesced as Helm coalesces a chart's: a null (from a file or
// --set) deletes the default, the rest merges; positions name the file, or
// DefaultsName for what only the defaults say.
func TestLoadOverDefaults(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "hr-values.yaml")
	require.NoError(t, os.WriteFile(file, []byte("cnpg:\n  activeHotStandby:\n    enabled: null\n    primaryRegion: eu\nruntime:\n  secret: {name: x}\n"), 0o600))
	defaults := map[string]any{
		"enabled": false,
		"cnpg":    map[string]any{"activeHotStandby": map[string]any{"enabled": "", "primaryRegion": "", "replicaRegion": ""}},
		"runtime": map[string]any{"image": "img:1", "secret": "tokens"},
	}
	l, err := values.LoadWithOrigins(values.Options{ValueFiles: []string{file}, Values: []string{"runtime.image=null"},
		Defaults: defaults, DefaultsName: "schema (default)"})
	require.NoError(t, err)
	assert.Equal(t, map[string]any{
		"enabled": false,
		"cnpg":    map[string]any{"activeHotStandby": map[string]any{"primaryRegion": "eu", "replicaRegion": ""}},
		"runtime": map[string]any{"secret": map[string]any{"name": "x"}},
	}, l.Values)
	assert.Equal(t, "tokens", defaults["runtime"].(map[string]any)["secret"], "the defaults are left as they were")

	pos, ok := l.Origin("/enabled")
	require.True(t, ok)
	assert.Equal(t, "schema (default)", pos.File)
	pos, _ = l.Origin("/cnpg/activeHotStandby/primaryRegion")
	assert.Equal(t, file, pos.File)
	assert.Equal(t, 4, pos.Line)

	require.Len(t, l.Warnings, 1, "a map over the default's string: Helm's coalesce warning")
	fs := l.CoalesceFindings()
	require.Len(t, fs, 1)
	assert.Equal(t, "/runtime/secret", fs[0].Pos.Pointer)
	assert.Equal(t, file, fs[0].Pos.File)
	assert.Equal(t, 6, fs[0].Pos.Line)
	assert.Equal(t, "warning", fs[0].Severity.String())
	assert.NotContains(t, fs[0].Message, "tokens", "no value is shown")
}
