package render

import (
	"slices"

	"github.com/openova/envcontract/internal/finding"
)

// maxInterned bounds the strings an interner keeps: findings whose text is
// unique cost a map entry each and share nothing.
const maxInterned = 1 << 16

// interner shares equal strings among the findings of a run. The findings
// of 20,000 edited documents repeat a few dozen messages and names 340,000
// times, each built anew (fmt.Sprintf, strings.Replace): 24 MB of copies
// (BENCHMARKS.md, "Memory on big inputs").
type interner map[string]string

func (in interner) str(s string) string {
	if s == "" {
		return s
	}
	if t, ok := in[s]; ok {
		return t
	}
	if len(in) < maxInterned {
		in[s] = s
	}
	return s
}

// finding returns f with its strings shared.
func (in interner) finding(f finding.Finding) finding.Finding {
	f.Workload, f.Container, f.Env = in.str(f.Workload), in.str(f.Container), in.str(f.Env)
	f.Message, f.Schema = in.str(f.Message), in.str(f.Schema)
	f.Pos.File, f.Pos.Object, f.Pos.Pointer = in.str(f.Pos.File), in.str(f.Pos.Object), in.str(f.Pos.Pointer)
	return f
}

// growFindings makes room in fs for n more findings, of document done of
// total. When fs must grow after 64 documents, it grows to what the
// documents so far say the whole input makes, and a little (at most 8
// times its length), instead of by a quarter at a time: the findings of
// 20,000 edited documents are 68 MB, and each growth holds the old array
// and the new one at once (54 and 68 MB in the last one).
func growFindings(fs []finding.Finding, n, done, total int) []finding.Finding {
	if len(fs)+n <= cap(fs) || done < 64 {
		return fs
	}
	want := len(fs) * total / done
	want = min(want+want/64+16, 8*len(fs))
	return slices.Grow(fs, max(want-len(fs), n))
}
