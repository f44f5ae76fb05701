package main

import "os"

func main() { _ = os.Getenv("NESTED_MODULE_ONLY") }
