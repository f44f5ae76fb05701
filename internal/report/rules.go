package report

import "github.com/openova/envcontract/internal/finding"

// rule documents one finding kind; it becomes a SARIF reportingDescriptor.
type rule struct {
	kind  finding.Kind
	short string // what happened, one sentence
	help  string // why it matters and what to do
}

// rules lists every kind in the order of finding.go. A kind missing here
// still gets a rule (named after the kind), so adding a kind never breaks
// SARIF output; add its text here all the same.
var rules = []rule{
	{finding.KindRenamed, "An env entry was renamed in place.",
		"render renamed the entry to the name the program reads, keeping its position, value and valueFrom. Rename it in the chart to make this note go away."},
	{finding.KindInjected, "A canonical env entry was appended.",
		"render appended an entry the contract requires, with the value source the contract gives. Add it to the chart to make this note go away."},
	{finding.KindOptional, "A secretKeyRef was made optional.",
		"render set optional: true on a secretKeyRef so that a missing Secret cannot keep the Pod from starting. Set optional: true in the chart."},
	{finding.KindMissing, "An env entry or required name is absent.",
		"The container does not carry an env entry the contract requires, so the program will run without it. Add the entry to the chart, or run envcontract render as the post-renderer so it is injected."},
	{finding.KindNotRenamed, "An env name that the contract renames is still present.",
		"The program reads the new name, so the value under the old name is never seen. Rename the entry in the chart, or run envcontract render as the post-renderer."},
	{finding.KindForbidden, "A forbidden env name is present.",
		"The contract forbids this name on the workload, usually because the program reads another (namespaced) name. Remove or rename the entry in the chart."},
	{finding.KindDuplicate, "The same env name appears twice in one container.",
		"Kubernetes keeps the last entry and server-side apply rejects the object. Remove all but one of the entries."},
	{finding.KindSecretLiteral, "A secret env entry carries a literal value.",
		"Secrets must come from a secretKeyRef, never from a literal in a manifest (the value is not shown here). Use valueFrom.secretKeyRef and rotate the secret."},
	{finding.KindSecretNotOptional, "A secretKeyRef is not optional.",
		"Without optional: true a missing Secret keeps the Pod from starting. Add optional: true, or run envcontract render, which forces it."},
	{finding.KindNoValue, "An env entry has neither a default nor a chart value.",
		"The contract gives no default and the chart value it names is not set. Set that chart value (-f, --set or HelmRelease spec.values)."},
	{finding.KindRenameConflict, "A rename target already existed; the old entry was dropped.",
		"Both the old and the new name were present, and the new one was kept. Remove the old name from the chart."},
	{finding.KindNotConfigured, "A secret is not configured: its Secret name is empty.",
		"The entry was not injected because Kubernetes rejects an empty Secret name; the program will report the feature as not configured. Set the chart value that names the Secret to enable it."},
	{finding.KindUnmatched, "A workload selector matched no object.",
		"No rendered object matched the workload's kinds, names and labels, so none of its rules ran. Check the selector against the chart, or ignore this when the chart disables the workload."},
	{finding.KindBadObject, "A matched object is not shaped like a workload.",
		"The object matched a selector but has no pod template or containers where its kind puts them. Check the manifest."},
	{finding.KindReadNotSet, "The program reads an env name that nothing sets.",
		"The consumer's Go source reads this name but the workload does not set it, so the program falls back to its default or fails at run time. Add an env entry to the contract and the chart, or list the name as optional."},
	{finding.KindSetNotRead, "An env name is set that the program never reads.",
		"The workload sets this name but the consumer's Go source never reads it: it is stale or drifted (a bare name where a namespaced one is read). Remove it, or rename it to the name the program reads."},
}

// rulesFor returns every documented rule, then a rule for each kind in fs
// that is not documented, and the index of each kind.
func rulesFor(fs []finding.Finding) ([]rule, map[finding.Kind]int) {
	out := append([]rule(nil), rules...)
	index := make(map[finding.Kind]int, len(out))
	for i, r := range out {
		index[r.kind] = i
	}
	for _, f := range fs {
		if _, ok := index[f.Kind]; !ok {
			index[f.Kind] = len(out)
			out = append(out, rule{kind: f.Kind, short: string(f.Kind), help: string(f.Kind)})
		}
	}
	return out, index
}
