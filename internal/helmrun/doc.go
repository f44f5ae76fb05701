// Package helmrun finds the helm binary, tells Helm 3 from Helm 4, reads a
// `helm template|install|upgrade` command line and runs Helm with the
// envcontract post-renderer wired the way that Helm version needs it.
//
// # Reading a command line
//
// Parse does not reimplement Helm: it reads only what envcontract needs (the
// subcommand's positional arguments, of which the chart is the last, and the
// value flags -f/--values, --set, --set-string, --set-file, --set-json and
// --set-literal) and leaves every argument for Helm as it was. To tell a
// flag's value from a positional argument (`--namespace x CHART`), it keeps
// a table of Helm's flags: whether each takes a value, as pflag parses them
// (`--flag v`, `--flag=v`, `-fv`, `-f=v`, `-gf v`). A flag the table does not
// know is refused unless it is written `--flag=value`, which is unambiguous.
// The table is tested against `helm template|install|upgrade --help` of the
// real Helm 3 and Helm 4 binaries, so it cannot drift unnoticed.
//
// # Running Helm
//
// Find takes $HELM_BIN (Helm sets it for a plugin to the helm that runs it),
// else helm on PATH. Detect asks it `helm version --template {{.Version}}`,
// which both Helm 3 and Helm 4 answer. PostRendererFlags wires the
// post-renderer: Helm 3 takes an executable (this binary, with `render`),
// Helm 4 only the name of an installed postrenderer/v1 plugin
// (envcontract-render, which adds `render` itself). Run streams Helm's
// standard output and error through and returns its exit code.
package helmrun
