package consumer

import (
	"go/ast"
	"go/constant"
	"go/types"
	"strings"
)

// wrapper is a function or method of the program that reads the env under
// a name it is given: a string parameter reaches os.Getenv, os.LookupEnv or
// syscall.Getenv, directly or through another wrapper, maybe with a constant
// before or after it (os.Getenv("APP_" + key)).
type wrapper struct {
	via  string     // the function's name, (*T).m for a method
	keys []keyParam // the parameters that carry names
	// fallback is the parameter the wrapper returns when the name is unset
	// (envOr(key, fallback)), or -1.
	fallback int
	// required says the wrapper exits, panics or calls a Fatal or Panic
	// function and has no fallback: the program stops without the name.
	required bool
	exits    bool
}

// keyParam is a parameter whose value, between pre and suf, is an env name.
type keyParam struct {
	index    int
	pre, suf string
}

// wrappers are the wrappers of the packages read.
type wrappers struct {
	byFunc map[*types.Func]*wrapper
	// inner holds the calls inside wrappers that pass a parameter on (to
	// os.Getenv or to another wrapper): not reads of their own.
	inner map[*ast.CallExpr]bool
}

// of returns the wrapper obj names, or nil.
func (ws *wrappers) of(obj types.Object) *wrapper {
	f, ok := obj.(*types.Func)
	if !ok {
		return nil
	}
	return ws.byFunc[f.Origin()]
}

// fn is a function declaration of the packages read.
type fn struct {
	p      *pkg
	file   *ast.File
	decl   *ast.FuncDecl
	obj    *types.Func
	params map[*types.Var]int // parameter → index in the signature
}

// findWrappers finds the wrappers among the function declarations of pkgs.
// A wrapper calling another counts once that one is known, so the search
// repeats until nothing changes.
func (l *loader) findWrappers(pkgs []*pkg) *wrappers {
	ws := &wrappers{byFunc: map[*types.Func]*wrapper{}, inner: map[*ast.CallExpr]bool{}}
	var fns []*fn
	for _, p := range pkgs {
		for _, file := range p.files {
			for _, decl := range file.Decls {
				if d, ok := decl.(*ast.FuncDecl); ok && d.Body != nil {
					if f := newFn(p, file, d); f != nil {
						fns = append(fns, f)
					}
				}
			}
		}
	}
	// Each round can only add what a wrapper found in the round before
	// makes visible; the bound stops a pathological chain.
	for round, changed := 0, true; changed && round < maxDepth; round++ {
		changed = false
		for _, f := range fns {
			if l.wrapperOf(f, ws) {
				changed = true
			}
		}
	}
	return ws
}

func newFn(p *pkg, file *ast.File, d *ast.FuncDecl) *fn {
	obj, ok := p.info.Defs[d.Name].(*types.Func)
	if !ok {
		return nil
	}
	f := &fn{p: p, file: file, decl: d, obj: obj, params: map[*types.Var]int{}}
	i := 0
	for _, field := range d.Type.Params.List {
		if len(field.Names) == 0 {
			i++
			continue
		}
		for _, name := range field.Names {
			if v, ok := p.info.Defs[name].(*types.Var); ok {
				f.params[v] = i
			}
			i++
		}
	}
	if len(f.params) == 0 {
		return nil
	}
	return f
}

// wrapperOf (re)reads f's body against the wrappers known so far and
// reports whether it found f to be a wrapper, or a new key of it.
func (l *loader) wrapperOf(f *fn, ws *wrappers) bool {
	var keys []keyParam
	fallback, exits := -1, false
	inspectBody(f.decl.Body, func(call *ast.CallExpr) {
		if callExits(f.p, call) {
			exits = true
		}
		obj := f.p.info.Uses[callee(call.Fun)]
		switch w := ws.of(obj); {
		case isEnvFunc(obj) && len(call.Args) == 1:
			if k, ok := l.paramOf(f, call.Args[0]); ok {
				keys = append(keys, k)
				ws.inner[call] = true
			}
		case w != nil && w != ws.byFunc[f.obj] && !call.Ellipsis.IsValid():
			for _, kp := range w.keys {
				if kp.index >= len(call.Args) {
					continue
				}
				if k, ok := l.paramOf(f, call.Args[kp.index]); ok {
					keys = append(keys, keyParam{index: k.index, pre: k.pre + kp.pre, suf: kp.suf + k.suf})
					ws.inner[call] = true
					exits = exits || w.exits
					if w.fallback >= 0 && w.fallback < len(call.Args) {
						if i, ok := f.param(call.Args[w.fallback]); ok {
							fallback = i
						}
					}
				}
			}
		}
	})
	if len(keys) == 0 {
		return false
	}
	if fallback < 0 {
		fallback = returnedParam(f, keys)
	}
	keys = dedupKeys(keys)
	w := ws.byFunc[f.obj]
	if w != nil && len(w.keys) == len(keys) && w.exits == exits && w.fallback == fallback {
		return false
	}
	ws.byFunc[f.obj] = &wrapper{via: funcName(f.decl), keys: keys, fallback: fallback,
		exits: exits, required: exits && fallback < 0}
	return true
}

func dedupKeys(keys []keyParam) []keyParam {
	var out []keyParam
	for _, k := range keys {
		dup := false
		for _, o := range out {
			dup = dup || o == k
		}
		if !dup {
			out = append(out, k)
		}
	}
	return out
}

// paramOf matches e against a parameter of f, maybe converted or
// concatenated with constants: key, string(key), "APP_"+key.
func (l *loader) paramOf(f *fn, e ast.Expr) (keyParam, bool) {
	e = ast.Unparen(e)
	if i, ok := f.param(e); ok {
		return keyParam{index: i}, true
	}
	switch e := e.(type) {
	case *ast.CallExpr:
		if len(e.Args) == 1 && l.isType(f.p, f.file, e.Fun) {
			return l.paramOf(f, e.Args[0])
		}
	case *ast.BinaryExpr:
		if e.Op.String() != "+" {
			break
		}
		if k, ok := l.paramOf(f, e.Y); ok {
			if s, ok := l.name(f.p, f.file, e.X); ok {
				return keyParam{index: k.index, pre: s + k.pre, suf: k.suf}, true
			}
		}
		if k, ok := l.paramOf(f, e.X); ok {
			if s, ok := l.name(f.p, f.file, e.Y); ok {
				return keyParam{index: k.index, pre: k.pre, suf: k.suf + s}, true
			}
		}
	}
	return keyParam{}, false
}

// param returns the index of the parameter e names.
func (f *fn) param(e ast.Expr) (int, bool) {
	id, ok := ast.Unparen(e).(*ast.Ident)
	if !ok {
		return 0, false
	}
	v, ok := f.p.info.Uses[id].(*types.Var)
	if !ok {
		return 0, false
	}
	i, ok := f.params[v]
	return i, ok
}

// returnedParam is the one parameter, other than a key, that f returns as
// it is (return fallback), or -1.
func returnedParam(f *fn, keys []keyParam) int {
	found := -1
	ast.Inspect(f.decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			for _, r := range n.Results {
				i, ok := f.param(r)
				if !ok || isKey(keys, i) {
					continue
				}
				if found >= 0 && found != i {
					found = -2 // two candidates: none
				} else if found != -2 {
					found = i
				}
			}
		}
		return true
	})
	if found < 0 {
		return -1
	}
	return found
}

func isKey(keys []keyParam, i int) bool {
	for _, k := range keys {
		if k.index == i {
			return true
		}
	}
	return false
}

// inspectBody visits the calls of a body, outside function literals (whose
// parameters are not the wrapper's).
func inspectBody(body *ast.BlockStmt, visit func(*ast.CallExpr)) {
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			visit(n)
		}
		return true
	})
}

// callExits reports whether call stops the program: panic, os.Exit, or a
// function or method named Fatal…, Panic… or Exit of a logging package.
func callExits(p *pkg, call *ast.CallExpr) bool {
	switch fun := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		b, ok := p.info.Uses[fun].(*types.Builtin)
		return ok && b.Name() == "panic"
	case *ast.SelectorExpr:
		name := fun.Sel.Name
		if strings.HasPrefix(name, "Fatal") || strings.HasPrefix(name, "Panic") {
			return true
		}
		if x, ok := fun.X.(*ast.Ident); ok && name == "Exit" {
			if pn, ok := p.info.Uses[x].(*types.PkgName); ok {
				return pn.Imported().Path() == "os"
			}
		}
	}
	return false
}

// funcName is how a wrapper is named in Read.Via: name, or (*T).name and
// T.name for a method.
func funcName(d *ast.FuncDecl) string {
	if d.Recv == nil || len(d.Recv.List) == 0 {
		return d.Name.Name
	}
	t := d.Recv.List[0].Type
	star := ""
	if s, ok := t.(*ast.StarExpr); ok {
		star, t = "*", s.X
	}
	switch x := t.(type) {
	case *ast.IndexExpr:
		t = x.X
	case *ast.IndexListExpr:
		t = x.X
	}
	name := "?"
	if id, ok := t.(*ast.Ident); ok {
		name = id.Name
	}
	if star != "" {
		return "(*" + name + ")." + d.Name.Name
	}
	return name + "." + d.Name.Name
}

// wrapperCall records the reads of a call of a wrapper from outside it: one
// per key parameter, at the call, with the wrapper's name, whether it is
// required and the fallback argument's constant text as the default. A key
// argument that is not a constant is a dynamic read.
func (l *loader) wrapperCall(p *pkg, file *ast.File, call *ast.CallExpr, w *wrapper, f *found) {
	loc := l.location(call.Pos())
	if call.Ellipsis.IsValid() {
		f.dynamic = append(f.dynamic, loc)
		return
	}
	var def *string
	if w.fallback >= 0 && w.fallback < len(call.Args) {
		if v, ok := l.eval(p, file, call.Args[w.fallback], 0); ok {
			s := v.ExactString()
			if v.Kind() == constant.String {
				s = constant.StringVal(v)
			}
			def = &s
		}
	}
	for _, kp := range w.keys {
		if kp.index >= len(call.Args) {
			f.dynamic = append(f.dynamic, loc)
			continue
		}
		name, ok := l.name(p, file, call.Args[kp.index])
		if !ok {
			f.dynamic = append(f.dynamic, loc)
			continue
		}
		f.hits = append(f.hits, hit{name: kp.pre + name + kp.suf, pos: loc, via: w.via, required: w.required, def: def})
	}
}
