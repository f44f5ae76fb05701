// Package json6902 writes the JSON6902 operations that turn one YAML object
// into another, guarded by test operations so that the patch fails on any
// object it was not made for, and writes them as the patch text kustomize
// reads.
//
// Diff explains the guards. Text encodes operations so that kustomize's
// YAML 1.1 reader gives back the very values they hold, and reads the text
// back to make sure. JSONValue, SameNode and EqualJSON compare YAML nodes as
// kustomize's JSON patch engine sees them.
package json6902
