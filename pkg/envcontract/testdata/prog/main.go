// Command prog is the program the consumer test's Deployment runs.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Println(os.Getenv("APP_PORT"), os.Getenv("APP_MODE"))
}
