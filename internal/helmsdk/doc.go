// Package helmsdk is the one package that links Helm's SDK beyond its chart
// types: it renders a chart in-process with pkg/action, and coalesces values
// with pkg/chartutil, exactly as helm install does.
//
// chartutil links client-go, whose start-up the post-renderer cannot afford,
// so only the full envcontract binary imports this package; a test of
// cmd/envcontract-render keeps it out of the light one. Package values
// merges values without it and takes Coalesce as a values.Coalescer.
//
// chartutil logs its coalesce warnings through the standard logger. Both
// Coalesce and Template capture that logger while Helm runs, so no raw Helm
// log line reaches an output: Coalesce returns the warnings as data, which
// validate reports as located findings.
package helmsdk
