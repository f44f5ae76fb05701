package contract

import (
	"embed"
	"fmt"
	"os"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/spf13/pflag"
)

// DefaultName is the built-in contract every command applies when it is
// given none.
const DefaultName = "bp-sandbox"

// builtinPrefix marks the Source of a built-in contract; Resolve accepts it.
const builtinPrefix = "builtin:"

//go:embed builtin/*.yaml
var builtinFS embed.FS

// BuiltinNames returns the names of the built-in contracts, sorted.
func BuiltinNames() []string {
	entries, _ := builtinFS.ReadDir("builtin") // the directory is embedded, so it exists
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	sort.Strings(names)
	return names
}

// BuiltinSource returns the YAML text of a built-in contract, comments
// included, for `contract show`.
func BuiltinSource(name string) ([]byte, error) {
	data, err := builtinFS.ReadFile(path.Join("builtin", name+".yaml"))
	if err != nil || name == "" || strings.ContainsAny(name, `/\.`) {
		return nil, fmt.Errorf("%w %q (known: %s); pass a file path to use a contract of your own",
			ErrUnknownBuiltin, name, strings.Join(BuiltinNames(), ", "))
	}
	return data, nil
}

// Builtin loads a built-in contract. Each call returns a fresh copy that the
// caller may change. The contract comes already parsed (builtin_parsed.go),
// as Parse reads builtin/NAME.yaml: the post-renderer starts in a few
// milliseconds, and parsing and checking the YAML took 0.4 to 0.6 of them.
func Builtin(name string) (*Contract, error) {
	if parsed, ok := parsedBuiltins[name]; ok {
		return parsed(), nil
	}
	data, err := BuiltinSource(name)
	if err != nil {
		return nil, err
	}
	return Parse(data, builtinPrefix+name)
}

// Resolve loads what a -c/--contract flag names: a built-in contract by its
// name (or "builtin:NAME"), else a file. A bare name that is neither is
// reported as an unknown built-in; write ./NAME for a file without an
// extension that shares a built-in's name.
func Resolve(ref string) (*Contract, error) {
	if name, ok := strings.CutPrefix(ref, builtinPrefix); ok {
		return Builtin(name)
	}
	bare := !strings.ContainsAny(ref, `/\.`)
	if bare && slices.Contains(BuiltinNames(), ref) {
		return Builtin(ref)
	}
	if bare {
		if _, err := os.Stat(ref); err != nil {
			return Builtin(ref)
		}
	}
	return Load(ref)
}

// AddFlag registers -c/--contract, the contracts a command applies, on fs.
func AddFlag(fs *pflag.FlagSet, refs *[]string) {
	fs.StringArrayVarP(refs, "contract", "c", []string{DefaultName},
		"contract file or built-in name (repeatable; envcontract contract show prints the built-in)")
}

// ResolveAll is Resolve for each ref, in order.
func ResolveAll(refs []string) ([]*Contract, error) {
	out := make([]*Contract, 0, len(refs))
	for _, ref := range refs {
		c, err := Resolve(ref)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}
