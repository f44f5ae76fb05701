// Package helmrelease reads a Flux HelmRelease manifest and writes its
// spec.postRenderers block back into the file as written.
//
// Read finds the one HelmRelease of a file and what helm-controller would
// render it with: release name, target namespace and spec.values. Splice
// puts a postRenderers block (one whose comment carries Marker) into the
// file, keeping every other byte, and reads the result back to check it;
// WriteFile replaces the file atomically.
package helmrelease
