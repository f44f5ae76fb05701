// Package dist holds the end-to-end tests of the release (issue 16): `make
// dist` with a throwaway signing key, the archives installed into real Helm
// 3 and Helm 4 with no `go` on Helm's PATH, a tampered archive refused,
// `make publish-oci` to a local registry and the install from oci://.
//
// The tests skip unless ENVCONTRACT_E2E=1. When it is set, every tool they
// need must be there, or they fail:
//
//	ENVCONTRACT_HELM3     a Helm v3 binary
//	ENVCONTRACT_HELM4     a Helm v4 binary
//	ENVCONTRACT_REGISTRY  CNCF distribution's registry binary
//
// and make and go on PATH: the tests run `make dist` (for the host platform
// only, into a temporary directory) and `make publish-oci` themselves.
// `make test` builds the tools and sets the variables.
package dist
