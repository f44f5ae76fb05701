// Package postrender is the Helm post-renderer: the env contract applied to
// the manifests on standard input, the result on standard output, and
// nothing on standard output when the contract cannot be met.
//
// Both binaries run it: `envcontract render` and envcontract-render, the
// post-renderer binary that links only what rendering needs so that it
// starts in a few milliseconds (BENCHMARKS.md). Everything here must stay
// that light: no JSON Schema compiler, no Helm package that imports
// client-go.
package postrender

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/spf13/pflag"

	"github.com/openova/envcontract/internal/contract"
	"github.com/openova/envcontract/internal/envedit"
	"github.com/openova/envcontract/internal/finding"
	"github.com/openova/envcontract/internal/render"
	"github.com/openova/envcontract/internal/stream"
	"github.com/openova/envcontract/internal/values"
)

// LogFileEnv names the log file when --log-file is not given.
const LogFileEnv = "ENVCONTRACT_LOG_FILE"

// Options are the post-renderer's flags.
type Options struct {
	Contracts     []string // -c: contract files or built-in names
	MaxInputBytes int64
	Values        values.Options
	LogFile       string // where failures are appended: Helm 4 drops stderr
	Verbose       bool
}

// AddFlags registers the post-renderer's flags on fs.
func AddFlags(fs *pflag.FlagSet, o *Options) {
	contract.AddFlag(fs, &o.Contracts)
	stream.AddMaxBytesFlag(fs, &o.MaxInputBytes)
	values.AddFlags(fs, &o.Values)
	fs.StringVar(&o.LogFile, "log-file", DefaultLogFile(),
		"append the reason for a failure to this file (default $"+LogFileEnv+
			", else <Helm cache home>/envcontract/render.log when Helm runs it as a plugin)")
	fs.BoolVarP(&o.Verbose, "verbose", "v", false, "list every change on standard error")
}

// Renderer is a post-render ready to read its input: the contracts are
// loaded and the values merged, so that a mistake in either is reported
// before a byte of the manifests is read.
type Renderer struct {
	verbose   bool
	maxBytes  int64
	contracts []*contract.Contract
	values    envedit.Values
	notes     []finding.Finding // chart-version warnings, listed with -v
}

// New loads the contracts and values o names.
func New(o Options) (*Renderer, error) {
	contracts, err := contract.ResolveAll(o.Contracts)
	if err != nil {
		return nil, err
	}
	// Standard input holds the manifests: Helm 3 would hand them over as
	// values and get back an empty release, deleting every object.
	o.Values.StdinTaken = true
	l, err := values.LoadWithOrigins(o.Values)
	if err != nil {
		return nil, err
	}
	r := &Renderer{verbose: o.Verbose, maxBytes: o.MaxInputBytes, contracts: contracts, values: l.Values}
	if l.Chart != nil && l.Chart.Metadata != nil {
		r.notes = contract.CheckChart(contracts, contract.Chart{Name: l.Chart.Metadata.Name,
			Version: l.Chart.Metadata.Version, Pos: finding.Pos{File: o.Values.Chart}})
	}
	return r, nil
}

// Render reads the manifests from in and writes them, with the contract
// applied, to out. When the contract cannot be met it writes nothing to out
// and returns an error wrapping render.ErrViolations that lists every
// violation.
func (r *Renderer) Render(in io.Reader, out, errOut io.Writer) error {
	data, err := stream.Read(in, r.maxBytes)
	if err != nil {
		return err
	}
	CollectSooner(len(data))
	o := render.Options{Contracts: r.contracts, Values: r.values, MinSeverity: finding.SeverityError}
	if r.verbose {
		o.MinSeverity = finding.SeverityInfo
	}
	var sp *spool
	if len(data) >= bigInput {
		sp = newSpool()
		defer sp.Close()
		o.Spool = sp
	}
	res, err := render.Run(o, render.Input{Data: data})
	if errors.Is(err, render.ErrViolations) && len(r.notes) > 0 {
		// A chart of another era breaks the contract everywhere: the
		// chart-version warning says which built-in fits it.
		for _, n := range r.notes {
			err = fmt.Errorf("%w\n  %s", err, n)
		}
	}
	if err != nil {
		return err
	}
	if r.verbose {
		for _, f := range append(r.notes, res.Findings...) {
			fmt.Fprintln(errOut, f)
		}
	}
	// Every check is done: the stream goes straight to out, without a
	// buffer as large as itself; a big one from the spool, where each
	// document went once it was done.
	if res.Streams[0].Blank() {
		// Helm 4 refuses an empty post-render result; a disabled chart is
		// legitimately empty, so say so in a comment-only stream.
		_, err = io.WriteString(out, "# envcontract: the rendered stream holds no resources\n")
		return err
	}
	if sp != nil {
		if _, err := sp.WriteTo(out); err != nil {
			return err
		}
	}
	_, err = res.Streams[0].WriteTo(out)
	return err
}

// Beside returns the path of the executable called name in the directory
// of the running one (symlinks resolved, so that a link on PATH finds the
// binaries it was built with): how envcontract finds envcontract-render,
// and envcontract-render envcontract.
func Beside(name string) (string, error) {
	self, err := os.Executable()
	if err != nil {
		return "", err
	}
	if real, err := filepath.EvalSymlinks(self); err == nil {
		self = real
	}
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	path := filepath.Join(filepath.Dir(self), name)
	fi, err := os.Stat(path)
	if err != nil {
		return "", err
	}
	if !fi.Mode().IsRegular() {
		return "", fmt.Errorf("%s is not a file", path)
	}
	return path, nil
}

// Log appends a failure to the log file, when one is set. A log that cannot
// be written must not hide the failure itself, so its own error only goes
// to errOut.
func Log(logFile string, failure error, errOut io.Writer) {
	if logFile == "" {
		return
	}
	if fi, err := os.Stat(logFile); err == nil && !fi.Mode().IsRegular() {
		// Opening a FIFO for writing blocks until something reads it.
		fmt.Fprintf(errOut, "envcontract: cannot write the log file: %s is %s, not a regular file; skipped\n",
			logFile, stream.FileKind(fi.Mode()))
		return
	}
	_ = os.MkdirAll(filepath.Dir(logFile), 0o700)
	f, err := os.OpenFile(logFile, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		fmt.Fprintln(errOut, "envcontract: cannot write the log file:", err)
		return
	}
	defer f.Close()
	fmt.Fprintf(f, "%s envcontract render failed: %s\n", time.Now().UTC().Format(time.RFC3339), finding.CleanLines(failure.Error()))
}
