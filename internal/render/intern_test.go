package render

import (
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"

	"github.com/openova/envcontract/internal/finding"
)

func TestInternerSharesEqualStrings(t *testing.T) {
	strs := interner{}
	msg := func() string { return strings.Repeat("env ORG_ID must be renamed", 1) + " to SANDBOX_ORG_ID" }
	a := strs.finding(finding.Finding{Message: msg(), Env: "ORG_ID", Pos: finding.Pos{Object: "Deployment/x"}})
	b := strs.finding(finding.Finding{Message: msg(), Env: "ORG_ID", Pos: finding.Pos{Object: "Deployment/x"}})
	assert.Equal(t, a, b)
	assert.Same(t, unsafe.StringData(a.Message), unsafe.StringData(b.Message), "one copy of the message")
	assert.Same(t, unsafe.StringData(a.Pos.Object), unsafe.StringData(b.Pos.Object))

	for i := range maxInterned + 10 {
		strs.str(strconv.Itoa(i))
	}
	assert.Len(t, strs, maxInterned, "bounded")
}

func TestGrowFindings(t *testing.T) {
	fs := make([]finding.Finding, 100)
	assert.Equal(t, 100, cap(growFindings(fs, 0, 99, 1000)), "room enough")
	assert.Equal(t, 100, cap(growFindings(fs, 5, 10, 1000)), "before 64 documents, append grows it")

	got := growFindings(fs, 5, 100, 400)
	assert.GreaterOrEqual(t, cap(got), 400, "what 400 documents make at the rate of the first 100")
	assert.LessOrEqual(t, cap(got), 512, "and a little")
	assert.Equal(t, 100, len(got))

	got = growFindings(fs, 5, 100, 1_000_000)
	assert.GreaterOrEqual(t, cap(got), 105)
	assert.LessOrEqual(t, cap(got), 8*100+100, "never more than 8 times as many at once")

	got = growFindings(fs, 5000, 100, 200)
	assert.GreaterOrEqual(t, cap(got), 5100, "always room for the document's findings")
}
