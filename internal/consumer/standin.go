package consumer

import (
	"go/token"
	"go/types"
	"strings"
)

// standIn makes the package an import outside the module stands for. It is
// empty, except that os and syscall declare the functions that read the
// environment (and os.Expand), so calls to them resolve through aliases and dot imports.
func standIn(importPath string) *types.Package {
	tp := types.NewPackage(importPath, guessName(importPath))
	str := types.Typ[types.String]
	param := types.NewTuple(types.NewParam(token.NoPos, tp, "key", str))
	addFunc := func(name string, results ...types.Type) {
		vars := make([]*types.Var, len(results))
		for i, r := range results {
			vars[i] = types.NewParam(token.NoPos, tp, "", r)
		}
		sig := types.NewSignatureType(nil, nil, nil, param, types.NewTuple(vars...), false)
		tp.Scope().Insert(types.NewFunc(token.NoPos, tp, name, sig))
	}
	switch importPath {
	case "os":
		addFunc("Getenv", str)
		addFunc("LookupEnv", str, types.Typ[types.Bool])
		addFunc("ExpandEnv", str)
		mapping := types.NewSignatureType(nil, nil, nil, param, types.NewTuple(types.NewParam(token.NoPos, tp, "", str)), false)
		expand := types.NewSignatureType(nil, nil, nil,
			types.NewTuple(types.NewParam(token.NoPos, tp, "s", str), types.NewParam(token.NoPos, tp, "mapping", mapping)),
			types.NewTuple(types.NewParam(token.NoPos, tp, "", str)), false)
		tp.Scope().Insert(types.NewFunc(token.NoPos, tp, "Expand", expand))
	case "syscall":
		addFunc("Getenv", str, types.Typ[types.Bool])
	}
	tp.MarkComplete()
	return tp
}

// guessName guesses the package name of an import path the way goimports
// does when it cannot look: the last element, without a major version
// suffix, a "go-" prefix or a ".vN" suffix.
func guessName(importPath string) string {
	elems := strings.Split(importPath, "/")
	name := elems[len(elems)-1]
	if len(elems) > 1 && len(name) > 1 && name[0] == 'v' && strings.Trim(name[1:], "0123456789") == "" {
		name = elems[len(elems)-2]
	}
	name = strings.TrimPrefix(name, "go-")
	if i := strings.Index(name, ".v"); i > 0 {
		name = name[:i]
	}
	var b strings.Builder
	for i, r := range name {
		switch {
		case r == '_' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || i > 0 && '0' <= r && r <= '9':
			b.WriteRune(r)
		default:
			b.WriteRune('_')
		}
	}
	if b.Len() == 0 || b.String() == "_" {
		return "pkg"
	}
	return b.String()
}
