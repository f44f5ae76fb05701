package helmrun

import (
	"context"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// realHelms returns the Helm 3 and Helm 4 binaries of the end-to-end setup
// by name. It skips unless ENVCONTRACT_E2E=1 (make test sets it with
// ENVCONTRACT_HELM3 and ENVCONTRACT_HELM4); then a missing binary fails.
func realHelms(t *testing.T) map[string]string {
	t.Helper()
	if os.Getenv("ENVCONTRACT_E2E") != "1" {
		t.Skip("needs real Helm 3 and Helm 4: set ENVCONTRACT_E2E=1, ENVCONTRACT_HELM3 and ENVCONTRACT_HELM4 (make test does)")
	}
	helms := map[string]string{}
	for _, env := range []string{"ENVCONTRACT_HELM3", "ENVCONTRACT_HELM4"} {
		p := os.Getenv(env)
		require.NotEmptyf(t, p, "ENVCONTRACT_E2E=1 needs %s (make test sets it)", env)
		_, err := os.Stat(p)
		require.NoErrorf(t, err, "%s: run make tools", env)
		helms[env] = p
	}
	return helms
}

// helpFlagRE reads one flag line of pflag's usage: "  -f, --values strings  usage"
// or "      --atomic   usage". pflag puts two or more spaces before the usage.
var helpFlagRE = regexp.MustCompile(`^\s+(?:-(\S), )?--([a-z0-9-]+)(?: (\S+))?\s{2,}\S`)

type helpFlag struct {
	short      string
	takesValue bool
}

// helpFlags reads the flags of `helm COMMAND --help`: from the "Flags:" and
// "Global Flags:" sections, with whether each takes the next argument (a
// type without "[=default]").
func helpFlags(t *testing.T, help string) map[string]helpFlag {
	t.Helper()
	flags := map[string]helpFlag{}
	inFlags := false
	for _, line := range strings.Split(help, "\n") {
		if strings.HasSuffix(line, "Flags:") {
			inFlags = true
			continue
		}
		if !inFlags || strings.TrimSpace(line) == "" {
			continue
		}
		m := helpFlagRE.FindStringSubmatch(line)
		require.NotNilf(t, m, "cannot read the help line %q: update helpFlagRE", line)
		flags[m[2]] = helpFlag{short: m[1], takesValue: m[3] != "" && !strings.Contains(m[3], "[=")}
	}
	require.NotEmpty(t, flags, "no flags in the help:\n%s", help)
	return flags
}

// TestFlagTable checks helmFlags against the real Helm 3 and Helm 4: every
// flag their template, install and upgrade list is in the table with the
// same shorthand and the same value rule, and the table holds no flag that
// none of them lists. A new Helm that adds or changes a flag fails here.
func TestFlagTable(t *testing.T) {
	seen := map[string]bool{}
	for env, helm := range realHelms(t) {
		h := &Helm{Path: helm, Env: []string{"HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH")}}
		for _, command := range Commands {
			t.Run(env+"/"+command, func(t *testing.T) {
				help, err := h.output(context.Background(), command, "--help")
				require.NoError(t, err)
				for name, hf := range helpFlags(t, help) {
					seen[name] = true
					spec, ok := helmFlags[name]
					if !assert.Truef(t, ok, "helm %s --%s is missing from helmFlags", command, name) {
						continue
					}
					assert.Equalf(t, hf.short, spec.short, "shorthand of helm %s --%s", command, name)
					assert.Equalf(t, hf.takesValue, spec.takesValue(command),
						"helm %s --%s takes a value: the help says %v", command, name, hf.takesValue)
				}
			})
		}
	}
	var stale []string
	for name := range helmFlags {
		if !seen[name] {
			stale = append(stale, name)
		}
	}
	sort.Strings(stale)
	assert.Empty(t, stale, "flags in helmFlags that no Helm lists any more")
}

// TestHelpFlagRE pins the help reader on lines of both Helm versions, so
// TestFlagTable cannot pass by reading nothing.
func TestHelpFlagRE(t *testing.T) {
	help := `Usage:
  helm template [NAME] [CHART] [flags]

Flags:
  -a, --api-versions strings                       Kubernetes api versions
      --atomic                                     if set, the installation
      --dry-run string[="client"]                  simulate an install
  -g, --generate-name                              generate the name
      --wait WaitStrategy[=watcher]                wait until resources are ready

Global Flags:
  -n, --namespace string                namespace scope for this request
`
	want := map[string]helpFlag{
		"api-versions":  {short: "a", takesValue: true},
		"atomic":        {},
		"dry-run":       {},
		"generate-name": {short: "g"},
		"wait":          {},
		"namespace":     {short: "n", takesValue: true},
	}
	assert.Equal(t, want, helpFlags(t, help))
}

func TestShortFlags(t *testing.T) {
	want := map[string]string{
		"a": "api-versions", "f": "values", "g": "generate-name", "h": "help",
		"i": "install", "l": "labels", "n": "namespace", "o": "output", "s": "show-only",
	}
	assert.Equal(t, want, shortFlags)
}
