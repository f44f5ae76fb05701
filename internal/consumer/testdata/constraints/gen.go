//go:build ignore

// A generator run by hand (go run gen.go): never part of the build.
package main

import "os"

func main() {
	_ = os.Getenv("IGNORED")
}
