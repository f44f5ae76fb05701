package contract

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pattern is one pattern of the schema and the matcher that stands for it.
type pattern struct {
	name  string // where it is in the schema
	re    *regexp.Regexp
	valid func(string) bool
}

// schemaPatterns compiles every pattern of the schema file, as
// jsonschema/v6 does (Go regexp), next to its matcher.
func schemaPatterns(t testing.TB) []pattern {
	t.Helper()
	doc := schemaDoc(t)
	var out []pattern
	for ptr, tx := range texts {
		p, ok := schemaAt(t, doc, ptr).(map[string]any)["pattern"].(string)
		if !ok {
			continue
		}
		out = append(out, pattern{name: ptr, re: regexp.MustCompile(p), valid: tx.valid})
	}
	keys := schemaAt(t, doc, "/$defs/match/properties/labels/patternProperties").(map[string]any)
	require.Len(t, keys, 1)
	for p := range keys {
		out = append(out, pattern{name: "label key", re: regexp.MustCompile(p), valid: isLabelKey})
	}
	require.Len(t, out, 9, "every pattern of the schema")
	return out
}

// patternSeeds come close to the edges of the patterns.
var patternSeeds = []string{
	"", "a", "A", "_", "0", "-", ".", "/", "'", " ", "\t", "\n", "\v", "\u00a0", "ä", "\xff", "a\n",
	"abc", "a-b", "a-", "-a", "a.b", "a..b", ".a", "a.", "a_b", "A_1", "1A", "_1", "a b", "a\tb", "a\vb",
	"ab/c", "a.b/c", "a.b/c/d", "/c", "a/", "A/b", "a-.b/c", "a.-b/c", "example.com/Name_1.x",
	"metadata.name", "metadata.namespace", "metadata.uid", "metadata.labels", "metadata.labels['a']",
	"metadata.annotations['a/b.c']", "metadata.labels['']", "metadata.labels[']", "metadata.labels['a'b']",
	"metadata.labels['a']']", "metadata.labels['a'] ", "spec.nodeName", "spec.serviceAccountName",
	"status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs", "status.podIPx", "spec.containers",
	"mcp.giteaBaseURL", "mcp.storage.s3Region", "a.b.c.d", "ä.ö", "a\u2028b",
}

func TestPatternsMatchSchema(t *testing.T) {
	for _, p := range schemaPatterns(t) {
		for _, s := range patternSeeds {
			assert.Equal(t, p.re.MatchString(s), p.valid(s), "%s on %q", p.name, s)
		}
	}
}

func FuzzPatternsMatchSchema(f *testing.F) {
	for _, s := range patternSeeds {
		f.Add(s)
	}
	patterns := schemaPatterns(f)
	f.Fuzz(func(t *testing.T, s string) {
		for _, p := range patterns {
			if p.re.MatchString(s) != p.valid(s) {
				t.Errorf("%s on %q: schema %v, matcher %v", p.name, s, p.re.MatchString(s), p.valid(s))
			}
			// The same string inside a longer one: the anchors must hold.
			for _, wrapped := range []string{"x" + s, s + "\n", strings.Repeat(s, 2)} {
				if p.re.MatchString(wrapped) != p.valid(wrapped) {
					t.Errorf("%s on %q: schema %v, matcher %v", p.name, wrapped, p.re.MatchString(wrapped), p.valid(wrapped))
				}
			}
		}
	})
}
