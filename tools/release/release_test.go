package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/clearsign"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/yaml"
)

// fakeBins writes stand-in binaries for every plugin and platform.
func fakeBins(t *testing.T, platforms []platform) string {
	t.Helper()
	dir := t.TempDir()
	for _, p := range platforms {
		for _, name := range plugins {
			path := filepath.Join(dir, p.OS+"-"+p.Arch, name)
			require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
			require.NoError(t, os.WriteFile(path, []byte(name+" for "+p.String()), 0o700))
		}
	}
	return dir
}

// entries lists a tgz: path → header, and path → content.
func entries(t *testing.T, data []byte) ([]*tar.Header, map[string]string) {
	t.Helper()
	gz, err := gzip.NewReader(bytes.NewReader(data))
	require.NoError(t, err)
	tr := tar.NewReader(gz)
	var hs []*tar.Header
	files := map[string]string{}
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		b, err := io.ReadAll(tr)
		require.NoError(t, err)
		hs = append(hs, h)
		files[h.Name] = string(b)
	}
	return hs, files
}

func TestPackLayoutAndReproducible(t *testing.T) {
	platforms, err := parsePlatforms("linux/arm64,darwin/amd64 linux/amd64")
	require.NoError(t, err)
	bins := fakeBins(t, platforms)
	o := packOptions{Version: "1.2.3", Platforms: platforms, BinDir: bins, ModTime: time.Unix(1700000000, 0)}

	o.OutDir = t.TempDir()
	files, err := pack(o)
	require.NoError(t, err)
	assert.Equal(t, []string{"envcontract-1.2.3.tgz", "envcontract-render-1.2.3.tgz", "checksums.txt"}, files)

	// Another run, other file times on the inputs: the same bytes.
	require.NoError(t, os.Chtimes(filepath.Join(bins, "linux-amd64", "envcontract"), time.Now(), time.Now()))
	again := o
	again.OutDir = t.TempDir()
	_, err = pack(again)
	require.NoError(t, err)
	for _, f := range files {
		a, err := os.ReadFile(filepath.Join(o.OutDir, f))
		require.NoError(t, err)
		b, err := os.ReadFile(filepath.Join(again.OutDir, f))
		require.NoError(t, err)
		assert.Equalf(t, a, b, "%s differs between two runs", f)
	}

	data, err := os.ReadFile(filepath.Join(o.OutDir, "envcontract-render-1.2.3.tgz"))
	require.NoError(t, err)
	hs, content := entries(t, data)
	var names []string
	for _, h := range hs {
		names = append(names, h.Name)
		assert.Equal(t, o.ModTime.Unix(), h.ModTime.Unix(), h.Name)
		assert.Zero(t, h.Uid, h.Name)
		assert.Empty(t, h.Uname, h.Name)
		switch {
		case h.Typeflag == tar.TypeDir:
			assert.EqualValues(t, 0o755, h.Mode, h.Name)
		case strings.Contains(h.Name, "/bin/"):
			assert.EqualValues(t, 0o755, h.Mode, h.Name)
		default:
			assert.EqualValues(t, 0o644, h.Mode, h.Name)
		}
	}
	assert.Equal(t, []string{
		"envcontract-render/",
		"envcontract-render/bin/",
		"envcontract-render/bin/envcontract-render-darwin-amd64",
		"envcontract-render/bin/envcontract-render-linux-amd64",
		"envcontract-render/bin/envcontract-render-linux-arm64",
		"envcontract-render/plugin.yaml",
	}, names)
	assert.Equal(t, "envcontract-render for linux/arm64", content["envcontract-render/bin/envcontract-render-linux-arm64"])

	var meta struct {
		Name, Version, Type string
		RuntimeConfig       struct {
			PlatformCommand []struct{ OS, Arch, Command string } `json:"platformCommand"`
		} `json:"runtimeConfig"`
	}
	require.NoError(t, yaml.Unmarshal([]byte(content["envcontract-render/plugin.yaml"]), &meta))
	assert.Equal(t, "envcontract-render", meta.Name)
	assert.Equal(t, "1.2.3", meta.Version)
	assert.Equal(t, "postrenderer/v1", meta.Type)
	require.Len(t, meta.RuntimeConfig.PlatformCommand, 3)
	assert.Equal(t, "darwin", meta.RuntimeConfig.PlatformCommand[0].OS)
	assert.Equal(t, "amd64", meta.RuntimeConfig.PlatformCommand[0].Arch)
	assert.Equal(t, "${HELM_PLUGIN_DIR}/bin/envcontract-render-darwin-amd64", meta.RuntimeConfig.PlatformCommand[0].Command)

	sums, err := os.ReadFile(filepath.Join(o.OutDir, "checksums.txt"))
	require.NoError(t, err)
	sum := sha256.Sum256(data)
	assert.Contains(t, string(sums), hex.EncodeToString(sum[:])+"  envcontract-render-1.2.3.tgz\n")
}

func TestPackRefuses(t *testing.T) {
	platforms, err := parsePlatforms("linux/amd64")
	require.NoError(t, err)
	bins := fakeBins(t, platforms)
	for name, o := range map[string]packOptions{
		"leading v":      {Version: "v1.2.3", Platforms: platforms, BinDir: bins},
		"not semver":     {Version: "f6ad321-dirty", Platforms: platforms, BinDir: bins},
		"missing binary": {Version: "1.2.3", Platforms: []platform{{"darwin", "arm64"}}, BinDir: bins},
	} {
		t.Run(name, func(t *testing.T) {
			o.OutDir = t.TempDir()
			_, err := pack(o)
			assert.Error(t, err)
		})
	}
	for _, bad := range []string{"", "linux", "linux/amd64/v2", "linux/amd64 linux/amd64"} {
		_, err := parsePlatforms(bad)
		assert.Errorf(t, err, "platforms %q", bad)
	}
}

// TestProvenance signs with a throwaway key and checks the message the way
// Helm does: a good clear signature by the key, then the archive's sha256
// under its file name after the "..." line.
func TestProvenance(t *testing.T) {
	dir := t.TempDir()
	e, err := openpgp.NewEntity("envcontract test", "", "test@example.invalid", nil)
	require.NoError(t, err)
	var ring bytes.Buffer
	require.NoError(t, e.SerializePrivate(&ring, nil))
	keyring := filepath.Join(dir, "secring.gpg")
	require.NoError(t, os.WriteFile(keyring, ring.Bytes(), 0o600))

	_, err = newSigner(keyring, "nobody", "")
	assert.ErrorContains(t, err, `no key "nobody"`)
	s, err := newSigner(keyring, "test@example.invalid", "")
	require.NoError(t, err)

	archive := []byte("not really a tgz")
	prov, err := s.provenance(archive, "envcontract-1.2.3.tgz", []byte("name: envcontract\nversion: 1.2.3\n"))
	require.NoError(t, err)
	block, _ := clearsign.Decode(prov)
	require.NotNil(t, block)
	_, err = block.VerifySignature(openpgp.EntityList{e}, nil)
	require.NoError(t, err)
	_, sums, ok := strings.Cut(string(block.Plaintext), "\n...\n")
	require.True(t, ok)
	var parsed struct{ Files map[string]string }
	require.NoError(t, yaml.Unmarshal([]byte(sums), &parsed))
	sum := sha256.Sum256(archive)
	assert.Equal(t, map[string]string{"envcontract-1.2.3.tgz": "sha256:" + hex.EncodeToString(sum[:])}, parsed.Files)
}
