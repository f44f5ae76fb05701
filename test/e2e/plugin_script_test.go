package e2e_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"
)

// TestHelm4PluginExecsBinary checks that Helm 4 runs the post-renderer
// binary itself: one platformCommand, no shell, no arguments of its own,
// and `make build` has put the binary where that command points.
func TestHelm4PluginExecsBinary(t *testing.T) {
	tl := requireTools(t)
	dir := filepath.Join(tl.repo, "plugins", "envcontract-render")
	data, err := os.ReadFile(filepath.Join(dir, "plugin.yaml"))
	require.NoError(t, err)
	var p struct {
		RuntimeConfig struct {
			PlatformCommand []struct {
				OS, Arch, Command string
				Args              []string
			} `json:"platformCommand"`
		} `json:"runtimeConfig"`
	}
	require.NoError(t, yaml.Unmarshal(data, &p))
	cmds := p.RuntimeConfig.PlatformCommand
	require.Len(t, cmds, 1)
	assert.Equal(t, "${HELM_PLUGIN_DIR}/bin/envcontract-render", cmds[0].Command)
	assert.Empty(t, cmds[0].Args)

	scripts, err := filepath.Glob(filepath.Join(dir, "*.sh"))
	require.NoError(t, err)
	assert.Empty(t, scripts, "no script sits between Helm and the binary")

	if filepath.Dir(tl.bin) == filepath.Join(tl.repo, "bin") {
		real, err := filepath.EvalSymlinks(filepath.Join(dir, "bin", "envcontract-render"))
		require.NoError(t, err, "make build links bin/envcontract-render into the plugin")
		want, err := filepath.EvalSymlinks(tl.render)
		require.NoError(t, err)
		assert.Equal(t, want, real)
	}
}

// TestPluginLogFile checks where both binaries log a failure when no
// --log-file is given: $ENVCONTRACT_LOG_FILE, else, when Helm runs them as
// a plugin, under Helm's cache home found the way Helm finds it.
func TestPluginLogFile(t *testing.T) {
	tl := requireTools(t)
	plugin := []string{"HELM_PLUGIN_NAME=envcontract-render", "HELM_PLUGIN_DIR=/nowhere"}
	tests := map[string]struct {
		env  func(root string) []string
		want string // relative to root; "" for no log anywhere
	}{
		"ENVCONTRACT_LOG_FILE wins": {
			env: func(r string) []string {
				return append(plugin, "ENVCONTRACT_LOG_FILE="+r+"/my.log", "HELM_CACHE_HOME="+r+"/hc")
			},
			want: "my.log",
		},
		"HELM_CACHE_HOME": {
			env: func(r string) []string {
				return append(plugin, "HELM_CACHE_HOME="+r+"/hc", "XDG_CACHE_HOME="+r+"/xdg")
			},
			want: "hc/envcontract/render.log",
		},
		"XDG_CACHE_HOME": {
			env:  func(r string) []string { return append(plugin, "XDG_CACHE_HOME="+r+"/xdg") },
			want: "xdg/helm/envcontract/render.log",
		},
		"the user's cache directory": {
			env:  func(r string) []string { return append(plugin, "HOME="+r+"/home") },
			want: "home/.cache/helm/envcontract/render.log",
		},
		"not run by Helm: no log": {
			env: func(r string) []string { return []string{"HOME=" + r + "/home", "HELM_CACHE_HOME=" + r + "/hc"} },
		},
	}
	bad, err := os.ReadFile(tl.fixture("bad", "duplicate-env", "input.yaml"))
	require.NoError(t, err)
	for _, bin := range []struct {
		name string
		argv []string
	}{{"envcontract render", []string{tl.bin, "render"}}, {"envcontract-render", []string{tl.render}}} {
		for name, tc := range tests {
			t.Run(bin.name+"/"+name, func(t *testing.T) {
				root := t.TempDir()
				env := append(baseEnv("HOME"), tc.env(root)...)
				res := run(t, root, env, bad, bin.argv[0], bin.argv[1:]...)
				require.Equal(t, 1, res.exitCode, res.stderr)
				assert.Empty(t, res.stdout)

				var logs []string
				require.NoError(t, filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
					if err == nil && !d.IsDir() {
						rel, _ := filepath.Rel(root, path)
						logs = append(logs, filepath.ToSlash(rel))
					}
					return err
				}))
				if tc.want == "" {
					assert.Empty(t, logs)
					return
				}
				require.Equal(t, []string{tc.want}, logs)
				log, err := os.ReadFile(filepath.Join(root, tc.want))
				require.NoError(t, err)
				assert.Equal(t, 1, strings.Count(string(log), "render failed"), "logged once:\n%s", log)
			})
		}
	}
}

// TestHelm4PluginLogsBadArgs runs a mistyped --post-renderer-args through
// real Helm 4: its reason reaches the default log file once.
func TestHelm4PluginLogsBadArgs(t *testing.T) {
	tl := requireTools(t)
	h := newHelmHome(t, tl, tl.helm4)
	h.install(t, filepath.Join(tl.repo, "plugins", "envcontract-render"))
	res := h.template(t, tl.fixture("charts", "bp-sandbox"), "--post-renderer", "envcontract-render",
		"--post-renderer-args", "--bogus")
	require.NotZero(t, res.exitCode)
	assert.Contains(t, res.stderr, `"envcontract-render"`)
	log, err := os.ReadFile(h.renderLog())
	require.NoError(t, err)
	assert.Equal(t, 1, strings.Count(string(log), "unknown flag: --bogus"), "logged once:\n%s", log)
}

// TestPluginInstallBuildsFromSource installs both plugins from a checkout
// without binaries: the Helm 3 install hook runs make build, which also
// links the Helm 4 plugin's binary, so the Helm 4 install builds nothing
// and both post-render.
func TestPluginInstallBuildsFromSource(t *testing.T) {
	tl := requireTools(t)
	src := filepath.Join(t.TempDir(), "envcontract")
	for _, p := range []string{"go.mod", "go.sum", "Makefile", "plugin.yaml", "cmd", "internal", "schema", "scripts",
		filepath.Join("plugins", "envcontract-render", "plugin.yaml")} {
		copyTree(t, filepath.Join(tl.repo, p), filepath.Join(src, p))
	}

	h3 := newHelmHome(t, tl, tl.helm3)
	h3.install(t, src)
	for _, p := range []string{"bin/envcontract", "bin/envcontract-render", "plugins/envcontract-render/bin/envcontract-render"} {
		fi, err := os.Stat(filepath.Join(src, p))
		require.NoErrorf(t, err, "the install hook's make build made %s", p)
		assert.NotZero(t, fi.Mode()&0o111, "%s is executable", p)
	}
	res := h3.run(t, "envcontract", "version")
	require.Zerof(t, res.exitCode, "helm envcontract version:\n%s", res.stderr)

	h4 := newHelmHome(t, tl, tl.helm4)
	h4.install(t, filepath.Join(src, "plugins", "envcontract-render"))
	chart := tl.fixture("charts", "bp-sandbox-drifted")
	values := valuesFlags(tl.fixture("values", "enabled.yaml"))
	out := h4.mustTemplate(t, chart, append(values, "--post-renderer", "envcontract-render",
		"--post-renderer-args", "-c", "--post-renderer-args", fixtureContract,
		"--post-renderer-args", "-f", "--post-renderer-args", values[1])...)
	assert.Contains(t, out, "- name: SANDBOX_ORG_ID")
	out = h3.mustTemplate(t, chart, append(values, "--post-renderer", "helm", "--post-renderer-args", "envcontract",
		"--post-renderer-args", "render", "--post-renderer-args", "-c", "--post-renderer-args", fixtureContract,
		"--post-renderer-args", "-f", "--post-renderer-args", values[1])...)
	assert.Contains(t, out, "- name: SANDBOX_ORG_ID")
}

// TestHelm4PluginInstallWithoutSourceFails installs the plugin directory
// alone, with neither the binary nor a checkout to build it from.
func TestHelm4PluginInstallWithoutSourceFails(t *testing.T) {
	tl := requireTools(t)
	dir := filepath.Join(t.TempDir(), "envcontract-render")
	copyTree(t, filepath.Join(tl.repo, "plugins", "envcontract-render", "plugin.yaml"), filepath.Join(dir, "plugin.yaml"))
	h := newHelmHome(t, tl, tl.helm4)
	res := h.run(t, "plugin", "install", dir)
	assert.NotZero(t, res.exitCode, "no binary and nothing to build it from:\n%s", res.stdout)
	assert.Contains(t, res.stderr, "install hook")
}

// copyTree copies the file or directory from to the path to.
func copyTree(t *testing.T, from, to string) {
	t.Helper()
	require.NoError(t, filepath.WalkDir(from, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(from, path)
		if err != nil {
			return err
		}
		target := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		writeFile(t, target, string(data), info.Mode().Perm())
		return nil
	}))
}

func writeFile(t *testing.T, path, content string, mode os.FileMode) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, []byte(content), mode))
}
