package fluxpatch

import "github.com/openova/envcontract/internal/kustomize"

// Verify applies the patches, as Flux substitutes them, to the Helm output
// with kustomize as helm-controller does, and compares the result with
// render's output object by object (see kustomize.Verify). The error wraps
// kustomize.ErrMismatch when they differ.
func (r *Result) Verify() (kustomize.Verified, error) {
	return kustomize.Verify(r.base, r.applied, r.want)
}
