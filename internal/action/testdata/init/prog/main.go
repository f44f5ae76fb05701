// Command prog reads the env its Deployment in ../rendered.yaml carries.
package main

import (
	"fmt"
	"os"
)

// envOr is the env a program reads with a fallback.
func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

func main() {
	fmt.Println(os.Getenv("APP_PORT"), os.Getenv("APP_MODE"), envOr("APP_LOG_LEVEL", "info"))
}
