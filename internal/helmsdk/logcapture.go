package helmsdk

import (
	"bytes"
	"log"
	"regexp"
	"strings"
	"sync"

	"github.com/openova/envcontract/internal/values"
)

// logMu serialises the capture of the standard logger, which is global.
var logMu sync.Mutex

// captureLog runs f with the standard logger writing into a buffer, and
// returns the lines logged. Helm's chartutil logs its coalesce and dependency
// warnings with log.Printf; without this they reach stderr as raw lines
// ("coalesce.go:319: warning: destination for … is a table").
func captureLog(f func() error) ([]string, error) {
	logMu.Lock()
	defer logMu.Unlock()
	var buf bytes.Buffer
	w, flags, prefix := log.Writer(), log.Flags(), log.Prefix()
	defer func() { log.SetOutput(w); log.SetFlags(flags); log.SetPrefix(prefix) }()
	log.SetOutput(&buf)
	log.SetFlags(0)
	log.SetPrefix("")

	err := f()
	var lines []string
	for l := range strings.SplitSeq(buf.String(), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	return lines, err
}

// The warnings of chartutil's coalesce. The key is the chart's name, then
// the path, joined with dots; the value quoted after it is never kept.
var (
	reSkipped     = regexp.MustCompile(`^warning: skipped value for (\S+): Not a table\.$`)
	reDestination = regexp.MustCompile(`^warning: destination for (\S+) is a table\. Ignoring non-table value`)
	reOverwrite   = regexp.MustCompile(`^warning: cannot overwrite table with non table for (\S+) \(`)
	reQuoted      = regexp.MustCompile(`\s*\(.*$`)
)

// parseWarnings turns Helm's log lines into warnings. A key of the chart
// chartName ("sandbox.runtime.x") becomes the path [runtime x]; a key with
// dots inside it cannot be told apart, which is why package values finds
// the same warnings on the values themselves for a chart without
// dependencies. A line of another form is kept as text, without the
// value in parentheses Helm quotes.
func parseWarnings(chartName string, lines []string) []values.Warning {
	var out []values.Warning
	for _, l := range lines {
		var kind values.WarningKind
		var key string
		switch {
		case reSkipped.MatchString(l):
			kind, key = values.MapOverScalar, reSkipped.FindStringSubmatch(l)[1]
		case reDestination.MatchString(l):
			kind, key = values.MapOverScalar, reDestination.FindStringSubmatch(l)[1]
		case reOverwrite.MatchString(l):
			kind, key = values.ScalarOverMap, reOverwrite.FindStringSubmatch(l)[1]
		default:
			out = append(out, values.Warning{Kind: values.Other, Text: reQuoted.ReplaceAllString(l, "")})
			continue
		}
		path := strings.Split(key, ".")
		if len(path) > 1 && path[0] == chartName {
			path = path[1:]
		}
		out = append(out, values.Warning{Kind: kind, Path: path})
	}
	values.SortWarnings(out)
	return out
}
