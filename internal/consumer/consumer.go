package consumer

import (
	"github.com/openova/envcontract/internal/finding"

	"errors"
	"fmt"
	"go/build"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
)

// Result is what Extract found. Its JSON form is the output of
// `envcontract extract -o json` and is stable: fields are only ever added.
//
//	{
//	  "reads":   [{"name": "APP_PORT", "locations": [{"file": "main.go", "line": 12, "column": 9}]}],
//	  "dynamic": [{"file": "main.go", "line": 20, "column": 2}]
//	}
//
// Both lists are always present (empty, never null).
type Result struct {
	// Reads holds one entry per env name, sorted by name.
	Reads []Read `json:"reads"`
	// Dynamic holds reads whose name is not known statically, sorted by
	// location.
	Dynamic []finding.Pos `json:"dynamic"`
}

// Read is one env name and every place that reads it, sorted by file, line
// and column.
type Read struct {
	Name string `json:"name"`
	// Prefix says Name is a prefix: the program reads every name that
	// starts with it (a struct-tag library's prefix, viper's SetEnvPrefix
	// with AutomaticEnv, a scan of os.Environ).
	Prefix    bool          `json:"prefix,omitempty"`
	Locations []finding.Pos `json:"locations"`
	// Via is how the name is read: "direct" (os.Getenv and its kin), the
	// name of a wrapper function, or a library's import path.
	Via string `json:"via,omitempty"`
	// Required says the program fails without the name (a wrapper that
	// exits or panics on empty, a required tag).
	Required bool `json:"required"`
	// Default is the literal text of the value used when the name is unset
	// (a wrapper's fallback argument, an envDefault tag); nil when none is
	// known.
	Default *string `json:"default,omitempty"`
}

// Locations are places in the Go source, as finding.Pos with Doc -1 (no
// document). File is relative to the directory given to Extract, with
// forward slashes; when Extract is given more than one directory, it is that
// directory as given joined with the relative path, so that files of
// different trees stay apart. Line and Col are 1-based; Col counts bytes, as
// go/token does.

// Names returns the names read, sorted.
func (r *Result) Names() []string {
	names := make([]string, len(r.Reads))
	for i, rd := range r.Reads {
		names[i] = rd.Name
	}
	return names
}

// Extract lists the env names read by the Go packages under each directory,
// for the host's platform: it is Options{}.Extract.
//
// It fails when a directory cannot be read, holds no Go file to read, or
// holds a file that does not parse; the error names the file and line.
func Extract(dirs ...string) (*Result, error) { return Options{}.Extract(dirs...) }

// Options choose the platform whose build Extract reads.
type Options struct {
	// GOOS and GOARCH name the target platform; empty means the host's
	// (runtime.GOOS and runtime.GOARCH), whatever the GOOS and GOARCH
	// variables say. A file that build constraints (//go:build lines,
	// _GOOS and _GOARCH file-name suffixes) exclude from that build is not
	// read.
	GOOS, GOARCH string
}

// Extract lists the env names read by the programs each argument names, in
// the build that o targets. An argument is a directory holding a package
// (a main package, say): that package and every package of its module it
// imports, directly or not; or DIR/... (and ./...): every package under DIR
// and what they import. A directory with no Go files of its own reads as
// DIR/... does.
func (o Options) Extract(dirs ...string) (*Result, error) {
	if len(dirs) == 0 {
		return nil, errors.New("no directory given: name the directory of a Go module or package")
	}
	ctx := o.context()
	var hits []hit
	var dynamic []finding.Pos
	seen := map[string]bool{} // absolute file paths already read through an earlier directory
	for _, dir := range dirs {
		prefix := ""
		if len(dirs) > 1 {
			given, _ := splitPattern(dir)
			prefix = filepath.ToSlash(filepath.Clean(given))
		}
		found, err := extractDir(dir, ctx, seen)
		if err != nil {
			return nil, err
		}
		for _, h := range found.hits {
			h.pos = withPrefix(prefix, h.pos)
			hits = append(hits, h)
		}
		for _, l := range found.dynamic {
			dynamic = append(dynamic, withPrefix(prefix, l))
		}
	}
	return &Result{Reads: merge(hits), Dynamic: sortLocations(dynamic)}, nil
}

// context is go/build's default context aimed at o's platform. Cgo stays as
// go/build sets it for the host; for another platform it is off, as the go
// command has it when cross-compiling unless told otherwise.
func (o Options) context() *build.Context {
	ctx := build.Default
	ctx.GOOS, ctx.GOARCH = runtime.GOOS, runtime.GOARCH
	if o.GOOS != "" {
		ctx.GOOS = o.GOOS
	}
	if o.GOARCH != "" {
		ctx.GOARCH = o.GOARCH
	}
	if ctx.GOOS != build.Default.GOOS || ctx.GOARCH != build.Default.GOARCH {
		ctx.CgoEnabled = false
	}
	return &ctx
}

// splitPattern cuts a trailing /... off an argument: DIR/... names every
// package under DIR.
func splitPattern(arg string) (dir string, recursive bool) {
	if arg == "..." {
		return ".", true
	}
	if d, ok := strings.CutSuffix(filepath.ToSlash(arg), "/..."); ok {
		if d == "" {
			d = "/"
		}
		return filepath.FromSlash(d), true
	}
	return arg, false
}

// hit is one read at one place.
type hit struct {
	name     string
	prefix   bool
	pos      finding.Pos
	via      string
	required bool
	def      *string
}

// found collects the reads of one argument, with paths relative to its
// directory.
type found struct {
	hits    []hit
	dynamic []finding.Pos
}

func (f *found) direct(name string, pos finding.Pos) {
	f.hits = append(f.hits, hit{name: name, pos: pos, via: viaDirect})
}

// viaDirect is Read.Via for os.Getenv and its kin.
const viaDirect = "direct"

// merge makes one Read per name (and one per prefix), sorted by name: its
// locations sorted, Via every way it is read (sorted, comma-separated),
// Required when any read requires it, Default the first one known in
// location order.
func merge(hits []hit) []Read {
	type key struct {
		name   string
		prefix bool
	}
	byKey := map[key][]hit{}
	for _, h := range hits {
		k := key{h.name, h.prefix}
		byKey[k] = append(byKey[k], h)
	}
	reads := make([]Read, 0, len(byKey))
	for k, hs := range byKey {
		slices.SortFunc(hs, func(a, b hit) int { return a.pos.Compare(b.pos) })
		r := Read{Name: k.name, Prefix: k.prefix}
		var locs []finding.Pos
		var vias []string
		for _, h := range hs {
			locs = append(locs, h.pos)
			if !slices.Contains(vias, h.via) {
				vias = append(vias, h.via)
			}
			r.Required = r.Required || h.required
			if r.Default == nil && h.def != nil {
				r.Default = h.def
			}
		}
		sort.Strings(vias)
		r.Locations, r.Via = sortLocations(locs), strings.Join(vias, ", ")
		reads = append(reads, r)
	}
	sort.Slice(reads, func(i, j int) bool {
		if reads[i].Name != reads[j].Name {
			return reads[i].Name < reads[j].Name
		}
		return !reads[i].Prefix
	})
	return reads
}

func extractDir(arg string, ctx *build.Context, seen map[string]bool) (*found, error) {
	dir, recursive := splitPattern(arg)
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("read Go source %q: %w", dir, err)
	}
	st, err := os.Stat(dir) // names the directory as given
	if err != nil {
		return nil, fmt.Errorf("read Go source: %w", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("read Go source %q: not a directory; name the directory of a Go module or package", dir)
	}
	mod, err := findModule(abs)
	if err != nil {
		return nil, err
	}
	l := newLoader(dir, abs, mod, ctx)
	roots, err := l.roots(recursive)
	if err != nil {
		return nil, err
	}
	files := 0
	for _, p := range roots {
		files += len(p.files)
	}
	if files == 0 && l.excluded > 0 {
		return nil, fmt.Errorf("read Go source %q: build constraints exclude all Go files for %s/%s", dir, ctx.GOOS, ctx.GOARCH)
	}
	if files == 0 {
		return nil, fmt.Errorf("read Go source %q: no Go files (test files, testdata, vendor and nested modules are not read)", dir)
	}
	pkgs := l.closure(roots)
	if l.err != nil {
		return nil, l.err
	}
	ws := l.findWrappers(pkgs)
	f := &found{}
	for _, p := range pkgs {
		l.scan(p, ws, f, seen)
	}
	return f, nil
}

func withPrefix(prefix string, l finding.Pos) finding.Pos {
	if prefix != "" {
		l.File = path.Join(prefix, l.File)
	}
	return l
}

// sortLocations sorts locs and drops duplicates; it never returns nil.
func sortLocations(locs []finding.Pos) []finding.Pos {
	slices.SortFunc(locs, finding.Pos.Compare)
	out := make([]finding.Pos, 0, len(locs))
	for i, l := range locs {
		if i > 0 && l == locs[i-1] {
			continue
		}
		out = append(out, l)
	}
	return out
}

// Compare sets what a program reads against what a workload sets.
//
// set lists the env names the workload sets (duplicates are allowed).
// optional maps names the program may read without anyone setting them
// (because it has a built-in default, say) to the reason; such names are
// never in readNotSet. A prefix read (Read.Prefix) is never owed, and every
// set name that starts with it counts as read. readNotSet keeps the order of r.Reads (by name);
// setNotRead is sorted and free of duplicates. Dynamic reads are not
// compared: the caller reports them on their own.
func Compare(r *Result, set []string, optional map[string]string) (readNotSet []Read, setNotRead []string) {
	isSet := make(map[string]bool, len(set))
	for _, n := range set {
		isSet[n] = true
	}
	isRead := map[string]bool{}
	var prefixes []string
	if r != nil {
		for _, rd := range r.Reads {
			if rd.Prefix {
				prefixes = append(prefixes, rd.Name)
				continue
			}
			isRead[rd.Name] = true
			if _, ok := optional[rd.Name]; ok || isSet[rd.Name] {
				continue
			}
			readNotSet = append(readNotSet, rd)
		}
	}
	for n := range isSet {
		if !isRead[n] && !slices.ContainsFunc(prefixes, func(p string) bool { return strings.HasPrefix(n, p) }) {
			setNotRead = append(setNotRead, n)
		}
	}
	sort.Strings(setNotRead)
	return readNotSet, setNotRead
}
