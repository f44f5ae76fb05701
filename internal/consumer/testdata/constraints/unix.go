//go:build unix && !darwin

package main

import "os"

var _ = os.Getenv("UNIX_NOT_DARWIN")
