// Command wrappers reads its env through wrappers of every shape.
package main

import (
	"fmt"
	"os"
	"strconv"

	"example.com/wrappers/settings"
)

const portVar = "PORT"

func main() {
	r := &settings.Reader{}
	fmt.Println(
		settings.App("MODE"),
		settings.MustApp("SECRET"),
		settings.Need("DATABASE_URL"),
		r.Either("PRIMARY_URL", "SECONDARY_URL"),
		settings.Reader{}.Or("REGION", "eu-1"),
		intOr(portVar, 8080),
		intOr("WORKERS", defaultWorkers),
		settings.App(os.Args[0]), // not a constant: dynamic
	)
}

const defaultWorkers = 4

// intOr parses key, or returns def: a wrapper of a wrapper-less shape.
func intOr(key string, def int) int {
	n, err := strconv.Atoi(os.Getenv(key))
	if err != nil {
		return def
	}
	return n
}
