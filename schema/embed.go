// Package schema embeds the JSON Schemas (draft 2020-12) envcontract ships,
// so that the binary validates without reading files and editors can use the
// same files through a yaml-language-server $schema comment.
package schema

import "embed"

// File names of the schemas.
const (
	EnvContract = "envcontract.schema.json" // the contract file
	Report      = "report.schema.json"      // the JSON envelope of every command's -o json
	// BPSandbox is the bp-sandbox chart's values from chart 0.2.0 on, and
	// BPSandbox01 the 0.1.x chart's (the Wave 1 controller only).
	BPSandbox   = "bp-sandbox.values.schema.json"
	BPSandbox01 = "bp-sandbox-0.1.values.schema.json"
)

// FS holds the schemas: the values schemas the binary validates with, and
// the contract schema, which internal/contract implements in Go (so that the
// post-renderer starts without a JSON Schema compiler) and its tests hold
// that code to. The report schema and the SARIF schema beside them are only
// read by tests and users, so they stay out of the binary.
//
//go:embed envcontract.schema.json bp-sandbox.values.schema.json bp-sandbox-0.1.values.schema.json
var FS embed.FS

// Read returns the schema file called name, e.g. EnvContract.
func Read(name string) ([]byte, error) { return FS.ReadFile(name) }
