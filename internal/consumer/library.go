package consumer

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// Libraries that read the env for the program, recognised by import path
// (their source is never read, so they need not be downloaded).
const (
	caarlos0Env    = "github.com/caarlos0/env"
	kelseyEnv      = "github.com/kelseyhightower/envconfig"
	sethvargoEnv   = "github.com/sethvargo/go-envconfig"
	viperPath      = "github.com/spf13/viper"
	maxStructDepth = 16
)

// libraryOf returns the library an import path names, without a major
// version suffix (github.com/caarlos0/env/v11 is caarlos0Env), or "".
func libraryOf(importPath string) string {
	base := importPath
	if i := strings.LastIndex(base, "/v"); i > 0 && strings.Trim(base[i+2:], "0123456789") == "" && len(base) > i+2 {
		base = base[:i]
	}
	switch base {
	case caarlos0Env, kelseyEnv, sethvargoEnv, viperPath:
		return base
	}
	return ""
}

// library records the reads of a call into a recognised library, or of
// os.Environ. It works from the syntax and the program's own types: the
// selector's package, the struct type of the argument.
func (l *loader) library(p *pkg, file *ast.File, call *ast.CallExpr, obj types.Object, f *found) {
	fun := ast.Unparen(call.Fun)
	if ix, ok := fun.(*ast.IndexExpr); ok { // ParseAs[Config]()
		fun = ix.X
	}
	sel, ok := fun.(*ast.SelectorExpr)
	if !ok {
		return
	}
	importPath := ""
	if x, ok := sel.X.(*ast.Ident); ok {
		if pn, ok := p.info.Uses[x].(*types.PkgName); ok {
			importPath = pn.Imported().Path()
		}
	}
	if importPath == "" && obj == nil && fileImports(file, viperPath) {
		importPath = viperPath // a method of a *viper.Viper, whose type is not known
	}
	if importPath == "os" && sel.Sel.Name == "Environ" {
		l.environ(p, file, call, f)
		return
	}
	lib := libraryOf(importPath)
	if lib == "" {
		return
	}
	loc := l.location(call.Pos())
	switch lib {
	case viperPath:
		l.viper(p, file, call, sel.Sel.Name, importPath, f)
		return
	case caarlos0Env:
		var target types.Type
		prefix := ""
		switch sel.Sel.Name {
		case "Parse", "ParseWithOptions", "Must":
			if sel.Sel.Name == "Must" || len(call.Args) == 0 {
				return
			}
			target = l.pointee(p, call.Args[0])
			if len(call.Args) > 1 {
				prefix = l.fieldString(p, file, call.Args[1], "Prefix")
			}
		case "ParseAs", "ParseAsWithOptions":
			if ix, ok := ast.Unparen(call.Fun).(*ast.IndexExpr); ok {
				if tv, ok := p.info.Types[ix.Index]; ok {
					target = tv.Type
				}
			}
			if len(call.Args) > 0 {
				prefix = l.fieldString(p, file, call.Args[0], "Prefix")
			}
		default:
			return
		}
		l.structReads(target, prefix, importPath, caarlosField, loc, f, 0)
	case kelseyEnv:
		if (sel.Sel.Name != "Process" && sel.Sel.Name != "MustProcess") || len(call.Args) != 2 {
			return
		}
		prefix, ok := l.name(p, file, call.Args[0])
		if !ok {
			f.dynamic = append(f.dynamic, loc)
			return
		}
		l.structReads(l.pointee(p, call.Args[1]), prefix, importPath, kelseyField, loc, f, 0)
	case sethvargoEnv:
		var target types.Type
		switch sel.Sel.Name {
		case "Process", "MustProcess":
			if len(call.Args) < 2 {
				return
			}
			target = l.pointee(p, call.Args[1])
		case "ProcessWith":
			if len(call.Args) < 2 {
				return
			}
			if e := compositeField(call.Args[1], "Target"); e != nil {
				target = l.pointee(p, e)
			}
		default:
			return
		}
		l.structReads(target, "", importPath, sethvargoField, loc, f, 0)
	}
}

// pointee is the type e points to (&cfg, new(Config), a pointer variable).
func (l *loader) pointee(p *pkg, e ast.Expr) types.Type {
	tv, ok := p.info.Types[e]
	if !ok || tv.Type == nil {
		return nil
	}
	if ptr, ok := tv.Type.Underlying().(*types.Pointer); ok {
		return ptr.Elem()
	}
	return nil
}

// fieldString is the constant string of field name in a composite literal
// (env.Options{Prefix: "APP_"}), or "".
func (l *loader) fieldString(p *pkg, file *ast.File, e ast.Expr, name string) string {
	if v := compositeField(e, name); v != nil {
		s, _ := l.name(p, file, v)
		return s
	}
	return ""
}

// compositeField is the value of field name in a composite literal, or of
// one it points to (&Config{…}), or nil.
func compositeField(e ast.Expr, name string) ast.Expr {
	e = ast.Unparen(e)
	if u, ok := e.(*ast.UnaryExpr); ok && u.Op == token.AND {
		e = ast.Unparen(u.X)
	}
	lit, ok := e.(*ast.CompositeLit)
	if !ok {
		return nil
	}
	for _, elt := range lit.Elts {
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			if k, ok := kv.Key.(*ast.Ident); ok && k.Name == name {
				return kv.Value
			}
		}
	}
	return nil
}

// viper records spf13/viper's reads: BindEnv("key", "ENV"…) reads each ENV,
// BindEnv("key") reads KEY (after the SetEnvPrefix prefix and _), and
// AutomaticEnv with SetEnvPrefix("app") reads every name starting APP_.
// Without a prefix, AutomaticEnv reads any name: a dynamic read.
func (l *loader) viper(p *pkg, file *ast.File, call *ast.CallExpr, method, via string, f *found) {
	loc := l.location(call.Pos())
	prefix, hasPrefix := l.viperPrefix(p)
	switch method {
	case "BindEnv":
		if call.Ellipsis.IsValid() || len(call.Args) == 0 {
			f.dynamic = append(f.dynamic, loc)
			return
		}
		names := call.Args[1:]
		if len(names) == 0 {
			key, ok := l.name(p, file, call.Args[0])
			if !ok {
				f.dynamic = append(f.dynamic, loc)
				return
			}
			if hasPrefix {
				key = prefix + "_" + key
			}
			f.hits = append(f.hits, hit{name: strings.ToUpper(key), pos: loc, via: via})
			return
		}
		for _, a := range names {
			if name, ok := l.name(p, file, a); ok {
				f.hits = append(f.hits, hit{name: name, pos: loc, via: via})
			} else {
				f.dynamic = append(f.dynamic, loc)
			}
		}
	case "AutomaticEnv":
		if !hasPrefix {
			f.dynamic = append(f.dynamic, loc)
			return
		}
		f.hits = append(f.hits, hit{name: strings.ToUpper(prefix) + "_", prefix: true, pos: loc, via: via})
	}
}

// viperPrefix is the constant given to SetEnvPrefix anywhere in p (viper
// keeps one per instance; a program sets it once), and whether there is one.
func (l *loader) viperPrefix(p *pkg) (string, bool) {
	for _, file := range p.files {
		if !fileImports(file, viperPath) {
			continue
		}
		prefix, found := "", false
		ast.Inspect(file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || found {
				return !found
			}
			if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok && sel.Sel.Name == "SetEnvPrefix" && len(call.Args) == 1 {
				prefix, found = l.name(p, file, call.Args[0])
			}
			return true
		})
		if found {
			return prefix, prefix != ""
		}
	}
	return "", false
}

// environ records a scan of os.Environ as the prefixes the enclosing
// function tests the entries with (strings.HasPrefix, CutPrefix or
// TrimPrefix with a constant prefix); with none, a dynamic read.
func (l *loader) environ(p *pkg, file *ast.File, call *ast.CallExpr, f *found) {
	loc := l.location(call.Pos())
	var body ast.Node
	for _, d := range file.Decls {
		if d.Pos() <= call.Pos() && call.End() <= d.End() {
			body = d
		}
	}
	n := len(f.hits)
	if body != nil {
		ast.Inspect(body, func(n ast.Node) bool {
			c, ok := n.(*ast.CallExpr)
			if !ok || len(c.Args) != 2 {
				return true
			}
			sel, ok := ast.Unparen(c.Fun).(*ast.SelectorExpr)
			if !ok {
				return true
			}
			x, ok := sel.X.(*ast.Ident)
			if !ok {
				return true
			}
			if pn, ok := p.info.Uses[x].(*types.PkgName); !ok || pn.Imported().Path() != "strings" {
				return true
			}
			switch sel.Sel.Name {
			case "HasPrefix", "CutPrefix", "TrimPrefix":
				if prefix, ok := l.name(p, file, c.Args[1]); ok && prefix != "" {
					f.hits = append(f.hits, hit{name: prefix, prefix: true, pos: l.location(c.Pos()), via: "os.Environ"})
				}
			}
			return true
		})
	}
	if len(f.hits) == n {
		f.dynamic = append(f.dynamic, loc)
	}
}

// fileImports reports whether file imports importPath (any major version).
func fileImports(file *ast.File, importPath string) bool {
	for _, imp := range file.Imports {
		if p, err := strconv.Unquote(imp.Path.Value); err == nil && libraryOf(p) == importPath {
			return true
		}
	}
	return false
}
