// Package drift compares the env a workload is rendered with against the
// env its program reads: the consumer check of `envcontract check`.
//
// internal/render records what each selected container carries
// (render.Seen); internal/consumer lists what the workload's Go program
// reads; Check reports the names on one side only. It lives apart from
// render so that the post-renderer never links go/types.
package drift

import (
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/openova/envcontract/internal/consumer"
	"github.com/openova/envcontract/internal/contract"
	"github.com/openova/envcontract/internal/finding"
	"github.com/openova/envcontract/internal/render"
)

// Check compares the env each selected container carries with
// what the workload's programs read (contract `consumer: {goSource}`):
// names read and never set are errors unless the contract lists them as
// optional, names set and never read are warnings. Names the contract itself
// wires are left to the contract's own findings, so each problem is reported
// once.
//
// When goSource lists several programs (they run in one container, one the
// child of another), a name set is judged against what they read together,
// and a name read against what the container sets, program by program: each
// read-but-unset finding names the program that reads it.
func Check(cs []*contract.Contract, seen []render.Seen) ([]finding.Finding, error) {
	var out []finding.Finding
	extracted := map[string]*consumer.Result{}
	for _, c := range cs {
		for _, w := range c.Workloads {
			if w.Consumer == nil {
				continue
			}
			var progs []program
			for i, dir := range w.Consumer.ResolvedGoSources() {
				reads, ok := extracted[dir]
				if !ok {
					var err error
					if reads, err = consumer.Extract(dir); err != nil {
						return nil, fmt.Errorf("%s: workload %s: consumer %s: %w", c.Source, w.Name, w.Consumer.GoSource[i], err)
					}
					extracted[dir] = reads
				}
				progs = append(progs, program{dir: dir, reads: reads})
			}
			optional := map[string]string{}
			for _, o := range w.Optional {
				optional[o.Name] = o.Reason
			}
			wired := contractNames(w)
			for _, s := range seen {
				if s.Workload != w.Name {
					continue
				}
				out = append(out, compare(w, progs, optional, wired, s)...)
			}
		}
	}
	return out, nil
}

// program is one goSource and what it reads.
type program struct {
	dir   string
	reads *consumer.Result
}

// at is a location of the program as a path from the working directory.
func (p program) at(l finding.Pos) string {
	l.File = path.Join(filepath.ToSlash(p.dir), l.File)
	return l.String()
}

func compare(w contract.Workload, progs []program, optional map[string]string, wired []string, s render.Seen) []finding.Finding {
	base := finding.Finding{Workload: w.Name, Container: s.Container, Pos: s.Pos}
	var out []finding.Finding
	union := &consumer.Result{}
	dirs := make([]string, len(progs))
	for i, p := range progs {
		union.Reads = append(union.Reads, p.reads.Reads...)
		dirs[i] = p.dir
		readNotSet, _ := consumer.Compare(p.reads, s.Env, optional)
		for _, r := range readNotSet {
			if slices.Contains(wired, r.Name) {
				continue
			}
			f := base
			f.Code, f.Severity, f.Env = finding.ReadNotSet, finding.SeverityError, r.Name
			f.Message = fmt.Sprintf("env %s is read by the program in %s (%s) and never set; set it in the chart or list it under optional: with a reason",
				r.Name, p.dir, p.at(r.Locations[0]))
			out = append(out, f)
		}
	}
	_, setNotRead := consumer.Compare(union, s.Env, optional)
	for _, name := range setNotRead {
		f := base
		f.Code, f.Severity, f.Env = finding.SetNotRead, finding.SeverityWarning, name
		if len(progs) == 1 {
			f.Message = fmt.Sprintf("env %s is set and the program in %s never reads it; a drifted name?", name, dirs[0])
		} else {
			f.Message = fmt.Sprintf("env %s is set and none of the programs in %s reads it; a drifted name?", name, strings.Join(dirs, ", "))
		}
		out = append(out, f)
	}
	for _, p := range progs {
		for _, d := range p.reads.Dynamic {
			f := base
			f.Code, f.Severity = finding.DynamicRead, finding.SeverityInfo
			f.Message = fmt.Sprintf("the program reads an env name not known statically at %s; it was not compared", p.at(d))
			out = append(out, f)
		}
	}
	return out
}

// contractNames are the names the contract wires on a workload: its env
// entries, rename targets and required names.
func contractNames(w contract.Workload) []string {
	names := slices.Clone(w.Require)
	for _, e := range w.Env {
		names = append(names, e.Name)
	}
	for _, r := range w.Rename {
		names = append(names, r.To)
	}
	return names
}
