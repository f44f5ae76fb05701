package lint

import "testing"

// FuzzRun: no template that parses, and no schema that is JSON, makes lint
// panic or loop.
func FuzzRun(f *testing.F) {
	f.Add(`{{ with .Values.secret }}{{ .name }}{{ end }}{{ range $k, $v := .Values.list }}{{ $v.name | quote }}{{ end }}`, tableSchema)
	f.Add(`{{ define "h" }}{{ .root.Values.a.b }}{{ include "h" . }}{{ end }}{{ include "h" (dict "root" $) }}`, `{"properties": {"a": {"type": "string"}}}`)
	f.Add(`{{ index .Values "a" 0 "b" }}{{ dig "a" "b" "" .Values }}{{ (.Values.x).y }}{{ $x := 1 }}{{ $x = .Values.z }}{{ $x.w }}`, `{"$ref": "#"}`)
	f.Fuzz(func(t *testing.T, tmpl, schema string) {
		_, _ = Run(Options{Schema: []byte(schema), SchemaFile: "s.json", Templates: []Template{
			{Name: "templates/t.yaml", File: "t.yaml", Data: []byte(tmpl)},
		}})
	})
}
