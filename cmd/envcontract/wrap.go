package main

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

	"github.com/spf13/cobra"

	"github.com/openova/envcontract/internal/helmrun"
	"github.com/openova/envcontract/internal/postrender"
	"github.com/openova/envcontract/internal/values"
)

// envcontract's own flags on the wrapper: prefixed, so that no Helm flag,
// present or future, is ever taken for one of them.
const (
	flagWrapContract = "envcontract-contract"
	flagWrapSchema   = "envcontract-schema"
)

const wrapHelp = `Validate the chart values, then run helm %[1]s with the envcontract
post-renderer wired for the Helm version in use.

The arguments are helm %[1]s's own. envcontract reads the chart (the last
positional argument: a local directory or archive), -f/--values, --set,
--set-string and --set-file, and validates the merged values as
'envcontract validate' does (the chart's values.yaml first; the built-in
bp-sandbox schema, or --envcontract-schema, and the chart's own
values.schema.json). When they break the schema it stops with exit status 1:
the findings on standard error, nothing on standard output, Helm never run.

Otherwise it runs Helm ($HELM_BIN, else helm on PATH; as a Helm plugin,
HELM_BIN is the helm that runs the plugin) with every argument as given, plus
the post-renderer, which gets the same chart, values and contract:
  Helm 3: --post-renderer <dir of this binary>/envcontract-render ... (else
          --post-renderer <this binary> --post-renderer-args render ...)
  Helm 4: --post-renderer envcontract-render ... (the Helm 4 plugin
          plugins/envcontract-render must be installed)
Helm's standard output, standard error and exit status pass through. On
Helm 4, which drops a post-renderer's standard error, the reason for a failed
render is printed after Helm's own error (unless $ENVCONTRACT_LOG_FILE is
set: then it is appended there).

envcontract's own flags carry the prefix envcontract- so that they never meet
a Helm flag; they are not handed to Helm:
  --envcontract-contract FILE|NAME  contract of the post-renderer, and the
                                    secret env names the schema guards
                                    (repeatable; default bp-sandbox)
  --envcontract-schema FILE         values schema instead of the built-in one

--post-renderer is refused (the wrapper wires its own), and so is -f - (the
post-renderer reads the manifests on its standard input). A Helm flag that
envcontract does not know must be written --flag=VALUE.

Exit status: Helm's; 1 when the values break the schema; 2 for unusable
arguments or no usable Helm.`

const wrapExample = `  envcontract %[1]s sandbox ./bp-sandbox -f overlay.yaml --namespace sandbox-system
  helm envcontract %[1]s sandbox ./bp-sandbox -f overlay.yaml --set mcp.giteaBaseURL=https://git.example
  HELM_BIN=/opt/helm4/helm envcontract %[1]s sandbox ./bp-sandbox -f overlay.yaml \
      --envcontract-contract my-contract.yaml`

type wrapOptions struct{ command string }

// newWrapCmd is `envcontract template|install|upgrade`. Helm's flags are
// read by helmrun.Parse, not cobra, so that every one reaches Helm as given.
func newWrapCmd(command string, in io.Reader, out, errOut io.Writer) *cobra.Command {
	o := &wrapOptions{command: command}
	use := command + " [NAME] CHART [helm flags]"
	if command == "upgrade" {
		use = command + " RELEASE CHART [helm flags]"
	}
	return &cobra.Command{
		Use:                use,
		Short:              "Validate the values, then run helm " + command + " with the post-renderer wired",
		Long:               fmt.Sprintf(wrapHelp, command),
		Example:            fmt.Sprintf(wrapExample, command),
		DisableFlagParsing: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return o.run(cmd, args, in, out, errOut)
		},
	}
}

func (o *wrapOptions) run(cmd *cobra.Command, args []string, in io.Reader, out, errOut io.Writer) error {
	inv, err := helmrun.Parse(o.command, args, helmrun.ParseOptions{Extra: []string{flagWrapContract, flagWrapSchema}})
	if err != nil {
		return usageError(err)
	}
	if inv.Help {
		return cmd.Help()
	}
	if err := o.check(inv); err != nil {
		return usageError(err)
	}
	contracts := inv.Extra[flagWrapContract]
	vals := values.Options{
		Chart:         inv.Chart,
		ValueFiles:    inv.Values.Files,
		Values:        inv.Values.Set,
		StringValues:  inv.Values.SetString,
		FileValues:    inv.Values.SetFile,
		JSONValues:    inv.Values.SetJSON,
		LiteralValues: inv.Values.SetLiteral,
	}
	if err := o.validate(vals, contracts, inv.Extra[flagWrapSchema], errOut); err != nil {
		return err
	}

	ctx := cmd.Context()
	h, err := o.helm(ctx)
	if err != nil {
		return usageError(err)
	}
	renderer, err := postRenderer()
	if err != nil {
		return usageError(fmt.Errorf("locating this binary for the Helm 3 post-renderer: %w", err))
	}
	logFile, cleanup, err := o.logFile(h)
	if err != nil {
		return usageError(err)
	}
	defer cleanup()
	helmArgs := append([]string{o.command}, h.PostRendererFlags(renderer, renderArgs(vals, contracts))...)
	code, err := h.Run(ctx, append(helmArgs, inv.Args...), in, out, errOut)
	if err != nil {
		return usageError(err)
	}
	if code != 0 {
		relayLog(logFile, errOut)
		return &exitError{code: code}
	}
	return nil
}

// check refuses what the wrapper cannot do faithfully.
func (o *wrapOptions) check(inv *helmrun.Invocation) error {
	if inv.PostRenderer {
		return fmt.Errorf("envcontract %s wires --post-renderer itself: drop --post-renderer and "+
			"--post-renderer-args, or run helm directly to use another post-renderer", o.command)
	}
	if slices.Contains(inv.Values.Files, "-") {
		return errors.New("-f -: the post-renderer reads the manifests on its standard input and cannot " +
			"read values there too; write the values to a file")
	}
	if _, err := os.Stat(inv.Chart); err != nil {
		return fmt.Errorf("chart %q is not a local directory or archive: envcontract merges the chart's "+
			"values.yaml to validate and post-render, so fetch the chart first (helm pull %s --untar)", inv.Chart, inv.Chart)
	}
	return nil
}

// validate runs `envcontract validate` on the values; findings go to errOut.
func (o *wrapOptions) validate(vals values.Options, contracts, schemas []string, errOut io.Writer) error {
	v := &validateOptions{values: vals, output: "text", contracts: contractFlags{refs: contracts}}
	if len(contracts) == 0 {
		v.contracts.refs = []string{"bp-sandbox"}
	}
	if len(schemas) > 0 {
		v.schema = schemas[len(schemas)-1]
	}
	err := v.run(nil, errOut, nil)
	var exit *exitError
	if errors.As(err, &exit) && exit.code == exitFindings {
		fmt.Fprintf(errOut, "envcontract: the values break the schema; helm %s was not run\n", o.command)
	}
	return err
}

// helm finds and identifies the helm to run; on Helm 4 the post-renderer
// plugin must be installed, or helm would fail on the flag.
func (o *wrapOptions) helm(ctx context.Context) (*helmrun.Helm, error) {
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
func (o *wrapOptions) logFile(h *helmrun.Helm) (string, func(), error) {
	if h.Major != 4 || os.Getenv("ENVCONTRACT_LOG_FILE") != "" {
		return "", func() {}, nil
	}
	f, err := os.CreateTemp("", "envcontract-render-*.log")
	if err != nil {
		return "", nil, fmt.Errorf("creating the post-renderer's log file: %w", err)
	}
	f.Close()
	h.Env = append(os.Environ(), "ENVCONTRACT_LOG_FILE="+f.Name())
	return f.Name(), func() { os.Remove(f.Name()) }, nil
}

// relayLog prints what the post-renderer logged, if anything.
func relayLog(path string, errOut io.Writer) {
	if path == "" {
		return
	}
	data, err := os.ReadFile(path)
	if err != nil || len(strings.TrimSpace(string(data))) == 0 {
		return
	}
	fmt.Fprintf(errOut, "envcontract: the post-renderer %s failed:\n%s", helmrun.RenderPlugin, data)
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
