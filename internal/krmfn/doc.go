// Package krmfn runs the env contract as a KRM function: a ResourceList on
// standard input, the same ResourceList on standard output with its items
// fixed and a result for every finding.
//
// That is how kustomize runs an exec transformer (a functionConfig
// annotated config.kubernetes.io/function: {exec: {path: …}}, built with
// `kustomize build --enable-alpha-plugins --enable-exec`) and how kpt runs
// `fn eval --exec`. kustomize runs the binary with no arguments, so the
// root command acts as the function when, and only when, its standard input
// is a ResourceList (IsResourceList).
//
// kyaml's fn/framework reads and writes the ResourceList; the items go
// through internal/render like any other stream, so the function and the
// post-renderer share one pipeline. Items render leaves alone stay the very
// nodes kyaml read, and no item gets an annotation it did not come with.
package krmfn
