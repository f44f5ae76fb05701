// Package schema embeds the JSON Schemas (draft 2020-12) envcontract ships,
// so that the binary validates without reading files and editors can use the
// same files through a yaml-language-server $schema comment.
package schema

import "embed"

// EnvContract is the file name of the contract file schema.
const EnvContract = "envcontract.schema.json"

// FS holds the schemas: the values schema the binary validates with, and
// the contract schema, which internal/contract implements in Go (so that the
// post-renderer starts without a JSON Schema compiler) and its tests hold
// that code to. The SARIF schema beside them is only read by tests, so it
// stays out of the binary.
//
//go:embed envcontract.schema.json bp-sandbox.values.schema.json
var FS embed.FS

// Read returns the schema file called name, e.g. EnvContract.
func Read(name string) ([]byte, error) { return FS.ReadFile(name) }
