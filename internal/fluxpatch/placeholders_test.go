package fluxpatch

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestHasPlaceholders(t *testing.T) {
	tests := map[string]struct {
		v    any
		want bool
	}{
		"plain":           {v: map[string]any{"a": "b", "n": 1.0}, want: false},
		"nested":          {v: map[string]any{"a": []any{map[string]any{"b": "x.${Y}"}}}, want: true},
		"a bare dollar":   {v: "$Y and $(Y)", want: false},
		"a key is not it": {v: map[string]any{"${K}": "v"}, want: false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			assert.Equal(t, tc.want, HasPlaceholders(tc.v))
		})
	}
}
