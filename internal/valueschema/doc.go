// Package valueschema checks chart values against a JSON Schema, reporting
// each problem at the file, line and column the offending value came from
// (package values keeps those positions).
//
// Compile (Builtin for the embedded bp-sandbox schema, ChartSchemas for a
// chart's values.schema.json files) compiles a schema once per process: the
// same bytes and options return the same compiled schema, so validating many
// value sets costs one compilation. The built-in schema is compiled with
// format assertion and envcontract's vocabulary (distinctProperties,
// notSecretEnv, see VocabURL); chart schemas exactly as Helm compiles them.
// There are two built-in schemas, as the bp-sandbox chart changed its values
// after 0.1.x: BuiltinFor picks one by the chart's version. Schema.Defaults
// gives the values a schema's "default"s describe, which stand in for the
// chart's values when no chart is at hand.
// Check returns every violation, sorted, each printed as
// FILE:LINE:COL: /json/pointer: message. A message about a value under a
// secret-looking key, or about an extraEnv entry named like a secret env,
// never quotes the value.
//
// It is a package of its own because the JSON Schema compiler costs about
// 10 ms at every process start, which the post-renderer does not pay.
package valueschema
