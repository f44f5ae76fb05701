package postrender

import (
	"os"
	"runtime/debug"
)

// bigInput is the input size from which Render has garbage collected
// sooner (see CollectSooner).
const bigInput = 1 << 20

// CollectSooner sets the garbage collector's heap growth to half the default
// (GOGC=50) for an input of bigInput bytes or more, unless GOGC is set.
//
// On a big edited document the yaml.v3 node tree is most of the live heap
// (88 of 94 MB before the 100k-env Deployment is encoded), and the default
// lets the heap grow to twice what is live before it collects. With half
// that growth the 50k-env Deployment (3 MiB) peaks at 103–105 MiB instead of
// 126–133 MiB, for 5–15% more CPU (BENCHMARKS.md, "Memory on big inputs").
// The stream of a Helm chart is far smaller and is left alone, and so is a
// GOGC the user chose. Check calls it too, with the size of all its inputs:
// the findings of 20,000 drifted Deployments are 68 MB live while SARIF is
// written (267 -> about 220 MiB, for about 15% more user CPU).
func CollectSooner(inputBytes int) {
	if inputBytes >= bigInput && os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50)
	}
}
