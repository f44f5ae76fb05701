package contract

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/openova/envcontract/internal/stream"
	"github.com/openova/envcontract/internal/yamlnode"
)

// Load reads a contract file, checks it against the format
// schema/envcontract.schema.json describes and the rules the schema cannot
// express, and decodes it. An invalid file yields an *InvalidError that
// lists every problem as FILE:LINE:COL: /pointer: message.
func Load(path string) (*Contract, error) {
	data, err := stream.ReadFile(path, stream.DefaultMaxBytes)
	if err != nil {
		return nil, fmt.Errorf("read contract: %w", err)
	}
	c, err := Parse(data, path)
	if err != nil {
		return nil, err
	}
	c.Dir = filepath.Dir(path)
	for _, w := range c.Workloads {
		if w.Consumer != nil {
			w.Consumer.dir = c.Dir
		}
	}
	return c, nil
}

// Parse is Load for contract text already read; source names it in errors
// and becomes Contract.Source. Dir stays empty.
func Parse(data []byte, source string) (*Contract, error) {
	ps := &problems{file: source}
	root, second, err := readDocument(data)
	if err != nil {
		ps.yamlError(err)
		return nil, ps.err()
	}
	if root == nil {
		ps.add(1, 0, "", "the file is empty; a contract needs apiVersion, kind, metadata and spec")
		return nil, ps.err()
	}
	if second > 0 {
		ps.add(second, 0, "", "a contract file holds one YAML document; move the others to files of their own")
	}
	if a := aliasCycle(root, map[*yaml.Node]bool{}); a != nil {
		ps.add(a.Line, a.Column, "", "alias *%s sits inside the value it names, so it never ends; write the value out", a.Value)
		return nil, ps.err()
	}
	// The JSON itself is not needed: ToJSON refuses what has no JSON form
	// and bounds what aliases expand to, so that the shape check, which
	// reads the tree as ToJSON does, walks a bounded tree.
	if _, err := yamlnode.ToJSON(root); err != nil {
		ps.yamlError(err)
		return nil, ps.err()
	}
	checkShape(root, ps)
	if err := ps.err(); err != nil {
		return nil, err
	}
	c := decode(root)
	c.Source = source
	checkRules(c, root, ps)
	if err := ps.err(); err != nil {
		return nil, err
	}
	return c, nil
}

// position returns where the value at pointer is written: the key of a
// mapping entry (so that errors point at "key:"), else the node itself.
func position(root *yaml.Node, pointer string) (line, col int) {
	if i := strings.LastIndex(pointer, "/"); i >= 0 {
		parent := yamlnode.Locate(root, pointer[:i])
		for parent != nil && parent.Kind == yaml.AliasNode {
			parent = parent.Alias
		}
		tok := yamlnode.UnescapeToken(pointer[i+1:])
		if k, _ := yamlnode.Field(parent, tok); k != nil {
			return k.Line, k.Column
		}
	}
	if n := yamlnode.Locate(root, pointer); n != nil {
		return n.Line, n.Column
	}
	return 0, 0
}

// aliasCycle returns an alias that sits inside the node it refers to, or
// nil. ToJSON would follow such an alias until its node budget runs out, a
// million calls deep (half a gigabyte of stack for a one-line file). An
// anchor is defined before its aliases, so every cycle has this shape.
func aliasCycle(n *yaml.Node, open map[*yaml.Node]bool) *yaml.Node {
	if n.Kind == yaml.AliasNode {
		if open[n.Alias] {
			return n
		}
		return nil
	}
	open[n] = true
	defer delete(open, n)
	for _, c := range n.Content {
		if a := aliasCycle(c, open); a != nil {
			return a
		}
	}
	return nil
}

// yamlLine finds the line in the texts of yaml.v3 ("yaml: line 3: …") and
// yamlnode ("line 3: …") errors.
var yamlLine = regexp.MustCompile(`(?s)^(?:yaml: )?line (\d+): (.*)$`)

func (ps *problems) yamlError(err error) {
	ps.causes = append(ps.causes, err)
	hint := "; fix the YAML syntax there"
	switch {
	case errors.Is(err, yamlnode.ErrDuplicateKey):
		hint = "" // the message says which key to keep
	case errors.Is(err, yamlnode.ErrAliasBudget):
		hint = "; write the repeated parts out instead of aliasing them"
	case errors.Is(err, yamlnode.ErrNotJSON):
		hint = "; quote it, or write a finite number"
	}
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		ps.add(line, 0, "", "%s%s", m[2], hint)
		return
	}
	ps.add(0, 0, "", "%s%s", strings.TrimPrefix(err.Error(), "yaml: "), hint)
}

// readDocument parses the first YAML document of data strictly, as
// yamlnode.Decode does, and returns the line of a second, non-empty
// document, or 0: a contract silently cut short would drop rules. One
// decoder reads both, so the file is parsed once. root is nil for a file
// of comments only.
func readDocument(data []byte) (root *yaml.Node, second int, err error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, 0, nil
		}
		return nil, 0, err
	}
	if err := yamlnode.CheckKeys(&doc); err != nil {
		return nil, 0, err
	}
	return &doc, nextDocument(dec), nil
}

// nextDocument returns the line of the next document dec holds, or 0 when
// there is none or it is empty (a trailing "---").
func nextDocument(dec *yaml.Decoder) int {
	var next yaml.Node
	err := dec.Decode(&next)
	switch {
	case errors.Is(err, io.EOF):
		return 0
	case err != nil:
		if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
			line, _ := strconv.Atoi(m[1])
			return line
		}
		return 1
	case len(next.Content) == 0:
		return 0
	case next.Content[0].ShortTag() == "!!null" && next.Content[0].Value == "":
		return 0 // a trailing "---"
	}
	return next.Content[0].Line
}
