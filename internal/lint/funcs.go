package lint

import (
	"sync"

	"github.com/Masterminds/sprig/v3"
)

// helmFuncs are the functions Helm's engine adds to sprig's (Helm 3's
// pkg/engine funcMap, and the must* variants Helm 4 adds); sprig's env and
// expandenv are the two Helm removes.
var helmFuncs = []string{
	"toToml", "fromToml", "toYaml", "toYamlPretty", "fromYaml", "fromYamlArray",
	"toJson", "fromJson", "fromJsonArray", "include", "tpl", "required", "lookup",
	"mustToYaml", "mustToJson", "mustToToml",
}

// builtins are text/template's own functions, which parse.Parse does not
// know about unless told.
var builtins = []string{
	"and", "call", "html", "index", "slice", "js", "len", "not", "or", "print",
	"printf", "println", "urlquery", "eq", "ge", "gt", "le", "lt", "ne",
}

var (
	funcsOnce sync.Once
	funcs     map[string]any
)

// funcMap returns the names of every function a Helm template may call,
// each with a stub: the parser only checks that a name exists.
func funcMap() map[string]any {
	funcsOnce.Do(func() {
		funcs = map[string]any{}
		stub := struct{}{}
		for name := range sprig.TxtFuncMap() {
			funcs[name] = stub
		}
		delete(funcs, "env")
		delete(funcs, "expandenv")
		for _, name := range append(helmFuncs, builtins...) {
			funcs[name] = stub
		}
	})
	return funcs
}

// How a function uses its arguments, for the functions that are not
// followed one by one (fn below handles include, tpl, required, default,
// index, get, hasKey, dig and dict).
var (
	// printing writes its arguments as text: a map or a list comes out as
	// Go's map[…] or [a b] (or the call fails).
	printing = set("quote", "squote", "print", "printf", "println", "upper", "lower", "title",
		"untitle", "trim", "trimAll", "trimPrefix", "trimSuffix", "nindent", "indent", "replace",
		"trunc", "b64enc", "b32enc", "toString", "cat", "repeat", "substr", "abbrev", "abbrevboth",
		"wrap", "wrapWith", "kebabcase", "snakecase", "camelcase", "swapcase", "nospace",
		"sha1sum", "sha256sum", "sha512sum", "adler32sum", "urlquery", "html", "js")
	// whole serialises or copies its arguments: every key under them is read.
	whole = set("toYaml", "toYamlPretty", "mustToYaml", "toJson", "mustToJson", "toPrettyJson",
		"mustToPrettyJson", "toRawJson", "mustToRawJson", "toToml", "mustToToml")
	// looking only looks at its arguments (emptiness, type, comparison).
	looking = set("not", "empty", "len", "eq", "ne", "lt", "le", "gt", "ge", "kindIs", "kindOf",
		"typeOf", "typeIs", "typeIsLike", "deepEqual", "fail")
)

func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// fn applies a function to abstract arguments.
func (w *walker) fn(name string, args []val, at place) val {
	last := val{}
	if len(args) > 0 {
		last = args[len(args)-1]
	}
	switch {
	case name == "include":
		if len(args) == 2 && args[0].k == vText {
			w.include(args[0].str, args[1], at)
			return val{}
		}
		w.note(at, "includes a template named at run time; the values it reads are not checked")
		w.useAll(args, at)
		return val{}
	case name == "tpl":
		w.note(at, "tpl renders text known only at run time; the values it reads are not checked")
		w.useAll(args, at)
		return val{}
	case name == "required":
		return last
	case name == "default":
		if last.k == vPath || len(args) < 2 {
			return last
		}
		return args[0]
	case name == "index" || name == "get" || name == "hasKey":
		return w.index(name, args, at)
	case name == "dig":
		if len(args) < 3 {
			w.useAll(args, at)
			return val{}
		}
		return w.index("dig", append([]val{last}, args[:len(args)-2]...), at)
	case name == "dict":
		return w.dict(args, at)
	case printing[name]:
		for _, a := range args {
			w.use(a, printed, at)
		}
		return val{}
	case whole[name]:
		w.useAll(args, at)
		return val{}
	case looking[name]:
		return val{}
	default:
		w.useAll(args, at)
		return val{}
	}
}

func (w *walker) useAll(args []val, at place) {
	for _, a := range args {
		w.use(a, all, at)
	}
}

// index follows index m k1 k2 …, get m k and hasKey m k with constant keys.
func (w *walker) index(name string, args []val, at place) val {
	if len(args) == 0 {
		return val{}
	}
	v := args[0]
	for _, k := range args[1:] {
		if k.k != vText {
			w.note(at, name+" with a key known only at run time; the values below it are not checked")
			w.use(v, all, at)
			return val{}
		}
		v = w.field(v, k.str, at)
	}
	if name == "hasKey" {
		return val{}
	}
	return v
}

// dict builds a dict with constant keys; with any other key its values are
// all read.
func (w *walker) dict(args []val, at place) val {
	d := val{k: vDict, dict: map[string]val{}}
	for i := 0; i+1 < len(args); i += 2 {
		if args[i].k != vText {
			w.useAll(args, at)
			return val{}
		}
		d.dict[args[i].str] = args[i+1]
	}
	return d
}

func quote(s string) string { return `"` + s + `"` }
