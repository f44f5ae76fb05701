// Package consumer reads Go source and lists the environment variables a
// program reads, each with every file:line:column that reads it, how it is
// read (Read.Via), whether the program needs it (Read.Required) and its
// default (Read.Default).
//
// What it reads. Extract takes a package directory (a program's main
// package, say) and reads that package and every package of its module that
// it imports, directly or not, as `go build` would compile them; DIR/...
// reads every package under DIR, like `go list ./...`: it skips testdata,
// vendor, directories whose name starts with "." or "_", and nested modules.
// A directory with no Go files of its own reads as DIR/... does. _test.go
// files are never read, nor are files that go/build's Context.MatchFile
// leaves out of the build of the target platform (the host's unless Options
// say otherwise): a //go:build or // +build line (//go:build ignore, a tag no
// build sets, another platform) or a _GOOS or _GOARCH file-name suffix.
//
// Nothing is downloaded and no build is run. The module's packages are
// type-checked from source with go/types; packages of other modules are
// read from the module's vendor directory when they are there (for their
// constants only: their reads are not the program's), and are otherwise
// replaced, like the standard library, by empty stand-ins, except that "os"
// and "syscall" declare their env functions. Type errors caused by the
// stand-ins are ignored; where the checker could not give an expression a
// value, it is folded from the syntax with go/constant instead.
//
// What counts as a read:
//
//   - a call of os.Getenv, os.LookupEnv or syscall.Getenv whose name is a
//     constant expression (a literal, a constant of the module, a typed
//     string constant, a concatenation), followed through import aliases
//     and dot imports; os.ExpandEnv(s) and os.Expand(s, os.Getenv) read each
//     $NAME and ${NAME} of a constant s, found by os.Expand itself (Via
//     "direct");
//   - a call, with a constant name, of a wrapper: a function or method of
//     the module one of whose parameters reaches an env function, maybe
//     concatenated with constants, directly or through another wrapper (Via
//     the wrapper's name: envOr, (*T).get). A wrapper that calls panic,
//     os.Exit or a Fatal… or Panic… function and returns no fallback
//     parameter makes its names required; the constant fallback argument of
//     a wrapper that returns one is the default;
//   - the struct fields that github.com/caarlos0/env,
//     github.com/kelseyhightower/envconfig and github.com/sethvargo/go-envconfig
//     read from the struct type passed to them, with their prefixes, nested
//     structs, required and default tags; spf13/viper's BindEnv, and
//     SetEnvPrefix with AutomaticEnv, a prefix; a scan of os.Environ whose
//     entries are tested with strings.HasPrefix, CutPrefix or TrimPrefix of a
//     constant, a prefix (Via the import path, or "os.Environ"). Libraries
//     are recognised by import path, so they need not be in any module cache.
//
// A read whose name is not a constant (a variable, a function result, a
// constant of another module, a wrapper called with a variable) is reported
// in Result.Dynamic with its location; its name is never guessed. So is a
// reference to an env function that is not a direct call (f := os.Getenv),
// an os.Environ scan without a prefix test, and AutomaticEnv without a
// prefix.
//
// Compare sets a Result against the names a workload sets; the check command
// uses it for a contract's consumer.goSource.
package consumer
