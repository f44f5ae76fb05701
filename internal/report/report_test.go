package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openova/envcontract/internal/finding"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// mixed covers every severity, workloads and no workload, locations with a
// file and line, a file only and a document only, and the characters GitHub
// and URIs need escaped. It is out of order on purpose: Write sorts.
var mixed = []finding.Finding{
	{Code: finding.SetNotRead, Severity: finding.SeverityWarning, Workload: "mcp", Env: "ORG_ID",
		Message: "ORG_ID is set but the program never reads it", Pos: finding.Pos{File: "mcp-server"}},
	{Code: finding.Forbidden, Severity: finding.SeverityError, Workload: "mcp",
		Container: "mcp", Env: "ORG_ID",
		Message: "forbidden name ORG_ID is present; rename it to SANDBOX_ORG_ID",
		Pos:     finding.Pos{Object: "Deployment/openova-sandbox-mcp", File: "templates/mcp.yaml", Line: 41, Doc: 3}},
	{Code: finding.Injected, Severity: finding.SeverityInfo, Workload: "mcp",
		Container: "mcp", Env: "SANDBOX_NAMESPACE",
		Message: "injected SANDBOX_NAMESPACE from fieldRef metadata.namespace",
		Pos:     finding.Pos{Object: "Deployment/openova-sandbox-mcp", File: "templates/mcp.yaml", Line: 12, Doc: 3}},
	{Code: finding.Missing, Severity: finding.SeverityError, Workload: "pty-server",
		Container: "pty-server", Env: "SOVEREIGN_FQDN",
		Message: "required name SOVEREIGN_FQDN is absent",
		Pos:     finding.Pos{Object: "StatefulSet/pty-server", File: "charts/a,b/templates/pty server:v1.yaml", Line: 7, Doc: 5}},
	{Code: finding.Unmatched, Severity: finding.SeverityWarning, Workload: "controller",
		Message: "no object matched kinds [Deployment] and labels app.kubernetes.io/name=sandbox-controller (100% of 0 documents)"},
	{Code: finding.BadObject, Severity: finding.SeverityError,
		Message: "spec.template.spec.containers is not a list", Pos: finding.Pos{Object: "Deployment/broken", Doc: 9, Line: 3}},
}

func TestWriteGolden(t *testing.T) {
	tests := map[string]struct {
		findings []finding.Finding
		format   string
		opts     Options
	}{
		"mixed.text":       {findings: mixed, format: "text"},
		"mixed.color.text": {findings: mixed, format: "text", opts: Options{Color: true}},
		"mixed.json":       {findings: mixed, format: "json"},
		"mixed.sarif":      {findings: mixed, format: "sarif", opts: Options{Version: "v0.1.0"}},
		"mixed.github":     {findings: mixed, format: "github"},
		"empty.text":       {format: "text"},
		"empty.json":       {format: "json"},
		"empty.sarif":      {format: "sarif"},
		"empty.github":     {format: "github"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			require.NoError(t, Write(&out, tc.format, Report{Command: "check", Findings: tc.findings}, tc.opts))
			golden := filepath.Join("testdata", name)
			if *update {
				require.NoError(t, os.WriteFile(golden, out.Bytes(), 0o644))
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "run go test ./internal/report/ -update to create it")
			assert.Equal(t, string(want), out.String())
		})
	}
}

func TestWriteLeavesInputUnsorted(t *testing.T) {
	in := append([]finding.Finding(nil), mixed...)
	require.NoError(t, Write(&bytes.Buffer{}, "json", Report{Command: "check", Findings: in}, Options{}))
	assert.Equal(t, mixed, in)
}

func TestWriteUnknownFormat(t *testing.T) {
	err := Write(&bytes.Buffer{}, "xml", Report{Command: "check", Findings: mixed}, Options{})
	require.ErrorIs(t, err, ErrUnknownFormat)
	assert.EqualError(t, err, `unknown output format "xml": use one of text, json, sarif, github`)
}

func TestJSONSummary(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, Write(&out, "json", Report{Command: "check", Findings: mixed}, Options{}))
	var doc struct { // finding.Severity has no UnmarshalText: read it as the string it prints
		Findings []struct {
			Severity string
			Position finding.Pos
		}
		Summary Summary
	}
	require.NoError(t, json.Unmarshal(out.Bytes(), &doc))
	assert.Equal(t, Summary{Total: 6, Error: 3, Warning: 2, Info: 1}, doc.Summary)
	require.Len(t, doc.Findings, 6)
	var order []string
	for _, f := range doc.Findings {
		order = append(order, f.Severity+" "+f.Position.String())
	}
	assert.Equal(t, []string{ // finding.Sort: by file (none first), document, line
		"warning document 0",
		"error document 9, line 3",
		"error charts/a,b/templates/pty server:v1.yaml:7",
		"warning mcp-server",
		"info templates/mcp.yaml:12",
		"error templates/mcp.yaml:41",
	}, order)
}

// sarifSchema compiles the vendored SARIF 2.1.0 schema (see schema/README.md).
func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "schema", "sarif-2.1.0.json"))
	require.NoError(t, err)
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	c.AssertFormat() // uri-reference and friends are checked too
	require.NoError(t, c.AddResource(sarifSchemaURI, doc))
	sch, err := c.Compile(sarifSchemaURI)
	require.NoError(t, err)
	return sch
}

func TestSARIFValidates(t *testing.T) {
	sch := sarifSchema(t)
	tests := map[string][]finding.Finding{
		"mixed":             mixed,
		"none":              nil,
		"undocumented kind": {{Code: "made-up", Severity: finding.SeverityInfo, Message: "m"}},
	}
	for name, fs := range tests {
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			require.NoError(t, Write(&out, "sarif", Report{Command: "check", Findings: fs}, Options{Version: "v1.2.3"}))
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out.Bytes()))
			require.NoError(t, err)
			assert.NoError(t, sch.Validate(inst))

			var log sarifLog
			require.NoError(t, json.Unmarshal(out.Bytes(), &log))
			require.Len(t, log.Runs, 1)
			rules := log.Runs[0].Tool.Driver.Rules
			for _, r := range log.Runs[0].Results {
				require.Less(t, r.RuleIndex, len(rules))
				assert.Equal(t, r.RuleID, rules[r.RuleIndex].ID, "ruleIndex points at the result's rule")
			}
		})
	}
}

// TestSARIFRejectsBrokenLog proves the schema check can fail.
func TestSARIFRejectsBrokenLog(t *testing.T) {
	sch := sarifSchema(t)
	tests := map[string]struct{ log, want string }{
		"unknown level": {
			log:  `{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"level": "fatal", "message": {"text": "x"}}]}]}`,
			want: "/runs/0/results/0/level",
		},
		"uri with a space and a backslash": {
			log:  `{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"message": {"text": "x"}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a b\\c"}}}]}]}]}`,
			want: "is not valid uri-reference",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader([]byte(tc.log)))
			require.NoError(t, err)
			err = sch.Validate(inst)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestSARIFRulesCoverEveryCode(t *testing.T) {
	documented := map[finding.Code]bool{}
	for _, r := range finding.Rules {
		assert.False(t, documented[r.Code], "%s documented twice", r.Code)
		documented[r.Code] = true
		assert.NotEmpty(t, r.Short)
		assert.NotEmpty(t, r.Help)
	}
	// Every code constant in finding/codes.go has a rule: read them from the
	// source, so that a new code without text fails here.
	src, err := os.ReadFile(filepath.Join("..", "finding", "codes.go"))
	require.NoError(t, err)
	codes := regexp.MustCompile(`(?m)^\t\w+ +Code = "([a-z-]+)"`).FindAllSubmatch(src, -1)
	require.Greater(t, len(codes), 20)
	for _, m := range codes {
		assert.True(t, documented[finding.Code(m[1])], "code %s has no rule text", m[1])
	}
}

func TestGitHubEscaping(t *testing.T) {
	tests := map[string]struct {
		f    finding.Finding
		want string
	}{
		"message keeps : and , but escapes % and line breaks": {
			f: finding.Finding{Code: finding.Missing, Severity: finding.SeverityError,
				Message: "a: b, 100%\r\nnext", Pos: finding.Pos{File: "x.yaml", Line: 2}},
			want: "::error file=x.yaml,line=2,title=envcontract%3A missing::a: b, 100%25%0D%0Anext\n",
		},
		"property escapes : and ,": {
			f: finding.Finding{Code: finding.Unmatched, Severity: finding.SeverityWarning,
				Message: "m", Pos: finding.Pos{File: "C:\\a,b%\n.yaml"}},
			want: "::warning file=C%3A\\a%2Cb%25%0A.yaml,title=envcontract%3A unmatched::m\n",
		},
		"no file: no file or line property": {
			f:    finding.Finding{Code: finding.Injected, Severity: finding.SeverityInfo, Message: "m", Pos: finding.Pos{Line: 4}},
			want: "::notice title=envcontract%3A injected::m\n",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			require.NoError(t, Write(&out, "github", Report{Command: "check", Findings: []finding.Finding{tc.f}}, Options{}))
			assert.Equal(t, tc.want, out.String())
		})
	}
}

func TestTextColorOnlyWhenAsked(t *testing.T) {
	for _, color := range []bool{false, true} {
		var out bytes.Buffer
		require.NoError(t, Write(&out, "text", Report{Command: "check", Findings: mixed}, Options{Color: color}))
		assert.Equal(t, color, bytes.Contains(out.Bytes(), []byte("\x1b[")), "color=%v", color)
	}
}

func TestSummaryString(t *testing.T) {
	tests := map[string]struct {
		s    Summary
		want string
	}{
		"none":     {Summary{}, "no findings"},
		"singular": {Summary{Total: 3, Error: 1, Warning: 1, Info: 1}, "3 findings: 1 error, 1 warning, 1 info"},
		"plural":   {Summary{Total: 1, Info: 1}, "1 finding: 0 errors, 0 warnings, 1 info"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			assert.Equal(t, tc.want, tc.s.String())
		})
	}
}

// values is what validate reports: positions with columns and pointers,
// warnings, and a finding that knows a secret value.
var values = []finding.Finding{
	{Code: finding.Schema, Severity: finding.SeverityError, Message: "got number, want boolean",
		Pos: finding.Pos{File: "overlay.yaml", Line: 3, Col: 10, Pointer: "/enabled"}, Schema: "bp-sandbox#/properties/enabled/type"},
	{Code: finding.Substitution, Severity: finding.SeverityWarning, Message: "spec.valuesFrom is not read",
		Pos: finding.Pos{File: "hr.yaml", Line: 9, Col: 3, Pointer: "/spec/valuesFrom"}},
	(finding.Finding{Code: finding.Schema, Severity: finding.SeverityError, Message: "token hunter2 is not allowed here",
		Pos: finding.Pos{File: "--set", Pointer: ""}}).Hide("hunter2"),
}

func TestValuesFindingsInEveryFormat(t *testing.T) {
	sch := sarifSchema(t)
	for _, format := range Formats() {
		t.Run(format, func(t *testing.T) {
			var out bytes.Buffer
			require.NoError(t, Write(&out, format, Report{Command: "validate", Findings: values, Style: Lines}, Options{}))
			assert.NotContains(t, out.String(), "hunter2", "a hidden value never reaches a report")
			assert.Contains(t, out.String(), "(value not shown)")
			if format == "sarif" {
				inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out.Bytes()))
				require.NoError(t, err)
				assert.NoError(t, sch.Validate(inst))
			}
		})
	}
	var out bytes.Buffer
	require.NoError(t, Write(&out, "text", Report{Command: "validate", Findings: values, Style: Lines}, Options{}))
	assert.Equal(t, `--set: /: token (value not shown) is not allowed here
hr.yaml:9:3: /spec/valuesFrom: warning: spec.valuesFrom is not read
overlay.yaml:3:10: /enabled: got number, want boolean
`, out.String())
}

func TestTextEscapesControlCharacters(t *testing.T) {
	f := finding.Finding{Code: finding.Missing, Severity: finding.SeverityError, Workload: "w\x1b[2J",
		Env: "A\nB", Message: "name \"A\nB\" \x1b]0;title\a\u202e is absent\n::error::forged",
		Pos: finding.Pos{File: "t.yaml\n::error::x", Line: 1}}
	for _, style := range []Style{Table, Lines} {
		var out bytes.Buffer
		require.NoError(t, Write(&out, "text", Report{Findings: []finding.Finding{f}, Style: style}, Options{}))
		assert.NotContains(t, out.String(), "\x1b")
		assert.NotContains(t, out.String(), "\u202e")
		for _, line := range strings.Split(out.String(), "\n") {
			assert.False(t, strings.HasPrefix(strings.TrimSpace(line), "::"), "forged line %q", line)
		}
	}
	var gh bytes.Buffer
	require.NoError(t, Write(&gh, "github", Report{Findings: []finding.Finding{f}}, Options{}))
	assert.Equal(t, 1, strings.Count(gh.String(), "\n"), "one annotation, one line: %q", gh.String())
	assert.NotContains(t, gh.String(), "\x1b")
}

func TestJSONEnvelope(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, Write(&out, "json", Report{Command: "extract", Result: map[string]int{"reads": 2}}, Options{}))
	var env map[string]any
	require.NoError(t, json.Unmarshal(out.Bytes(), &env))
	assert.Equal(t, APIVersion, env["apiVersion"])
	assert.Equal(t, "Report", env["kind"])
	assert.Equal(t, "extract", env["command"])
	assert.Equal(t, []any{}, env["findings"])
	assert.Equal(t, map[string]any{"reads": 2.0}, env["result"])
}

// reportSchema compiles schema/report.schema.json.
func reportSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	sch, err := jsonschema.NewCompiler().Compile(filepath.Join("..", "..", "schema", "report.schema.json"))
	require.NoError(t, err)
	return sch
}

func TestJSONMatchesReportSchema(t *testing.T) {
	sch := reportSchema(t)
	for name, r := range map[string]Report{
		"check":    {Command: "check", Findings: mixed},
		"validate": {Command: "validate", Findings: values},
		"empty":    {Command: "flux"},
		"result":   {Command: "extract", Result: []string{"A"}},
	} {
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			require.NoError(t, Write(&out, "json", r, Options{}))
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out.Bytes()))
			require.NoError(t, err)
			assert.NoError(t, sch.Validate(inst))
		})
	}
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(`{"apiVersion": "envcontract.dev/report/v1", "kind": "Report", "command": "check", "findings": [{"code": "x", "severity": "fatal", "message": "m", "position": {}}], "summary": {"total": 1, "error": 0, "warning": 0, "info": 0}}`))
	require.NoError(t, err)
	assert.Error(t, sch.Validate(inst), "the schema rejects an unknown severity")
}
