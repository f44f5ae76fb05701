// Command prog reads the env its Deployment in ../rendered.yaml carries.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Println(os.Getenv("APP_PORT"), os.Getenv("APP_MODE"))
}
