package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openova/envcontract/internal/exitcode"
)

func TestInitCommand(t *testing.T) {
	const stream = "../../internal/action/testdata/init/rendered.yaml"
	stdout, stderr, code := execute(t, "", "init", stream, "--consumer", "Deployment/app/server=../../internal/action/testdata/init/prog", "--name", "app")
	require.Equal(t, exitcode.OK, code, stderr)
	assert.Contains(t, stdout, "kind: EnvContract\nmetadata:\n  name: app\n")
	assert.Equal(t, "workload app (Deployment/app/server): 2 required, 1 optional, 0 TODO (read, set nowhere), 1 set and never read\n", stderr)

	stdout, stderr, code = execute(t, "", "init", stream)
	assert.Equal(t, exitcode.Usage, code)
	assert.Empty(t, stdout)
	assert.Contains(t, stderr, "name at least one consumer")
}
