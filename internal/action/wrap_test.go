package action

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRenderArgsQuoteCommas(t *testing.T) {
	assert.Equal(t, `"a,b.yaml"`, csvField("a,b.yaml"))
	assert.Equal(t, "plain.yaml", csvField("plain.yaml"))
}
