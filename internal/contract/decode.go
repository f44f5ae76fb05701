package contract

import "sigs.k8s.io/kustomize/kyaml/yaml"

// decode builds the Contract from a document checkShape accepted: every
// field it reads is there when required and of the type the schema says,
// so decode has nothing to refuse. It reads mappings as the shape check
// does (entries), and a Line is where the entry is written.
func decode(root *yaml.Node) *Contract {
	doc := mapping(root.Content[0])
	spec := mapping(doc["spec"].val)
	c := &Contract{Name: mapping(doc["metadata"].val).text("name"), ChartVersions: spec.text("chartVersions")}
	for _, w := range spec.items("workloads") {
		c.Workloads = append(c.Workloads, decodeWorkload(w))
	}
	return c
}

func mapping(n *yaml.Node) entryMap { return entries(resolve(n)) }

func (m entryMap) has(name string) bool {
	_, ok := m[name]
	return ok
}

func (m entryMap) text(name string) string {
	if e, ok := m[name]; ok {
		return resolve(e.val).Value
	}
	return ""
}

// items returns the items of a list as written (aliases not resolved, for
// their line), or nil when the list is absent.
func (m entryMap) items(name string) []*yaml.Node {
	if e, ok := m[name]; ok {
		return resolve(e.val).Content
	}
	return nil
}

func (m entryMap) texts(name string) []string {
	var out []string
	for _, n := range m.items(name) {
		out = append(out, resolve(n).Value)
	}
	return out
}

func decodeWorkload(n *yaml.Node) Workload {
	m := mapping(n)
	w := Workload{
		Name:       m.text("name"),
		Line:       n.Line,
		Match:      decodeMatch(mapping(m["match"].val)),
		Containers: m.texts("containers"),
		Forbid:     m.texts("forbid"),
		Require:    m.texts("require"),
	}
	for _, r := range m.items("rename") {
		rm := mapping(r)
		w.Rename = append(w.Rename, Rename{From: rm.text("from"), To: rm.text("to"), Line: r.Line})
	}
	for _, e := range m.items("env") {
		w.Env = append(w.Env, decodeEnv(e))
	}
	for _, o := range m.items("optional") {
		om := mapping(o)
		w.Optional = append(w.Optional, Optional{Name: om.text("name"), Reason: om.text("reason"), Line: o.Line})
	}
	if m.has("consumer") {
		cm := mapping(m["consumer"].val)
		if g := resolve(cm["goSource"].val); g.Kind == yaml.SequenceNode {
			w.Consumer = &Consumer{GoSource: cm.texts("goSource"), list: true}
		} else {
			w.Consumer = &Consumer{GoSource: []string{g.Value}}
		}
	}
	if e, ok := m["required"]; ok {
		// A !!bool that yamlnode.ToJSON has already decoded, so no error.
		_ = resolve(e.val).Decode(&w.Required)
	}
	return w
}

func decodeMatch(m entryMap) Match {
	match := Match{Kinds: m.texts("kinds"), Names: m.texts("names")}
	if m.has("labels") {
		labels := mapping(m["labels"].val)
		match.Labels = make(map[string]string, len(labels))
		for key := range labels {
			match.Labels[key] = labels.text(key)
		}
	}
	return match
}

func decodeEnv(n *yaml.Node) Env {
	m := mapping(n)
	e := Env{Name: m.text("name"), Line: n.Line, FieldRef: m.text("fieldRef")}
	if m.has("value") {
		v := m.text("value")
		e.Value = &v
	}
	if m.has("secretKeyRef") {
		ref := mapping(m["secretKeyRef"].val)
		e.SecretKeyRef = &SecretKeyRef{Name: ref.text("name"), Key: ref.text("key")}
	}
	switch {
	case !m.has("fromValues"):
	case e.SecretKeyRef != nil:
		paths := mapping(m["fromValues"].val)
		e.FromValues = &ValuesRef{Name: paths.text("name"), Key: paths.text("key")}
	default:
		e.FromValues = &ValuesRef{Path: m.text("fromValues")}
	}
	return e
}
