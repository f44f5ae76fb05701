package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/url"

	"github.com/openova/envcontract/internal/finding"
)

// sarifSchemaURI is the schema of SARIF 2.1.0 with its errata, the version
// GitHub code scanning reads; schema/sarif-2.1.0.json is a copy of it.
const sarifSchemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

// The types below are the part of the SARIF 2.1.0 object model the report
// fills in; field names are the spec's.
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name    string      `json:"name"`
	Version string      `json:"version,omitempty"`
	Rules   []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID               string       `json:"id"`
	ShortDescription sarifMessage `json:"shortDescription"`
	Help             sarifMessage `json:"help"`
}

type sarifMessage struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID     string           `json:"ruleId"`
	RuleIndex  int              `json:"ruleIndex"`
	Level      string           `json:"level"`
	Message    sarifMessage     `json:"message"`
	Locations  []sarifLocation  `json:"locations,omitempty"`
	Properties *sarifProperties `json:"properties,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysicalLocation `json:"physicalLocation"`
}

type sarifPhysicalLocation struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           *sarifRegion          `json:"region,omitempty"`
}

type sarifArtifactLocation struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
}

// sarifProperties keeps what SARIF has no field for, so that tools reading
// the log can still group by workload or object.
type sarifProperties struct {
	Workload  string `json:"workload,omitempty"`
	Object    string `json:"object,omitempty"`
	Container string `json:"container,omitempty"`
	Env       string `json:"env,omitempty"`
	Pointer   string `json:"pointer,omitempty"`
	Document  *int   `json:"document,omitempty"`
}

var sarifLevel = map[finding.Severity]string{
	finding.SeverityError:   "error",
	finding.SeverityWarning: "warning",
	finding.SeverityInfo:    "note",
}

// writeSARIF writes the log a result at a time: the log without results is
// encoded first, and the results go where it says "results": [], each
// encoded alone at the indentation encodeJSON would give it. The bytes are
// those of encodeJSON on the whole log, without ever holding all results,
// or their JSON, at once (a check of 20,000 drifted documents writes 300 MB
// of SARIF).
func writeSARIF(w io.Writer, _ Report, fs ordered, opts Options) error {
	rules, index := rulesFor(fs)
	driver := sarifDriver{Name: "envcontract", Version: opts.Version, Rules: make([]sarifRule, len(rules))}
	for i, rule := range rules {
		driver.Rules[i] = sarifRule{
			ID:               string(rule.Code),
			ShortDescription: sarifMessage{Text: rule.Short},
			Help:             sarifMessage{Text: rule.Help},
		}
	}
	var frame bytes.Buffer
	if err := encodeJSON(&frame, sarifLog{
		Schema:  sarifSchemaURI,
		Version: "2.1.0",
		Runs:    []sarifRun{{Tool: sarifTool{Driver: driver}, Results: []sarifResult{}}},
	}); err != nil {
		return err
	}
	if fs.Len() == 0 {
		_, err := w.Write(frame.Bytes())
		return err
	}
	// The key cannot occur in a string of the frame: there its quotes are
	// escaped. Results are the last field of the one run.
	at := bytes.LastIndex(frame.Bytes(), []byte(sarifResultsKey))
	if at < 0 {
		return errors.New("SARIF: no results in the encoded log")
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.Write(frame.Bytes()[:at+len(sarifResultsKey)-1]) // up to and with "["
	var item bytes.Buffer
	enc := json.NewEncoder(&item)
	enc.SetIndent(sarifResultIndent, "  ")
	enc.SetEscapeHTML(false)
	for i := range fs.Len() {
		item.Reset()
		if err := enc.Encode(sarifResultOf(fs.At(i), index)); err != nil {
			return err
		}
		if i > 0 {
			bw.WriteByte(',')
		}
		bw.WriteString("\n" + sarifResultIndent)
		bw.Write(bytes.TrimSuffix(item.Bytes(), []byte("\n")))
	}
	bw.WriteString("\n" + sarifResultIndent[len("  "):] + "]")
	bw.Write(frame.Bytes()[at+len(sarifResultsKey):])
	return bw.Flush()
}

// sarifResultsKey is the empty results array as encodeJSON writes it, and
// sarifResultIndent the indentation of an element of it (log, runs, run,
// results: four levels).
const (
	sarifResultsKey   = `"results": []`
	sarifResultIndent = "        "
)

func sarifResultOf(f finding.Finding, index map[finding.Code]int) sarifResult {
	props := &sarifProperties{
		Workload: f.Workload, Object: f.Pos.Object, Container: f.Container, Env: f.Env, Pointer: f.Pos.Pointer,
	}
	if f.Pos.Doc >= 0 {
		props.Document = &f.Pos.Doc
	}
	res := sarifResult{
		RuleID:     string(f.Code),
		RuleIndex:  index[f.Code],
		Level:      sarifLevel[f.Severity],
		Message:    sarifMessage{Text: describe(f)},
		Properties: props,
	}
	// A finding without a file has no physical location: SARIF has
	// nothing to point at, and its document index is kept above.
	if f.Pos.File != "" {
		loc := sarifLocation{PhysicalLocation: sarifPhysicalLocation{
			ArtifactLocation: sarifArtifactLocation{URI: fileURI(f.Pos.File)},
		}}
		if f.Pos.Line > 0 {
			loc.PhysicalLocation.Region = &sarifRegion{StartLine: f.Pos.Line, StartColumn: f.Pos.Col}
		}
		res.Locations = []sarifLocation{loc}
	}
	return res
}

// rulesFor returns every documented rule, then a rule for each code in fs
// that is not documented, in the order they come, and the index of each
// code.
func rulesFor(fs ordered) ([]finding.Rule, map[finding.Code]int) {
	out := append([]finding.Rule(nil), finding.Rules...)
	index := make(map[finding.Code]int, len(out))
	for i, r := range out {
		index[r.Code] = i
	}
	for i := range fs.Len() {
		if c := fs.code(i); !has(index, c) {
			index[c] = len(out)
			out = append(out, finding.RuleFor(c))
		}
	}
	return out, index
}

func has(index map[finding.Code]int, c finding.Code) bool {
	_, ok := index[c]
	return ok
}

// fileURI makes a relative URI reference of a path: spaces and other
// characters a URI cannot hold are percent-encoded, slashes are kept.
func fileURI(path string) string {
	return (&url.URL{Path: path}).String()
}
