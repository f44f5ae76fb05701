package lint

import (
	"slices"
	"sort"
	"strings"
	"text/template/parse"
)

// kind is what the walker knows about a value.
type kind int

const (
	vUnknown kind = iota // anything: a function's result, .Release, …
	vRoot                // the chart's top-level object (.Values, .Release, …)
	vPath                // a chart value: .Values and the keys below it
	vDict                // a dict built in the template, with known keys
	vText                // a constant string (a template name, an index key)
)

// val is the walker's idea of a template value.
type val struct {
	k    kind
	path []string // path: the keys below .Values; "*" is any element
	dict map[string]val
	str  string
	at   place // where a path was read: its uses are reported there
}

// key identifies v for memoising include calls.
func (v val) key() string {
	switch v.k {
	case vRoot:
		return "root"
	case vPath:
		return "p:" + strings.Join(v.path, "\x00")
	case vText:
		return "t"
	case vDict:
		keys := make([]string, 0, len(v.dict))
		for k, m := range v.dict {
			keys = append(keys, k+"="+m.key())
		}
		sort.Strings(keys)
		return "{" + strings.Join(keys, ",") + "}"
	default:
		return "?"
	}
}

// how a template uses a chart value.
type how int

const (
	read    how = iota // evaluated: looked up, tested, passed on
	printed            // written as text
	ranged             // iterated by range
	all                // serialised or handed to what cannot be followed: every key below is read
)

// use is one use of a chart value at a place in a template.
type use struct {
	path []string
	how  how
	at   place
}

// note is a read the walker cannot follow.
type note struct {
	at  place
	msg string
}

// place is a node of a parsed template.
type place struct {
	file string // the template's name (its ParseName)
	pos  parse.Pos
}

// walker interprets templates abstractly: it runs every branch once and
// records which chart values are used where, and how.
type walker struct {
	trees map[string]*parse.Tree
	uses  []use
	notes []note
	vars  []binding
	done  map[string]bool // include calls already followed: name + argument
	noted map[note]bool
	file  string // the ParseName of the tree being walked
	depth int
}

type binding struct {
	name string
	v    val
}

// maxCallDepth bounds nested include calls (Helm's own limit is 1000);
// maxCalls bounds the calls followed in all, against templates that
// include themselves with ever new arguments.
const (
	maxCallDepth = 64
	maxCalls     = 5000
)

// entry walks one template file from its root, with the chart's top-level
// object as dot and $.
func (w *walker) entry(t *parse.Tree) {
	w.call(t, val{k: vRoot}, place{})
}

// call walks t with arg as dot and $, once per template and argument.
func (w *walker) call(t *parse.Tree, arg val, from place) {
	k := t.Name + "\x00" + arg.key()
	if w.done[k] || t.Root == nil {
		return
	}
	if w.depth >= maxCallDepth || len(w.done) >= maxCalls {
		w.note(from, "includes "+quote(t.Name)+" too deep or too often to follow; the values it reads are not checked")
		w.use(arg, all, from)
		return
	}
	w.done[k] = true
	vars, file := w.vars, w.file
	w.vars, w.file = []binding{{"$", arg}}, t.ParseName
	w.depth++
	w.list(t.Root, arg)
	w.depth--
	w.vars, w.file = vars, file
}

// note records a read that cannot be followed, once per place.
func (w *walker) note(at place, msg string) {
	n := note{at, msg}
	if w.noted[n] {
		return
	}
	if w.noted == nil {
		w.noted = map[note]bool{}
	}
	w.noted[n] = true
	w.notes = append(w.notes, n)
}

func (w *walker) at(n parse.Node) place {
	pos := n.Position()
	// The parser places .a.b and $x.a at their second part; a finding
	// belongs at the first.
	switch n := n.(type) {
	case *parse.FieldNode:
		if len(n.Ident) > 1 {
			pos -= parse.Pos(len(n.Ident[0]) + 1)
		}
	case *parse.VariableNode:
		if len(n.Ident) > 1 {
			pos -= parse.Pos(len(n.Ident[0]))
		}
	}
	return place{file: w.file, pos: max(pos, 0)}
}

func (w *walker) list(l *parse.ListNode, dot val) {
	if l == nil {
		return
	}
	for _, n := range l.Nodes {
		w.node(n, dot)
	}
}

func (w *walker) node(n parse.Node, dot val) {
	switch n := n.(type) {
	case *parse.ActionNode:
		v := w.pipe(n.Pipe, dot)
		if len(n.Pipe.Decl) == 0 {
			w.use(v, printed, w.at(n))
		}
	case *parse.IfNode:
		mark := len(w.vars)
		w.pipe(n.Pipe, dot)
		w.list(n.List, dot)
		w.vars = w.vars[:mark]
		w.list(n.ElseList, dot)
	case *parse.WithNode:
		mark := len(w.vars)
		v := w.pipe(n.Pipe, dot)
		w.list(n.List, v)
		w.vars = w.vars[:mark]
		w.list(n.ElseList, dot)
	case *parse.RangeNode:
		w.rangeNode(n, dot)
	case *parse.TemplateNode:
		arg := val{}
		if n.Pipe != nil {
			arg = w.pipe(n.Pipe, dot)
		}
		w.include(n.Name, arg, w.at(n))
	case *parse.ListNode:
		w.list(n, dot)
	}
}

// rangeNode walks a range's body once, with dot (and the element variable)
// any element of what it ranges over.
func (w *walker) rangeNode(n *parse.RangeNode, dot val) {
	mark := len(w.vars)
	v := w.cmds(n.Pipe.Cmds, dot)
	at := w.at(n)
	if len(n.Pipe.Cmds) > 0 {
		at = w.at(n.Pipe.Cmds[len(n.Pipe.Cmds)-1]) // what is ranged over, not $k, $v
	}
	w.use(v, ranged, at)
	elem := val{}
	if v.k == vPath {
		elem = val{k: vPath, path: append(slices.Clip(v.path), "*")}
	}
	switch len(n.Pipe.Decl) {
	case 1:
		w.vars = append(w.vars, binding{n.Pipe.Decl[0].Ident[0], elem})
	case 2:
		w.vars = append(w.vars, binding{n.Pipe.Decl[0].Ident[0], val{}}, binding{n.Pipe.Decl[1].Ident[0], elem})
	}
	w.list(n.List, elem)
	w.vars = w.vars[:mark]
	w.list(n.ElseList, dot)
}

// pipe evaluates a pipeline and binds or assigns its variables.
func (w *walker) pipe(p *parse.PipeNode, dot val) val {
	if p == nil {
		return val{}
	}
	v := w.cmds(p.Cmds, dot)
	for _, d := range p.Decl {
		if p.IsAssign {
			w.assign(d.Ident[0], v)
		} else {
			w.vars = append(w.vars, binding{d.Ident[0], v})
		}
	}
	return v
}

func (w *walker) cmds(cmds []*parse.CommandNode, dot val) val {
	var v val
	for i, c := range cmds {
		var final *val
		if i > 0 {
			final = &v
		}
		v = w.cmd(c, dot, final)
	}
	return v
}

func (w *walker) lookup(name string) val {
	for i := len(w.vars) - 1; i >= 0; i-- {
		if w.vars[i].name == name {
			return w.vars[i].v
		}
	}
	return val{}
}

func (w *walker) assign(name string, v val) {
	for i := len(w.vars) - 1; i >= 0; i-- {
		if w.vars[i].name == name {
			w.vars[i].v = v
			return
		}
	}
}

// cmd evaluates one command; final is the value piped into it.
func (w *walker) cmd(c *parse.CommandNode, dot val, final *val) val {
	switch first := c.Args[0].(type) {
	case *parse.IdentifierNode:
		args := make([]val, 0, len(c.Args))
		for _, a := range c.Args[1:] {
			args = append(args, w.arg(a, dot))
		}
		if final != nil {
			args = append(args, *final)
		}
		return w.fn(first.Ident, args, w.at(first))
	case *parse.FieldNode, *parse.ChainNode, *parse.VariableNode:
		v := w.arg(first, dot)
		if len(c.Args) > 1 || final != nil { // a method call: .Capabilities.APIVersions.Has "x"
			for _, a := range c.Args[1:] {
				w.use(w.arg(a, dot), all, w.at(a))
			}
			if final != nil {
				w.use(*final, all, w.at(first))
			}
			return val{}
		}
		return v
	default:
		return w.arg(first, dot)
	}
}

// arg evaluates one argument of a command.
func (w *walker) arg(n parse.Node, dot val) val {
	switch n := n.(type) {
	case *parse.DotNode:
		return dot
	case *parse.FieldNode:
		return w.fields(dot, n.Ident, w.at(n))
	case *parse.VariableNode:
		return w.fields(w.lookup(n.Ident[0]), n.Ident[1:], w.at(n))
	case *parse.ChainNode:
		return w.fields(w.arg(n.Node, dot), n.Field, w.at(n))
	case *parse.PipeNode:
		mark := len(w.vars)
		v := w.pipe(n, dot)
		w.vars = w.vars[:mark]
		return v
	case *parse.StringNode:
		return val{k: vText, str: n.Text}
	case *parse.NumberNode:
		return val{k: vText, str: "*"} // an index: any element
	case *parse.IdentifierNode: // a function called without arguments
		return w.fn(n.Ident, nil, w.at(n))
	default:
		return val{}
	}
}

// fields follows .a.b.c from v, recording each chart value it reaches.
func (w *walker) fields(v val, names []string, at place) val {
	for _, f := range names {
		v = w.field(v, f, at)
	}
	return v
}

func (w *walker) field(v val, f string, at place) val {
	switch v.k {
	case vRoot:
		if f == "Values" {
			return val{k: vPath}
		}
		return val{}
	case vPath:
		p := val{k: vPath, path: append(slices.Clip(v.path), f), at: at}
		w.uses = append(w.uses, use{path: p.path, how: read, at: at})
		return p
	case vDict:
		return v.dict[f]
	default:
		return val{}
	}
}

// use records how v is used: a chart value directly, the values in a dict,
// or (for the whole object) all of .Values.
func (w *walker) use(v val, h how, at place) {
	switch v.k {
	case vPath:
		if v.at.file != "" {
			at = v.at
		}
		w.uses = append(w.uses, use{path: v.path, how: h, at: at})
	case vRoot:
		if h == all {
			w.uses = append(w.uses, use{path: nil, how: all, at: at})
		}
	case vDict:
		if h == all {
			for _, m := range v.dict {
				w.use(m, all, at)
			}
		}
	}
}

// include follows include "name" arg and template "name" arg.
func (w *walker) include(name string, arg val, at place) {
	t := w.trees[name]
	if t == nil {
		w.note(at, "includes "+quote(name)+", which no template defines; the values it would read are not checked")
		w.use(arg, all, at)
		return
	}
	w.call(t, arg, at)
}
