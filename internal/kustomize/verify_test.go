package kustomize

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestVerifyReportsDifferences(t *testing.T) {
	in := []byte("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {k: v}\n")
	want := []byte("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {k: w}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {k: dg==}\n")
	_, err := Verify(in, nil, want)
	require.ErrorIs(t, err, ErrMismatch)
	assert.Contains(t, err.Error(), "v1/ConfigMap//c: /data/k: got v, want w")
	assert.Contains(t, err.Error(), "v1/Secret//s: missing from kustomize's output")
	var mismatch *MismatchError
	require.ErrorAs(t, err, &mismatch)
	assert.Equal(t, []string{"v1/ConfigMap//c: /data/k: got v, want w", "v1/Secret//s: missing from kustomize's output"}, mismatch.Diffs)

	secretIn := []byte("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {k: dg==}\n")
	secretWant := []byte("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {k: dw==}\n")
	_, err = Verify(secretIn, nil, secretWant)
	require.ErrorIs(t, err, ErrMismatch)
	assert.Contains(t, err.Error(), "/data/k: differs")
	assert.NotContains(t, err.Error(), "dw==", "a Secret's values never reach a message")

	_, err = Verify(in, []Patch{{Target: Target{Kind: "ConfigMap", Name: "c"}, Patch: "- {op: test, path: /data/k, value: x}\n"}}, in)
	assert.ErrorIs(t, err, ErrMismatch, "a patch that fails to apply does not give render's output either")
}
