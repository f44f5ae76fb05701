package json6902

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	jsonpatch "gopkg.in/evanphx/json-patch.v4"
	"sigs.k8s.io/kustomize/kyaml/yaml"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/openova/envcontract/internal/yamlnode"
)

// ErrEncoding means a patch did not read back, through the YAML and JSON
// patch readers kustomize uses, as the operations it was written from. It
// is a bug guard: nothing is printed when it happens.
var ErrEncoding = errors.New("patch does not read back as written")

// Op is one JSON6902 operation. Value is a JSON-shaped YAML node (see
// jsonNode); Remove carries none.
type Op struct {
	Op    string
	Path  string
	Value *yaml.Node
	// Comment goes above the operation in the patch text.
	Comment string
}

// Text is ops as kustomize reads a patch: a YAML list of operations. Every
// string value is double-quoted, so that YAML 1.1 (which kustomize's
// sigs.k8s.io/yaml speaks) cannot read "false", "on" or "0777" as anything
// but the string it is, and so that a Flux placeholder stays one string
// after Flux substitutes it. The text is read back as kustomize reads it
// and must give ops again, or the error wraps ErrEncoding.
func Text(ops []Op) (string, error) {
	seq := &yaml.Node{Kind: yaml.SequenceNode, Tag: yaml.NodeTagSeq}
	for _, op := range ops {
		m := yamlnode.Map("op", yamlnode.Str(op.Op), "path", yamlnode.Str(op.Path))
		if op.Comment != "" {
			m.HeadComment = "# " + strings.ReplaceAll(op.Comment, "\n", "\n# ")
		}
		if op.Op != "remove" {
			v := op.Value
			if v == nil {
				v = &yaml.Node{Kind: yaml.ScalarNode, Tag: yaml.NodeTagNull, Value: "null"}
			}
			yamlnode.Set(m, "value", v)
		}
		seq.Content = append(seq.Content, m)
	}
	text, err := Encode(seq)
	if err != nil {
		return "", err
	}
	if err := checkText(ops, text); err != nil {
		return "", err
	}
	return text, nil
}

// checkText reads text back the way kustomize's PatchTransformer does and
// compares it with the operations it was written from.
func checkText(ops []Op, text string) error {
	js, err := sigsyaml.YAMLToJSON([]byte(text))
	if err != nil {
		return fmt.Errorf("%w: %w", ErrEncoding, err)
	}
	if _, err := jsonpatch.DecodePatch(js); err != nil {
		return fmt.Errorf("%w: %w", ErrEncoding, err)
	}
	var got []map[string]any
	if err := json.Unmarshal(js, &got); err != nil || len(got) != len(ops) {
		return fmt.Errorf("%w: %d operations read back, want %d", ErrEncoding, len(got), len(ops))
	}
	for i, op := range ops {
		want := map[string]any{"op": op.Op, "path": op.Path}
		if op.Op != "remove" {
			v, err := JSONValue(op.Value)
			if err != nil {
				return err
			}
			want["value"] = v
		}
		if !EqualJSON(want, got[i]) {
			return fmt.Errorf("%w: operation %d (%s %s)", ErrEncoding, i, op.Op, op.Path)
		}
	}
	return nil
}

// Encode writes n with two-space indentation and sequences indented under
// their key, as Flux's documentation writes HelmReleases.
func Encode(n *yaml.Node) (string, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoderWithOptions(&buf, &yaml.EncoderOptions{SeqIndent: yaml.WideSequenceStyle})
	if err := enc.Encode(n); err != nil {
		return "", fmt.Errorf("encode patch: %w", err)
	}
	if err := enc.Close(); err != nil {
		return "", fmt.Errorf("encode patch: %w", err)
	}
	return buf.String(), nil
}

// str is a string value, double-quoted.
func str(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: yaml.NodeTagString, Style: yaml.DoubleQuotedStyle, Value: s}
}
