package e2e_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/kio"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// doc is one document of a manifest stream: its bytes as written between two
// `---` lines, and the parsed object.
type doc struct {
	key  string // Kind/name
	raw  string
	node *yaml.RNode
}

// parseDocs splits stream at `---` lines, keeps each part's bytes and parses
// it; parts without an object (comments, blank lines) are dropped.
func parseDocs(t *testing.T, stream string) []doc {
	t.Helper()
	var parts []string
	var cur strings.Builder
	for _, line := range strings.SplitAfter(stream, "\n") {
		if strings.TrimRight(line, "\n") == "---" {
			parts = append(parts, cur.String())
			cur.Reset()
			continue
		}
		cur.WriteString(line)
	}
	parts = append(parts, cur.String())

	var docs []doc
	for _, p := range parts {
		nodes, err := kio.FromBytes([]byte(p))
		require.NoErrorf(t, err, "parse document:\n%s", p)
		if len(nodes) == 0 {
			continue
		}
		require.Lenf(t, nodes, 1, "one object per document, got:\n%s", p)
		n := nodes[0]
		docs = append(docs, doc{key: n.GetKind() + "/" + n.GetName(), raw: p, node: n})
	}
	return docs
}

// byKey indexes docs by Kind/name; a key seen twice fails the test.
func byKey(t *testing.T, docs []doc) map[string]doc {
	t.Helper()
	m := make(map[string]doc, len(docs))
	for _, d := range docs {
		_, dup := m[d.key]
		require.Falsef(t, dup, "two documents are %s", d.key)
		m[d.key] = d
	}
	return m
}

// envVar is one entry of a container's env, decoded from the manifest.
type envVar struct {
	Name      string     `yaml:"name"`
	Value     *string    `yaml:"value,omitempty"`
	ValueFrom *valueFrom `yaml:"valueFrom,omitempty"`
}

type valueFrom struct {
	FieldRef *struct {
		FieldPath string `yaml:"fieldPath"`
	} `yaml:"fieldRef,omitempty"`
	SecretKeyRef *secretKeyRef `yaml:"secretKeyRef,omitempty"`
}

type secretKeyRef struct {
	Name     string `yaml:"name"`
	Key      string `yaml:"key"`
	Optional *bool  `yaml:"optional,omitempty"`
}

// containerEnv returns the env of container in the pod template of the
// document key; the document and the container must exist.
func containerEnv(t *testing.T, docs map[string]doc, key, container string) []envVar {
	t.Helper()
	d, ok := docs[key]
	require.Truef(t, ok, "no document %s", key)
	path := []string{"spec", "template", "spec", "containers"}
	if d.node.GetKind() == "CronJob" {
		path = []string{"spec", "jobTemplate", "spec", "template", "spec", "containers"}
	}
	list, err := d.node.Pipe(yaml.Lookup(path...))
	require.NoError(t, err)
	require.NotNilf(t, list, "%s has no containers", key)
	for _, c := range list.Content() {
		cn := yaml.NewRNode(c)
		if yaml.GetValue(cn.Field("name").Value) != container {
			continue
		}
		var env []envVar
		if f := cn.Field("env"); f != nil {
			require.NoErrorf(t, f.Value.YNode().Decode(&env), "decode env of %s container %s", key, container)
		}
		return env
	}
	require.Failf(t, "no container", "%s has no container %q", key, container)
	return nil
}

// envNames lists the names of env in order.
func envNames(env []envVar) []string {
	names := make([]string, 0, len(env))
	for _, e := range env {
		names = append(names, e.Name)
	}
	return names
}

// envByName returns the entry called name; it must exist exactly once.
func envByName(t *testing.T, env []envVar, name string) envVar {
	t.Helper()
	var found []envVar
	for _, e := range env {
		if e.Name == name {
			found = append(found, e)
		}
	}
	require.Lenf(t, found, 1, "want exactly one %s in %v", name, envNames(env))
	return found[0]
}

// literal returns the literal value of the entry called name.
func literal(t *testing.T, env []envVar, name string) string {
	t.Helper()
	e := envByName(t, env, name)
	require.NotNilf(t, e.Value, "%s has no literal value", name)
	require.Nilf(t, e.ValueFrom, "%s has both value and valueFrom", name)
	return *e.Value
}

// secretRef returns the secretKeyRef of the entry called name.
func secretRef(t *testing.T, env []envVar, name string) secretKeyRef {
	t.Helper()
	e := envByName(t, env, name)
	require.Nilf(t, e.Value, "%s is a secret and must not carry a literal value", name)
	require.NotNilf(t, e.ValueFrom, "%s has no valueFrom", name)
	require.NotNilf(t, e.ValueFrom.SecretKeyRef, "%s has no secretKeyRef", name)
	return *e.ValueFrom.SecretKeyRef
}

// fieldPath returns the downward-API field path of the entry called name.
func fieldPath(t *testing.T, env []envVar, name string) string {
	t.Helper()
	e := envByName(t, env, name)
	require.NotNilf(t, e.ValueFrom, "%s has no valueFrom", name)
	require.NotNilf(t, e.ValueFrom.FieldRef, "%s has no fieldRef", name)
	return e.ValueFrom.FieldRef.FieldPath
}

// objectCount is the number of Kubernetes objects in stream.
func objectCount(t *testing.T, stream string) int {
	t.Helper()
	return len(parseDocs(t, stream))
}
