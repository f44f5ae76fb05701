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
// followed one by one (walk.go handles include, tpl, required, default,
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
