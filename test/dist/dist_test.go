package dist_test

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"
)

// TestDistArchives checks what make dist wrote: both archives with their
// .prov, checksums that match, one prebuilt binary for the platform, no
// hook that builds, and the same bytes from a second run.
func TestDistArchives(t *testing.T) {
	tl := requireTools(t)
	r := signedRelease(t, tl)
	t.Logf("make dist for %s (two binaries, signed): %s", hostPlatform(), r.took.Round(1e8))

	names, err := os.ReadDir(r.dir)
	require.NoError(t, err)
	var files []string
	for _, n := range names {
		files = append(files, n.Name())
	}
	assert.ElementsMatch(t, []string{"checksums.txt", "envcontract-1.2.3.tgz", "envcontract-1.2.3.tgz.prov",
		"envcontract-render-1.2.3.tgz", "envcontract-render-1.2.3.tgz.prov"}, files)

	sums, err := os.ReadFile(filepath.Join(r.dir, "checksums.txt"))
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(sums)), "\n")
	require.Len(t, lines, 2)
	for _, line := range lines {
		sum, file, ok := strings.Cut(line, "  ")
		require.True(t, ok, line)
		data, err := os.ReadFile(filepath.Join(r.dir, file))
		require.NoError(t, err)
		got := sha256.Sum256(data)
		assert.Equal(t, hex.EncodeToString(got[:]), sum, file)
	}

	suffix := runtime.GOOS + "-" + runtime.GOARCH
	for _, name := range []string{"envcontract", "envcontract-render"} {
		content := untar(t, r.archive(name))
		bin := name + "/bin/" + name + "-" + suffix
		require.Contains(t, content, bin)
		assert.Greater(t, len(content[bin]), 1<<20, "a real binary")
		manifest := content[name+"/plugin.yaml"]
		assert.Contains(t, manifest, "version: "+version)
		var meta map[string]any
		require.NoError(t, yaml.Unmarshal([]byte(manifest), &meta))
		for _, key := range []string{"hooks", "platformHooks", "command"} {
			assert.NotContainsf(t, meta, key, "the packaged %s plugin.yaml has no %s: nothing runs but the binary", name, key)
		}
		if rc, ok := meta["runtimeConfig"].(map[string]any); ok {
			assert.NotContains(t, rc, "platformHooks")
			meta = rc
		}
		cmds, _ := meta["platformCommand"].([]any)
		require.Len(t, cmds, 1, "one platform built")
		cmd := cmds[0].(map[string]any)
		assert.Equal(t, runtime.GOOS, cmd["os"])
		assert.Equal(t, runtime.GOARCH, cmd["arch"])
		assert.Regexp(t, `^\$\{?HELM_PLUGIN_DIR\}?/bin/`+name+"-"+suffix+"$", cmd["command"])
		assert.NotContains(t, cmd, "args")
	}

	// Reproducible: the same sources give the same archives (unsigned).
	again := filepath.Join(t.TempDir(), "dist")
	out, err := makeCmd(tl.repo, "dist", "VERSION="+version, "PLATFORMS="+hostPlatform(),
		"DIST="+again, "DIST_BUILD="+filepath.Join(t.TempDir(), "build"))
	require.NoError(t, err, out)
	second, err := os.ReadFile(filepath.Join(again, "checksums.txt"))
	require.NoError(t, err)
	assert.Equal(t, string(sums), string(second), "two make dist runs differ")
	_, err = os.Stat(filepath.Join(again, "envcontract-1.2.3.tgz.prov"))
	assert.True(t, os.IsNotExist(err), "no key, no .prov")
}

// TestHelm4VerifiedInstall installs both signed archives into Helm 4 (the
// post-renderer from the file, the CLI plugin from a URL), which verifies them against the signer's public key, then renders with the
// post-renderer plugin and runs the CLI plugin. Helm's PATH holds no go.
func TestHelm4VerifiedInstall(t *testing.T) {
	tl := requireTools(t)
	r := signedRelease(t, tl)
	// The CLI plugin from a release URL: Helm fetches URL.prov beside it.
	srv := httptest.NewServer(http.FileServer(http.Dir(r.dir)))
	defer srv.Close()
	h := newHelmHome(t, tl.helm4)
	for _, src := range []string{r.archive("envcontract-render"), srv.URL + "/envcontract-" + version + ".tgz"} {
		name := strings.TrimSuffix(filepath.Base(src), "-"+version+".tgz")
		out := h.mustRun(t, "plugin", "install", src, "--keyring", r.pubring)
		assert.Contains(t, out, "Verifying plugin signature")
		assert.Contains(t, out, "Signed by: "+keyID)
		assert.Contains(t, out, "Plugin Hash Verified: sha256:")
		assert.Contains(t, out, "Installed plugin: "+name)
	}
	assertContract(t, h.template(t, tl, "--post-renderer", "envcontract-render"))
	assert.Contains(t, h.mustRun(t, "envcontract", "version"), version)
	// The wrapper of the CLI plugin wires the post-renderer plugin itself.
	assertContract(t, h.mustRun(t, "envcontract", "template", "sandbox",
		filepath.Join(tl.repo, "fixtures", "charts", "bp-sandbox-drifted"), "--namespace", "sandbox-system",
		"--envcontract-contract", fixtureContract, "-f", filepath.Join(tl.repo, "fixtures", "values", "enabled.yaml")))
}

// TestHelm4RefusesTampered: an archive whose binary was swapped after
// signing, an archive without its .prov and one signed by a key the keyring
// does not hold are all refused, and nothing is installed.
func TestHelm4RefusesTampered(t *testing.T) {
	tl := requireTools(t)
	r := signedRelease(t, tl)
	name := "envcontract-render"
	file := filepath.Base(r.archive(name))
	prov, err := os.ReadFile(r.archive(name) + ".prov")
	require.NoError(t, err)

	tampered := filepath.Join(t.TempDir(), file)
	require.NoError(t, os.WriteFile(tampered, swapBinary(t, r.archive(name), name), 0o644))
	require.NoError(t, os.WriteFile(tampered+".prov", prov, 0o644))

	unsigned := filepath.Join(t.TempDir(), file)
	data, err := os.ReadFile(r.archive(name))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(unsigned, data, 0o644))

	for label, tc := range map[string]struct{ archive, keyring, want string }{
		"tampered":           {tampered, r.pubring, "sha256 sum does not match"},
		"no .prov":           {unsigned, r.pubring, "no provenance file"},
		"someone else's key": {r.archive(name), r.other, "plugin verification failed"},
	} {
		t.Run(label, func(t *testing.T) {
			h := newHelmHome(t, tl.helm4)
			res := h.run(t, "plugin", "install", tc.archive, "--keyring", tc.keyring)
			require.NotZero(t, res.Code, "installed:\n%s", res.Stdout)
			assert.Contains(t, res.Stderr, tc.want)
			assert.NotContains(t, h.mustRun(t, "plugin", "list"), name)
		})
	}
}

// swapBinary is the archive with the post-renderer binary replaced by a
// script: what an attacker who cannot sign would ship.
func swapBinary(t *testing.T, archive, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(archive)
	require.NoError(t, err)
	gz, err := gzip.NewReader(bytes.NewReader(data))
	require.NoError(t, err)
	tr := tar.NewReader(gz)
	var out bytes.Buffer
	gw := gzip.NewWriter(&out)
	tw := tar.NewWriter(gw)
	swapped := false
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		body, err := io.ReadAll(tr)
		require.NoError(t, err)
		if h.Typeflag == tar.TypeReg && strings.HasPrefix(h.Name, name+"/bin/") {
			body = []byte("#!/bin/sh\ncat\n")
			h.Size = int64(len(body))
			swapped = true
		}
		require.NoError(t, tw.WriteHeader(h))
		_, err = tw.Write(body)
		require.NoError(t, err)
	}
	require.True(t, swapped)
	require.NoError(t, tw.Close())
	require.NoError(t, gw.Close())
	return out.Bytes()
}

// TestOCI pushes both plugins with make publish-oci to a registry on
// 127.0.0.1 and installs them into Helm 4 from oci://, verified.
func TestOCI(t *testing.T) {
	tl := requireTools(t)
	r := signedRelease(t, tl)
	addr := startRegistry(t, tl.registry)
	out, err := makeCmd(tl.repo, "publish-oci", "VERSION="+version, "DIST="+r.dir, "REGISTRY="+addr, "PLAIN_HTTP=1")
	require.NoError(t, err, out)
	assert.Contains(t, out, "pushed oci://"+addr+"/envcontract-render:"+version)

	h := newHelmHome(t, tl.helm4)
	// Helm 4.3.1 does not hand --version to its OCI installer
	// (pkg/cmd/plugin_install.go), so a reference without a tag is invalid
	// whatever --version says: the README writes NAME:VERSION. Should Helm
	// fix this, this check fails and the README can offer --version.
	res := h.run(t, "plugin", "install", "oci://"+addr+"/envcontract-render", "--version", version,
		"--plain-http", "--keyring", r.pubring)
	require.NotZero(t, res.Code, res.Stdout)
	assert.Contains(t, res.Stderr, "invalid reference")

	for _, name := range []string{"envcontract-render", "envcontract"} {
		out := h.mustRun(t, "plugin", "install", "oci://"+addr+"/"+name+":"+version, "--plain-http", "--keyring", r.pubring)
		assert.Contains(t, out, "Signed by: "+keyID)
		assert.Contains(t, out, "Plugin Hash Verified: sha256:")
		assert.Contains(t, out, "Installed plugin: "+name)
	}
	assertContract(t, h.template(t, tl, "--post-renderer", "envcontract-render"))
	assert.Contains(t, h.mustRun(t, "envcontract", "version"), version)
}

// TestHelm3WithoutGo installs the envcontract plugin into Helm 3 from the
// unpacked archive, with no go on Helm's PATH, and renders through it.
func TestHelm3WithoutGo(t *testing.T) {
	tl := requireTools(t)
	r := signedRelease(t, tl)
	dir := t.TempDir()
	for path, body := range untar(t, r.archive("envcontract")) {
		full := filepath.Join(dir, path)
		require.NoError(t, os.MkdirAll(filepath.Dir(full), 0o755))
		mode := os.FileMode(0o644)
		if strings.Contains(path, "/bin/") {
			mode = 0o755
		}
		require.NoError(t, os.WriteFile(full, []byte(body), mode))
	}
	h := newHelmHome(t, tl.helm3)
	h.mustRun(t, "plugin", "install", filepath.Join(dir, "envcontract"))
	assert.Contains(t, h.mustRun(t, "envcontract", "version"), version)
	assertContract(t, h.template(t, tl, "--post-renderer", "helm",
		"--post-renderer-args", "envcontract", "--post-renderer-args", "render"))
	// Not from a release URL: Helm 3.22 wants plugin.yaml at the root of a
	// downloaded archive (installer.HTTPInstaller), Helm 4 under NAME/ (the
	// layout helm plugin package writes, which Helm 4's archive installer
	// requires), and the release is built for Helm 4.
}

// untar reads a tgz: path → content of every regular file.
func untar(t *testing.T, archive string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(archive)
	require.NoError(t, err)
	gz, err := gzip.NewReader(bytes.NewReader(data))
	require.NoError(t, err)
	tr := tar.NewReader(gz)
	files := map[string]string{}
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return files
		}
		require.NoError(t, err)
		if h.Typeflag == tar.TypeReg {
			body, err := io.ReadAll(tr)
			require.NoError(t, err)
			files[h.Name] = string(body)
		}
	}
}
