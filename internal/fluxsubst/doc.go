// Package fluxsubst applies Flux's postBuild variable substitution to a
// resource the way kustomize-controller does (fluxcd/pkg/kustomize
// kustomize_varsub.go), offline, and reports what would go wrong with the
// file and line of each cause.
//
// The engine is Flux's own: the resource is serialised as kustomize does
// (kyaml node → JSON → sigs.k8s.io/yaml JSONToYAML, which drops the quoting
// of the source), github.com/fluxcd/pkg/envsubst runs over that text, and
// the result is re-read with sigs.k8s.io/yaml YAMLToJSON (YAML 1.1): a
// "${X:-true}" becomes a boolean, 0777 becomes 511, and a variable that
// expands to nothing leaves null, which deletes a chart default in Helm.
// Substitution runs only when there is at least one variable, and never on
// a resource labelled or annotated kustomize.toolkit.fluxcd.io/substitute:
// disabled. Strict mode (the Flux 2.9 default) fails on a variable that is
// unset and has no default.
//
// Because Flux reports only the first failure, and against the re-encoded
// text, every string of the source document is also parsed on its own with
// Flux's parser, so that each unset variable and each parse error is
// reported at its own line.
//
// Variables come from a Flux Kustomization's spec.postBuild.substitute,
// from variable files (a flat YAML map, or a ConfigMap or Secret manifest:
// the stand-in for spec.postBuild.substituteFrom, which names objects in a
// cluster and so cannot be read offline) and from the command line.
package fluxsubst
