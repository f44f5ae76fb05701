// Package envedit holds the kyaml filters that apply one contract workload
// to one Kubernetes object.
//
// Selecting: Matches tells whether a workload's selector picks an object;
// PodSpec finds the pod template of every workload kind, and Containers the
// containers (initContainers too) the workload names.
//
// Editing: each rule of DESIGN §3 is a small yaml.Filter over one container:
// Rename keeps an entry's position, value, valueFrom and line comment;
// Ensure appends a canonical entry that is missing; SecretRefs keeps secrets
// to optional secretKeyRefs; Require and Forbid only look. A Workload filter
// runs them in that order over every selected container, so injected entries
// follow the renamed ones and their $(VAR) references resolve.
//
// Reporting: filters never fail on a contract violation; they record a
// finding.Finding in a shared Recorder and go on, so one run reports every
// problem. Lines in findings are the node lines of the parsed document; the
// caller (internal/render) maps them to stream lines. Errors are returned
// only when an object cannot be read at all.
package envedit
