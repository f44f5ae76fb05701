package consumer

import (
	"github.com/openova/envcontract/internal/finding"

	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"strconv"
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

// name returns the env name an argument spells, if it is a string constant.
func (l *loader) name(p *pkg, file *ast.File, arg ast.Expr) (string, bool) {
	v, ok := l.eval(p, file, arg, 0)
	if !ok || v.Kind() != constant.String {
		return "", false
	}
	return constant.StringVal(v), true
}

// eval returns the constant value of e. It trusts the type checker wherever
// it gave e a valid type (e then either has a value or is not a constant),
// and folds the syntax where it did not.
func (l *loader) eval(p *pkg, file *ast.File, e ast.Expr, depth int) (constant.Value, bool) {
	if depth > maxDepth {
		return nil, false
	}
	if p.info != nil {
		if tv, ok := p.info.Types[e]; ok && tv.Type != nil && tv.Type != types.Typ[types.Invalid] {
			return tv.Value, tv.Value != nil
		}
	}
	switch e := e.(type) {
	case *ast.BasicLit:
		v := constant.MakeFromLiteral(e.Value, e.Kind, 0)
		return v, v.Kind() != constant.Unknown
	case *ast.ParenExpr:
		return l.eval(p, file, e.X, depth+1)
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return nil, false
		}
		x, ok := l.eval(p, file, e.X, depth+1)
		if !ok || x.Kind() != constant.String {
			return nil, false
		}
		y, ok := l.eval(p, file, e.Y, depth+1)
		if !ok || y.Kind() != constant.String {
			return nil, false
		}
		return constant.BinaryOp(x, token.ADD, y), true
	case *ast.Ident:
		return l.evalIdent(p, e, depth)
	case *ast.SelectorExpr:
		q := l.selectedPackage(p, file, e)
		if q == nil {
			return nil, false
		}
		return l.evalConst(q, e.Sel.Name, depth)
	case *ast.CallExpr:
		// Only a conversion (string(k), Key(k)) keeps a constant constant.
		if len(e.Args) == 1 && !e.Ellipsis.IsValid() && l.isType(p, file, e.Fun) {
			return l.eval(p, file, e.Args[0], depth+1)
		}
	}
	return nil, false
}

// evalIdent folds a constant named by a bare identifier.
func (l *loader) evalIdent(p *pkg, id *ast.Ident, depth int) (constant.Value, bool) {
	var obj types.Object
	if p.info != nil {
		obj = p.info.Uses[id]
	}
	switch o := obj.(type) {
	case nil: // unknown to the checker: try the package's own constants
		return l.evalConst(p, id.Name, depth)
	case *types.Const:
		if v := o.Val(); v != nil && v.Kind() == constant.String {
			return v, true
		}
		// A package-level constant, of this package or a dot-imported one.
		if q := l.pkgOf[o.Pkg()]; q != nil && o.Parent() == o.Pkg().Scope() {
			return l.evalConst(q, o.Name(), depth)
		}
	}
	return nil, false // a variable, a function, a local or foreign constant
}

// evalConst folds the package-level constant name of q from its declaration.
func (l *loader) evalConst(q *pkg, name string, depth int) (constant.Value, bool) {
	d, ok := q.constDecls()[name]
	if !ok {
		return nil, false
	}
	return l.eval(q, d.file, d.value, depth+1)
}

// selectedPackage returns the module package that a qualified identifier
// (pkg.Name) selects from, or nil.
func (l *loader) selectedPackage(p *pkg, file *ast.File, sel *ast.SelectorExpr) *pkg {
	x, ok := sel.X.(*ast.Ident)
	if !ok {
		return nil
	}
	importPath := ""
	if p.info != nil {
		if pn, ok := p.info.Uses[x].(*types.PkgName); ok {
			importPath = pn.Imported().Path()
		} else if p.info.Uses[x] != nil {
			return nil // a variable or type: a field or method, not a constant
		}
	}
	if importPath == "" {
		importPath = importedAs(file, x.Name)
	}
	if importPath == "" {
		return nil
	}
	q := l.modulePackage(importPath)
	if q != nil {
		l.check(q)
	}
	return q
}

// importedAs returns the path that file imports under name, or "".
func importedAs(file *ast.File, name string) string {
	for _, imp := range file.Imports {
		p, err := strconv.Unquote(imp.Path.Value)
		if err != nil {
			continue
		}
		if (imp.Name != nil && imp.Name.Name == name) || (imp.Name == nil && guessName(p) == name) {
			return p
		}
	}
	return ""
}

// isType reports whether e names a type, so that e(x) is a conversion.
func (l *loader) isType(p *pkg, file *ast.File, e ast.Expr) bool {
	e = ast.Unparen(e)
	if p.info != nil {
		if tv, ok := p.info.Types[e]; ok && tv.IsType() {
			return true
		}
	}
	switch e := e.(type) {
	case *ast.Ident:
		if p.info != nil {
			if obj := p.info.Uses[e]; obj != nil {
				_, ok := obj.(*types.TypeName)
				return ok
			}
		}
		return e.Name == "string" || p.typeNames()[e.Name]
	case *ast.SelectorExpr:
		q := l.selectedPackage(p, file, e)
		return q != nil && q.typeNames()[e.Sel.Name]
	}
	return false
}

// constDecl is the expression a package-level constant is declared with.
type constDecl struct {
	file  *ast.File
	value ast.Expr
}

// constDecls indexes p's package-level constants. A spec without values
// repeats the previous spec's expressions, as the language says.
func (p *pkg) constDecls() map[string]constDecl {
	if p.consts != nil {
		return p.consts
	}
	p.consts = map[string]constDecl{}
	for _, file := range p.files {
		for _, decl := range file.Decls {
			gen, ok := decl.(*ast.GenDecl)
			if !ok || gen.Tok != token.CONST {
				continue
			}
			var prev []ast.Expr
			for _, spec := range gen.Specs {
				vs := spec.(*ast.ValueSpec)
				values := vs.Values
				if len(values) == 0 {
					values = prev
				}
				prev = values
				for i, n := range vs.Names {
					if i < len(values) {
						p.consts[n.Name] = constDecl{file: file, value: values[i]}
					}
				}
			}
		}
	}
	return p.consts
}

// typeNames indexes p's package-level type names.
func (p *pkg) typeNames() map[string]bool {
	if p.tnames != nil {
		return p.tnames
	}
	p.tnames = map[string]bool{}
	for _, file := range p.files {
		for _, decl := range file.Decls {
			if gen, ok := decl.(*ast.GenDecl); ok && gen.Tok == token.TYPE {
				for _, spec := range gen.Specs {
					p.tnames[spec.(*ast.TypeSpec).Name.Name] = true
				}
			}
		}
	}
	return p.tnames
}
