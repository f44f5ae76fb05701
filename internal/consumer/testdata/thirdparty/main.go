// Command thirdparty uses constants of other modules, which extract cannot
// load (example.org/envnames) or can read from vendor/ (example.org/vendored).
package main

import (
	"os"

	"example.org/envnames"
	"example.org/vendored"
)

// Key's type comes from a module that is not at hand: the type checker
// leaves it invalid, and the name is folded from the syntax instead.
const Key envnames.Name = "ACME_" + "KEY"

const (
	First envnames.Name = "ACME_FIRST"
	Again               // repeats the expression above
)

func main() {
	_ = os.Getenv(string(Key))
	_ = os.Getenv(string(Again))
	_ = os.Getenv(envnames.Home)
	_ = os.Getenv(envnames.Name("ACME_CONVERTED"))
	_ = os.Getenv(vendored.Home)
	_ = os.Getenv(vendored.Prefix + string(Key))
}
