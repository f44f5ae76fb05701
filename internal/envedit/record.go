package envedit

import (
	"github.com/openova/envcontract/internal/finding"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// Recorder collects the findings of the filters that share it and notes
// whether any of them changed the object.
type Recorder struct {
	Findings []finding.Finding
	Changed  bool
}

// scope is what every finding of one container is about.
type scope struct {
	rec       *Recorder
	workload  string
	object    string
	container string
}

func (s scope) record(kind finding.Kind, sev finding.Severity, env string, at *yaml.Node, msg string) {
	f := finding.Finding{
		Kind:      kind,
		Severity:  sev,
		Workload:  s.workload,
		Object:    s.object,
		Container: s.container,
		Env:       env,
		Message:   msg,
	}
	if at != nil {
		f.Location.Line = at.Line
	}
	s.rec.Findings = append(s.rec.Findings, f)
}

func (s scope) changed() { s.rec.Changed = true }
