package lint_test

import (
	"fmt"

	"github.com/openova/envcontract/internal/lint"
)

// A template that prints a Secret reference the schema says is a {name,
// key} map, and reads a key the schema does not know.
func ExampleRun() {
	schema := `{
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "tokenSecret": {"type": "object", "properties": {"name": {"type": "string"}, "key": {"type": "string"}}},
    "replicas": {"type": "integer"}
  }
}`
	tmpl := `env:
  - name: TOKEN_SECRET
    value: {{ .Values.tokenSecret | quote }}
  - name: REGION
    value: {{ .Values.region | default "eu" }}
`
	fs, err := lint.Run(lint.Options{
		Schema: []byte(schema), SchemaFile: "values.schema.json",
		Templates: []lint.Template{{Name: "templates/deployment.yaml", File: "chart/templates/deployment.yaml", Data: []byte(tmpl)}},
	})
	if err != nil {
		panic(err)
	}
	for _, f := range fs {
		fmt.Println(f.Code, f.Pos, f.Pos.Pointer)
	}
	// Output:
	// shape-clash chart/templates/deployment.yaml:3:15 /tokenSecret
	// undeclared-value chart/templates/deployment.yaml:5:15 /region
	// dead-value values.schema.json:6:5 /replicas
}
