package main

import "os"

func main() { _ = os.Getenv("UNDERSCORE_DIR_ONLY") }
