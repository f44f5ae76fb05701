package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"text/template"
	"time"
)

// The two plugins a release holds. Each archive is NAME-VERSION.tgz with
// everything under NAME/, the layout and file name Helm 4's installers
// expect (internal/plugin/installer: local_installer.go and
// oci_installer.go derive the plugin name and the provenance file name
// from them).
var plugins = []string{"envcontract", "envcontract-render"}

//go:embed templates/*.yaml
var templates embed.FS

// semver is the version form Helm 4 files a plugin under: x.y.z with an
// optional pre-release and build part, no leading v.
var semver = regexp.MustCompile(`^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$`)

// platform is one GOOS/GOARCH pair of the release.
type platform struct{ OS, Arch string }

func (p platform) String() string { return p.OS + "/" + p.Arch }

// parsePlatforms reads "linux/amd64 darwin/arm64" (spaces or commas).
func parsePlatforms(s string) ([]platform, error) {
	var out []platform
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' }) {
		os, arch, ok := strings.Cut(f, "/")
		if !ok || os == "" || arch == "" || strings.Contains(arch, "/") {
			return nil, fmt.Errorf("platform %q: want GOOS/GOARCH, e.g. linux/amd64", f)
		}
		p := platform{os, arch}
		if slices.Contains(out, p) {
			return nil, fmt.Errorf("platform %q given twice", f)
		}
		out = append(out, p)
	}
	if len(out) == 0 {
		return nil, errors.New("no platform given")
	}
	slices.SortFunc(out, func(a, b platform) int { return strings.Compare(a.String(), b.String()) })
	return out, nil
}

// packOptions is what `release pack` needs.
type packOptions struct {
	Version   string
	Platforms []platform
	BinDir    string // BinDir/GOOS-GOARCH/{envcontract,envcontract-render}
	OutDir    string
	ModTime   time.Time // every entry's modification time
	Signer    *signer   // nil: no .prov files
}

// pack writes OutDir/NAME-VERSION.tgz for both plugins, NAME-VERSION.tgz.prov
// beside each when there is a signer, and OutDir/checksums.txt (sha256 of
// the archives, in the form sha256sum -c reads). It returns the files
// written.
func pack(o packOptions) ([]string, error) {
	if !semver.MatchString(o.Version) {
		return nil, fmt.Errorf("version %q is not x.y.z (semver without a leading v): Helm 4 files plugins by it", o.Version)
	}
	if err := os.MkdirAll(o.OutDir, 0o755); err != nil {
		return nil, err
	}
	var written []string
	var sums strings.Builder
	for _, name := range plugins {
		files, err := pluginFiles(name, o)
		if err != nil {
			return nil, err
		}
		data, err := tarball(name, files, o.ModTime)
		if err != nil {
			return nil, fmt.Errorf("archive of %s: %w", name, err)
		}
		file := fmt.Sprintf("%s-%s.tgz", name, o.Version)
		if err := writeFile(filepath.Join(o.OutDir, file), data); err != nil {
			return nil, err
		}
		written = append(written, file)
		sum := sha256.Sum256(data)
		fmt.Fprintf(&sums, "%s  %s\n", hex.EncodeToString(sum[:]), file)
		if o.Signer != nil {
			prov, err := o.Signer.provenance(data, file, files["plugin.yaml"].data)
			if err != nil {
				return nil, fmt.Errorf("sign %s: %w", file, err)
			}
			if err := writeFile(filepath.Join(o.OutDir, file+".prov"), prov); err != nil {
				return nil, err
			}
			written = append(written, file+".prov")
		}
	}
	if err := writeFile(filepath.Join(o.OutDir, "checksums.txt"), []byte(sums.String())); err != nil {
		return nil, err
	}
	return append(written, "checksums.txt"), nil
}

// entry is one file of an archive.
type entry struct {
	data []byte
	mode int64
}

// pluginFiles is the content of one plugin's archive, by path under NAME/:
// its plugin.yaml from the template and a binary per platform.
func pluginFiles(name string, o packOptions) (map[string]entry, error) {
	tmpl, err := template.ParseFS(templates, "templates/"+name+".yaml")
	if err != nil {
		return nil, err
	}
	var manifest bytes.Buffer
	if err := tmpl.Execute(&manifest, struct {
		Version   string
		Platforms []platform
	}{o.Version, o.Platforms}); err != nil {
		return nil, err
	}
	files := map[string]entry{"plugin.yaml": {manifest.Bytes(), 0o644}}
	for _, p := range o.Platforms {
		src := filepath.Join(o.BinDir, p.OS+"-"+p.Arch, name)
		data, err := os.ReadFile(src)
		if err != nil {
			return nil, fmt.Errorf("the %s binary of %s: %w (make dist builds it)", name, p, err)
		}
		files[fmt.Sprintf("bin/%s-%s-%s", name, p.OS, p.Arch)] = entry{data, 0o755}
	}
	return files, nil
}

// tarball is the gzipped tar of files under top/, reproducible: entries in
// byte order of their paths, directories before what they hold, one
// modification time, no owner, fixed modes, and a gzip header without name
// or time. Only directories and regular files: Helm's extractors refuse
// anything else.
func tarball(top string, files map[string]entry, mtime time.Time) ([]byte, error) {
	paths := []string{top + "/"}
	byPath := map[string]entry{}
	for p, e := range files {
		full := top + "/" + p
		byPath[full] = e
		paths = append(paths, full)
		for dir := filepath.Dir(full); dir != top; dir = filepath.Dir(dir) {
			if !slices.Contains(paths, dir+"/") {
				paths = append(paths, dir+"/")
			}
		}
	}
	slices.Sort(paths)

	var buf bytes.Buffer
	gz, err := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	if err != nil {
		return nil, err
	}
	tw := tar.NewWriter(gz)
	for _, p := range paths {
		h := &tar.Header{Name: p, ModTime: mtime, Format: tar.FormatUSTAR}
		if strings.HasSuffix(p, "/") {
			h.Typeflag, h.Mode = tar.TypeDir, 0o755
		} else {
			e := byPath[p]
			h.Typeflag, h.Mode, h.Size = tar.TypeReg, e.mode, int64(len(e.data))
		}
		if err := tw.WriteHeader(h); err != nil {
			return nil, err
		}
		if h.Typeflag == tar.TypeReg {
			if _, err := tw.Write(byPath[p].data); err != nil {
				return nil, err
			}
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	if err := gz.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// writeFile replaces path atomically: a reader never sees half an archive.
func writeFile(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
