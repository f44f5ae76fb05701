package action

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/openova/envcontract/internal/consumer"
	"github.com/openova/envcontract/internal/contract"
	"github.com/openova/envcontract/internal/draft"
	"github.com/openova/envcontract/internal/exitcode"
	"github.com/openova/envcontract/internal/finding"
	"github.com/openova/envcontract/internal/helmsdk"
	"github.com/openova/envcontract/internal/render"
	"github.com/openova/envcontract/internal/report"
	"github.com/openova/envcontract/internal/values"
)

// Init is `envcontract init`: a draft contract from a rendered stream (or a
// chart, rendered in-process) and the Go source of the programs its
// workloads run.
type Init struct {
	Files []string // manifest files or chart directories; "-" (or none) is Input.Stdin
	// Consumers are KIND/NAME[/CONTAINER]=DIR; several of one container are
	// programs that run in it (one the child of another).
	Consumers []string
	Name      string // the draft's metadata.name; "" is "draft"
	// ContractDir is the directory the draft will be saved in: each
	// consumer's goSource is written relative to it. Empty writes DIR as
	// given.
	ContractDir string
	Input       Input
	// Values are the user values a chart directory is rendered with, as
	// `helm template` takes them; Values.Chart must be empty.
	Values values.Options
}

// Release and namespace a chart directory is rendered with, as
// `helm template` names them by default.
const (
	initRelease   = "release-name"
	initNamespace = "default"
)

// Run drafts the contract: Result.Output holds it, Notes say how many names
// went where. Every error is of class usage except a draft the contract
// loader refuses, which is a bug of init's (internal).
func (o *Init) Run(context.Context) (*Result, error) {
	if len(o.Consumers) == 0 {
		return nil, exitcode.UsageError(errors.New("name at least one consumer: --consumer KIND/NAME[/CONTAINER]=DIR"))
	}
	if o.Values.Chart != "" {
		return nil, exitcode.UsageError(errors.New("--chart: give the chart directory as FILE"))
	}
	// Consumers of one container are programs of one workload.
	var targets []draft.Target
	var dirs [][]string
	for _, arg := range o.Consumers {
		t, dir, err := draft.ParseConsumer(arg)
		if err != nil {
			return nil, exitcode.UsageError(err)
		}
		i := slices.Index(targets, t)
		switch {
		case i < 0:
			targets, dirs = append(targets, t), append(dirs, []string{dir})
		case slices.Contains(dirs[i], dir):
			return nil, exitcode.UsageError(fmt.Errorf("--consumer %s is given twice", arg))
		default:
			dirs[i] = append(dirs[i], dir)
		}
	}
	inputs, from, err := o.read()
	if err != nil {
		return nil, exitcode.UsageError(err)
	}
	sets, err := carried(targets, inputs)
	if err != nil {
		return nil, exitcode.UsageError(err)
	}
	d := draft.Draft{Name: o.Name, From: from}
	if d.Name == "" {
		d.Name = "draft"
	}
	extracted := map[string]*consumer.Result{}
	for i, t := range targets {
		t.Container = sets[i].container
		w := draft.Workload{Target: t, Set: sets[i].env}
		for _, dir := range dirs[i] {
			reads, ok := extracted[dir]
			if !ok {
				if reads, err = consumer.Extract(dir); err != nil {
					return nil, exitcode.UsageError(fmt.Errorf("--consumer %s=%s: %w", targets[i], dir, err))
				}
				extracted[dir] = reads
			}
			source, err := o.goSource(dir)
			if err != nil {
				return nil, exitcode.UsageError(err)
			}
			w.Programs = append(w.Programs, draft.Program{Dir: source, Reads: reads})
		}
		d.Workloads = append(d.Workloads, w)
	}
	out := d.Bytes()
	if _, err := contract.Parse(out, "the draft"); err != nil {
		return nil, exitcode.InternalError(fmt.Errorf("init wrote a draft the contract format refuses: %w", err))
	}
	return &Result{Report: report.Report{Command: "init"}, Output: out, Notes: d.Summary()}, nil
}

// goSource is a consumer's directory (or DIR/... pattern) as the draft's
// goSource: relative to ContractDir, with forward slashes.
func (o *Init) goSource(dir string) (string, error) {
	if base, ok := strings.CutSuffix(filepath.ToSlash(dir), "/..."); ok {
		rel, err := o.goSource(base)
		return rel + "/...", err
	}
	if o.ContractDir == "" {
		return filepath.ToSlash(dir), nil
	}
	from, err := filepath.Abs(o.ContractDir)
	if err != nil {
		return "", err
	}
	to, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(from, to)
	if err != nil {
		return "", fmt.Errorf("--contract-dir %s: %w", o.ContractDir, err)
	}
	return filepath.ToSlash(rel), nil
}

// read reads the inputs: manifest streams, or charts rendered in-process.
func (o *Init) read() ([]render.Input, []string, error) {
	files := o.Files
	if len(files) == 0 {
		files = []string{"-"}
	}
	var inputs []render.Input
	var from []string
	for _, f := range files {
		if fi, err := os.Stat(f); err == nil && fi.IsDir() {
			vals, err := values.Load(o.Values)
			if err != nil {
				return nil, nil, err
			}
			data, _, err := helmsdk.Template(f, vals, initRelease, initNamespace)
			if err != nil {
				return nil, nil, err
			}
			// The stream's "# Source:" comments name the templates.
			inputs, from = append(inputs, render.Input{Data: data}), append(from, "the chart "+f)
			continue
		}
		data, err := o.Input.Read(f)
		if err != nil {
			return nil, nil, err
		}
		name := f
		if f == "-" {
			name, from = "", append(from, "standard input")
		} else {
			from = append(from, f)
		}
		inputs = append(inputs, render.Input{File: name, Data: data})
	}
	return inputs, from, nil
}

// carriedEnv is the env one target's container carries.
type carriedEnv struct {
	container string
	env       []string
}

// carried finds each target's container in the inputs with render's own
// selection (a contract with one rule-less workload per target) and
// returns the env names it carries: those every matching object carries,
// when the name matches several (one per namespace).
func carried(targets []draft.Target, inputs []render.Input) ([]carriedEnv, error) {
	probe := &contract.Contract{Name: "init", Source: "envcontract init"}
	for _, t := range targets {
		w := contract.Workload{Name: t.String(), Match: contract.Match{Kinds: []string{t.Kind}, Names: []string{t.Name}}}
		if t.Container != "" {
			w.Containers = []string{t.Container}
		}
		probe.Workloads = append(probe.Workloads, w)
	}
	res, err := render.Run(render.Options{Contracts: []*contract.Contract{probe}, Check: true}, inputs...)
	if err != nil {
		return nil, err
	}
	var problems []string
	for _, f := range res.Findings {
		if f.Severity == finding.SeverityError {
			problems = append(problems, f.String())
		}
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("the stream must be fixed before a contract is drafted from it:\n  %s", strings.Join(problems, "\n  "))
	}
	out := make([]carriedEnv, len(targets))
	for i, t := range targets {
		var seen []render.Seen
		for _, s := range res.Seen {
			if s.Workload == probe.Workloads[i].Name {
				seen = append(seen, s)
			}
		}
		if len(seen) == 0 {
			return nil, fmt.Errorf("--consumer %s: no %s named %q in the stream; %s", t, t.Kind, t.Name, holds(t.Kind, inputs))
		}
		var names []string
		for _, s := range seen {
			if !slices.Contains(names, s.Container) {
				names = append(names, s.Container)
			}
		}
		if len(names) > 1 {
			return nil, fmt.Errorf("--consumer %s: %s/%s has the containers %s; name the consumer's as %s/%s/CONTAINER",
				t, t.Kind, t.Name, strings.Join(names, ", "), t.Kind, t.Name)
		}
		env := seen[0].Env
		for _, s := range seen[1:] {
			env = slices.DeleteFunc(slices.Clone(env), func(n string) bool { return !slices.Contains(s.Env, n) })
		}
		out[i] = carriedEnv{container: names[0], env: env}
	}
	return out, nil
}

// holds says which objects of kind the inputs hold, for an error message.
func holds(kind string, inputs []render.Input) string {
	probe := &contract.Contract{Name: "init", Source: "envcontract init",
		Workloads: []contract.Workload{{Name: kind, Match: contract.Match{Kinds: []string{kind}}}}}
	res, err := render.Run(render.Options{Contracts: []*contract.Contract{probe}, Check: true}, inputs...)
	var objects []string
	if err == nil {
		for _, s := range res.Seen {
			if !slices.Contains(objects, s.Object) {
				objects = append(objects, s.Object)
			}
		}
	}
	if len(objects) == 0 {
		return "it holds no " + kind
	}
	return "it holds " + strings.Join(objects, ", ")
}
