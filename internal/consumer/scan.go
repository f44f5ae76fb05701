package consumer

import (
	"github.com/openova/envcontract/internal/finding"

	"go/ast"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
)

// envFuncs are the functions whose first argument is an env name.
var envFuncs = map[[2]string]bool{
	{"os", "Getenv"}:      true,
	{"os", "LookupEnv"}:   true,
	{"syscall", "Getenv"}: true,
}

func isEnvFunc(obj types.Object) bool {
	f, ok := obj.(*types.Func)
	return ok && f.Pkg() != nil && envFuncs[[2]string{f.Pkg().Path(), f.Name()}]
}

// isOSFunc reports whether obj is the function name of package os.
func isOSFunc(obj types.Object, name string) bool {
	f, ok := obj.(*types.Func)
	return ok && f.Pkg() != nil && f.Pkg().Path() == "os" && f.Name() == name
}

// maxDepth bounds syntactic folding, which follows constants by name and so
// could loop on a (broken) cyclic declaration.
const maxDepth = 64

// scan records every env read of p's files that were not read already
// through another argument: direct calls, calls of the wrappers ws found,
// and the struct-tag and other libraries it recognises.
func (l *loader) scan(p *pkg, ws *wrappers, f *found, seen map[string]bool) {
	for _, file := range p.files {
		name := l.fset.File(file.Pos()).Name()
		if seen[name] {
			continue
		}
		seen[name] = true
		called := map[*ast.Ident]bool{}
		ast.Inspect(file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			id := callee(call.Fun)
			if id == nil {
				return true
			}
			switch obj := p.info.Uses[id]; {
			case isOSFunc(obj, "ExpandEnv"):
				called[id] = true
				l.expand(p, file, call, f)
				return true
			case isOSFunc(obj, "Expand"):
				// A read only when the mapping is os.Getenv itself.
				if len(call.Args) == 2 && !call.Ellipsis.IsValid() {
					if direct, ok := l.getenvValue(p, file, call.Args[1]); ok {
						if direct != nil {
							called[direct] = true
						}
						l.expand(p, file, call, f)
					}
				}
				return true
			case ws.inner[call]: // a wrapper passing its parameter on
				called[id] = true
				return true
			case !isEnvFunc(obj):
				if w := ws.of(obj); w != nil {
					l.wrapperCall(p, file, call, w, f)
				} else {
					l.library(p, file, call, obj, f)
				}
				return true
			}
			called[id] = true
			loc := l.location(call.Pos())
			if len(call.Args) != 1 || call.Ellipsis.IsValid() {
				f.dynamic = append(f.dynamic, loc)
				return true
			}
			if name, ok := l.name(p, file, call.Args[0]); ok {
				f.direct(name, loc)
			} else {
				f.dynamic = append(f.dynamic, loc)
			}
			return true
		})
		// A function value (get := os.Getenv) reads names we cannot see.
		ast.Inspect(file, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && !called[id] && (isEnvFunc(p.info.Uses[id]) || isOSFunc(p.info.Uses[id], "ExpandEnv")) {
				f.dynamic = append(f.dynamic, l.location(id.Pos()))
			}
			return true
		})
	}
}

// expand records the names that call, os.ExpandEnv(s) or os.Expand(s,
// os.Getenv), reads: each $NAME or ${NAME} of s, found by os.Expand itself so
// that the syntax is Go's, at the call. A non-constant s is a dynamic read.
func (l *loader) expand(p *pkg, file *ast.File, call *ast.CallExpr, f *found) {
	loc := l.location(call.Pos())
	if len(call.Args) == 0 || call.Ellipsis.IsValid() {
		f.dynamic = append(f.dynamic, loc)
		return
	}
	s, ok := l.name(p, file, call.Args[0])
	if !ok {
		f.dynamic = append(f.dynamic, loc)
		return
	}
	os.Expand(s, func(name string) string {
		f.direct(name, loc)
		return ""
	})
}

// getenvValue reports whether e is os.Getenv: e names it (through any alias,
// dot import or parentheses), and direct is the identifier that does; or e is
// a local variable declared with it that is never assigned again nor has its
// address taken, and direct is nil (the declaration stays a dynamic read, as
// the variable may be called elsewhere).
func (l *loader) getenvValue(p *pkg, file *ast.File, e ast.Expr) (direct *ast.Ident, ok bool) {
	id := callee(e)
	if id == nil {
		return nil, false
	}
	obj := p.info.Uses[id]
	if isOSFunc(obj, "Getenv") {
		return id, true
	}
	v, isVar := obj.(*types.Var)
	if !isVar || v.Pkg() == nil || v.Parent() == nil || v.Parent() == v.Pkg().Scope() || v.IsField() {
		return nil, false // a package-level variable may be set by any file
	}
	if init := onlyValue(p, file, v); init != nil {
		if get := callee(init); get != nil && isOSFunc(p.info.Uses[get], "Getenv") {
			return nil, true
		}
	}
	return nil, false
}

// onlyValue returns the expression that local variable v is declared with,
// or nil when v is declared without one, assigned again or has its address
// taken in file.
func onlyValue(p *pkg, file *ast.File, v *types.Var) ast.Expr {
	var value ast.Expr
	writes := 0
	is := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		return ok && (p.info.Defs[id] == v || p.info.Uses[id] == v)
	}
	ast.Inspect(file, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				if is(lhs) {
					writes++
					if len(n.Lhs) == len(n.Rhs) {
						value = n.Rhs[i]
					}
				}
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				if is(name) {
					writes++
					if len(n.Names) == len(n.Values) {
						value = n.Values[i]
					}
				}
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND && is(n.X) {
				writes += 2
			}
		case *ast.RangeStmt:
			if (n.Key != nil && is(n.Key)) || (n.Value != nil && is(n.Value)) {
				writes += 2
			}
		}
		return true
	})
	if writes != 1 {
		return nil
	}
	return value
}

// callee returns the identifier that names the called function, if any.
func callee(fun ast.Expr) *ast.Ident {
	switch fun := ast.Unparen(fun).(type) {
	case *ast.Ident:
		return fun
	case *ast.SelectorExpr:
		return fun.Sel
	}
	return nil
}

// location is pos with its file relative to the root; a file of an
// imported package outside the root starts with "../".
func (l *loader) location(pos token.Pos) finding.Pos {
	p := l.fset.Position(pos)
	rel, err := filepath.Rel(l.root, p.Filename)
	if err != nil {
		rel = p.Filename
	}
	return finding.Pos{File: filepath.ToSlash(rel), Line: p.Line, Col: p.Column, Doc: -1}
}
