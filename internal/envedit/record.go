package envedit

import (
	"github.com/openova/envcontract/internal/finding"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// Recorder collects the findings of the filters that share it, notes
// whether any of them changed the object, and keeps the env each selected
// container carried before the edit (for the consumer check).
type Recorder struct {
	Findings []finding.Finding
	Changed  bool
	Seen     []Seen
	// StreamLine maps a document line to the line a reader sees (the
	// stream's), for messages that cite a second line; nil keeps document
	// lines. Location.Line stays a document line for the caller to map.
	StreamLine func(int) int
}

// line returns n as a message should cite it.
func (r *Recorder) line(n int) int {
	if r.StreamLine == nil {
		return n
	}
	return r.StreamLine(n)
}

// Seen is the env one selected container carried as it came, in order.
type Seen struct {
	Workload  string
	Object    string
	Container string
	Env       []string
	Line      int // the container's line in the document
}

// scope is what every finding of one container is about.
type scope struct {
	rec       *Recorder
	workload  string
	object    string
	container string
}

func (s scope) record(kind finding.Code, sev finding.Severity, env string, at *yaml.Node, msg string) {
	f := finding.Finding{
		Code:      kind,
		Severity:  sev,
		Workload:  s.workload,
		Pos:       finding.Pos{Object: s.object},
		Container: s.container,
		Env:       env,
		Message:   msg,
	}
	if at != nil {
		f.Pos.Line = at.Line
	}
	s.rec.Findings = append(s.rec.Findings, f)
}

func (s scope) changed() { s.rec.Changed = true }
