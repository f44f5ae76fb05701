package values

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/pflag"
	"helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/chart/loader"
	"helm.sh/helm/v3/pkg/strvals"
	kyaml "sigs.k8s.io/kustomize/kyaml/yaml"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/openova/envcontract/internal/finding"
	"github.com/openova/envcontract/internal/stream"
	"github.com/openova/envcontract/internal/yamlnode"
)

// Origin names for values that come from the command line rather than a file.
const (
	OriginSetJSON    = "--set-json"
	OriginSet        = "--set"
	OriginSetString  = "--set-string"
	OriginSetFile    = "--set-file"
	OriginSetLiteral = "--set-literal"
)

// ErrRemoteValues is returned for a values file given as a URL: envcontract
// never reads the network.
var ErrRemoteValues = errors.New("remote values files are not read")

// ErrStdinTaken is returned for "-" as a values file or --set-file path
// when Options.StdinTaken says standard input holds something else: the
// post-renderer's manifests, which Helm 3 would otherwise read as values,
// leaving an empty release that deletes every object.
var ErrStdinTaken = errors.New("the post-renderer reads the manifests on its standard input and cannot " +
	"read values there too; write the values to a file")

// ErrSetSyntax is returned for a --set family item Helm cannot parse. The
// message names the flag, the item and its key, never the value.
var ErrSetSyntax = errors.New("expected KEY=VALUE[,KEY=VALUE...] in Helm's syntax (value not shown)")

// Options are Helm's value flags. The zero value loads nothing and yields an
// empty map.
type Options struct {
	Chart         string   // --chart: chart directory or archive; its values.yaml is the base
	ValueFiles    []string // -f/--values, merged in order; "-" is standard input
	Values        []string // --set
	StringValues  []string // --set-string
	FileValues    []string // --set-file
	JSONValues    []string // --set-json
	LiteralValues []string // --set-literal

	// Layers are merged after the chart's defaults and before ValueFiles,
	// the way helm-controller hands a HelmRelease's spec.values to Helm.
	Layers []Layer
	// Stdin is read for a values file named "-"; nil means os.Stdin.
	Stdin io.Reader
	// StdinTaken refuses "-" (ErrStdinTaken): standard input holds the
	// manifests.
	StdinTaken bool
	// Coalesce merges the user's values over the chart's; nil is Coalesce,
	// which refuses a chart with dependencies.
	Coalesce Coalescer
	// Defaults stand in for the chart's values when Chart is empty (a
	// values schema's defaults, say): the user's values are coalesced over
	// them as over a chart's, so a null deletes a default there too.
	// DefaultsName names them in positions.
	Defaults     map[string]any
	DefaultsName string
}

// Layer is a values document that is already parsed, such as the
// spec.values of a HelmRelease after Flux substitution.
type Layer struct {
	Name   string         // the file named in positions
	Values map[string]any // what the consumer (Helm, Flux) reads
	Node   *kyaml.Node    // optional: the document the values sit in, for positions
	Prefix string         // JSON pointer of the values inside Node, e.g. "/spec/values"
}

// Loaded is the result of Load with positions: the merged values, the chart
// they were coalesced with (nil without one), and where every value came from.
type Loaded struct {
	Values map[string]any
	Chart  *chart.Chart
	// Warnings are what Helm's coalesce warned about (CoalesceFindings
	// places them).
	Warnings []Warning
	origins  *origins
}

// Origin returns where the value at pointer (or its nearest ancestor with a
// known position) came from.
func (l *Loaded) Origin(pointer string) (finding.Pos, bool) {
	if l == nil || l.origins == nil {
		return finding.Pos{}, false
	}
	return l.origins.lookup(pointer)
}

// AddFlags registers Helm's value flags (-f/--values, --set, --set-string,
// --set-file) and --chart on fs, with Helm's splitting rules: -f splits on
// commas, the --set family is repeated instead.
func AddFlags(fs *pflag.FlagSet, o *Options) {
	fs.StringVar(&o.Chart, "chart", o.Chart, "chart directory or archive whose values.yaml is merged first, as Helm does")
	fs.StringSliceVarP(&o.ValueFiles, "values", "f", o.ValueFiles, "values YAML file (can specify multiple; '-' reads standard input)")
	fs.StringArrayVar(&o.Values, "set", o.Values, "set values on the command line (Helm syntax: key1=val1,key2=val2)")
	fs.StringArrayVar(&o.StringValues, "set-string", o.StringValues, "set STRING values on the command line (Helm syntax)")
	fs.StringArrayVar(&o.FileValues, "set-file", o.FileValues, "set values from files (Helm syntax: key1=path1)")
	fs.StringArrayVar(&o.JSONValues, "set-json", o.JSONValues, "set JSON values on the command line (Helm syntax: key1=jsonval1,key2=jsonval2)")
	fs.StringArrayVar(&o.LiteralValues, "set-literal", o.LiteralValues, "set a literal STRING value on the command line (Helm syntax)")
}

// Load returns the values Helm would render with: the chart's values.yaml
// (and its subcharts', after conditions, tags and import-values) coalesced
// under the -f files in order, then --set-json, --set, --set-string,
// --set-file and --set-literal,
// parsed by Helm's own strvals. A null deletes the chart default, as in Helm.
func Load(o Options) (map[string]any, error) {
	l, err := LoadWithOrigins(o)
	if err != nil {
		return nil, err
	}
	return l.Values, nil
}

// LoadWithOrigins is Load keeping the position of every value.
func LoadWithOrigins(o Options) (*Loaded, error) {
	l := &Loaded{origins: &origins{}}
	user := map[string]any{}
	var userOrigins origins

	for _, layer := range o.Layers {
		user = mergeMaps(user, layer.Values)
		if n := locateExact(layer.Node, layer.Prefix); n != nil {
			userOrigins.recordNode(layer.Name, n, nil)
		} else {
			userOrigins.recordValue(layer.Name, layer.Values, nil)
		}
	}
	for _, f := range o.ValueFiles {
		vals, node, name, err := readValuesFile(f, o)
		if err != nil {
			return nil, err
		}
		user = mergeMaps(user, vals)
		userOrigins.recordNode(name, node, nil)
	}
	if err := applySets(o, user, &userOrigins); err != nil {
		return nil, err
	}

	if o.Chart == "" && o.Defaults == nil {
		l.Values, l.origins = user, &userOrigins
		return l, nil
	}
	if o.Chart == "" {
		vals, warns, err := Coalesce(&chart.Chart{Metadata: &chart.Metadata{Name: o.DefaultsName}, Values: o.Defaults}, user)
		if err != nil {
			return nil, err
		}
		l.origins.recordValue(o.DefaultsName, o.Defaults, nil)
		l.origins.graft(&userOrigins)
		l.Values, l.Warnings = vals, warns
		return l, nil
	}
	if err := chartPath(o.Chart); err != nil {
		return nil, err
	}
	chrt, err := loader.Load(o.Chart)
	if err != nil {
		return nil, fmt.Errorf("loading chart %q: %w", o.Chart, yamlnode.RedactError(err))
	}
	coalesce := o.Coalesce
	if coalesce == nil {
		coalesce = Coalesce
	}
	vals, warns, err := coalesce(chrt, user)
	if err != nil {
		return nil, fmt.Errorf("coalescing values with chart %q: %w", o.Chart, err)
	}
	l.Warnings = warns
	if err := recordChart(l.origins, o.Chart, chrt, nil); err != nil {
		return nil, err
	}
	l.origins.graft(&userOrigins)
	l.Values, l.Chart = vals, chrt
	return l, nil
}

// applySets mirrors the --set part of Helm's values.Options.MergeValues
// (helm.sh/helm/v3/pkg/cli/values): --set-json, --set, --set-string,
// --set-file, then --set-literal, each parsed by strvals into the merged map.
func applySets(o Options, base map[string]any, orig *origins) error {
	type set struct {
		name  string
		items []string
		parse func(string, map[string]any) error
	}
	var fileErr error // a --set-file file that cannot be read, as it is
	readFile := func(rs []rune) (any, error) {
		b, err := readFile(string(rs), o)
		fileErr = err
		return string(b), err
	}
	sets := []set{
		{OriginSetJSON, o.JSONValues, strvals.ParseJSON},
		{OriginSet, o.Values, strvals.ParseInto},
		{OriginSetString, o.StringValues, strvals.ParseIntoString},
		{OriginSetFile, o.FileValues, func(s string, m map[string]any) error { return strvals.ParseIntoFile(s, m, readFile) }},
		{OriginSetLiteral, o.LiteralValues, strvals.ParseLiteralInto},
	}
	for _, s := range sets {
		for i, item := range s.items {
			fileErr = nil
			if err := s.parse(item, base); err != nil {
				return setError(s.name, i+1, item, fileErr)
			}
			// Parsing the item alone tells which paths it set; its values
			// are never kept, so --set-file reads nothing twice.
			alone := map[string]any{}
			noRead := func([]rune) (any, error) { return "", nil }
			var err error
			if s.name == OriginSetFile {
				err = strvals.ParseIntoFile(item, alone, noRead)
			} else {
				err = s.parse(item, alone)
			}
			if err == nil {
				orig.recordValue(s.name, alone, nil)
			}
		}
	}
	return nil
}

// chartPath refuses a chart that is neither a directory nor a regular
// file (an archive) before Helm's loader opens it: a FIFO would block.
func chartPath(path string) error {
	fi, err := os.Stat(path)
	if err != nil || fi.IsDir() || fi.Mode().IsRegular() {
		return nil // the loader says what is missing
	}
	return fmt.Errorf("chart %s: %w (%s); give a chart directory or archive", path, stream.ErrNotRegular, stream.FileKind(fi.Mode()))
}

// setError is the error for item n of flag. Helm's strvals quotes the
// item in its errors, and an item is often a secret (--set token=...), so
// its text is dropped: the message keeps the flag, the item number and the
// key before the first "=" (a key is not a secret). An unreadable
// --set-file file is fileErr, which names the file.
func setError(flag string, n int, item string, fileErr error) error {
	where := fmt.Sprintf("%s item %d", flag, n)
	if key, _, ok := strings.Cut(item, "="); ok && !strings.Contains(key, ",") {
		where += fmt.Sprintf(" (key %q)", key)
	}
	if fileErr != nil {
		return fmt.Errorf("%s: %w", where, fileErr)
	}
	return fmt.Errorf("%s: %w", where, ErrSetSyntax)
}

// readValuesFile reads a -f file as Helm does (sigs.k8s.io/yaml, so YAML 1.1
// typing) and also as a node for positions and duplicate-key rejection.
func readValuesFile(path string, o Options) (map[string]any, *kyaml.Node, string, error) {
	name := path
	if strings.TrimSpace(path) == "-" {
		name = "<stdin>"
	}
	data, err := readFile(path, o)
	if errors.Is(err, ErrStdinTaken) {
		return nil, nil, name, fmt.Errorf("-f %s: %w", path, err)
	}
	if err != nil {
		return nil, nil, name, err
	}
	node, err := yamlnode.Decode(data)
	if err != nil {
		return nil, nil, name, fmt.Errorf("%s: %w", name, err)
	}
	vals := map[string]any{}
	if err := sigsyaml.Unmarshal(data, &vals); err != nil {
		return nil, nil, name, fmt.Errorf("%s: %w", name, readError(node, err))
	}
	if vals == nil {
		vals = map[string]any{}
	}
	return vals, node, name, nil
}

// readFile reads a values or --set-file file, or standard input for "-",
// with the input limit of stream.Read. Only regular files are opened: a
// FIFO would block and a device such as /dev/zero never ends.
func readFile(path string, o Options) ([]byte, error) {
	if strings.TrimSpace(path) == "-" {
		if o.StdinTaken {
			return nil, ErrStdinTaken
		}
		stdin := o.Stdin
		if stdin == nil {
			stdin = os.Stdin
		}
		data, err := stream.Read(stdin, stream.DefaultMaxBytes)
		if err != nil {
			return nil, fmt.Errorf("reading values from standard input: %w", err)
		}
		return data, nil
	}
	if u, err := url.Parse(path); err == nil && len(u.Scheme) > 1 && u.Scheme != "file" {
		return nil, fmt.Errorf("%q: %w; download it and pass the local file", path, ErrRemoteValues)
	}
	data, err := stream.ReadFile(path, stream.DefaultMaxBytes)
	if err != nil {
		return nil, fmt.Errorf("reading values: %w", err)
	}
	return data, nil
}

// mergeMaps is Helm's merge of -f files (pkg/cli/values): maps merge
// recursively, everything else from b replaces a.
func mergeMaps(a, b map[string]any) map[string]any {
	out := make(map[string]any, len(a))
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		if v, ok := v.(map[string]any); ok {
			if bv, ok := out[k]; ok {
				if bv, ok := bv.(map[string]any); ok {
					out[k] = mergeMaps(bv, v)
					continue
				}
			}
		}
		out[k] = v
	}
	return out
}

// recordChart records the positions of the chart's values.yaml and of its
// remaining subcharts', each under the subchart's key.
func recordChart(t *origins, root string, c *chart.Chart, path []string) error {
	for _, f := range c.Raw {
		if f.Name != "values.yaml" {
			continue
		}
		name := filepath.Join(append(append([]string{root}, chartDirs(path)...), "values.yaml")...)
		node, err := yamlnode.Decode(f.Data)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		t.recordNode(name, node, path)
	}
	for _, sub := range c.Dependencies() {
		if err := recordChart(t, root, sub, appendPath(path, sub.Name())); err != nil {
			return err
		}
	}
	return nil
}

func chartDirs(path []string) []string {
	var out []string
	for _, p := range path {
		out = append(out, "charts", p)
	}
	return out
}

// locateExact returns the node at pointer in doc, or nil when any part of
// the way is missing (yamlnode.Locate would stop at the nearest parent).
func locateExact(doc *kyaml.Node, pointer string) *kyaml.Node {
	n := doc
	if n != nil && n.Kind == kyaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	return yamlnode.Lookup(n, yamlnode.SplitPointer(pointer)...)
}
