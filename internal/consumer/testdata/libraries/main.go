// Command libraries reads its env through libraries, recognised by import
// path, and through a scan of os.Environ. Line numbers are asserted by tests.
package main

import (
	"context"
	"fmt"
	"os"
	"strings"
)

func main() {
	fmt.Println(caarlos(), kelsey(), sethvargo(context.Background()))
	viperConfig()
	for _, kv := range os.Environ() {
		if name, ok := strings.CutPrefix(kv, "FEATURE_"); ok {
			fmt.Println(name)
		}
	}
}

func dump() {
	for _, kv := range os.Environ() { // no prefix: dynamic
		fmt.Println(kv)
	}
}
