package finding

// Code names a kind of finding. Codes are stable: each is one SARIF rule,
// and the README lists them with what to do about each (Rules holds the
// text). A new kind of finding gets a new code; a code is never reused.
type Code string

const (
	// Changes made by render (severity info); in check mode the same
	// situations are reported as violations with the codes below them.
	Renamed  Code = "renamed"         // an entry was renamed in place
	Injected Code = "injected"        // a canonical entry was appended
	Optional Code = "optional-forced" // a secretKeyRef got optional: true

	// Contract violations in rendered manifests.
	Missing           Code = "missing"              // an env entry or required name is absent
	NotRenamed        Code = "not-renamed"          // a rename source is still present (check mode)
	Forbidden         Code = "forbidden"            // a forbidden name is present
	Duplicate         Code = "duplicate"            // the same env name twice in one container
	SecretLiteral     Code = "secret-literal"       // a secret entry carries a literal value
	SecretNotOptional Code = "secret-not-optional"  // a secretKeyRef without optional: true (check mode)
	NoValue           Code = "no-value"             // an entry with no default and no chart value
	RenameConflict    Code = "rename-conflict"      // rename target existed; the old entry was dropped
	NotConfigured     Code = "not-configured"       // a secret whose name resolves empty: not injected
	Unmatched         Code = "unmatched"            // a workload selector matched no object
	BadObject         Code = "bad-object"           // a matched object is not shaped like a workload
	Unresolved        Code = "unresolved-reference" // a $(VAR) no earlier entry defines

	// Consumer checks (internal/consumer) and extract.
	ReadNotSet  Code = "read-not-set" // the program reads a name nothing sets
	SetNotRead  Code = "set-not-read" // a name is set that the program never reads
	DynamicRead Code = "dynamic-read" // the program reads a name not known statically

	// Values (validate).
	Schema       Code = "schema"        // a value breaks the values schema
	Substitution Code = "substitution"  // Flux's postBuild substitution fails, or does what is easy to miss
	DuplicateKey Code = "duplicate-key" // a mapping key written twice
	ValuesUnread Code = "values-unread" // values that Flux reads but validate cannot (valuesFrom), or none at all
	Coalesce     Code = "coalesce"      // Helm's coalesce ignores a value where one side is a map (its warning, located)

	// Contracts.
	InvalidContract Code = "invalid-contract" // a contract file breaks the format or contradicts itself
	RenameChain     Code = "rename-chain"     // renames of two workloads chain or cycle on one container
	ChartVersion    Code = "chart-version"    // the chart's version is outside the versions a contract fits

	// Flux (flux --verify).
	PatchMismatch Code = "patch-mismatch" // kustomize with the patches gives other objects than render

	// Rendered values (render, check).
	FormatArtefact Code = "format-artefact" // an env value holds Go's text for a map, a list or a bad verb

	// Chart templates against the values schema (lint).
	Undeclared Code = "undeclared-value" // a template reads a value the schema does not declare
	DeadValue  Code = "dead-value"       // the schema declares a value no template reads
	ShapeClash Code = "shape-clash"      // a template uses a value in a shape the schema rules out
	Unfollowed Code = "unfollowed"       // lint cannot follow what a template reads
)

// Rule documents one code: a SARIF reportingDescriptor and a README row.
type Rule struct {
	Code  Code
	Short string // what happened, one sentence
	Help  string // why it matters and what to do
}

// Rules lists every code, in the order above. A code missing here still
// gets a rule (named after the code) in SARIF, so adding a code never breaks
// a report; add its text here all the same (a test checks).
var Rules = []Rule{
	{Renamed, "An env entry was renamed in place.",
		"render renamed the entry to the name the program reads, keeping its position, value and valueFrom. Rename it in the chart to make this note go away."},
	{Injected, "A canonical env entry was appended.",
		"render appended an entry the contract requires, with the value source the contract gives. Add it to the chart to make this note go away."},
	{Optional, "A secretKeyRef was made optional.",
		"render set optional: true on a secretKeyRef so that a missing Secret cannot keep the Pod from starting. Set optional: true in the chart."},
	{Missing, "An env entry or required name is absent.",
		"The container does not carry an env entry the contract requires, so the program will run without it. Add the entry to the chart, or run envcontract render as the post-renderer so it is injected."},
	{NotRenamed, "An env name that the contract renames is still present.",
		"The program reads the new name, so the value under the old name is never seen. Rename the entry in the chart, or run envcontract render as the post-renderer."},
	{Forbidden, "A forbidden env name is present.",
		"The contract forbids this name on the workload, usually because the program reads another (namespaced) name. Remove or rename the entry in the chart."},
	{Duplicate, "The same env name appears twice in one container.",
		"Kubernetes keeps the last entry and server-side apply rejects the object. Remove all but one of the entries."},
	{SecretLiteral, "A secret env entry carries a literal value.",
		"Secrets must come from a secretKeyRef, never from a literal in a manifest (the value is not shown here). Use valueFrom.secretKeyRef and rotate the secret."},
	{SecretNotOptional, "A secretKeyRef is not optional.",
		"Without optional: true a missing Secret keeps the Pod from starting. Add optional: true, or run envcontract render, which forces it."},
	{NoValue, "An env entry has neither a default nor a chart value.",
		"The contract gives no default and the chart value it names is not set. Set that chart value (-f, --set or HelmRelease spec.values)."},
	{RenameConflict, "A rename target already existed; the old entry was dropped.",
		"Both the old and the new name were present, and the new one was kept. Remove the old name from the chart."},
	{NotConfigured, "A secret is not configured: its Secret name is empty.",
		"The entry was not injected because Kubernetes rejects an empty Secret name; the program will report the feature as not configured. Set the chart value that names the Secret to enable it."},
	{Unmatched, "A workload selector matched no object.",
		"No rendered object matched the workload's kinds, names and labels, so none of its rules ran. Check the selector against the chart, or ignore this when the chart disables the workload."},
	{BadObject, "A matched object is not shaped like a workload.",
		"The object matched a selector but has no pod template or containers where its kind puts them. Check the manifest."},
	{Unresolved, "A $(VAR) reference names no earlier env entry.",
		"Kubernetes expands $(VAR) only from entries listed before it in the same container; otherwise the program sees the text $(VAR). Define the entry earlier or drop the reference."},
	{ReadNotSet, "The program reads an env name that nothing sets.",
		"The consumer's Go source reads this name but the workload does not set it, so the program falls back to its default or fails at run time. Add an env entry to the contract and the chart, or list the name as optional."},
	{SetNotRead, "An env name is set that the program never reads.",
		"The workload sets this name but the consumer's Go source never reads it: it is stale or drifted (a bare name where a namespaced one is read). Remove it, or rename it to the name the program reads."},
	{DynamicRead, "The program reads an env name that is not known statically.",
		"extract cannot tell which name this call reads, so the contract cannot be checked against it. Read the name through a constant, or check this read by hand."},
	{Schema, "A value breaks the values schema.",
		"The chart would be installed with a value its templates or the program cannot use. Fix the value in the file (or --set) the position names; secret values are never shown."},
	{Substitution, "Flux's postBuild substitution fails, or does something easy to miss.",
		"kustomize-controller would refuse the object or change a value as it substitutes variables. Set the variable (substitute, substituteFrom), give it a default (${VAR:-default}), or fix the syntax."},
	{DuplicateKey, "A mapping key is written twice.",
		"YAML readers disagree on which of two equal keys counts (the API server keeps the last). Keep one of them."},
	{ValuesUnread, "Values that Flux reads but envcontract cannot.",
		"spec.valuesFrom reads ConfigMaps or Secrets in a cluster, spec.chart.spec.valuesFiles reads files of the chart's source, and a HelmRelease without spec.values installs the chart's own values. Pass those values with -f (or merge them into the chart given to flux) so that they are checked too."},
	{Coalesce, "Helm's merge of the values drops or ignores a value.",
		"Where a value and the chart's default disagree on being a map, Helm keeps one and ignores the other (the chart then renders the map as text, or loses your value). Give the value the shape of the chart's default."},
	{InvalidContract, "A contract file breaks the contract format or contradicts itself.",
		"envcontract cannot apply a contract it cannot read. Fix the file at the position given; schema/envcontract.schema.json describes the format, and editors can check it as you type."},
	{RenameChain, "Renames of two workloads chain or cycle on one container.",
		"Two workloads (usually of two contracts given together) select the same container, and one renames to a name the other renames away, so the result depends on the order they run in: a cycle swaps two values, a chain passes one on to a third name. Keep the rename in one contract."},
	{ChartVersion, "The chart's version is outside the versions the contract fits.",
		"The contract describes another release of the chart (spec.chartVersions), so its rules may ask for env the chart no longer renders, or miss what it renders now. Use the contract for this version (envcontract contract list names the built-in ones and the versions each fits), or upgrade the chart."},
	{PatchMismatch, "The Flux patches do not give render's output.",
		"kustomize, run with helm-controller's options, produced objects that differ from envcontract render's. Regenerate the postRenderers with envcontract flux --write, and report a bug if that persists."},
	{FormatArtefact, "An env value holds a Go formatting artefact.",
		"The value, or a secretKeyRef's name or key, holds map[, %!, <no value> or []interface {}: a template printed a chart value of another shape than it expects (a map where a string belongs, usually values written for another chart version). Kubernetes accepts it and the program reads the text. Fix the value's shape in the values, or the template (toYaml, or the map's field); render refuses the manifests until then."},
	{Undeclared, "A template reads a chart value the values schema does not declare.",
		"The schema is stale (the template grew a key the schema never learnt) or the template misspells a key. Under additionalProperties: false no valid values can set it at all (an error); otherwise it is only undescribed (a warning). Declare the key in the schema, or fix the template."},
	{DeadValue, "The values schema declares a chart value that no template reads.",
		"Setting it changes nothing: a key the templates stopped reading, or one they never read (overlays that set it are silently ignored). Remove it from the schema and the values, or use it in a template."},
	{ShapeClash, "A template uses a chart value in a shape the values schema rules out.",
		"A template ranges over a value the schema says is a string, prints a map or a list into text (Go writes map[key:value …] into the manifest), or reads a key of a scalar (the template fails). Change the template, or the schema and the values, so that they agree."},
	{Unfollowed, "lint cannot follow what a template reads here.",
		"An include of a template named at run time, tpl, or index with a key known only at run time: the values read there are not checked, and everything passed there counts as read. Check them by hand, or use constant names and keys."},
}

// RuleFor returns the rule of c, or a rule named after c when it has none.
func RuleFor(c Code) Rule {
	for _, r := range Rules {
		if r.Code == c {
			return r
		}
	}
	return Rule{Code: c, Short: string(c), Help: string(c)}
}
