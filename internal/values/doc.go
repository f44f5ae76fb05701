// Package values loads chart values the way Helm does, keeping the file,
// line and column every value came from.
//
// Load and LoadWithOrigins merge the chart's values.yaml, then -f files in
// order, then --set-json, --set, --set-string, --set-file and --set-literal,
// with Helm's own strvals and sigs.k8s.io/yaml: the result is the map Helm
// renders with, YAML 1.1 typing included. Each file is also read as a node
// with internal/yamlnode (duplicate keys are refused) only to learn
// positions; a later source replaces a scalar's or list's position and
// merges into a map's, as the values themselves merge. Values from the
// command line carry the flag that set them as their origin ("--set", …).
//
// The package is light on purpose: the post-renderer links it, and starts
// once per helm template. The chart is coalesced by Options.Coalesce: by
// default Coalesce, which handles a chart without dependencies; package
// helmsdk supplies Helm's own chartutil, with subcharts, conditions and
// import-values, for the commands that can afford client-go. Checking the
// values against a JSON Schema is package valueschema.
//
// Without a chart, Options.Defaults (a schema's defaults) stand in for the
// chart's values and are coalesced the same way, so a null deletes a default
// there too. Where a value and the default disagree on being a map, Helm's
// coalesce keeps one and warns; Coalesce returns those warnings as data (in
// Loaded.Warnings) and CoalesceFindings places them, never with a value.
package values
