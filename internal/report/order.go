package report

import (
	"slices"

	"github.com/openova/envcontract/internal/finding"
)

// ordered is a report's findings in the one order, each redacted as a
// writer reads it: the order of their redacted copies (finding.CompareShown),
// without the copies. A check of 20,000 drifted documents has 340,000
// findings; a sorted, redacted copy of them all was 90 MB besides the
// findings themselves (BENCHMARKS.md, "Memory on big inputs").
type ordered struct {
	fs    []finding.Finding // as the command gave them
	order []int             // indices into fs, in the order to write
}

// orderOf sorts indices into fs, stably: findings equal in the order keep
// theirs, as the sort of a copy did. fs is neither copied nor changed.
func orderOf(fs []finding.Finding) ordered {
	o := ordered{fs: fs, order: make([]int, len(fs))}
	for i := range o.order {
		o.order[i] = i
	}
	slices.SortStableFunc(o.order, func(a, b int) int { return finding.CompareShown(&fs[a], &fs[b]) })
	return o
}

// Len is the number of findings.
func (o ordered) Len() int { return len(o.order) }

// At is the i-th finding in order, redacted.
func (o ordered) At(i int) finding.Finding { return o.fs[o.order[i]].Redacted() }

// code is the i-th finding's code, which redaction does not change.
func (o ordered) code(i int) finding.Code { return o.fs[o.order[i]].Code }

// Copy returns the findings in order, redacted, for writers that encode
// them as one value.
func (o ordered) Copy() []finding.Finding {
	out := make([]finding.Finding, o.Len())
	for i := range out {
		out[i] = o.At(i)
	}
	return out
}
