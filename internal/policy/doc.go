// Package policy turns contracts into Kubernetes ValidatingAdmissionPolicies
// (admissionregistration.k8s.io/v1, CEL, no webhook), so that the API server
// refuses a drifted object that Helm never saw: the manifests a controller
// writes into Git and a Flux Kustomization applies.
//
// Generate makes one policy and one binding per workload of each contract
// (per workload, because each has its own selector: a policy has one set of
// resource rules, one object selector and one set of match conditions). A
// workload whose kinds keep the pod spec at different paths (a Deployment
// and a CronJob) gets one policy per path. Encode writes them as a YAML
// stream, each document under a comment that says what it enforces and what
// it leaves to render.
//
// What admission checks, on CREATE and UPDATE of the matched objects, on the
// containers the workload names (all containers and initContainers when it
// names none):
//
//   - require and env entries: the name is present on every such container.
//     Presence only: the chart is the source of truth for the value, as in
//     render. Not required are env entries a render may legitimately leave
//     out: a secretKeyRef whose Secret name or key is empty in the contract
//     (render reports it as not configured and injects nothing unless chart
//     values name the Secret, which admission cannot see).
//   - forbid: the name is absent.
//   - secretKeyRef entries: when present, the entry has no literal value and
//     comes from valueFrom.secretKeyRef with optional: true. Messages never
//     show a value.
//
// What it leaves alone: renames (they are render's job; admission refuses
// the old name only when the contract also forbids it), optional names (the
// contract deliberately leaves them unset), values and value sources.
//
// Matching: kinds become resourceRules, labels the objectSelector and names
// a matchCondition; objects being deleted are skipped so that a finalizer
// can still be removed. Pods are matched only when the contract lists Pod:
// a workload's pod template is checked at the workload, where whoever
// applies it sees the refusal, not at the Pods its controller creates, whose
// names and labels are not the workload's and whose refusal only a
// controller's events would show.
//
// The objects are plain structs shaped like the admissionregistration/v1
// types; the tests hold them to those types by strict decoding and run them
// through the API server's own validating admission policy engine, so that
// the envcontract binary does not link the API server.
package policy
