// Package e2e holds the end-to-end tests of envcontract: the Helm 3 and Helm 4
// plugins installed with `helm plugin install` into a temporary Helm home,
// then `helm template` on the fixture charts with the post-renderer wired,
// on real Helm binaries.
//
// The tests skip unless ENVCONTRACT_E2E=1. When it is set, every tool they
// need must be there, or they fail:
//
//	ENVCONTRACT_BIN    the envcontract binary (default <repo>/bin/envcontract)
//	ENVCONTRACT_HELM3  a Helm v3 binary
//	ENVCONTRACT_HELM4  a Helm v4 binary
//
// `make test` (or `make e2e`) builds all of them and sets these variables.
// The Helm 3 plugin form (`--post-renderer helm --post-renderer-args
// envcontract`) and the Helm 4 plugin run <repo>/bin/envcontract, the binary
// next to the installed plugin, as a user's install would.
package e2e
