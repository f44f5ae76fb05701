package main

import "os"

var _ = os.Getenv("LINUX_AMD64_ONLY")
