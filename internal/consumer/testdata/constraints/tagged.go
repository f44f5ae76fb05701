//go:build customtag

package main

import "os"

var _ = os.Getenv("CUSTOM_TAG")
