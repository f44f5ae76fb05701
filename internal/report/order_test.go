package report

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/openova/envcontract/internal/finding"
)

// The order of indices Write uses is that of sorting redacted copies, which
// Write did before: ties are kept in input order, and messages compare as
// they are shown.
func TestOrderIsThatOfSortedRedactedCopies(t *testing.T) {
	at := func(line int) finding.Pos { return finding.Pos{File: "a.yaml", Line: line} }
	fs := []finding.Finding{
		{Code: finding.Renamed, Pos: at(3), Env: "B", Message: "b"},
		finding.Finding{Code: finding.Renamed, Pos: at(3), Env: "A", Message: "zzz shown last, sorted first"}.Hide("zzz shown last, sorted first"),
		{Code: finding.Renamed, Pos: at(3), Env: "A", Message: "abc"},
		{Code: finding.Renamed, Pos: at(3), Env: "A", Message: "`quoted` value"},
		{Code: finding.Missing, Pos: at(1), Message: "same"},
		{Code: finding.Missing, Pos: at(1), Message: "same", Workload: "second of two equal"},
		{Code: finding.Injected, Pos: at(2), Message: "x"},
		{Code: finding.Missing, Pos: at(1), Message: "same", Workload: "third of three equal"},
	}
	want := make([]finding.Finding, len(fs))
	for i, f := range fs {
		want[i] = f.Redacted()
	}
	finding.Sort(want)

	got := orderOf(fs).Copy()
	assert.Equal(t, want, got)
	assert.Equal(t, "(value not shown)", got[4].Message, "a hidden message sorts as shown")
	assert.Equal(t, "(value not shown) value", got[5].Message)
	assert.Equal(t, "abc", got[6].Message)
	assert.Equal(t, []string{"", "second of two equal", "third of three equal"},
		[]string{got[0].Workload, got[1].Workload, got[2].Workload}, "equal findings keep their order")
	assert.Equal(t, "zzz shown last, sorted first", fs[1].Message, "the caller's findings are left alone")
}
