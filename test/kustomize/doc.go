// Package kustomize holds the end-to-end tests of envcontract with the real
// kustomize binary: the postRenderers patches `envcontract flux` prints,
// substituted as Flux substitutes them, applied by kustomize to real
// `helm template` output, must give the env `envcontract render` gives; and
// envcontract as a kustomize exec transformer (KRM function) must fix the
// MCP Deployment and leave the pty-server alone.
//
// The tests skip unless ENVCONTRACT_E2E=1. When it is set, every tool they
// need must be there, or they fail:
//
//	ENVCONTRACT_BIN        the envcontract binary (default <repo>/bin/envcontract)
//	ENVCONTRACT_HELM3      a Helm v3 binary
//	ENVCONTRACT_HELM4      a Helm v4 binary
//	ENVCONTRACT_KUSTOMIZE  a kustomize v5 binary
//
// `make test` builds all of them and sets these variables.
package kustomize
