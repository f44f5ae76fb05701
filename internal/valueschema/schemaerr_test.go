package valueschema

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCompileErrorsNameTheLine(t *testing.T) {
	cases := map[string]struct {
		schema string
		want   []string
	}{
		"JSON cut short": {
			schema: "{\n  \"type\": \"object\",\n  \"properties\": {\n",
			want:   []string{"s.json:4: not JSON", "fix the JSON syntax"},
		},
		"JSON syntax": {
			schema: "{\n  \"type\": \"object\",,\n}\n",
			want:   []string{"s.json:2: not JSON", "invalid character ','"},
		},
		"not a schema": {
			schema: "{\n  \"properties\": {\n    \"replicas\": {\"type\": \"count\"}\n  }\n}\n",
			want:   []string{"s.json is not a valid JSON Schema", "s.json:3:26: /properties/replicas/type: value must be one of"},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := Compile("s.json", []byte(tc.schema), CompileOptions{})
			require.Error(t, err)
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}
