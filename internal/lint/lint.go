package lint

import (
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"
	"text/template/parse"

	"github.com/openova/envcontract/internal/finding"
	"github.com/openova/envcontract/internal/yamlnode"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// Template is one file of a chart's templates/ directory.
type Template struct {
	Name string // as Helm names it inside the chart: "templates/deployment.yaml"
	File string // as findings name it: a path the user can open
	Data []byte
	// Library marks a subchart's template: its defines can be included
	// (a library chart's helpers), but it is not rendered with this
	// chart's values, so it is not linted.
	Library bool
}

// Options are one lint run: a chart's templates and the values schema to
// hold them to.
type Options struct {
	Templates  []Template
	Schema     []byte // a JSON Schema (draft 2020-12 or older)
	SchemaFile string // as findings name it
}

// Run parses the templates with Helm's function names, follows the chart
// values they use, and compares them with the schema. It returns the
// findings, sorted; an error only for a template that does not parse or a
// schema that is not JSON, naming the file and line.
func Run(o Options) ([]finding.Finding, error) {
	s, err := readSchema(o.SchemaFile, o.Schema)
	if err != nil {
		return nil, err
	}
	ts := slices.Clone(o.Templates)
	sort.SliceStable(ts, func(i, j int) bool { return ts[i].Name < ts[j].Name })
	trees := map[string]*parse.Tree{}
	files := map[string]*lines{}
	for _, t := range ts {
		set, err := parse.Parse(t.Name, string(t.Data), "{{", "}}", funcMap())
		if err != nil {
			return nil, fmt.Errorf("parsing %s: %w", t.File, err)
		}
		for name, tree := range set {
			trees[name] = tree // a later definition wins, as in Helm
		}
		files[t.Name] = newLines(t.File, t.Data)
	}
	w := &walker{trees: trees, done: map[string]bool{}}
	for _, t := range ts {
		if tree := trees[t.Name]; tree != nil && !t.Library && !strings.HasPrefix(path.Base(t.Name), "_") {
			w.entry(tree)
		}
	}
	c := compare{s: s, files: files, reported: map[string]bool{}}
	c.uses(w.uses)
	c.dead(w.uses)
	for _, n := range w.notes {
		c.add(finding.Unfollowed, finding.SeverityInfo, n.at, nil, n.msg)
	}
	finding.Sort(c.out)
	return c.out, nil
}

// compare turns the walker's uses into findings.
type compare struct {
	s        *schema
	files    map[string]*lines
	out      []finding.Finding
	reported map[string]bool // code + path: each problem once, at its first place
}

func (c *compare) add(code finding.Code, sev finding.Severity, at place, p []string, msg string) {
	key := string(code) + "\x00" + strings.Join(p, "\x00")
	if p != nil && c.reported[key] {
		return
	}
	c.reported[key] = true
	pos := finding.Pos{Doc: -1, Pointer: pointer(p)}
	if l := c.files[at.file]; l != nil {
		pos.File = l.file
		pos.Line, pos.Col = l.at(int(at.pos))
	}
	c.out = append(c.out, finding.Finding{Code: code, Severity: sev, Pos: pos, Message: msg})
}

// uses checks every use against the schema: where it leads, and its shape.
func (c *compare) uses(us []use) {
	sorted := slices.Clone(us)
	sort.SliceStable(sorted, func(i, j int) bool { return c.before(sorted[i].at, sorted[j].at) })
	for _, u := range sorted {
		ns, ok := c.resolve(u)
		if !ok || ns == nil {
			continue
		}
		t := c.typesAll(ns)
		switch {
		case t == nil:
		case u.how == ranged && !overlaps(t, "object", "array", "integer"):
			c.add(finding.ShapeClash, finding.SeverityError, u.at, u.path,
				fmt.Sprintf("ranges over %s, which the schema says is %s: range needs a map or a list (the template fails)", dotted(u.path), article(t)))
		case u.how == printed && !overlaps(t, "string", "number", "integer", "boolean"):
			c.add(finding.ShapeClash, finding.SeverityError, u.at, u.path,
				fmt.Sprintf("prints %s into text, which the schema says is %s: Go writes it as %s", dotted(u.path), article(t), goText(t)))
		}
	}
}

// resolve walks the schema along a use's path, reporting the first key the
// schema does not declare or a key read from a scalar. It returns the
// schemas of the value, nil when the schema leaves its shape open, and
// false when the path left the schema.
func (c *compare) resolve(u use) ([]*yaml.Node, bool) {
	ns := []*yaml.Node{c.s.root}
	for i, key := range u.path {
		holds := []string{"object"} // what a named key can be read from
		if key == "*" || isIndex(key) {
			holds = append(holds, "array") // any element, or an index
		}
		if t := c.typesAll(ns); t != nil && !overlaps(t, holds...) {
			what := "key " + quote(key)
			if key == "*" || isIndex(key) {
				what = "an element"
			}
			c.add(finding.ShapeClash, finding.SeverityError, u.at, u.path[:i],
				fmt.Sprintf("reads %s of %s, which the schema says is %s: the template fails there", what, dotted(u.path[:i]), article(t)))
			return nil, false
		}
		subs, st := c.s.child(ns, key)
		switch st {
		case freeForm:
			return nil, true
		case undeclShut:
			c.add(finding.Undeclared, finding.SeverityError, u.at, u.path[:i+1],
				fmt.Sprintf("reads %s, which the schema does not declare and %s refuses (additionalProperties: false): the schema is stale or the key misspelt; declare it in %s, or fix the template", dotted(u.path[:i+1]), parentName(u.path[:i]), c.s.file))
			return nil, false
		case undeclOpen:
			c.add(finding.Undeclared, finding.SeverityWarning, u.at, u.path[:i+1],
				fmt.Sprintf("reads %s, which the schema does not declare (%s declares other keys): the schema is stale or the key misspelt; declare it in %s, or fix the template", dotted(u.path[:i+1]), parentName(u.path[:i]), c.s.file))
			return nil, false
		}
		ns = subs
	}
	return ns, true
}

// typesAll is what any of ns allows: nil when one of them says nothing.
func (c *compare) typesAll(ns []*yaml.Node) []string {
	var out []string
	for _, n := range ns {
		t := c.s.types(n)
		if t == nil {
			return nil
		}
		for _, x := range t {
			if !slices.Contains(out, x) {
				out = append(out, x)
			}
		}
	}
	return out
}

// dead reports each property the schema declares that no use reaches: not
// read itself or below, and not under a value read whole. Only the topmost
// dead property of a subtree is reported.
func (c *compare) dead(us []use) {
	var reads, wholes [][]string
	for _, u := range us {
		if u.how == all || u.how == printed { // printing a map prints all of it
			wholes = append(wholes, u.path)
		}
		reads = append(reads, u.path)
	}
	used := func(p []string) bool {
		for _, w := range wholes {
			if len(w) <= len(p) && matches(w, p[:len(w)]) {
				return true
			}
		}
		for _, r := range reads {
			if len(r) >= len(p) && matches(p, r[:len(p)]) {
				return true
			}
		}
		return false
	}
	deadAt := map[string]bool{}
	for _, p := range c.s.props() {
		if used(p.path) {
			continue
		}
		deadAt[strings.Join(p.path, "\x00")] = true
		if deadAbove(deadAt, p.path) {
			continue // a parent is reported
		}
		pos := finding.Pos{File: c.s.file, Line: p.at.Line, Col: p.at.Column, Doc: -1, Pointer: pointer(p.path)}
		c.out = append(c.out, finding.Finding{Code: finding.DeadValue, Severity: finding.SeverityWarning, Pos: pos,
			Message: fmt.Sprintf("declares %s, which no template reads: a dead value; remove it from the schema and the values, or use it in a template", dotted(p.path))})
	}
}

func deadAbove(deadAt map[string]bool, p []string) bool {
	for i := 1; i < len(p); i++ {
		if deadAt[strings.Join(p[:i], "\x00")] {
			return true
		}
	}
	return false
}

// matches compares two paths of equal length key by key; "*" matches any key.
func matches(a, b []string) bool {
	for i := range a {
		if a[i] != b[i] && a[i] != "*" && b[i] != "*" {
			return false
		}
	}
	return true
}

func (c *compare) before(a, b place) bool {
	if a.file != b.file {
		return a.file < b.file
	}
	return a.pos < b.pos
}

func overlaps(t []string, want ...string) bool {
	for _, x := range t {
		if slices.Contains(want, x) {
			return true
		}
	}
	return false
}

// article names types for a message: "a string", "an object or an array".
func article(t []string) string {
	words := make([]string, len(t))
	for i, x := range t {
		if strings.ContainsAny(x[:1], "aeiou") {
			words[i] = "an " + x
		} else {
			words[i] = "a " + x
		}
	}
	return strings.Join(words, " or ")
}

// goText is how Go prints a value of types t, and what to write instead.
func goText(t []string) string {
	if slices.Contains(t, "object") {
		return "map[key:value …]; print one of its keys, or use toYaml"
	}
	return "[a b …]; range over it, join it, or use toYaml"
}

// dotted writes a values path as a template reads it: .Values.a.b, with
// "*" for any element.
func dotted(p []string) string {
	if len(p) == 0 {
		return ".Values"
	}
	return ".Values." + strings.Join(p, ".")
}

func parentName(p []string) string {
	if len(p) == 0 {
		return "the schema's top level"
	}
	return dotted(p)
}

// pointer is p as a JSON pointer into the values; "" for none.
func pointer(p []string) string {
	if p == nil {
		return ""
	}
	return yamlnode.JoinPointer(p...)
}

// lines maps byte offsets of a template to lines and columns.
type lines struct {
	file   string
	starts []int // offset of each line's first byte
}

func newLines(file string, data []byte) *lines {
	l := &lines{file: file, starts: []int{0}}
	for i, b := range data {
		if b == '\n' {
			l.starts = append(l.starts, i+1)
		}
	}
	return l
}

// at returns the 1-based line and column (in bytes) of offset off.
func (l *lines) at(off int) (int, int) {
	i := sort.SearchInts(l.starts, off+1) - 1
	return i + 1, off - l.starts[i] + 1
}
