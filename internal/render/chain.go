package render

import (
	"fmt"
	"slices"

	"github.com/openova/envcontract/internal/finding"
)

// renameChain reports two workloads that select the same object and a
// container of it (by their containers lists; an empty list is every
// container) whose renames meet: one renames to a name the other renames
// away. internal/contract refuses that within one workload; across
// workloads, usually of two contracts given together, it can only be seen
// at an object both select. Run one after the other, a cycle (A→B, B→A)
// swaps two values and a chain (A→B, B→C) passes one on, depending on the
// order of the -c flags and silently but for -v; so the object is refused
// with an error finding, which keeps render's stdout empty.
func renameChain(hits []hit, obj object) (finding.Finding, bool) {
	for i, a := range hits {
		for _, b := range hits[i+1:] {
			ctr, ok := sharedContainer(a.w.Containers, b.w.Containers)
			if !ok {
				continue
			}
			for _, ra := range a.w.Rename {
				for _, rb := range b.w.Rename {
					first, second, x, y := ra, rb, a, b
					switch {
					case ra.To == rb.From:
					case rb.To == ra.From:
						first, second, x, y = rb, ra, b, a
					default:
						continue
					}
					what, why := "chain", fmt.Sprintf("together they pass %s on to %s, or not, depending on which runs first; keep the rename in one contract (rename %s to %s directly)", first.From, second.To, first.From, second.To)
					if first.From == second.To {
						what, why = "cycle", "together they swap the two values, depending on which runs first; keep the rename in one contract, in one direction"
					}
					return finding.Finding{
						Code: finding.RenameChain, Severity: finding.SeverityError, Workload: x.w.Name, Container: ctr,
						Pos: finding.Pos{Object: obj.o.String(), Line: obj.rn.YNode().Line},
						Message: fmt.Sprintf("rename %s on %s: %s→%s (%s:%d, workload %s) and %s→%s (%s:%d, workload %s); %s",
							what, containerPhrase(ctr), first.From, first.To, x.c.Source, first.Line, x.w.Name,
							second.From, second.To, y.c.Source, second.Line, y.w.Name, why),
					}, true
				}
			}
		}
	}
	return finding.Finding{}, false
}

// sharedContainer says whether two containers lists select a container in
// common, and names it when one of them names it.
func sharedContainer(a, b []string) (string, bool) {
	switch {
	case len(a) == 0 && len(b) == 0:
		return "", true
	case len(a) == 0:
		return b[0], true
	case len(b) == 0:
		return a[0], true
	}
	for _, n := range a {
		if slices.Contains(b, n) {
			return n, true
		}
	}
	return "", false
}

func containerPhrase(name string) string {
	if name == "" {
		return "every container"
	}
	return "container " + name
}
