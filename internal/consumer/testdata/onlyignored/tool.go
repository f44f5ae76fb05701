//go:build ignore

package main

import "os"

func main() {
	_ = os.Getenv("IGNORED")
}
