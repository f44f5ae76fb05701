// Package contract loads env contracts: YAML files of kind EnvContract that
// name the workloads a chart renders and the environment each must carry
// (DESIGN.md §3).
//
// # Loading
//
// Load and Parse read a contract in three steps, and stop at the first step
// that finds problems:
//
//  1. strict YAML (internal/yamlnode): a duplicate key or a second document
//     is refused, since readers disagree on which copy counts;
//  2. the shape schema/envcontract.schema.json describes: field names,
//     shapes, env names, the one-source rule of env entries and the two
//     shapes of fromValues. The check is the schema written out in Go
//     (shape.go), as a JSON Schema library costs more start-up time than a
//     post-renderer has; the schema file is the published format and, in
//     the tests, the oracle the check must agree with;
//  3. rules the schema cannot express: unique workload, env and optional
//     names, no rename chains or cycles, and no name that two rules pull in
//     opposite directions (renamed away and injected, required and
//     forbidden, a rename target that is forbidden, optional yet set).
//
// Every problem of the failing step is reported, sorted by position, in an
// *InvalidError whose lines read FILE:LINE:COL: /json/pointer: message.
//
// # Env entries
//
// An Env has at most one source: Value (a literal default that may hold
// $(VAR) references), FieldRef (a downward API fieldPath) or SecretKeyRef.
// FromValues names the chart values that override the default. An entry with
// no source has no default: RequiresValues reports that its value must come
// from chart values.
//
// # Built-in contracts
//
// The bp-sandbox contract (DESIGN.md §7) is embedded from builtin/. Builtin
// loads it through the same checks as a file, BuiltinSource returns its text
// for `contract show`, and Resolve maps a -c/--contract argument to a
// built-in or a file.
package contract
