package consumer

import (
	"github.com/openova/envcontract/internal/finding"

	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const fixture = "../../fixtures/consumer"

// flatten renders a result as "NAME file:line:col" lines (reads by name, then
// "? file:line:col" for dynamic reads), so a table can state it exactly.
func flatten(r *Result) []string {
	var out []string
	for _, rd := range r.Reads {
		for _, l := range rd.Locations {
			out = append(out, fmt.Sprintf("%s %s:%d:%d", rd.Name, l.File, l.Line, l.Col))
		}
	}
	for _, l := range r.Dynamic {
		out = append(out, fmt.Sprintf("? %s:%d:%d", l.File, l.Line, l.Col))
	}
	return out
}

// fixtureReads is everything fixtures/consumer reads. Absent on purpose:
// TEST_ONLY and MAIN_TEST_ONLY (_test.go files), TESTDATA_ONLY (testdata/),
// NOT_AN_ENV_READ (a method that shadows the os alias) and
// APP_VIA_FUNC_VALUE (read through a function value: main.go:30 is dynamic).
var fixtureReads = []string{
	"APP_DEBUG main.go:17:14",                     // constant in the same file
	"APP_DOT_IMPORTED internal/config/dot.go:6:9", // dot import
	"APP_LISTEN main.go:18:14",                    // constant in another file
	"APP_LITERAL main.go:16:14",                   // literal, through an import alias
	"APP_SYSCALL main.go:26:17",                   // syscall.Getenv
	"SANDBOX_MODE main.go:21:17",                  // LookupEnv, parenthesised concatenation
	"SANDBOX_ORG_ID main.go:20:14",                // another package's constant + literal
	"SANDBOX_REGION main.go:24:14",                // typed string constant, concatenated
	"SANDBOX_TOKEN cmd/tool/main.go:14:19",        // another package, under another alias
	"SANDBOX_TOKEN internal/config/config.go:20:9",
	"SANDBOX_TOKEN main.go:19:14", // constant from another package of the module
	"SANDBOX_TOOL cmd/tool/main.go:13:12",
	"SANDBOX_ZONE main.go:25:14", // typed constant of another package
	"? main.go:29:14",            // a function result
	"? main.go:30:11",            // os.Getenv taken as a value
}

func TestExtract(t *testing.T) {
	tests := map[string]struct {
		dirs []string
		want []string
	}{
		"every package of the module: DIR/...": {
			dirs: []string{fixture + "/..."},
			want: fixtureReads,
		},
		"a main package: itself and the module packages it imports, not cmd/tool": {
			dirs: []string{fixture},
			want: slices.DeleteFunc(slices.Clone(fixtureReads), func(s string) bool { return strings.Contains(s, "cmd/tool/") }),
		},
		"a main package in a subdirectory: its imports through go.mod above it, outside it": {
			dirs: []string{fixture + "/cmd/tool"},
			want: []string{
				"APP_DOT_IMPORTED ../../internal/config/dot.go:6:9",
				"SANDBOX_TOKEN ../../internal/config/config.go:20:9",
				"SANDBOX_TOKEN main.go:14:19",
				"SANDBOX_TOOL main.go:13:12",
			},
		},
		"constants of other modules: folded from syntax, read from vendor, or dynamic": {
			// Also skipped there: vendor/, _tools/ and nested/ (its own go.mod).
			dirs: []string{"testdata/thirdparty"},
			want: []string{
				"ACME_FIRST main.go:23:6",        // implicit repetition in a const block
				"ACME_KEY main.go:22:6",          // typed by a type of a missing module
				"VENDORED_ACME_KEY main.go:27:6", // vendored constant + folded constant
				"VENDORED_HOME main.go:26:6",     // vendored constant
				"? main.go:24:6",                 // a constant of a missing module
				"? main.go:25:6",                 // a call into a missing module: maybe not a conversion
			},
		},
		"several directories keep their paths apart": {
			dirs: []string{fixture + "/cmd/tool", fixture + "/internal/config"},
			want: []string{
				"APP_DOT_IMPORTED ../../fixtures/consumer/internal/config/dot.go:6:9",
				"SANDBOX_TOKEN ../../fixtures/consumer/cmd/tool/main.go:14:19",
				"SANDBOX_TOKEN ../../fixtures/consumer/internal/config/config.go:20:9",
				"SANDBOX_TOOL ../../fixtures/consumer/cmd/tool/main.go:13:12",
			},
		},
		"a file reached through two directories is read once": {
			dirs: []string{fixture + "/internal", fixture + "/internal/config"},
			want: []string{
				"APP_DOT_IMPORTED ../../fixtures/consumer/internal/config/dot.go:6:9",
				"SANDBOX_TOKEN ../../fixtures/consumer/internal/config/config.go:20:9",
			},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := Extract(tc.dirs...)
			require.NoError(t, err)
			assert.Equal(t, tc.want, flatten(got))
		})
	}
}

// plusBuildSource is excluded by an old-style // +build line alone; it is
// written at test time because gofmt would add the //go:build line.
const plusBuildSource = `// +build ignore

package main

import "os"

var _ = os.Getenv("PLUS_BUILD_IGNORED")
`

func TestExtractBuildConstraints(t *testing.T) {
	plusBuild := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(plusBuild, "go.mod"), []byte("module example.com/plus\n"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(plusBuild, "main.go"), []byte("package main\n\nimport \"os\"\n\nvar _ = os.Getenv(\"KEPT\")\n"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(plusBuild, "old.go"), []byte(plusBuildSource), 0o600))
	// Never read: gen.go (//go:build ignore) and tagged.go (a tag no build sets).
	tests := map[string]struct {
		opts Options
		dir  string
		want []string
	}{
		"linux/amd64": {
			opts: Options{GOOS: "linux", GOARCH: "amd64"},
			dir:  "testdata/constraints",
			want: []string{
				"ALWAYS main.go:6:6",
				"LINUX_AMD64_ONLY env_linux_amd64.go:5:9", // _GOOS_GOARCH suffix
				"UNIX_NOT_DARWIN unix.go:7:9",             // //go:build expression
			},
		},
		"windows/arm64": {
			opts: Options{GOOS: "windows", GOARCH: "arm64"},
			dir:  "testdata/constraints",
			want: []string{
				"ALWAYS main.go:6:6",
				"ARM64_ONLY env_arm64.go:5:9",     // _GOARCH suffix
				"WINDOWS_ONLY env_windows.go:5:9", // _GOOS suffix
			},
		},
		"darwin/arm64: unix but not darwin": {
			opts: Options{GOOS: "darwin", GOARCH: "arm64"},
			dir:  "testdata/constraints",
			want: []string{
				"ALWAYS main.go:6:6",
				"ARM64_ONLY env_arm64.go:5:9",
			},
		},
		"an old // +build line alone": {
			opts: Options{GOOS: "linux", GOARCH: "amd64"},
			dir:  plusBuild,
			want: []string{"KEPT main.go:5:9"},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := tc.opts.Extract(tc.dir)
			require.NoError(t, err)
			assert.Equal(t, tc.want, flatten(got))
		})
	}
}

func TestExtractTargetsTheHostByDefault(t *testing.T) {
	got, err := Extract("testdata/constraints")
	require.NoError(t, err)
	want, err := Options{GOOS: runtime.GOOS, GOARCH: runtime.GOARCH}.Extract("testdata/constraints")
	require.NoError(t, err)
	assert.Equal(t, want, got)
}

func TestExtractExpand(t *testing.T) {
	// testdata/expand/main.go, line by line.
	tests := map[string]struct {
		line int
		want []string
	}{
		"ExpandEnv of a literal reads $NAME and ${NAME}": {line: 15, want: []string{"APP_HOST main.go:15:6", "APP_USER main.go:15:6"}},
		"ExpandEnv of a constant expression":             {line: 16, want: []string{"APP_HOST main.go:16:6", "APP_PATH main.go:16:6", "APP_PORT main.go:16:6"}},
		"Expand with os.Getenv, through an alias":        {line: 17, want: []string{"APP_MODE main.go:17:6"}},
		"Expand with os.Getenv in parentheses":           {line: 18, want: []string{"APP_PAREN main.go:18:6"}},
		"Expand with another mapping reads nothing":      {line: 19},
		"Expand with a func literal reads nothing":       {line: 20},
		// ${} is bad syntax and a lone $ is kept, as os.Expand has it; $- and
		// $5 are shell special names, which os.ExpandEnv does look up.
		"Go's own syntax decides what is a name":             {line: 21, want: []string{"- main.go:21:6", "5 main.go:21:6"}},
		"ExpandEnv of a non-constant is dynamic":             {line: 22, want: []string{"? main.go:22:6"}},
		"Expand of a non-constant with os.Getenv is dynamic": {line: 24, want: []string{"? main.go:24:6"}},
		"os.Getenv taken as a value stays dynamic":           {line: 25, want: []string{"? main.go:25:12"}},
		"Expand with a local that is only ever os.Getenv":    {line: 26, want: []string{"VIA_LOCAL main.go:26:6"}},
		"a local set to os.Getenv and then reassigned":       {line: 27, want: []string{"? main.go:27:12"}},
		"Expand with a local assigned again reads nothing":   {line: 29},
		"os.ExpandEnv taken as a value is dynamic":           {line: 30, want: []string{"? main.go:30:15"}},
		"calling it reads nothing more that can be seen":     {line: 31},
	}
	got, err := Extract("testdata/expand")
	require.NoError(t, err)
	byLine := map[int][]string{}
	dot := []string{}
	for _, l := range flatten(got) {
		fields := strings.Fields(l) // "NAME file:line:col" or "? file:line:col"
		require.Len(t, fields, 2, l)
		loc := strings.Split(fields[1], ":")
		require.Len(t, loc, 3, l)
		file := loc[0]
		line, err := strconv.Atoi(loc[1])
		require.NoError(t, err, l)
		if file == "dot.go" {
			dot = append(dot, l)
			continue
		}
		byLine[line] = append(byLine[line], l)
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			assert.Equal(t, tc.want, byLine[tc.line])
			delete(byLine, tc.line)
		})
	}
	assert.Equal(t, []string{"DOT_EXPAND dot.go:5:14", "DOT_MAPPING dot.go:5:41"}, dot, "dot import")
	for line, reads := range byLine {
		assert.Failf(t, "a read no case expects", "line %d: %v", line, reads)
	}
}

func TestExtractNeverReturnsNilLists(t *testing.T) {
	got, err := Extract(fixture + "/cmd/tool")
	require.NoError(t, err)
	assert.NotNil(t, got.Dynamic, "JSON output promises [] rather than null")
	assert.Equal(t, []string{"APP_DOT_IMPORTED", "SANDBOX_TOKEN", "SANDBOX_TOOL"}, got.Names())
}

// brokenSource does not parse; it is written at test time so that gofmt -l
// over the repository stays clean.
const brokenSource = `package main

import "os"

func main() {
	_ = os.Getenv("FINE")
	if {
}
`

func TestExtractErrors(t *testing.T) {
	broken := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(broken, "main.go"), []byte(brokenSource), 0o600))
	tests := map[string]struct {
		dirs []string
		want string
	}{
		"no directory":       {dirs: nil, want: "no directory given"},
		"missing directory":  {dirs: []string{"testdata/absent"}, want: "read Go source: stat testdata/absent: no such file or directory"},
		"file, not a dir":    {dirs: []string{"doc.go"}, want: `read Go source "doc.go": not a directory`},
		"syntax error":       {dirs: []string{broken}, want: "parse " + filepath.Join(broken, "main.go") + ":7:5: missing condition in if statement (and 1 more errors); fix"},
		"only test files":    {dirs: []string{"testdata/notests"}, want: `read Go source "testdata/notests": no Go files`},
		"second dir failing": {dirs: []string{fixture + "/...", "testdata/notests"}, want: "no Go files"},
		"all files excluded": {dirs: []string{"testdata/onlyignored"}, want: `read Go source "testdata/onlyignored": build constraints exclude all Go files for ` + runtime.GOOS + "/" + runtime.GOARCH},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := Extract(tc.dirs...)
			require.Error(t, err)
			assert.Nil(t, got)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestCompare(t *testing.T) {
	result := &Result{Reads: []Read{
		{Name: "A", Locations: []finding.Pos{{File: "main.go", Line: 1, Col: 1, Doc: -1}}},
		{Name: "B", Locations: []finding.Pos{{File: "main.go", Line: 2, Col: 1, Doc: -1}}},
		{Name: "C", Locations: []finding.Pos{{File: "main.go", Line: 3, Col: 1, Doc: -1}}},
	}}
	tests := map[string]struct {
		result      *Result
		set         []string
		optional    map[string]string
		wantReadNot []string
		wantSetNot  []string
	}{
		"all read names set":        {result: result, set: []string{"C", "B", "A"}},
		"read but not set":          {result: result, set: []string{"A"}, wantReadNot: []string{"B", "C"}},
		"optional read is not owed": {result: result, set: []string{"A"}, optional: map[string]string{"B": "has a default"}, wantReadNot: []string{"C"}},
		"set but not read, deduplicated and sorted": {
			result: result, set: []string{"A", "B", "C", "Z", "Y", "Z"}, wantSetNot: []string{"Y", "Z"},
		},
		"nil result reads nothing": {set: []string{"A"}, wantSetNot: []string{"A"}},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			readNotSet, setNotRead := Compare(tc.result, tc.set, tc.optional)
			var names []string
			for _, r := range readNotSet {
				names = append(names, r.Name)
				assert.NotEmpty(t, r.Locations, "a read keeps its locations")
			}
			assert.Equal(t, tc.wantReadNot, names)
			assert.Equal(t, tc.wantSetNot, setNotRead)
		})
	}
}

func TestModulePath(t *testing.T) {
	tests := map[string]struct{ gomod, want string }{
		"plain":            {gomod: "module example.com/a\n\ngo 1.22\n", want: "example.com/a"},
		"quoted":           {gomod: "module \"example.com/q\"\n", want: "example.com/q"},
		"trailing comment": {gomod: "// header\nmodule example.com/c // the module\n", want: "example.com/c"},
		"not a directive":  {gomod: "modulex example.com/x\n", want: ""},
		"none":             {gomod: "go 1.22\n", want: ""},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			assert.Equal(t, tc.want, modulePath([]byte(tc.gomod)))
		})
	}
}

func TestGuessName(t *testing.T) {
	tests := map[string]string{
		"os":                       "os",
		"github.com/go-chi/chi/v5": "chi",
		"github.com/mattn/go-yaml": "yaml",
		"gopkg.in/yaml.v3":         "yaml",
		"example.com/my-lib":       "my_lib",
		"example.com/v2":           "example_com",
		"example.com/1":            "pkg", // no identifier to keep: a placeholder
	}
	for path, want := range tests {
		t.Run(path, func(t *testing.T) {
			assert.Equal(t, want, guessName(path))
		})
	}
}
