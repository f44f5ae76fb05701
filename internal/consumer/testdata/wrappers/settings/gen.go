//go:build ignore

// A generator run by hand: never part of the build, so its reads are not
// the program's.
package main

import "example.com/wrappers/settings"

func main() { _ = settings.Need("GEN_ONLY") }
