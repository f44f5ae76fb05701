// Package values loads chart values the way Helm does and checks them
// against a JSON Schema, reporting each problem at the file, line and column
// the offending value came from.
//
// Loading: Load and LoadWithOrigins merge the chart's values.yaml (and its
// subcharts', after Helm's dependency processing), then -f files in order,
// then --set, --set-string and --set-file, with Helm's own libraries
// (chartutil, strvals, sigs.k8s.io/yaml): the result is the map Helm renders
// with, YAML 1.1 typing included. Each file is also read as a node with
// internal/yamlnode (duplicate keys are refused) only to learn positions;
// a later source replaces a scalar's or list's position and merges into a
// map's, as the values themselves merge. Values from the command line carry
// the origin "--set", "--set-string" or "--set-file".
//
// Validating: Compile (Builtin for the embedded bp-sandbox schema,
// ChartSchemas for a chart's values.schema.json files) compiles a schema
// once per process: the same bytes and options return the same compiled
// schema, so validating many value sets costs one compilation. The built-in
// schema is compiled with format assertion and envcontract's vocabulary
// (distinctProperties, notSecretEnv, see VocabURL); chart schemas exactly as
// Helm compiles them. Check returns every violation, sorted, each printed as
// FILE:LINE:COL: /json/pointer: message. A message about a value under a
// secret-looking key, or about an extraEnv entry named like a secret env,
// never quotes the value.
package values
