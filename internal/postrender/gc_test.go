package postrender

import (
	"runtime/debug"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCollectSooner(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	for _, c := range []struct {
		name  string
		gogc  string
		bytes int
		want  int
	}{
		{"a chart's stream", "", 64 << 10, 100},
		{"a big input", "", bigInput, 50},
		{"GOGC set", "200", 8 << 20, 100},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv("GOGC", c.gogc)
			debug.SetGCPercent(100)
			CollectSooner(c.bytes)
			assert.Equal(t, c.want, debug.SetGCPercent(100))
		})
	}
}
