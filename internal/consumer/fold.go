package consumer

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"
)

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
