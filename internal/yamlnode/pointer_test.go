package yamlnode

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestPointer(t *testing.T) {
	tests := map[string][]string{
		"":                 nil,
		"/a":               {"a"},
		"/a/b~1c/d~0e/0":   {"a", "b/c", "d~e", "0"},
		"/~01":             {"~1"}, // "~0" first, then "1": not "/"
		"/spec/values/x~1": {"spec", "values", "x/"},
	}
	for pointer, keys := range tests {
		t.Run(pointer, func(t *testing.T) {
			assert.Equal(t, keys, SplitPointer(pointer))
			assert.Equal(t, pointer, JoinPointer(keys...))
		})
	}
	assert.Nil(t, SplitPointer("/"), "the root, as values and reports write it")
	assert.Equal(t, "a/b~c", UnescapeToken(EscapeToken("a/b~c")))
}
