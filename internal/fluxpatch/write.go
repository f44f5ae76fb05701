package fluxpatch

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/openova/envcontract/internal/stream"
	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/openova/envcontract/internal/json6902"
	"github.com/openova/envcontract/internal/yamlnode"
)

// Errors of Splice.
var (
	// ErrForeignBlock: spec.postRenderers exists and its comment does not
	// carry Marker, so envcontract did not write it and will not replace it.
	ErrForeignBlock = errors.New("spec.postRenderers was not written by envcontract flux")
	// ErrLayout: the HelmRelease is laid out in a way Splice does not edit
	// (flow style, an empty spec, a value whose end it cannot find).
	ErrLayout = errors.New("cannot place spec.postRenderers")
)

// Splice returns data, the content of the HelmRelease file named file, with
// spec.postRenderers set to block (as Block returns it): the lines of a
// block written earlier (its marker comment through the end of its value)
// are replaced, or the block is inserted after the last field of spec.
// Every other byte stays as it was, comments and formatting included. The
// result is read back and checked to differ from data in
// spec.postRenderers only.
func Splice(file string, data, block []byte) ([]byte, error) {
	s, err := stream.Split(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	doc, root, err := findHelmRelease(file, s)
	if err != nil {
		return nil, err
	}
	spec := yamlnode.Get(root.Content[0], "spec")
	at := func(n *yaml.Node) int { return doc.StreamLine(n.Line) - 1 } // 0-based line of the text
	if spec == nil || spec.Kind != yaml.MappingNode || spec.Style&yaml.FlowStyle != 0 || len(spec.Content) == 0 {
		return nil, fmt.Errorf("%s:%d: %w: spec must be a non-empty block mapping", file, doc.Line, ErrLayout)
	}
	bom := 0
	if s.BOM {
		bom = len("\xef\xbb\xbf")
	}
	lines := splitLines(data[bom:])
	nl := "\n"
	if s.CRLF {
		nl = "\r\n"
	}

	var from, to int // replace lines [from, to)
	var indent int
	if key, value := yamlnode.Field(spec, "postRenderers"); key != nil {
		k := at(key)
		indent = key.Column - 1
		if err := checkKeyLine(file, lines, k, indent); err != nil {
			return nil, err
		}
		from = markerLine(lines, k)
		if from < 0 {
			return nil, fmt.Errorf("%s:%d: %w (no %q comment above it); remove it, or print the block and merge it by hand, keeping envcontract's post-renderer first",
				file, k+1, ErrForeignBlock, "# "+Marker)
		}
		end, err := valueEnd(file, lines, k, indent, value, at)
		if err != nil {
			return nil, err
		}
		to = end + 1
	} else {
		last := spec.Content[len(spec.Content)-2]
		k := at(last)
		indent = last.Column - 1
		if err := checkKeyLine(file, lines, k, indent); err != nil {
			return nil, err
		}
		end, err := valueEnd(file, lines, k, indent, spec.Content[len(spec.Content)-1], at)
		if err != nil {
			return nil, err
		}
		from, to = end+1, end+1
	}

	var out bytes.Buffer
	out.Write(data[:bom])
	for _, l := range lines[:from] {
		out.Write(l)
	}
	if from > 0 && !endsWithBreak(lines[from-1]) {
		out.WriteString(nl)
	}
	pad := strings.Repeat(" ", indent)
	for _, l := range strings.SplitAfter(strings.TrimSuffix(string(block), "\n"), "\n") {
		l = strings.TrimSuffix(l, "\n")
		if l != "" {
			l = pad + l
		}
		out.WriteString(l + nl)
	}
	for _, l := range lines[to:] {
		out.Write(l)
	}
	if err := checkSplice(file, data, out.Bytes(), block); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// splitLines cuts b into lines that keep their line break (LF, CRLF or a
// lone CR, as internal/stream counts them).
func splitLines(b []byte) [][]byte {
	var out [][]byte
	for len(b) > 0 {
		i := bytes.IndexAny(b, "\r\n")
		if i < 0 {
			out = append(out, b)
			break
		}
		j := i + 1
		if b[i] == '\r' && j < len(b) && b[j] == '\n' {
			j++
		}
		out = append(out, b[:j])
		b = b[j:]
	}
	return out
}

func endsWithBreak(l []byte) bool {
	return len(l) > 0 && (l[len(l)-1] == '\n' || l[len(l)-1] == '\r')
}

// content is a line without its break and leading spaces, and its indent.
func content(l []byte) (string, int) {
	t := strings.TrimRight(string(l), "\r\n")
	c := strings.TrimLeft(t, " ")
	return c, len(t) - len(c)
}

// without returns a shallow copy of mapping m with key removed, or with its
// value replaced when repl is set.
func without(m *yaml.Node, key string, repl *yaml.Node) *yaml.Node {
	out := &yaml.Node{Kind: m.Kind, Tag: m.Tag}
	for k, v := range yamlnode.Fields(m) {
		if k.Value == key {
			if repl != nil {
				out.Content = append(out.Content, k, repl)
			}
			continue
		}
		out.Content = append(out.Content, k, v)
	}
	return out
}

// checkKeyLine makes sure a key starts its line, so that lines can be cut
// around it.
func checkKeyLine(file string, lines [][]byte, k, indent int) error {
	if k < 0 || k >= len(lines) {
		return fmt.Errorf("%s: %w: line %d is outside the file", file, ErrLayout, k+1)
	}
	if _, in := content(lines[k]); in != indent {
		return fmt.Errorf("%s:%d: %w: the key does not start its line", file, k+1, ErrLayout)
	}
	return nil
}

// markerLine returns the line of the Marker comment among the comment lines
// right above line k, or -1.
func markerLine(lines [][]byte, k int) int {
	found := -1
	for j := k - 1; j >= 0; j-- {
		c, _ := content(lines[j])
		if !strings.HasPrefix(c, "#") {
			break
		}
		if strings.Contains(c, Marker) {
			found = j
		}
	}
	return found
}

// valueEnd returns the last line of the value of the key at line k, which is
// indented by indent: the last line after k that is more indented, or a
// "- " item at the same indent (YAML's compact sequence). Blank and comment
// lines after the value belong to what follows. The result must reach the
// last node of value, or the layout is not one Splice understands.
func valueEnd(file string, lines [][]byte, k, indent int, value *yaml.Node, at func(*yaml.Node) int) (int, error) {
	end := k
	for i := k + 1; i < len(lines); i++ {
		c, in := content(lines[i])
		if c == "" || strings.HasPrefix(c, "#") {
			continue
		}
		if in > indent || (in == indent && (c == "-" || strings.HasPrefix(c, "- "))) {
			end = i
			continue
		}
		break
	}
	if last := lastLine(value, at); last > end {
		return 0, fmt.Errorf("%s:%d: %w: the value does not end where its indentation says", file, k+1, ErrLayout)
	}
	return end, nil
}

// lastLine is the last line a node's text reaches, as far as the nodes
// tell: a block scalar spans one line per line of its value.
func lastLine(n *yaml.Node, at func(*yaml.Node) int) int {
	last := at(n)
	if n.Kind == yaml.ScalarNode && n.Style&(yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
		last += strings.Count(strings.TrimRight(n.Value, "\n"), "\n") + 1
	}
	for _, c := range n.Content {
		last = max(last, lastLine(c, at))
	}
	return last
}

// checkSplice reads the spliced file back: its HelmRelease must hold block
// as spec.postRenderers and be otherwise the same as before.
func checkSplice(file string, before, after, block []byte) error {
	fail := func(what string) error {
		return fmt.Errorf("%s: %w: %s after the edit; the file was not written", file, ErrLayout, what)
	}
	bs, err := stream.Split(before)
	if err != nil {
		return err
	}
	as, err := stream.Split(after)
	if err != nil {
		return fail("the file does not read")
	}
	_, broot, err := findHelmRelease(file, bs)
	if err != nil {
		return err
	}
	_, aroot, err := findHelmRelease(file, as)
	if err != nil {
		return fail("the HelmRelease is gone")
	}
	var want yaml.Node
	if err := yaml.Unmarshal(block, &want); err != nil {
		return err
	}
	got := yamlnode.Get(yamlnode.Get(aroot.Content[0], "spec"), "postRenderers")
	if same, err := json6902.SameNode(got, yamlnode.Get(want.Content[0], "postRenderers")); err != nil || !same {
		return fail("spec.postRenderers is not the block")
	}
	strip := func(root *yaml.Node) *yaml.Node {
		obj := root.Content[0]
		return without(obj, "spec", without(yamlnode.Get(obj, "spec"), "postRenderers", nil))
	}
	if same, err := json6902.SameNode(strip(broot), strip(aroot)); err != nil || !same {
		return fail("the HelmRelease changed outside spec.postRenderers")
	}
	return nil
}

// WriteFile replaces the file at path with data atomically: it writes a
// temporary file in the same directory with the same permissions, syncs
// it, and renames it over path (over the target of a symbolic link).
func WriteFile(path string, data []byte) (err error) {
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real
	}
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = tmp.Chmod(info.Mode().Perm()); err != nil {
		return err
	}
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
