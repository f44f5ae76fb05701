package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
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
	{Kind: finding.KindSetNotRead, Severity: finding.SeverityWarning, Workload: "mcp", Env: "ORG_ID",
		Message: "ORG_ID is set but the program never reads it", Location: finding.Location{File: "mcp-server"}},
	{Kind: finding.KindForbidden, Severity: finding.SeverityError, Workload: "mcp",
		Object: "Deployment/openova-sandbox-mcp", Container: "mcp", Env: "ORG_ID",
		Message:  "forbidden name ORG_ID is present; rename it to SANDBOX_ORG_ID",
		Location: finding.Location{File: "templates/mcp.yaml", Line: 41, Document: 3}},
	{Kind: finding.KindInjected, Severity: finding.SeverityInfo, Workload: "mcp",
		Object: "Deployment/openova-sandbox-mcp", Container: "mcp", Env: "SANDBOX_NAMESPACE",
		Message:  "injected SANDBOX_NAMESPACE from fieldRef metadata.namespace",
		Location: finding.Location{File: "templates/mcp.yaml", Line: 12, Document: 3}},
	{Kind: finding.KindMissing, Severity: finding.SeverityError, Workload: "pty-server",
		Object: "StatefulSet/pty-server", Container: "pty-server", Env: "SOVEREIGN_FQDN",
		Message:  "required name SOVEREIGN_FQDN is absent",
		Location: finding.Location{File: "charts/a,b/templates/pty server:v1.yaml", Line: 7, Document: 5}},
	{Kind: finding.KindUnmatched, Severity: finding.SeverityWarning, Workload: "controller",
		Message: "no object matched kinds [Deployment] and labels app.kubernetes.io/name=sandbox-controller (100% of 0 documents)"},
	{Kind: finding.KindBadObject, Severity: finding.SeverityError, Object: "Deployment/broken",
		Message: "spec.template.spec.containers is not a list", Location: finding.Location{Document: 9, Line: 3}},
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
			require.NoError(t, Write(&out, tc.format, tc.findings, tc.opts))
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
	require.NoError(t, Write(&bytes.Buffer{}, "json", in, Options{}))
	assert.Equal(t, mixed, in)
}

func TestWriteUnknownFormat(t *testing.T) {
	err := Write(&bytes.Buffer{}, "xml", mixed, Options{})
	require.ErrorIs(t, err, ErrUnknownFormat)
	assert.EqualError(t, err, `unknown output format "xml": use one of text, json, sarif, github`)
}

func TestJSONSummary(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, Write(&out, "json", mixed, Options{}))
	var doc struct { // finding.Severity has no UnmarshalText: read it as the string it prints
		Findings []struct {
			Severity string
			Location finding.Location
		}
		Summary Summary
	}
	require.NoError(t, json.Unmarshal(out.Bytes(), &doc))
	assert.Equal(t, Summary{Total: 6, Error: 3, Warning: 2, Info: 1}, doc.Summary)
	require.Len(t, doc.Findings, 6)
	var order []string
	for _, f := range doc.Findings {
		order = append(order, f.Severity+" "+f.Location.String())
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
		"undocumented kind": {{Kind: "made-up", Severity: finding.SeverityInfo, Message: "m"}},
	}
	for name, fs := range tests {
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			require.NoError(t, Write(&out, "sarif", fs, Options{Version: "v1.2.3"}))
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

func TestSARIFRulesCoverEveryKind(t *testing.T) {
	kinds := []finding.Kind{
		finding.KindRenamed, finding.KindInjected, finding.KindOptional, finding.KindMissing,
		finding.KindNotRenamed, finding.KindForbidden, finding.KindDuplicate, finding.KindSecretLiteral,
		finding.KindSecretNotOptional, finding.KindNoValue, finding.KindRenameConflict,
		finding.KindNotConfigured, finding.KindUnmatched, finding.KindBadObject,
		finding.KindReadNotSet, finding.KindSetNotRead,
	}
	documented := map[finding.Kind]bool{}
	for _, r := range rules {
		assert.False(t, documented[r.kind], "%s documented twice", r.kind)
		documented[r.kind] = true
		assert.NotEmpty(t, r.short)
		assert.NotEmpty(t, r.help)
	}
	for _, k := range kinds {
		assert.True(t, documented[k], "kind %s has no SARIF rule text", k)
	}
}

func TestGitHubEscaping(t *testing.T) {
	tests := map[string]struct {
		f    finding.Finding
		want string
	}{
		"message keeps : and , but escapes % and line breaks": {
			f: finding.Finding{Kind: finding.KindMissing, Severity: finding.SeverityError,
				Message: "a: b, 100%\r\nnext", Location: finding.Location{File: "x.yaml", Line: 2}},
			want: "::error file=x.yaml,line=2,title=envcontract%3A missing::a: b, 100%25%0D%0Anext\n",
		},
		"property escapes : and ,": {
			f: finding.Finding{Kind: finding.KindUnmatched, Severity: finding.SeverityWarning,
				Message: "m", Location: finding.Location{File: "C:\\a,b%\n.yaml"}},
			want: "::warning file=C%3A\\a%2Cb%25%0A.yaml,title=envcontract%3A unmatched::m\n",
		},
		"no file: no file or line property": {
			f:    finding.Finding{Kind: finding.KindInjected, Severity: finding.SeverityInfo, Message: "m", Location: finding.Location{Line: 4}},
			want: "::notice title=envcontract%3A injected::m\n",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			require.NoError(t, Write(&out, "github", []finding.Finding{tc.f}, Options{}))
			assert.Equal(t, tc.want, out.String())
		})
	}
}

func TestTextColorOnlyWhenAsked(t *testing.T) {
	for _, color := range []bool{false, true} {
		var out bytes.Buffer
		require.NoError(t, Write(&out, "text", mixed, Options{Color: color}))
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
