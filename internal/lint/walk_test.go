package lint

import (
	"fmt"
	"strings"
	"testing"

	"github.com/openova/envcontract/internal/finding"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const tableSchema = `{
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "name": { "type": "string" },
    "secret": { "$ref": "#/$defs/ref" },
    "labels": { "type": "object" },
    "list": { "type": "array", "items": { "type": "object", "additionalProperties": false, "properties": { "name": { "type": "string" } } } },
    "open": { "type": "object", "properties": { "a": { "type": "string" } } },
    "nested": { "type": "object", "properties": { "x": { "type": "object", "properties": { "y": { "type": "string" } } } } },
    "either": { "anyOf": [ { "type": "string" }, { "$ref": "#/$defs/ref" } ] }
  },
  "$defs": { "ref": { "type": "object", "properties": { "name": { "type": "string" }, "key": { "type": "string" } } } }
}`

func TestWalk(t *testing.T) {
	tests := map[string]struct {
		tmpl    string
		helpers string
		want    []string // "code pointer line:col", dead values left out unless dead is set
		dead    bool
	}{
		"with, variables, index, get and dig lead to declared values": {
			tmpl: `{{ with .Values.secret }}{{ .name }}{{ end }}{{ $s := .Values.secret }}{{ index $s "key" | quote }}` +
				`{{ get .Values.nested "x" | toYaml }}{{ dig "x" "y" "" .Values.nested }}{{ index .Values "name" }}`,
		},
		"a map printed into text": {
			tmpl: "a: {{ .Values.secret }}",
			want: []string{"shape-clash /secret 1:7"},
		},
		"a map printed through default and quote (values of the old shape)": {
			tmpl: `a: {{ .Values.secret | default "x" | quote }}`,
			want: []string{"shape-clash /secret 1:7"},
		},
		"printf of a map": {
			tmpl: `a: {{ printf "%s" .Values.secret }}`,
			want: []string{"shape-clash /secret 1:19"},
		},
		"toYaml of a map is fine, and a string or map is fine to print": {
			tmpl: `{{ toYaml .Values.secret }}{{ .Values.either | quote }}{{ .Values.labels.x }}`,
		},
		"a key of a string": {
			tmpl: "{{ .Values.name.first }}",
			want: []string{"shape-clash /name 1:4"},
		},
		"a key of a list": {
			tmpl: "{{ .Values.list.name }}{{ (index .Values.list 0).name }}",
			want: []string{"shape-clash /list 1:4"},
		},
		"range over a string": {
			tmpl: "{{ range .Values.name }}{{ . }}{{ end }}",
			want: []string{"shape-clash /name 1:10"},
		},
		"range over a list reads each element's keys": {
			tmpl: "{{ range $i, $e := .Values.list }}{{ $e.name }}{{ .nope }}{{ end }}",
			want: []string{"undeclared-value /list/*/nope 1:51"},
		},
		"an undeclared key under a closed and under an open object": {
			tmpl: "{{ .Values.nope }}\n{{ .Values.open.b }}",
			want: []string{"undeclared-value /nope 1:4", "undeclared-value /open/b 2:4"},
		},
		"each undeclared key once, at its first place": {
			tmpl: "{{ .Values.nope }}\n{{ .Values.nope.deeper }}",
			want: []string{"undeclared-value /nope 1:4"},
		},
		"include follows a dict with the root in it": {
			helpers: `{{ define "h" }}{{ .root.Values.name }}{{ .root.Values.gone }}{{ .v.key }}{{ end }}`,
			tmpl:    `{{ include "h" (dict "root" $ "v" .Values.secret) }}`,
			want:    []string{"undeclared-value /gone 1:43"},
		},
		"template and include of a recursive template end": {
			helpers: `{{ define "r" }}{{ .Values.name }}{{ include "r" . }}{{ end }}`,
			tmpl:    `{{ template "r" . }}`,
		},
		"what cannot be followed is a note, and counts as read": {
			tmpl: `{{ include (printf "%s" .Values.name) . }}{{ tpl .Values.name . }}` +
				`{{ range $k, $v := .Values.labels }}{{ index $.Values.list $k }}{{ end }}`,
			want: []string{"unfollowed  1:4", "unfollowed  1:46", "unfollowed  1:106"},
			dead: true,
		},
		"an include of a template nobody defines": {
			tmpl: `{{ include "nowhere" .Values.nested }}`,
			want: []string{"unfollowed  1:4"},
		},
		"dead values: the topmost of a subtree": {
			tmpl: "{{ .Values.name }}{{ .Values.secret.name }}{{ toYaml .Values.labels }}{{ range .Values.list }}{{ .name }}{{ end }}{{ .Values.either }}",
			want: []string{"dead-value /open 9:5", "dead-value /nested 10:5", "dead-value /secret/key 13:87"},
			dead: true,
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			o := Options{Schema: []byte(tableSchema), SchemaFile: "schema.json",
				Templates: []Template{{Name: "templates/t.yaml", File: "t.yaml", Data: []byte(tc.tmpl)}}}
			if tc.helpers != "" {
				o.Templates = append(o.Templates, Template{Name: "templates/_helpers.tpl", File: "_helpers.tpl", Data: []byte(tc.helpers)})
			}
			fs, err := Run(o)
			require.NoError(t, err)
			var got []string
			for _, f := range fs {
				if f.Code == finding.DeadValue && !tc.dead {
					continue
				}
				got = append(got, string(f.Code)+" "+f.Pos.Pointer+" "+lineCol(f.Pos))
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

func lineCol(p finding.Pos) string {
	return itoa(p.Line) + ":" + itoa(p.Col)
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

func TestRunErrors(t *testing.T) {
	_, err := Run(Options{Schema: []byte(tableSchema), SchemaFile: "s.json",
		Templates: []Template{{Name: "templates/t.yaml", File: "chart/templates/t.yaml", Data: []byte("a\n{{ if .Values.x }}")}}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "parsing chart/templates/t.yaml")
	assert.Contains(t, err.Error(), ":2:")

	_, err = Run(Options{Schema: []byte(tableSchema), Templates: []Template{{Name: "templates/t.yaml", Data: []byte("{{ nosuchfunc 1 }}")}}})
	require.Error(t, err, "a function Helm does not have")
	assert.Contains(t, err.Error(), `function "nosuchfunc" not defined`)

	_, err = Run(Options{Schema: []byte("{\"a\": "), SchemaFile: "bad.json"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "reading the schema bad.json")
}

// TestHostileInputEnds: a template that includes itself with ever larger
// arguments, and a schema whose references multiply its paths, end.
func TestHostileInputEnds(t *testing.T) {
	helpers := `{{ define "r" }}{{ include "r" (dict "a" .) }}{{ include "r" (dict "b" .) }}{{ end }}`
	var defs strings.Builder
	defs.WriteString(`{"type": "object", "properties": {"x": {"$ref": "#/$defs/d0"}}, "$defs": {`)
	for i := range 30 {
		fmt.Fprintf(&defs, `"d%d": {"type": "object", "properties": {"a": {"$ref": "#/$defs/d%d"}, "b": {"$ref": "#/$defs/d%d"}}},`, i, i+1, i+1)
	}
	defs.WriteString(`"d30": {"type": "string"}}}`)
	fs, err := Run(Options{Schema: []byte(defs.String()), SchemaFile: "s.json", Templates: []Template{
		{Name: "templates/_h.tpl", File: "_h.tpl", Data: []byte(helpers)},
		{Name: "templates/t.yaml", File: "t.yaml", Data: []byte(`{{ include "r" . }}`)},
	}})
	require.NoError(t, err)
	var codes []finding.Code
	for _, f := range fs {
		codes = append(codes, f.Code)
	}
	assert.Contains(t, codes, finding.Unfollowed, "the calls it stopped following are said")
	assert.NotContains(t, codes, finding.DeadValue, "what was not followed counts as read")
}

func TestMessages(t *testing.T) {
	o := Options{Schema: []byte(tableSchema), SchemaFile: "schema.json", Templates: []Template{{Name: "templates/t.yaml", File: "t.yaml",
		Data: []byte("{{ .Values.name.first }}\n{{ (index .Values.name 0) }}\n{{ .Values.list | quote }}\n{{ .Values.open.b }}")}}}
	fs, err := Run(o)
	require.NoError(t, err)
	var got []string
	for _, f := range fs {
		if f.Code != finding.DeadValue {
			got = append(got, f.Line())
		}
	}
	assert.Equal(t, []string{
		`t.yaml:1:4: /name: reads key "first" of .Values.name, which the schema says is a string: the template fails there`,
		`t.yaml:3:4: /list: prints .Values.list into text, which the schema says is an array: Go writes it as [a b …]; range over it, join it, or use toYaml`,
		`t.yaml:4:4: /open/b: warning: reads .Values.open.b, which the schema does not declare (.Values.open declares other keys): the schema is stale or the key misspelt; declare it in schema.json, or fix the template`,
	}, got, "an element of the string is the same clash, reported once")
}
