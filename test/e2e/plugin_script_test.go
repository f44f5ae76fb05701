package e2e_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHelm4PluginFindsBinary runs plugins/envcontract-render/render.sh the way
// Helm 4 does (HELM_PLUGIN_DIR is the symlink `helm plugin install DIR`
// makes) in a made-up layout, with fake binaries that say who they are.
func TestHelm4PluginFindsBinary(t *testing.T) {
	tl := requireTools(t)
	goBin, err := exec.LookPath("go")
	require.NoError(t, err, "the build-from-source case needs go on PATH")

	type layout struct {
		repoBin     bool // <repo>/bin/envcontract
		helm3Plugin bool // the Helm 3 style plugin, with its binary, in the same plugins dir
		onPath      bool // envcontract on PATH
		goSource    bool // <repo> is envcontract's Go module
		renderBin   bool // <repo>/bin/envcontract-render beside <repo>/bin/envcontract
	}
	tests := map[string]struct {
		layout  layout
		want    string // the first line the chosen binary prints: who it is and its arguments
		wantErr bool
	}{
		"the post-renderer binary beside it": {layout: layout{true, true, true, true, true}, want: "repo-render -f v.yaml"},
		"repository binary first":            {layout: layout{true, true, true, true, false}, want: "repo-bin render -f v.yaml"},
		"then the Helm 3 plugin's binary":    {layout: layout{false, true, true, true, false}, want: "helm3-plugin render -f v.yaml"},
		"then PATH":                          {layout: layout{false, false, true, true, false}, want: "on-path render -f v.yaml"},
		"then a build from source, of both":  {layout: layout{false, false, false, true, false}, want: "built -f v.yaml"},
		"nothing found and no source fails":  {layout: layout{false, false, false, false, false}, wantErr: true},
	}
	script, err := os.ReadFile(filepath.Join(tl.repo, "plugins", "envcontract-render", "render.sh"))
	require.NoError(t, err)

	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			root := t.TempDir()
			repo := filepath.Join(root, "repo")
			pluginSrc := filepath.Join(repo, "plugins", "envcontract-render")
			writeFile(t, filepath.Join(pluginSrc, "render.sh"), string(script), 0o755)
			if tc.layout.goSource {
				writeFile(t, filepath.Join(repo, "go.mod"), "module github.com/openova/envcontract\n\ngo 1.26\n", 0o644)
				writeFile(t, filepath.Join(repo, "cmd", "envcontract", "main.go"), fakeMain, 0o644)
				writeFile(t, filepath.Join(repo, "cmd", "envcontract-render", "main.go"), fakeMain, 0o644)
			}
			if tc.layout.repoBin {
				writeFake(t, filepath.Join(repo, "bin", "envcontract"), "repo-bin")
			}
			if tc.layout.renderBin {
				writeFake(t, filepath.Join(repo, "bin", "envcontract-render"), "repo-render")
			}
			plugins := filepath.Join(root, "data", "plugins")
			require.NoError(t, os.MkdirAll(plugins, 0o755))
			link := filepath.Join(plugins, "envcontract-render")
			require.NoError(t, os.Symlink(pluginSrc, link))
			if tc.layout.helm3Plugin {
				// Named after its source directory, as helm plugin install names it.
				dir := filepath.Join(plugins, "envcontract-src")
				writeFile(t, filepath.Join(dir, "plugin.yaml"), "name: envcontract\nversion: 0.1.0\n", 0o644)
				writeFake(t, filepath.Join(dir, "bin", "envcontract"), "helm3-plugin")
			}
			pathDirs := []string{filepath.Dir(goBin), "/usr/bin", "/bin"}
			if tc.layout.onPath {
				writeFake(t, filepath.Join(root, "path", "envcontract"), "on-path")
				pathDirs = append([]string{filepath.Join(root, "path")}, pathDirs...)
			}
			cache := filepath.Join(root, "cache")
			env := append(baseEnv(),
				"PATH="+strings.Join(pathDirs, string(os.PathListSeparator)),
				"HELM_PLUGIN_DIR="+link,
				"HELM_PLUGIN_NAME=envcontract-render",
				"HELM_CACHE_HOME="+cache,
			)

			res := run(t, root, env, []byte("kind: ConfigMap\n"), "sh", filepath.Join(link, "render.sh"), "-f", "v.yaml")
			logFile := filepath.Join(cache, "envcontract", "render.log")
			if tc.wantErr {
				require.NotZero(t, res.exitCode)
				log, err := os.ReadFile(logFile)
				require.NoError(t, err, "the reason must be in the log file")
				assert.Contains(t, string(log), "no envcontract binary")
				return
			}
			require.Zerof(t, res.exitCode, "render.sh:\n%s", res.stderr)
			assert.Equal(t, tc.want+"\nlog="+logFile+"\nkind: ConfigMap\n", res.stdout)
		})
	}
}

// TestHelm4PluginLogFile checks where the Helm 4 plugin logs when the user
// gave no log file: under Helm's cache home, found the way Helm finds it.
func TestHelm4PluginLogFile(t *testing.T) {
	tl := requireTools(t)
	tests := map[string]struct {
		env  func(root string) []string
		want func(root string) string
	}{
		"ENVCONTRACT_LOG_FILE wins": {
			env: func(r string) []string {
				return []string{"ENVCONTRACT_LOG_FILE=" + r + "/my.log", "HELM_CACHE_HOME=" + r + "/hc"}
			},
			want: func(r string) string { return r + "/my.log" },
		},
		"HELM_CACHE_HOME": {
			env: func(r string) []string {
				return []string{"HELM_CACHE_HOME=" + r + "/hc", "XDG_CACHE_HOME=" + r + "/xdg"}
			},
			want: func(r string) string { return r + "/hc/envcontract/render.log" },
		},
		"XDG_CACHE_HOME": {
			env:  func(r string) []string { return []string{"XDG_CACHE_HOME=" + r + "/xdg"} },
			want: func(r string) string { return r + "/xdg/helm/envcontract/render.log" },
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			root := t.TempDir()
			plugin := filepath.Join(root, "plugins", "envcontract-render")
			script, err := os.ReadFile(filepath.Join(tl.repo, "plugins", "envcontract-render", "render.sh"))
			require.NoError(t, err)
			writeFile(t, filepath.Join(plugin, "render.sh"), string(script), 0o755)
			writeFake(t, filepath.Join(root, "path", "envcontract"), "on-path")
			env := append(baseEnv(), "PATH="+filepath.Join(root, "path")+":/usr/bin:/bin", "HELM_PLUGIN_DIR="+plugin)
			env = append(env, tc.env(root)...)

			res := run(t, root, env, nil, "sh", filepath.Join(plugin, "render.sh"))
			require.Zerof(t, res.exitCode, "render.sh:\n%s", res.stderr)
			assert.Contains(t, res.stdout, "log="+tc.want(root)+"\n")
		})
	}
}

// TestHelm4PluginLogsFailures checks the failure reason reaches the log file
// once, whether the binary logged it itself or died before it could.
func TestHelm4PluginLogsFailures(t *testing.T) {
	tl := requireTools(t)
	tests := map[string]struct {
		fake    string // body of the fake envcontract
		wantLog string
	}{
		"binary logs its own reason": {
			fake:    "echo 'reason: SANDBOX_MCP_IMAGE' >>\"$ENVCONTRACT_LOG_FILE\"\necho 'reason: SANDBOX_MCP_IMAGE' >&2\nexit 1\n",
			wantLog: "reason: SANDBOX_MCP_IMAGE\n",
		},
		"binary fails before logging": {
			fake:    "echo 'Error: unknown flag: --bogus' >&2\nexit 2\n",
			wantLog: "envcontract-render: envcontract render exited with status 2:\nError: unknown flag: --bogus\n",
		},
	}
	script, err := os.ReadFile(filepath.Join(tl.repo, "plugins", "envcontract-render", "render.sh"))
	require.NoError(t, err)
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			root := t.TempDir()
			plugin := filepath.Join(root, "plugins", "envcontract-render")
			writeFile(t, filepath.Join(plugin, "render.sh"), string(script), 0o755)
			writeFile(t, filepath.Join(root, "path", "envcontract"), "#!/bin/sh\n"+tc.fake, 0o755)
			logFile := filepath.Join(root, "render.log")
			env := append(baseEnv(), "PATH="+filepath.Join(root, "path")+":/usr/bin:/bin",
				"HELM_PLUGIN_DIR="+plugin, "ENVCONTRACT_LOG_FILE="+logFile)

			res := run(t, root, env, nil, "sh", filepath.Join(plugin, "render.sh"), "--bogus")
			require.NotZero(t, res.exitCode)
			assert.Empty(t, res.stdout)
			log, err := os.ReadFile(logFile)
			require.NoError(t, err)
			// Drop the timestamp the script puts before its own lines.
			got := string(log)
			if i := strings.Index(got, "envcontract-render:"); i > 0 {
				got = got[i:]
			}
			assert.Equal(t, tc.wantLog, got)
		})
	}
}

// TestHelm4PluginRunsPostRendererBinary runs the script with the real
// binaries: envcontract-render renders, and logs a failure of its own once.
func TestHelm4PluginRunsPostRendererBinary(t *testing.T) {
	tl := requireTools(t)
	root := t.TempDir()
	plugin := filepath.Join(root, "plugins", "envcontract-render")
	script, err := os.ReadFile(filepath.Join(tl.repo, "plugins", "envcontract-render", "render.sh"))
	require.NoError(t, err)
	writeFile(t, filepath.Join(plugin, "render.sh"), string(script), 0o755)
	path := filepath.Join(root, "path")
	require.NoError(t, os.MkdirAll(path, 0o755))
	require.NoError(t, os.Symlink(tl.bin, filepath.Join(path, "envcontract")))
	require.NoError(t, os.Symlink(tl.render, filepath.Join(path, "envcontract-render")))
	logFile := filepath.Join(root, "render.log")
	env := append(baseEnv(), "PATH="+path+":/usr/bin:/bin", "HELM_PLUGIN_DIR="+plugin, "ENVCONTRACT_LOG_FILE="+logFile)
	drifted, err := os.ReadFile(tl.fixture("streams", "mcp-drifted.yaml"))
	require.NoError(t, err)

	res := run(t, root, env, drifted, "sh", filepath.Join(plugin, "render.sh"), "-f", tl.fixture("values", "enabled.yaml"))
	require.Zerof(t, res.exitCode, "render.sh:\n%s", res.stderr)
	assert.Contains(t, res.stdout, "- name: SANDBOX_ORG_ID")

	res = run(t, root, env, drifted, "sh", filepath.Join(plugin, "render.sh"), "--bogus")
	assert.Equal(t, 2, res.exitCode)
	assert.Empty(t, res.stdout)
	log, err := os.ReadFile(logFile)
	require.NoError(t, err)
	assert.Equal(t, 1, strings.Count(string(log), "unknown flag: --bogus"), "logged once:\n%s", log)
}

// fakeMain is the envcontract (and envcontract-render) the build-from-source
// case compiles.
const fakeMain = `package main

import (
	"fmt"
	"io"
	"os"
	"strings"
)

func main() {
	fmt.Println("built " + strings.Join(os.Args[1:], " "))
	fmt.Println("log=" + os.Getenv("ENVCONTRACT_LOG_FILE"))
	io.Copy(os.Stdout, os.Stdin)
}
`

// writeFake writes an executable that prints who it is, its arguments, the
// log file it was given and its stdin.
func writeFake(t *testing.T, path, who string) {
	t.Helper()
	writeFile(t, path, "#!/bin/sh\necho \""+who+" $*\"\necho \"log=$ENVCONTRACT_LOG_FILE\"\ncat\n", 0o755)
}

func writeFile(t *testing.T, path, content string, mode os.FileMode) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, []byte(content), mode))
}
