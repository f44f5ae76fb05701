package finding

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPosString(t *testing.T) {
	tests := map[string]struct {
		pos  Pos
		want string
	}{
		"file, line and column": {Pos{File: "v.yaml", Line: 3, Col: 7}, "v.yaml:3:7"},
		"file and line":         {Pos{File: "t.yaml", Line: 3}, "t.yaml:3"},
		"file only":             {Pos{File: "--set"}, "--set"},
		"document and line":     {Pos{Doc: 2, Line: 9}, "document 2, line 9"},
		"document only":         {Pos{Doc: 4}, "document 4"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) { assert.Equal(t, tc.want, tc.pos.String()) })
	}
}

func TestPosJSONLeavesOutNoDocument(t *testing.T) {
	for name, tc := range map[string]struct {
		pos  Pos
		want string
	}{
		"document 0 is kept":  {Pos{File: "a.yaml", Line: 1}, `{"file":"a.yaml","line":1,"document":0}`},
		"no document, Doc -1": {Pos{File: "main.go", Line: 3, Col: 9, Doc: -1}, `{"file":"main.go","line":3,"column":9}`},
		"object and pointer":  {Pos{Doc: 1, Object: "Deployment/x", Pointer: "/a"}, `{"object":"Deployment/x","pointer":"/a","document":1}`},
	} {
		t.Run(name, func(t *testing.T) {
			out, err := json.Marshal(tc.pos)
			require.NoError(t, err)
			assert.JSONEq(t, tc.want, string(out))
		})
	}
}

func TestHiddenValuesNeverShow(t *testing.T) {
	f := Finding{Code: Schema, Message: "token hunter2 and `s3cr3t` are not allowed"}.Hide("hunter2", "")
	assert.Equal(t, "token (value not shown) and (value not shown) are not allowed", f.Text())
	assert.NotContains(t, f.String(), "hunter2")
	assert.NotContains(t, f.Line(), "hunter2")
	r := f.Redacted()
	assert.Equal(t, f.Text(), r.Message)
	out, err := json.Marshal(r)
	require.NoError(t, err)
	assert.NotContains(t, string(out), "hunter2")

	g := f.Hide("other")
	assert.Equal(t, f.Text(), g.Text(), "hiding more leaves the first finding as it was")
	assert.Len(t, f.hidden, 1)
}

func TestLine(t *testing.T) {
	assert.Equal(t, "v.yaml:3:7: /enabled: got number, want boolean",
		Finding{Severity: SeverityError, Message: "got number, want boolean", Pos: Pos{File: "v.yaml", Line: 3, Col: 7, Pointer: "/enabled"}}.Line())
	assert.Equal(t, "hr.yaml: /: warning: m", Finding{Severity: SeverityWarning, Message: "m", Pos: Pos{File: "hr.yaml"}}.Line())
}

func TestCompareAndSort(t *testing.T) {
	fs := []Finding{
		{Code: Missing, Pos: Pos{File: "b.yaml", Line: 1}},
		{Code: Missing, Env: "B", Pos: Pos{File: "a.yaml", Doc: 1, Line: 5}},
		{Code: Forbidden, Env: "A", Pos: Pos{File: "a.yaml", Doc: 1, Line: 5}},
		{Code: Missing, Pos: Pos{File: "a.yaml", Doc: 0, Line: 9}},
		{Code: Schema, Pos: Pos{File: "a.yaml", Doc: 1, Line: 5, Col: 2}},
	}
	Sort(fs)
	var got []string
	for _, f := range fs {
		got = append(got, f.Pos.String()+" "+f.Env+" "+string(f.Code))
	}
	assert.Equal(t, []string{
		"a.yaml:9  missing",    // document 0 first
		"a.yaml:5 A forbidden", // then by env
		"a.yaml:5 B missing",   //
		"a.yaml:5:2  schema",   // a column after no column
		"b.yaml:1  missing",
	}, got)
}

func TestSeverities(t *testing.T) {
	for _, s := range []Severity{SeverityInfo, SeverityWarning, SeverityError} {
		got, err := ParseSeverity(s.String())
		require.NoError(t, err)
		assert.Equal(t, s, got)
	}
	_, err := ParseSeverity("fatal")
	assert.EqualError(t, err, `severity must be error, warning or info, not "fatal"`)

	fs := []Finding{{Severity: SeverityInfo}, {Severity: SeverityWarning}}
	w, ok := Worst(fs)
	assert.True(t, ok)
	assert.Equal(t, SeverityWarning, w)
	assert.True(t, Reaches(fs, SeverityWarning))
	assert.False(t, Reaches(fs, SeverityError))
	assert.False(t, Reaches(nil, SeverityInfo))
}

func TestEveryRuleHasText(t *testing.T) {
	seen := map[Code]bool{}
	for _, r := range Rules {
		assert.False(t, seen[r.Code], "%s twice", r.Code)
		seen[r.Code] = true
		assert.NotEmpty(t, r.Short)
		assert.NotEmpty(t, r.Help)
		assert.Equal(t, r, RuleFor(r.Code))
	}
	assert.Equal(t, Rule{Code: "made-up", Short: "made-up", Help: "made-up"}, RuleFor("made-up"))
}

func TestClean(t *testing.T) {
	assert.Equal(t, "plain", Clean("plain"))
	assert.Equal(t, `a\nb\x1b[2J\u202e\t`, Clean("a\nb\x1b[2J\u202e\t"))
	assert.Equal(t, Clean("a\nb\x1b"), Clean(Clean("a\nb\x1b")), "idempotent")
	assert.Equal(t, "line one\n  \\x1b[2J two", CleanLines("line one\n  \x1b[2J two"), "keeps the line breaks")
	f := Finding{Env: "A\n::error::x", Workload: "w\x1b", Message: "env A\n::error::x is set twice", Pos: Pos{File: "f\n.yaml", Line: 2}}
	for _, s := range []string{f.String(), f.Line()} {
		assert.NotContains(t, s, "\n")
		assert.NotContains(t, s, "\x1b")
	}
}
