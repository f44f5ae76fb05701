// Package fluxpatch turns what render does to a chart's output into the
// kustomize post-renderer patches of a Flux HelmRelease: the postRenderers
// block, proven with kustomize's own engine.
//
// Flux's helm-controller never runs an executable post-renderer; it runs
// kustomize's krusty with the HelmRelease's spec.postRenderers. So the fix
// render makes must be written as kustomize patches. Generate composes the
// packages that do each part:
//
//   - helmsdk.Template renders the chart in-process with the HelmRelease's
//     values (read by package helmrelease), hooks included, as
//     helm-controller hands it to its post-renderers (postRenderStrategy
//     combined, Flux's default).
//   - render runs over that output and, for every object it changed,
//     json6902.Diff writes a JSON6902 patch with test guards; Result.Block
//     prints them as a postRenderers block.
//   - Result.Verify applies the patches with package kustomize as
//     helm-controller does, and compares the result with render's output
//     object by object.
//
// helmrelease.Splice then puts the block into the HelmRelease file.
//
// # Why JSON6902
//
// A strategic merge patch moves the env entries it touches to the front of
// the list (so a $(VAR) reference can end up before its definition), leaves
// value beside valueFrom when it changes one into the other, and creates a
// container whose name it does not find; internal/kustomize pins all three.
// A JSON6902 patch edits entries where they are. Its test operations pin the
// container name, and the name at every index and the length of each env
// list it changes, so a changed chart fails the release instead of being
// patched wrongly. A patch whose target matches nothing is skipped, so the
// same patches pass the hook stream of postRenderStrategy separate.
//
// # Flux placeholders
//
// spec.values may hold Flux variables ("${SOVEREIGN_FQDN}") that the
// Kustomization applying the HelmRelease substitutes, in spec.values and in
// the patches alike. The chart is rendered with the values as written, so
// the placeholders flow into the patches and Flux substitutes them there
// too; the guards test names, never values, so a chart that transforms a
// placeholder in a value the patch leaves alone does not matter. When the
// substitution is known (internal/fluxsubst), the patches are substituted
// as Flux would and checked against the chart rendered with substituted
// values; if the chart transforms a value the patch must edit, or refuses
// the placeholder outright, the patches are made from the substituted
// rendering instead (Result.Baked) and say so.
package fluxpatch
