// Package render applies env contracts to a multi-document manifest stream.
//
// It is the one pipeline behind both `render` (the Helm post-renderer) and
// `check` (the CI gate): split the stream, parse each document once, run the
// envedit filters of every contract workload over the objects they select,
// and re-encode only the documents that changed. In check mode nothing is
// re-encoded and every change render would make is reported as a violation
// instead, so a stream passes check exactly when render leaves it alone.
//
// Nothing here imports Helm: values arrive as a plain map.
package render

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/openova/envcontract/internal/contract"
	"github.com/openova/envcontract/internal/envedit"
	"github.com/openova/envcontract/internal/finding"
	"github.com/openova/envcontract/internal/stream"
	"github.com/openova/envcontract/internal/yamlnode"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// FilenameAnnotation is where Helm 4 names the template a document came
// from when it hands the stream to a post-renderer.
const FilenameAnnotation = "postrenderer.helm.sh/postrender-filename"

// ErrViolations is returned by Run in render mode when the contract is broken
// in a way render cannot fix; the findings say how.
var ErrViolations = errors.New("the manifests break the env contract")

// Options configure one run.
type Options struct {
	Contracts []*contract.Contract
	Values    envedit.Values
	// Check reports what render would change as violations and changes
	// nothing.
	Check bool
	// MinSeverity drops findings less severe than it as they are found:
	// render without -v lists only errors, and a stream of 20,000 edited
	// documents makes 340,000 info findings (BENCHMARKS.md, issue 17). The
	// zero value keeps every finding.
	MinSeverity finding.Severity
	// Spool, in render mode, receives each document of an input as soon
	// as it is done (stream.Stream.Flush), so that the outputs of 20,000
	// edited documents are not all held until the end; the Result's
	// Streams then write only what was not spooled, which is nothing. On
	// an error what Spool got is no output: the caller drops it.
	Spool io.Writer
}

// Input is one manifest stream. File names it in findings (a manifest path
// given to check); it is empty for a post-renderer's stdin, where Helm's
// "# Source:" comment or the Helm 4 filename annotation is used instead.
type Input struct {
	File string
	Data []byte
}

// Result holds one output stream per input and the findings of all of them,
// sorted.
type Result struct {
	Streams  []*stream.Stream
	Findings []finding.Finding
	// Objects counts the documents that held a Kubernetes object.
	Objects int
	// Seen is the env each selected container carried as it came, with
	// where it is (check mode only), for comparing with what its program
	// reads (internal/drift).
	Seen []Seen
}

// Seen is one selected container's env as it came, and where.
type Seen struct {
	envedit.Seen
	Pos finding.Pos
}

// Run applies the contracts to the inputs, which together are one release
// (a workload selector that matches in any of them is matched). It returns
// an error for input it cannot read, naming file, document and line; and in
// render mode an error wrapping ErrViolations, listing every error-severity
// finding, with the Result so that the caller can print the findings too.
func Run(o Options, inputs ...Input) (*Result, error) {
	res := &Result{}
	matched := map[string]bool{}
	strs := interner{}
	for _, in := range inputs {
		s, err := run(o, in, res, matched, strs)
		if err != nil {
			if in.File != "" {
				err = fmt.Errorf("%s: %w", in.File, err)
			}
			return nil, err
		}
		res.Streams = append(res.Streams, s)
	}
	for _, f := range unmatched(o, matched) {
		if f.Severity >= o.MinSeverity {
			res.Findings = append(res.Findings, f)
		}
	}
	finding.Sort(res.Findings)
	if !o.Check {
		if worst, ok := finding.Worst(res.Findings); ok && worst == finding.SeverityError {
			return res, violations(res.Findings)
		}
	}
	return res, nil
}

// violations wraps ErrViolations with every finding of error severity, one
// per line, so that stderr and a post-renderer's log file read the same.
func violations(fs []finding.Finding) error {
	var b strings.Builder
	for _, f := range fs {
		if f.Severity == finding.SeverityError {
			b.WriteString("\n  " + f.String())
		}
	}
	return fmt.Errorf("%w:%s", ErrViolations, b.String())
}

// run applies the contracts to one input, adding to res and matched, its
// findings' strings shared through strs.
func run(o Options, in Input, res *Result, matched map[string]bool, strs interner) (*stream.Stream, error) {
	s, err := stream.Split(in.Data)
	if err != nil {
		return nil, err
	}
	spool := o.Spool != nil && !o.Check
	for _, doc := range s.Docs {
		if spool {
			if _, err := s.Flush(o.Spool, doc.Index); err != nil {
				return nil, err
			}
		}
		root, err := doc.Parse()
		if err != nil {
			if errors.Is(err, stream.ErrInvalidYAML) { // the one stream error that does not say what to do
				err = fmt.Errorf("%w; fix the YAML of this document (for Helm output, in the template it came from)", err)
			}
			return nil, err
		}
		if root == nil || len(root.Content) == 0 {
			continue
		}
		res.Objects++
		// Most documents of a big stream are selected by no workload: the
		// object is read once and matched here, so that those cost no
		// Recorder, no filter run and no source lookup. Workload.Filter
		// selects with the same envedit.Matches.
		objs, err := objects(yaml.NewRNode(root.Content[0]))
		if le, ok := err.(*listDepthError); ok {
			return nil, &stream.Error{Doc: doc.Index, Line: doc.StreamLine(le.line), Source: doc.Source(), Err: le}
		}
		var rec *envedit.Recorder
		for _, obj := range objs {
			// A value printed in Go's form for a map or list is wrong
			// whatever the contract says, so every workload is read.
			if fs := envedit.Artefacts(obj.rn, obj.o); len(fs) > 0 {
				if rec == nil {
					rec = &envedit.Recorder{StreamLine: doc.StreamLine}
				}
				rec.Findings = append(rec.Findings, fs...)
			}
			var hits []hit
			for _, c := range o.Contracts {
				for _, w := range c.Workloads {
					if envedit.Matches(w.Match, obj.o) {
						hits = append(hits, hit{c, w})
					}
				}
			}
			if len(hits) == 0 {
				continue
			}
			if rec == nil {
				rec = &envedit.Recorder{StreamLine: doc.StreamLine}
			}
			if f, ok := renameChain(hits, obj); ok {
				rec.Findings = append(rec.Findings, f)
				for _, h := range hits {
					matched[key(h.c, h.w)] = true
				}
				continue // no workload edits an object whose result depends on their order
			}
			for _, h := range hits {
				got, err := envedit.Workload{Rules: h.w, Values: o.Values, Rec: rec}.Filter(obj.rn)
				if err != nil {
					return nil, fmt.Errorf("document %d (line %d): %w", doc.Index, doc.Line, err)
				}
				if got != nil {
					matched[key(h.c, h.w)] = true
				}
			}
		}
		if rec == nil {
			continue
		}
		res.Findings = growFindings(res.Findings, len(rec.Findings), doc.Index, len(s.Docs))
		loc := finding.Pos{File: in.File, Doc: doc.Index}
		tmpl := source(doc, root)
		if loc.File == "" {
			loc.File = tmpl
		}
		for _, f := range rec.Findings {
			f.Pos.File, f.Pos.Doc = loc.File, loc.Doc
			if f.Code == finding.FormatArtefact && in.File != "" && tmpl != "" {
				f.Message += "; it came from " + tmpl // the file is Helm's output: name the template to fix
			}
			if f.Pos.Line > 0 {
				f.Pos.Line = doc.StreamLine(f.Pos.Line)
			}
			if o.Check {
				f = asViolation(f)
			}
			if f.Severity < o.MinSeverity {
				continue
			}
			res.Findings = append(res.Findings, strs.finding(f))
		}
		if o.Check {
			for _, c := range rec.Seen {
				at := loc
				at.Line, at.Object = doc.StreamLine(c.Line), c.Object
				res.Seen = append(res.Seen, Seen{Seen: c, Pos: at})
			}
		}
		if rec.Changed && !o.Check {
			if err := doc.Replace(root); err != nil {
				return nil, err // a *stream.Error: it names the document and line
			}
		}
	}
	if spool {
		if _, err := s.Flush(o.Spool, len(s.Docs)); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// object is one resource of a document with what selectors look at.
type object struct {
	rn *yaml.RNode
	o  envedit.Object
}

// objects returns the resources of a document: the document itself, or the
// items of a List, which kubectl and Helm accept as a wrapper, and of Lists
// inside those (kubectl reads them too), at most maxListDepth deep: a List
// item left unread would leave its objects unedited and unchecked.
func objects(rn *yaml.RNode) ([]object, error) { return appendObjects(nil, rn, 0) }

func appendObjects(out []object, rn *yaml.RNode, depth int) ([]object, error) {
	if rn.YNode().Kind != yaml.MappingNode {
		return out, nil
	}
	self := object{rn: rn, o: envedit.ReadObject(rn)}
	if !strings.HasSuffix(self.o.Kind, "List") {
		return append(out, self), nil
	}
	items := yamlnode.Get(rn.YNode(), "items")
	if items == nil || items.Kind != yaml.SequenceNode {
		return append(out, self), nil
	}
	if depth == maxListDepth {
		return nil, &listDepthError{line: rn.YNode().Line}
	}
	for _, it := range items.Content {
		var err error
		if out, err = appendObjects(out, yaml.NewRNode(it), depth+1); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// hit is a workload that selects an object.
type hit struct {
	c *contract.Contract
	w contract.Workload
}

// asViolation turns a change render would make into the violation check
// reports for it.
func asViolation(f finding.Finding) finding.Finding {
	switch f.Code {
	case finding.Renamed:
		f.Code, f.Severity = finding.NotRenamed, finding.SeverityError
		f.Message = strings.Replace(f.Message, "renamed to", "must be renamed to", 1)
	case finding.Injected:
		f.Code, f.Severity = finding.Missing, finding.SeverityError
		f.Message = strings.TrimSuffix(f.Message, " injected") + " is missing; render would inject it"
	case finding.Optional:
		f.Code, f.Severity = finding.SecretNotOptional, finding.SeverityError
		f.Message = strings.Replace(f.Message, "secretKeyRef made optional: true", "secretKeyRef must say optional: true", 1)
	case finding.RenameConflict:
		// render drops the old entry, so a stream that carries it is not
		// one render leaves alone.
		f.Severity = finding.SeverityError
		f.Message = strings.Replace(f.Message, " was dropped because ", " must be removed: render drops it because ", 1)
	}
	return f
}

// unmatched reports workloads whose selector matched nothing: a warning in
// check, silent in render, an error either way when the workload is
// required.
func unmatched(o Options, matched map[string]bool) []finding.Finding {
	var out []finding.Finding
	for _, c := range o.Contracts {
		for _, w := range c.Workloads {
			if matched[key(c, w)] || (!o.Check && !w.Required) {
				continue
			}
			sev := finding.SeverityWarning
			if w.Required {
				sev = finding.SeverityError
			}
			out = append(out, finding.Finding{
				Code: finding.Unmatched, Severity: sev, Workload: w.Name,
				Message: fmt.Sprintf("workload %s matched no object in the stream", w.Name),
				Pos:     finding.Pos{File: c.Source, Line: w.Line, Doc: -1},
			})
		}
	}
	return out
}

func key(c *contract.Contract, w contract.Workload) string { return c.Source + "\x00" + w.Name }

// source names the template a document came from: Helm 3's "# Source:"
// comment, else Helm 4's filename annotation.
func source(doc *stream.Document, root *yaml.Node) string {
	if s := doc.Source(); s != "" {
		return s
	}
	rn := yaml.NewRNode(root.Content[0])
	if a, err := rn.Pipe(yaml.Lookup("metadata", "annotations", FilenameAnnotation)); err == nil && a != nil {
		return a.YNode().Value
	}
	return ""
}

// maxListDepth bounds how deep Lists nest inside Lists.
const maxListDepth = 16

// listDepthError is a List nested deeper than maxListDepth, at a line of
// its document.
type listDepthError struct{ line int }

func (e *listDepthError) Error() string {
	return fmt.Sprintf("Lists nested more than %d deep; flatten them into one List, or into documents", maxListDepth)
}
