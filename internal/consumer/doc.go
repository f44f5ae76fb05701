// Package consumer reads Go source and lists the environment variables the
// program reads: the names passed to os.Getenv, os.LookupEnv and
// syscall.Getenv, each with every file:line:column that reads it. A call
// os.ExpandEnv(s), or os.Expand(s, os.Getenv), reads every name that s
// references as $NAME or ${NAME}; the names are found by os.Expand itself, so
// the syntax is exactly Go's (which also looks up the shell's special names:
// "$5" reads "5"). os.Expand with any other mapping function is no read; a
// mapping that is a local variable only ever set to os.Getenv counts as
// os.Getenv.
//
// Extract walks each directory it is given like `go list ./...` would: it
// skips _test.go files, testdata, vendor, directories whose name starts with
// "." or "_", and nested modules (directories with their own go.mod). Every
// package found is type-checked with go/types so that a name is known
// whenever it is a constant expression: a literal, a constant from the same
// file, another file or another package of the same module (import path under
// the module path of the nearest go.mod, resolved from source), a typed string
// constant, a concatenation, a parenthesised expression. Import aliases and
// dot imports are followed because the type checker resolves them.
//
// Only the files of one build are read: those that go/build's
// Context.MatchFile accepts for the target platform (the host's unless
// Options say otherwise). A file excluded by a //go:build or // +build line
// (//go:build ignore, a tag no build sets, another platform) or by a _GOOS or
// _GOARCH file-name suffix (x_windows.go, x_arm64.go) is not read, and its
// reads are not reported.
//
// Nothing is downloaded and no build is run: packages of other modules are
// read from the module's vendor directory when they are there, and are
// otherwise replaced, like the standard library, by empty stand-ins, except
// that "os" and "syscall" declare their env functions so that calls to them
// are recognised. Type errors caused by the stand-ins are
// ignored. Where the type checker could not give an expression a value (for
// example a constant whose declared type comes from a third-party package),
// the expression is folded from the syntax with go/constant instead.
//
// A read whose name is not a constant (a variable, a function result, a
// constant of another module) is reported in Result.Dynamic with its
// location; its name is never guessed. A reference to an env function that
// is not a direct call (f := os.Getenv, f := os.ExpandEnv) is reported there
// too, since the reads it leads to cannot be seen; so is an os.ExpandEnv or
// os.Expand(s, os.Getenv) whose s is not a constant.
//
// Compare sets a Result against the names a workload sets; the check command
// uses it for a contract's consumer.goSource.
package consumer
