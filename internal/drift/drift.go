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
	"slices"

	"github.com/openova/envcontract/internal/consumer"
	"github.com/openova/envcontract/internal/contract"
	"github.com/openova/envcontract/internal/finding"
	"github.com/openova/envcontract/internal/render"
)

// Check compares the env each selected container carries with
// what the workload's program reads (contract `consumer: {goSource}`):
// names read and never set are errors unless the contract lists them as
// optional, names set and never read are warnings. Names the contract itself
// wires are left to the contract's own findings, so each problem is reported
// once.
func Check(cs []*contract.Contract, seen []render.Seen) ([]finding.Finding, error) {
	var out []finding.Finding
	extracted := map[string]*consumer.Result{}
	for _, c := range cs {
		for _, w := range c.Workloads {
			if w.Consumer == nil {
				continue
			}
			dir := w.Consumer.ResolvedGoSource()
			reads, ok := extracted[dir]
			if !ok {
				var err error
				if reads, err = consumer.Extract(dir); err != nil {
					return nil, fmt.Errorf("%s: workload %s: consumer %s: %w", c.Source, w.Name, w.Consumer.GoSource, err)
				}
				extracted[dir] = reads
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
				out = append(out, compare(w, dir, reads, optional, wired, s)...)
			}
		}
	}
	return out, nil
}

func compare(w contract.Workload, dir string, reads *consumer.Result, optional map[string]string, wired []string, s render.Seen) []finding.Finding {
	base := finding.Finding{Workload: w.Name, Container: s.Container, Pos: s.Pos}
	var out []finding.Finding
	readNotSet, setNotRead := consumer.Compare(reads, s.Env, optional)
	for _, r := range readNotSet {
		if slices.Contains(wired, r.Name) {
			continue
		}
		f := base
		f.Code, f.Severity, f.Env = finding.ReadNotSet, finding.SeverityError, r.Name
		f.Message = fmt.Sprintf("env %s is read by the program (%s/%s) and never set; set it in the chart or list it under optional: with a reason",
			r.Name, dir, r.Locations[0])
		out = append(out, f)
	}
	for _, name := range setNotRead {
		f := base
		f.Code, f.Severity, f.Env = finding.SetNotRead, finding.SeverityWarning, name
		f.Message = fmt.Sprintf("env %s is set and the program in %s never reads it; a drifted name?", name, dir)
		out = append(out, f)
	}
	for _, d := range reads.Dynamic {
		f := base
		f.Code, f.Severity = finding.DynamicRead, finding.SeverityInfo
		f.Message = fmt.Sprintf("the program reads an env name not known statically at %s/%s; it was not compared", dir, d)
		out = append(out, f)
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
