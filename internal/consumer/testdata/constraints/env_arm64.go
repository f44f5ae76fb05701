package main

import "os"

var _ = os.Getenv("ARM64_ONLY")
