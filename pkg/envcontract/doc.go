// Package envcontract is the Go API of envcontract, for programs that render
// Kubernetes manifests in Go (a controller's renderer) and want the env
// contract held in their own unit tests, without Helm and without the
// envcontract binary.
//
// A Contract is loaded once, from a file or by a built-in's name
// (LoadContract), or from text (ParseContract). Check applies it to a
// manifest stream as `envcontract check` does and changes nothing
// (CheckFiles to the path → content map a GitOps renderer writes); Render
// applies it as the post-renderer does and returns the fixed stream. Both
// return a Result whose Findings carry the env name, severity, message and
// position (file, line, document, object); Result.Errors are the findings
// that fail `envcontract check`. A stream passes Check exactly when Render
// leaves it as it is.
//
// A contract workload with a consumer (consumer.goSource) also has its
// program's Go source read, relative to the contract file, and compared
// with what its containers carry, as check does.
//
// Messages never show a value that may be secret. The package
// github.com/openova/envcontract/pkg/envcontracttest wraps Check for tests:
// envcontracttest.Satisfies fails a test with readable findings.
//
// The API is small on purpose: the types here are envcontract's own and
// stay stable while the packages under internal/ change.
package envcontract
