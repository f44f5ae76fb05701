package contract

import (
	"slices"
	"strings"

	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// checkShape adds a problem for everything in root that
// schema/envcontract.schema.json refuses. It is that schema written out in
// Go, one method per definition, because validating with a JSON Schema
// library costs more start-up time than a post-renderer has; the schema
// stays the published format, and agree_test.go holds the two together. root
// must have passed yamlnode.ToJSON, which bounds what aliases expand to.
func checkShape(root *yaml.Node, ps *problems) {
	n := root
	if n.Kind == yaml.DocumentNode {
		if len(n.Content) == 0 {
			ps.add(n.Line, n.Column, "/", "got null, want mapping")
			return
		}
		n = n.Content[0]
	}
	shape{ps}.contract(value{n: resolve(n), at: n})
}

// The strings of the schema, by $defs entry or property.
var (
	envName = text{
		valid: isEnvName,
		hint:  "is not an env name: use letters, digits and '_', not starting with a digit",
	}
	dnsLabel = text{
		valid: isDNSLabel,
		hint:  "is not a DNS label: use lower-case letters, digits and '-', starting and ending with a letter or digit",
		max:   63, what: "a DNS label",
	}
	valuePath = text{
		valid: isValuePath,
		hint:  "is not a dotted chart value path such as mcp.giteaBaseURL: no spaces, no empty parts",
	}
	objectName = text{
		valid: isObjectName,
		hint:  "is not a Kubernetes object name: use lower-case letters, digits, '-' and '.', starting and ending with a letter or digit",
		max:   253, what: "an object name",
	}
	labelValue = text{
		valid: isLabelValue,
		hint:  "is not a label value: use letters, digits, '-', '_' and '.', starting and ending with a letter or digit",
		max:   63, what: "a label value",
	}
	fieldRef = text{
		valid: isFieldRef,
		hint: "is not a fieldPath Kubernetes accepts in env: metadata.name, metadata.namespace, " +
			"metadata.uid, metadata.labels['KEY'], metadata.annotations['KEY'], spec.nodeName, spec.serviceAccountName, " +
			"status.hostIP, status.hostIPs, status.podIP or status.podIPs",
	}
	secretName = text{
		valid: isSecretName,
		hint:  `is not a Secret name: use lower-case letters, digits, '-' and '.', or "" to take the name from chart values`,
		max:   253, what: "a Secret name",
	}
	secretKey = text{
		valid: isSecretKey,
		hint:  "is not a Secret key: use letters, digits, '-', '_' and '.'",
		max:   253, what: "a Secret key",
	}
	reason   = text{min: 1, empty: "must not be empty: say why the name is left unset"}
	versions = text{min: 1, empty: "must not be empty: give a semver range such as \">=0.3.4\", or remove the key"}
	goSource = text{min: 1, empty: "must not be empty: give the directory of the Go program, relative to the contract file"}
	anyText  = text{}
)

// The mappings of the schema, by $defs entry or property.
var (
	contractObject  = object{fields: []string{"apiVersion", "kind", "metadata", "spec"}, required: []string{"apiVersion", "kind", "metadata", "spec"}}
	metadataObject  = object{fields: []string{"name"}, required: []string{"name"}}
	specObject      = object{fields: []string{"chartVersions", "workloads"}, required: []string{"workloads"}}
	workloadObject  = object{fields: []string{"consumer", "containers", "env", "forbid", "match", "name", "optional", "rename", "require", "required"}, required: []string{"name", "match"}}
	matchObject     = object{fields: []string{"kinds", "labels", "names"}, required: []string{"kinds"}}
	renameObject    = object{fields: []string{"from", "to"}, required: []string{"from", "to"}}
	envEntryObject  = object{fields: []string{"fieldRef", "fromValues", "name", "secretKeyRef", "value"}, required: []string{"name"}}
	secretKeyObject = object{fields: []string{"key", "name"}, required: []string{"name", "key"}}
	valuesRefObject = object{fields: []string{"key", "name"}}
	optionalObject  = object{fields: []string{"name", "reason"}, required: []string{"name", "reason"}}
	consumerObject  = object{fields: []string{"goSource"}, required: []string{"goSource"}}
)

// kinds are the workload kinds a match may name (match.kinds enum).
var kinds = []string{"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod"}

func (s shape) contract(v value) {
	f, ok := s.object(v, contractObject)
	if !ok {
		return
	}
	if a, ok := f["apiVersion"]; ok {
		s.constant(a, APIVersion, ", the only version this envcontract reads")
	}
	if k, ok := f["kind"]; ok {
		s.constant(k, Kind, "")
	}
	if m, ok := f["metadata"]; ok {
		if mf, ok := s.object(m, metadataObject); ok {
			s.stringField(mf, "name", dnsLabel)
		}
	}
	if sp, ok := f["spec"]; ok {
		sf, ok := s.object(sp, specObject)
		if ok {
			s.stringField(sf, "chartVersions", versions)
		}
		if ok && sf.has("workloads") {
			for _, w := range s.list(sf["workloads"], false) {
				s.workload(w)
			}
		}
	}
}

// constant checks a const keyword. The value is not repeated: the line
// shows it.
func (s shape) constant(v value, want, why string) {
	if jsonType(v.n) != "string" || v.n.Value != want {
		s.add(v, "must be %q%s", want, why)
	}
}

// stringField checks the field name of f, when present, as a string.
func (s shape) stringField(f fields, name string, t text) {
	if v, ok := f[name]; ok {
		s.str(v, t)
	}
}

// stringList checks a list of strings: minItems 1, uniqueItems when unique.
func (s shape) stringList(f fields, name string, unique bool, t text) {
	if v, ok := f[name]; ok {
		for _, item := range s.list(v, unique) {
			s.str(item, t)
		}
	}
}

func (s shape) workload(v value) {
	f, ok := s.object(v, workloadObject)
	if !ok {
		return
	}
	s.stringField(f, "name", dnsLabel)
	if m, ok := f["match"]; ok {
		s.match(m)
	}
	s.stringList(f, "containers", true, dnsLabel)
	s.mappings(f, "rename", s.rename)
	s.stringList(f, "forbid", true, envName)
	s.mappings(f, "env", s.envEntry)
	s.stringList(f, "require", true, envName)
	s.mappings(f, "optional", s.optionalEntry)
	if c, ok := f["consumer"]; ok {
		if cf, ok := s.object(c, consumerObject); ok {
			if g, ok := cf["goSource"]; ok && jsonType(g.n) == "list" {
				s.stringList(cf, "goSource", true, goSource)
			} else {
				s.stringField(cf, "goSource", goSource)
			}
		}
	}
	if r, ok := f["required"]; ok {
		s.is(r, "boolean")
	}
}

// mappings checks a list of mappings (minItems 1) with check.
func (s shape) mappings(f fields, name string, check func(value)) {
	if v, ok := f[name]; ok {
		for _, item := range s.list(v, false) {
			check(item)
		}
	}
}

func (s shape) match(v value) {
	f, ok := s.object(v, matchObject)
	if !ok {
		return
	}
	if k, ok := f["kinds"]; ok {
		for _, item := range s.list(k, true) {
			if jsonType(item.n) != "string" || !slices.Contains(kinds, item.n.Value) {
				s.add(item, "is not a workload kind envcontract edits; use one of %s", strings.Join(kinds, ", "))
			}
		}
	}
	s.stringList(f, "names", true, objectName)
	if l, ok := f["labels"]; ok {
		s.labels(l)
	}
}

// labels checks minProperties 1 and, through patternProperties with
// additionalProperties: false, every key and value.
func (s shape) labels(v value) {
	if !s.is(v, "mapping") {
		return
	}
	es := entries(v.n)
	if len(es) == 0 {
		s.add(v, "must not be empty; remove the key or add an entry")
	}
	for key, e := range es {
		l := v.child(key, e.key, e.val)
		if !isLabelKey(key) {
			s.add(l, "%q is not a label key: an optional DNS subdomain prefix and '/', then letters, digits, "+
				"'-', '_' and '.', starting and ending with a letter or digit", key)
			continue
		}
		s.str(l, labelValue)
	}
}

func (s shape) rename(v value) {
	if f, ok := s.object(v, renameObject); ok {
		s.stringField(f, "from", envName)
		s.stringField(f, "to", envName)
	}
}

func (s shape) optionalEntry(v value) {
	if f, ok := s.object(v, optionalObject); ok {
		s.stringField(f, "name", envName)
		s.stringField(f, "reason", reason)
	}
}

// envEntry checks an env entry, including the rules between its fields
// (dependentSchemas and the if/then of allOf): at most one source, and
// fromValues shaped after the source.
func (s shape) envEntry(v value) {
	f, ok := s.object(v, envEntryObject)
	if !ok {
		return
	}
	s.stringField(f, "name", envName)
	s.stringField(f, "value", anyText)
	s.stringField(f, "fieldRef", fieldRef)
	if sk, ok := f["secretKeyRef"]; ok {
		if sf, ok := s.object(sk, secretKeyObject); ok {
			s.stringField(sf, "name", secretName)
			s.stringField(sf, "key", secretKey)
		}
	}
	// dependentSchemas: value excludes fieldRef and secretKeyRef, fieldRef
	// excludes secretKeyRef and fromValues.
	for _, pair := range [][2]string{{"value", "fieldRef"}, {"value", "secretKeyRef"}, {"fieldRef", "secretKeyRef"}} {
		if f.has(pair[0]) && f.has(pair[1]) {
			s.add(f[pair[1]], "%s and %s cannot be combined: an env entry has one source (value, fieldRef or secretKeyRef)", pair[0], pair[1])
		}
	}
	from, hasFrom := f["fromValues"]
	if hasFrom && f.has("fieldRef") {
		s.add(from, "fieldRef takes no fromValues: the value comes from the pod, not from chart values")
	}
	// allOf: fromValues takes the shape of the source, and an entry without
	// one needs fromValues.
	if hasFrom {
		s.fromValues(from, f.has("secretKeyRef"))
	}
	if !hasFrom && !f.has("value") && !f.has("fieldRef") && !f.has("secretKeyRef") {
		s.add(v, "the entry has no source: set value, fieldRef or secretKeyRef, or fromValues alone for a value that must come from chart values")
	}
}

// fromValues is a value path, or {name, key} value paths (secretValuesRef:
// minProperties 1) for a secretKeyRef entry.
func (s shape) fromValues(v value, secret bool) {
	if !secret {
		if jsonType(v.n) == "mapping" {
			s.add(v, "fromValues is a chart value path here; {name, key} is only for secretKeyRef entries")
			return
		}
		s.str(v, valuePath)
		return
	}
	if jsonType(v.n) != "mapping" {
		s.add(v, "a secretKeyRef entry takes fromValues as {name: PATH, key: PATH}")
		return
	}
	f, _ := s.object(v, valuesRefObject)
	if len(entries(v.n)) == 0 {
		s.add(v, "must not be empty: set name, key or both, or remove fromValues")
	}
	s.stringField(f, "name", valuePath)
	s.stringField(f, "key", valuePath)
}
