package main

import . "os"

var dotted = ExpandEnv("$DOT_EXPAND") + Expand("${DOT_MAPPING}", Getenv)
