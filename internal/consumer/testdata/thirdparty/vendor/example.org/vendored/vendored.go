// Package vendored is a vendored dependency: its constants are known, its
// own reads are not the program's.
package vendored

import "os"

const Prefix = "VENDORED_"

const Home = Prefix + "HOME"

func Read() string { return os.Getenv("VENDORED_ONLY") }
