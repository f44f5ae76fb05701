// Package fluxks reads a Flux Kustomization (kustomize.toolkit.fluxcd.io),
// the object that applies a directory of a Git repository, for the
// spec.patches that `envcontract flux --kustomization` writes for it.
//
// It is the Kustomization's sibling of package helmrelease: a HelmRelease
// carries post-renderer patches for a chart's output; a Kustomization
// carries spec.patches for the manifests of its path, such as the
// per-Sandbox manifests the bp-sandbox controller writes to Git, which Helm
// never sees.
package fluxks
