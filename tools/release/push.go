package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
	"oras.land/oras-go/v2"
	"oras.land/oras-go/v2/content"
	"oras.land/oras-go/v2/errdef"
	"oras.land/oras-go/v2/registry/remote"
	"oras.land/oras-go/v2/registry/remote/auth"
	"oras.land/oras-go/v2/registry/remote/credentials"
	"oras.land/oras-go/v2/registry/remote/retry"
)

// The OCI layout Helm 4 installs a plugin from (Helm v4.3.1,
// pkg/registry/plugin.go: PullPlugin and processPluginPull): an image
// manifest whose artifactType is the plugin type, with the archive as a
// layer titled NAME-VERSION.tgz and its provenance as a layer titled
// NAME-VERSION.tgz.prov. Helm pulls only layers of the two OCI tar media
// types, so both layers carry the plain tar type, as the oras CLI writes a
// file and as Helm's own installer test pushes a plugin.
const (
	pluginArtifactType = "application/vnd.helm.plugin.v1+json"
	layerMediaType     = ocispec.MediaTypeImageLayer // application/vnd.oci.image.layer.v1.tar
)

// pushOptions is what `release push` needs.
type pushOptions struct {
	Version   string
	Dir       string // where make dist wrote the archives
	Registry  string // host[:port][/path]: each plugin goes to REGISTRY/NAME:VERSION
	PlainHTTP bool
	Created   time.Time // the manifests' org.opencontainers.image.created
	Out       io.Writer
}

// push pushes both plugins. A plugin without a .prov file is refused: Helm 4
// verifies an OCI plugin by default, and an unsigned artifact would install
// only with --verify=false.
func push(ctx context.Context, o pushOptions) error {
	if !semver.MatchString(o.Version) {
		return fmt.Errorf("version %q is not x.y.z", o.Version)
	}
	if o.Registry == "" || strings.Contains(o.Registry, "://") {
		return fmt.Errorf("registry %q: want host:port[/path], without a scheme", o.Registry)
	}
	client := &auth.Client{Client: retry.DefaultClient, Cache: auth.NewCache(), Credential: credential(o.Registry)}
	for _, name := range plugins {
		ref, digest, err := pushPlugin(ctx, client, o, name)
		if err != nil {
			return fmt.Errorf("push %s: %w", name, err)
		}
		fmt.Fprintf(o.Out, "pushed oci://%s (%s)\n", ref, digest)
	}
	return nil
}

func pushPlugin(ctx context.Context, client *auth.Client, o pushOptions, name string) (string, string, error) {
	file := fmt.Sprintf("%s-%s.tgz", name, o.Version)
	archive, err := os.ReadFile(filepath.Join(o.Dir, file))
	if err != nil {
		return "", "", fmt.Errorf("%w (run make dist VERSION=%s first)", err, o.Version)
	}
	prov, err := os.ReadFile(filepath.Join(o.Dir, file+".prov"))
	if err != nil {
		return "", "", fmt.Errorf("%w: Helm 4 verifies OCI plugins; sign with make dist SIGN_KEY=… KEYRING=…", err)
	}
	repo, err := remote.NewRepository(strings.TrimSuffix(o.Registry, "/") + "/" + name)
	if err != nil {
		return "", "", err
	}
	repo.PlainHTTP = o.PlainHTTP
	repo.Client = client

	var layers []ocispec.Descriptor
	for _, blob := range []struct {
		title string
		data  []byte
	}{{file, archive}, {file + ".prov", prov}} {
		desc := content.NewDescriptorFromBytes(layerMediaType, blob.data)
		desc.Annotations = map[string]string{ocispec.AnnotationTitle: blob.title}
		if err := repo.Push(ctx, desc, bytes.NewReader(blob.data)); err != nil && !errors.Is(err, errdef.ErrAlreadyExists) {
			return "", "", fmt.Errorf("layer %s: %w", blob.title, err)
		}
		layers = append(layers, desc)
	}
	manifest, err := oras.PackManifest(ctx, repo, oras.PackManifestVersion1_1, pluginArtifactType, oras.PackManifestOptions{
		Layers: layers,
		ManifestAnnotations: map[string]string{
			ocispec.AnnotationCreated: o.Created.UTC().Format(time.RFC3339),
			ocispec.AnnotationTitle:   name,
			ocispec.AnnotationVersion: o.Version,
			ocispec.AnnotationSource:  "https://github.com/openova/envcontract",
		},
	})
	if err != nil {
		return "", "", fmt.Errorf("manifest: %w", err)
	}
	if err := repo.Tag(ctx, manifest, o.Version); err != nil {
		return "", "", fmt.Errorf("tag %s: %w", o.Version, err)
	}
	return repo.Reference.String() + ":" + o.Version, manifest.Digest.String(), nil
}

// credential is the registry login: OCI_USERNAME and OCI_PASSWORD when set
// (CI), else what `docker login` or `helm registry login` stored.
func credential(registry string) auth.CredentialFunc {
	host, _, _ := strings.Cut(registry, "/")
	if user, pass := os.Getenv("OCI_USERNAME"), os.Getenv("OCI_PASSWORD"); user != "" || pass != "" {
		return auth.StaticCredential(host, auth.Credential{Username: user, Password: pass})
	}
	store, err := credentials.NewStoreFromDocker(credentials.StoreOptions{})
	if err != nil {
		return auth.StaticCredential(host, auth.EmptyCredential)
	}
	return credentials.Credential(store)
}
