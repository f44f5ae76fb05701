// Package helmsdk is the one package that links Helm's SDK beyond its chart
// types: it renders a chart in-process with pkg/action, and coalesces values
// with pkg/chartutil, exactly as helm install does.
//
// chartutil links client-go, whose start-up the post-renderer cannot afford,
// so only the full envcontract binary imports this package; a test of
// cmd/envcontract-render keeps it out of the light one. Package values
// merges values without it and takes Coalesce as a values.Coalescer.
package helmsdk
