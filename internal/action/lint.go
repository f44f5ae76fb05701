package action

import (
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"

	"helm.sh/helm/v3/pkg/chart"
	"helm.sh/helm/v3/pkg/chart/loader"

	"github.com/openova/envcontract/internal/exitcode"
	"github.com/openova/envcontract/internal/finding"
	"github.com/openova/envcontract/internal/lint"
	"github.com/openova/envcontract/internal/report"
	"github.com/openova/envcontract/internal/stream"
	"github.com/openova/envcontract/internal/valueschema"
	"github.com/openova/envcontract/schema"
)

// Lint is `envcontract lint CHART`: the chart values its templates use
// against its values schema.
type Lint struct {
	Chart  string // a chart directory or archive
	Schema string // --schema: a schema file instead of the chart's or the built-in one
	// FailOn is the lowest severity that fails the run: error (also when
	// unset), or warning to fail on dead and merely undescribed values too.
	FailOn finding.Severity
}

// Run lints the chart's own templates; its subcharts' are read only for the
// helpers they define, which the chart may include. The schema is
// --schema, else the chart's values.schema.json, else the built-in
// bp-sandbox schema; a note on stderr says which one ran. The error is of
// class findings when a finding reaches FailOn, usage when the chart or the
// schema cannot be read or a template does not parse.
func (o *Lint) Run(context.Context) (*Result, error) {
	chrt, err := loader.Load(o.Chart)
	if err != nil {
		return nil, exitcode.UsageError(fmt.Errorf("loading chart %q: %w", o.Chart, err))
	}
	opts := lint.Options{}
	if opts.Schema, opts.SchemaFile, err = o.schema(chrt.Schema, chrt.Metadata.Version); err != nil {
		return nil, exitcode.UsageError(err)
	}
	opts.Templates = templates(chrt, "", o.Chart, isDir(o.Chart), nil)
	fs, err := lint.Run(opts)
	if err != nil {
		return nil, exitcode.UsageError(err)
	}
	res := &Result{
		Report: report.Report{Command: "lint", Findings: fs, Style: report.Lines},
		Notes:  []string{fmt.Sprintf("lint: %d templates of chart %s against %s", len(chrt.Templates), chrt.Name(), opts.SchemaFile)},
	}
	failOn := o.FailOn
	if failOn == finding.SeverityInfo { // unset: info notes never fail a run
		failOn = finding.SeverityError
	}
	if finding.Reaches(fs, failOn) {
		return res, exitcode.FindingsError(nil)
	}
	return res, nil
}

// schema picks the schema: --schema, the chart's own, or the built-in one
// for the chart's version, as validate picks it.
func (o *Lint) schema(chartSchema []byte, chartVersion string) ([]byte, string, error) {
	switch {
	case o.Schema != "":
		data, err := stream.ReadFile(o.Schema, stream.DefaultMaxBytes)
		if err != nil {
			return nil, "", fmt.Errorf("reading the schema: %w", err)
		}
		return data, o.Schema, nil
	case chartSchema != nil:
		name := "values.schema.json"
		if isDir(o.Chart) {
			name = filepath.Join(o.Chart, name)
		}
		return chartSchema, name, nil
	default:
		file := valueschema.BuiltinFileFor(chartVersion)
		data, err := schema.Read(file)
		return data, "builtin:" + file, err
	}
}

// templates lists the templates of chrt, whose files are under prefix in
// the chart given (root, a directory when dir), and those of its subcharts
// as Library templates: Helm lets a chart include their defines.
func templates(chrt *chart.Chart, prefix, root string, dir bool, out []lint.Template) []lint.Template {
	for _, f := range chrt.Templates {
		name := path.Join(prefix, f.Name)
		file := path.Join(chrt.Root().Name(), name) // Helm's name, inside an archive
		if dir {
			file = filepath.Join(root, filepath.FromSlash(name))
		}
		out = append(out, lint.Template{Name: name, File: file, Data: f.Data, Library: prefix != ""})
	}
	for _, sub := range chrt.Dependencies() {
		out = templates(sub, path.Join(prefix, "charts", sub.Name()), root, dir, out)
	}
	return out
}

func isDir(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
}
