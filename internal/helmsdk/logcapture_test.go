package helmsdk

import (
	"bytes"
	"log"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openova/envcontract/internal/values"
)

func TestParseWarnings(t *testing.T) {
	got := parseWarnings("sandbox", []string{
		"warning: destination for sandbox.runtime.llmGatewayTokenSecret is a table. Ignoring non-table value (sandbox-tokens)",
		"warning: skipped value for sandbox.extraEnv: Not a table.",
		"warning: cannot overwrite table with non table for sandbox.mcp.storage (map[s3Region:us-east-1])",
		"Warning: Condition path 'sub.enabled' for chart sub returned non-bool value",
		"warning: something new (hunter2)",
	})
	assert.Equal(t, []values.Warning{
		{Kind: values.Other, Text: "Warning: Condition path 'sub.enabled' for chart sub returned non-bool value"},
		{Kind: values.Other, Text: "warning: something new"},
		{Kind: values.MapOverScalar, Path: []string{"extraEnv"}},
		{Kind: values.ScalarOverMap, Path: []string{"mcp", "storage"}},
		{Kind: values.MapOverScalar, Path: []string{"runtime", "llmGatewayTokenSecret"}},
	}, got, "paths without the chart's name, values in parentheses never kept")
}

func TestCaptureLogRestoresTheLogger(t *testing.T) {
	var mine bytes.Buffer
	w, flags, prefix := log.Writer(), log.Flags(), log.Prefix()
	defer func() { log.SetOutput(w); log.SetFlags(flags); log.SetPrefix(prefix) }()
	log.SetOutput(&mine)
	log.SetFlags(log.Lshortfile)
	log.SetPrefix("p: ")

	lines, err := captureLog(func() error {
		log.Printf("warning: one")
		log.Print("two\n\n")
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, []string{"warning: one", "two"}, lines, "no file:line prefix in what is captured")
	assert.Empty(t, mine.String(), "nothing reached the logger's writer")
	assert.Equal(t, log.Lshortfile, log.Flags())
	assert.Equal(t, "p: ", log.Prefix())
	log.Print("after")
	assert.Contains(t, mine.String(), "after")
}
