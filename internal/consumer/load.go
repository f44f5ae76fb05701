package consumer

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// module is the Go module a directory belongs to.
type module struct {
	root string // absolute directory of go.mod; "" when there is none
	path string // the module path go.mod declares
}

// findModule looks for go.mod in dir and its parents, as the go command does.
func findModule(dir string) (module, error) {
	for d := dir; ; {
		gomod := filepath.Join(d, "go.mod")
		data, err := os.ReadFile(gomod)
		if err == nil {
			p := modulePath(data)
			if p == "" {
				return module{}, fmt.Errorf("read %s: no module line; fix the file or run extract on a directory outside it", gomod)
			}
			return module{root: d, path: p}, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return module{}, fmt.Errorf("read go.mod: %w", err)
		}
		parent := filepath.Dir(d)
		if parent == d {
			return module{}, nil
		}
		d = parent
	}
}

// modulePath returns the path of go.mod's module line, or "".
func modulePath(gomod []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(gomod))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		rest, ok := strings.CutPrefix(line, "module")
		if !ok || rest == "" || (rest[0] != ' ' && rest[0] != '\t' && rest[0] != '"' && rest[0] != '`') {
			continue
		}
		rest, _, _ = strings.Cut(rest, "//")
		rest = strings.TrimSpace(rest)
		if u, err := strconv.Unquote(rest); err == nil {
			return u
		}
		return rest
	}
	return ""
}

// checkState tracks type checking so that an import cycle cannot recurse.
type checkState int

const (
	unchecked checkState = iota
	checking
	checked
)

// pkg is one package clause in one directory: files of a directory that
// declare different package names are checked apart.
type pkg struct {
	dir    string
	name   string
	files  []*ast.File
	types  *types.Package
	info   *types.Info
	state  checkState
	consts map[string]constDecl // package-level constants, for syntactic folding
	tnames map[string]bool      // package-level type names, for syntactic folding
}

// loader parses and type-checks the packages of one directory tree and the
// module packages they import.
type loader struct {
	fset     *token.FileSet
	given    string // the directory as the caller named it, for messages
	root     string // its absolute form
	mod      module
	ctx      *build.Context            // the target build: files it excludes are not read
	excluded int                       // files under the root that ctx excludes
	dirs     map[string][]*pkg         // parsed directories
	imported map[string]*types.Package // by import path: checked module packages and stand-ins
	pkgOf    map[*types.Package]*pkg
	err      error // first parse error met while importing
}

func newLoader(given, root string, mod module, ctx *build.Context) *loader {
	return &loader{
		fset:     token.NewFileSet(),
		given:    given,
		root:     root,
		mod:      mod,
		ctx:      ctx,
		dirs:     map[string][]*pkg{},
		imported: map[string]*types.Package{},
		pkgOf:    map[*types.Package]*pkg{},
	}
}

// roots parses the packages the argument names: those of the root
// directory, or with recursive (or when the root holds no Go file of its
// own) every package under it, as `go list DIR/...` would find them.
func (l *loader) roots(recursive bool) ([]*pkg, error) {
	if !recursive {
		pkgs, err := l.parseDir(l.root)
		if err != nil || len(pkgs) > 0 || l.excluded > 0 {
			return pkgs, err
		}
	}
	var out []*pkg
	err := filepath.WalkDir(l.root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("read Go source: %w", err)
		}
		if !d.IsDir() {
			return nil
		}
		if p != l.root {
			name := d.Name()
			if name == "testdata" || name == "vendor" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(p, "go.mod")); err == nil {
				return filepath.SkipDir // a nested module is another program
			}
		}
		pkgs, err := l.parseDir(p)
		out = append(out, pkgs...)
		return err
	})
	return out, err
}

// closure type-checks the roots and returns them with every package of the
// module they import, directly or not: the program's own code. Packages of
// other modules (vendored or not) are not the program's reads.
func (l *loader) closure(roots []*pkg) []*pkg {
	var out []*pkg
	in := map[*pkg]bool{}
	var add func(p *pkg)
	add = func(p *pkg) {
		if in[p] {
			return
		}
		in[p] = true
		l.check(p)
		out = append(out, p)
		for _, file := range p.files {
			for _, imp := range file.Imports {
				path, err := strconv.Unquote(imp.Path.Value)
				if err != nil || !l.inModule(path) {
					continue
				}
				if q := l.modulePackage(path); q != nil {
					add(q)
				}
			}
		}
	}
	for _, p := range roots {
		add(p)
	}
	return out
}

// inModule reports whether an import path names a package of the module.
func (l *loader) inModule(importPath string) bool {
	return l.mod.root != "" && (importPath == l.mod.path || strings.HasPrefix(importPath, l.mod.path+"/"))
}

// parseDir parses the non-test Go files of dir that the target build
// includes, grouped by package name.
func (l *loader) parseDir(dir string) ([]*pkg, error) {
	if pkgs, ok := l.dirs[dir]; ok {
		return pkgs, nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read Go source: %w", err)
	}
	byName := map[string]*pkg{}
	var pkgs []*pkg
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") ||
			strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") {
			continue
		}
		file := filepath.Join(dir, name)
		match, matchErr := l.ctx.MatchFile(dir, name)
		if matchErr == nil && !match {
			if _, under := l.rel(file); under {
				l.excluded++
			}
			continue
		}
		f, err := parser.ParseFile(l.fset, file, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, l.parseError(file, err) // names the syntax error better than go/build
		}
		if matchErr != nil { // a malformed //go:build line, say
			return nil, fmt.Errorf("read build constraints of %s: %w", l.display(file), matchErr)
		}
		p := byName[f.Name.Name]
		if p == nil {
			p = &pkg{dir: dir, name: f.Name.Name}
			byName[p.name] = p
			pkgs = append(pkgs, p)
		}
		p.files = append(p.files, f)
	}
	sort.Slice(pkgs, func(i, j int) bool { return pkgs[i].name < pkgs[j].name })
	l.dirs[dir] = pkgs
	return pkgs, nil
}

// parseError names the first syntax error by file and line, as the user
// would find the file.
func (l *loader) parseError(file string, err error) error {
	var list scanner.ErrorList
	if !errors.As(err, &list) || len(list) == 0 {
		return fmt.Errorf("parse %s: %w", l.display(file), err)
	}
	e := list[0]
	more := ""
	if len(list) > 1 {
		more = fmt.Sprintf(" (and %d more errors)", len(list)-1)
	}
	return fmt.Errorf("parse %s:%d:%d: %s%s; fix the syntax error so the file builds", l.display(e.Pos.Filename), e.Pos.Line, e.Pos.Column, e.Msg, more)
}

// display shows an absolute path the way the caller named the tree.
func (l *loader) display(abs string) string {
	if rel, ok := l.rel(abs); ok {
		return filepath.Join(l.given, filepath.FromSlash(rel))
	}
	return abs
}

// rel returns abs relative to the root, with forward slashes, and whether
// abs lies under the root at all.
func (l *loader) rel(abs string) (string, bool) {
	rel, err := filepath.Rel(l.root, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", false
	}
	return filepath.ToSlash(rel), true
}

// check type-checks p once. Errors are expected (every package outside the
// module is an empty stand-in) and ignored: what matters is the values the
// checker records for constant expressions.
func (l *loader) check(p *pkg) {
	if p.state != unchecked {
		return
	}
	p.state = checking
	p.info = &types.Info{
		Types: map[ast.Expr]types.TypeAndValue{},
		Uses:  map[*ast.Ident]types.Object{},
		Defs:  map[*ast.Ident]types.Object{},
	}
	conf := types.Config{Importer: l, Error: func(error) {}, FakeImportC: true}
	p.types, _ = conf.Check(l.importPath(p), l.fset, p.files, p.info)
	l.pkgOf[p.types] = p
	p.state = checked
}

// importPath is p's import path, or a made-up one outside a module.
func (l *loader) importPath(p *pkg) string {
	if l.mod.root != "" {
		if rel, err := filepath.Rel(l.mod.root, p.dir); err == nil && !strings.HasPrefix(rel, "..") {
			return path.Join(l.mod.path, filepath.ToSlash(rel))
		}
	}
	return "_" + filepath.ToSlash(p.dir)
}

// Import implements types.Importer.
func (l *loader) Import(path string) (*types.Package, error) { return l.ImportFrom(path, "", 0) }

// ImportFrom implements types.ImporterFrom: packages of the module are
// checked from source, every other package is a stand-in.
func (l *loader) ImportFrom(importPath, _ string, _ types.ImportMode) (*types.Package, error) {
	if importPath == "unsafe" {
		return types.Unsafe, nil
	}
	if tp, ok := l.imported[importPath]; ok {
		return tp, nil
	}
	p := l.modulePackage(importPath)
	switch {
	case p == nil:
	case p.state == checking: // an import cycle: a stand-in for this one importer only
		return standIn(importPath), nil
	default:
		l.check(p)
		l.imported[importPath] = p.types
		return p.types, nil
	}
	tp := standIn(importPath)
	l.imported[importPath] = tp
	return tp, nil
}

// modulePackage returns the package an import path names inside the module
// or its vendor directory, or nil when it is elsewhere or has no Go files.
func (l *loader) modulePackage(importPath string) *pkg {
	if l.mod.root == "" {
		return nil
	}
	var dir string
	switch {
	case importPath == l.mod.path:
		dir = l.mod.root
	case strings.HasPrefix(importPath, l.mod.path+"/"):
		dir = filepath.Join(l.mod.root, filepath.FromSlash(strings.TrimPrefix(importPath, l.mod.path+"/")))
	case strings.Contains(strings.Split(importPath, "/")[0], "."):
		// A vendored dependency is source at hand, so its constants can be
		// known too; its own reads are not the program's and are not walked.
		dir = filepath.Join(l.mod.root, "vendor", filepath.FromSlash(importPath))
	default:
		return nil // the standard library
	}
	pkgs, err := l.parseDir(dir)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) && l.err == nil {
			l.err = err
		}
		return nil
	}
	// A directory may hold a stray `package main` tool (//go:build ignore):
	// the importable package is the other one, or else the biggest.
	var best *pkg
	for _, p := range pkgs {
		if best == nil || (best.name == "main" && p.name != "main") ||
			((best.name == "main") == (p.name == "main") && len(p.files) > len(best.files)) {
			best = p
		}
	}
	return best
}
