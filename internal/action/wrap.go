package action

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/openova/envcontract/internal/exitcode"
	"github.com/openova/envcontract/internal/helmrun"
	"github.com/openova/envcontract/internal/postrender"
	"github.com/openova/envcontract/internal/values"
)

// envcontract's own flags on the wrapper: prefixed, so that no Helm flag,
// present or future, is ever taken for one of them.
const (
	FlagWrapContract = "envcontract-contract"
	FlagWrapSchema   = "envcontract-schema"
)

// ErrHelp is returned by Wrap.Run when Helm's arguments ask for help.
var ErrHelp = errors.New("help requested")

// Wrap is `envcontract template|install|upgrade`: validate the values,
// then run Helm with the post-renderer wired for its version.
type Wrap struct {
	Command string   // template, install or upgrade
	Args    []string // Helm's arguments, as given
	Stdin   io.Reader
	Stdout  io.Writer
	Stderr  io.Writer
}

// Run validates and runs Helm. The Result holds the validation findings
// (for standard error); Helm's exit status passes through as
// exitcode.Status.
func (o *Wrap) Run(ctx context.Context) (*Result, error) {
	inv, err := helmrun.Parse(o.Command, o.Args, helmrun.ParseOptions{Extra: []string{FlagWrapContract, FlagWrapSchema}})
	if err != nil {
		return nil, exitcode.UsageError(err)
	}
	if inv.Help {
		return nil, ErrHelp
	}
	if err := o.refuse(inv); err != nil {
		return nil, exitcode.UsageError(err)
	}
	contracts := inv.Extra[FlagWrapContract]
	vals := values.Options{
		Chart:         inv.Chart,
		ValueFiles:    inv.Values.Files,
		Values:        inv.Values.Set,
		StringValues:  inv.Values.SetString,
		FileValues:    inv.Values.SetFile,
		JSONValues:    inv.Values.SetJSON,
		LiteralValues: inv.Values.SetLiteral,
	}
	v := &Validate{Values: vals, Contracts: contracts}
	if schemas := inv.Extra[FlagWrapSchema]; len(schemas) > 0 {
		v.Schema = schemas[len(schemas)-1]
	}
	res, err := v.Run(ctx)
	if res != nil {
		res.Report.Command = o.Command
		res.Notes = nil // Helm's stderr goes through, and nothing else
	}
	if errors.Is(err, exitcode.ErrFindings) {
		res.Notes = append(res.Notes, fmt.Sprintf("envcontract: the values break the schema; helm %s was not run", o.Command))
	}
	if err != nil {
		return res, err
	}

	h, err := o.helm(ctx)
	if err != nil {
		return res, exitcode.UsageError(err)
	}
	renderer, err := postRenderer()
	if err != nil {
		return res, exitcode.UsageError(fmt.Errorf("locating this binary for the Helm 3 post-renderer: %w", err))
	}
	logFile, cleanup, err := o.logFile(h)
	if err != nil {
		return res, exitcode.UsageError(err)
	}
	defer cleanup()
	helmArgs := append([]string{o.Command}, h.PostRendererFlags(renderer, renderArgs(vals, contracts))...)
	code, err := h.Run(ctx, append(helmArgs, inv.Args...), o.Stdin, o.Stdout, o.Stderr)
	if err != nil {
		return res, exitcode.UsageError(err)
	}
	if code != 0 {
		res.Notes = append(res.Notes, relayLog(logFile)...)
		return res, exitcode.Status(code)
	}
	return res, nil
}

// refuse says no to what the wrapper cannot do faithfully.
func (o *Wrap) refuse(inv *helmrun.Invocation) error {
	if inv.PostRenderer {
		return fmt.Errorf("envcontract %s wires --post-renderer itself: drop --post-renderer and "+
			"--post-renderer-args, or run helm directly to use another post-renderer", o.Command)
	}
	if slices.Contains(inv.Values.Files, "-") {
		return fmt.Errorf("-f -: %w", values.ErrStdinTaken)
	}
	if _, err := os.Stat(inv.Chart); err != nil {
		return fmt.Errorf("chart %q is not a local directory or archive: envcontract merges the chart's "+
			"values.yaml to validate and post-render, so fetch the chart first (helm pull %s --untar)", inv.Chart, inv.Chart)
	}
	return nil
}

// helm finds and identifies the helm to run; on Helm 4 the post-renderer
// plugin must be installed, or helm would fail on the flag.
func (o *Wrap) helm(ctx context.Context) (*helmrun.Helm, error) {
	path, err := helmrun.Find(os.Getenv)
	if err != nil {
		return nil, err
	}
	h, err := helmrun.Detect(ctx, path)
	if err != nil {
		return nil, err
	}
	if h.Major != 4 {
		return h, nil
	}
	plugins, err := h.Plugins(ctx)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(plugins, helmrun.RenderPlugin) {
		return nil, fmt.Errorf("the Helm 4 post-renderer plugin %s is not installed (helm %s at %s runs a "+
			"post-renderer only as an installed plugin): run 'helm plugin install %s' (README: Install, Helm 4)",
			helmrun.RenderPlugin, h.Version, h.Path, renderPluginDir())
	}
	return h, nil
}

// renderPluginDir is where plugins/envcontract-render most likely is: in
// the checkout this binary, or the Helm plugin running it, comes from.
func renderPluginDir() string {
	var roots []string
	if dir := os.Getenv("HELM_PLUGIN_DIR"); dir != "" {
		roots = append(roots, dir)
	}
	if exe, err := os.Executable(); err == nil {
		if real, err := filepath.EvalSymlinks(exe); err == nil {
			exe = real
		}
		roots = append(roots, filepath.Dir(filepath.Dir(exe))) // <checkout>/bin/envcontract
	}
	for _, root := range roots {
		dir := filepath.Join(root, "plugins", helmrun.RenderPlugin)
		if _, err := os.Stat(filepath.Join(dir, "plugin.yaml")); err == nil {
			if real, err := filepath.EvalSymlinks(dir); err == nil {
				dir = real // the checkout, not a link in Helm's plugin directory
			}
			return dir
		}
	}
	return "<envcontract checkout>/plugins/" + helmrun.RenderPlugin
}

// logFile points the Helm 4 plugin's log at a temporary file, so that a
// failed render can be reported although Helm drops the plugin's stderr. A
// log file the user chose is left alone; Helm 3 shows the stderr itself.
func (o *Wrap) logFile(h *helmrun.Helm) (string, func(), error) {
	if h.Major != 4 || os.Getenv(postrender.LogFileEnv) != "" {
		return "", func() {}, nil
	}
	f, err := os.CreateTemp("", "envcontract-render-*.log")
	if err != nil {
		return "", nil, fmt.Errorf("creating the post-renderer's log file: %w", err)
	}
	f.Close()
	h.Env = append(os.Environ(), postrender.LogFileEnv+"="+f.Name())
	return f.Name(), func() { os.Remove(f.Name()) }, nil
}

// relayLog returns what the post-renderer logged, if anything.
func relayLog(path string) []string {
	if path == "" {
		return nil
	}
	data, err := os.ReadFile(path)
	if err != nil || len(strings.TrimSpace(string(data))) == 0 {
		return nil
	}
	return []string{fmt.Sprintf("envcontract: the post-renderer %s failed:\n%s", helmrun.RenderPlugin, strings.TrimSuffix(string(data), "\n"))}
}

// postRenderer is the command Helm 3 runs as the post-renderer: the
// envcontract-render binary beside this one, which starts in a fraction of
// the time, else this binary's render command.
func postRenderer() ([]string, error) {
	if slim, err := postrender.Beside("envcontract-render"); err == nil {
		return []string{slim}, nil
	}
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	return []string{self, "render"}, nil
}

// renderArgs are the arguments of `envcontract render` that give it the
// chart, values and contracts the validation saw.
func renderArgs(vals values.Options, contracts []string) []string {
	args := []string{"--chart", vals.Chart}
	for _, c := range contracts {
		args = append(args, "-c", c)
	}
	for _, f := range vals.ValueFiles {
		args = append(args, "-f", csvField(f))
	}
	for _, flag := range []struct {
		name  string
		items []string
	}{
		{"--set-json", vals.JSONValues}, {"--set", vals.Values}, {"--set-string", vals.StringValues},
		{"--set-file", vals.FileValues}, {"--set-literal", vals.LiteralValues},
	} {
		for _, item := range flag.items {
			args = append(args, flag.name, item)
		}
	}
	return args
}

// csvField quotes a file name for render's -f, which splits at commas as
// Helm's does.
func csvField(s string) string {
	var b strings.Builder
	w := csv.NewWriter(&b)
	_ = w.Write([]string{s})
	w.Flush()
	return strings.TrimSuffix(b.String(), "\n")
}
