// Package kustomize runs kustomize's krusty the way Flux's helm-controller
// runs its kustomize post-renderer, and verifies patches with it: it is the
// one package that imports sigs.k8s.io/kustomize/api.
//
// Kustomize applies patches to a Helm output with helm-controller's options;
// Verify checks that the result is render's output, object by object.
// kustomize_test.go pins the kustomize behaviour the patch format rests on.
package kustomize
