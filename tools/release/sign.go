package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"slices"

	"helm.sh/helm/v4/pkg/provenance"
)

// signer writes Helm provenance files with one private key through Helm's
// own pkg/provenance, which `helm plugin package --sign` uses, for archives
// this program made itself, reproducibly, rather than Helm's packager.
type signer struct {
	sig *provenance.Signatory
}

// newSigner loads the key whose identity is name, or contains it, from a
// secret keyring (binary, as `gpg --export-secret-keys` writes, or ASCII
// armored), as Helm chooses it. An encrypted key is decrypted with the
// passphrase in passphraseFile (trailing newlines cut).
func newSigner(keyring, name, passphraseFile string) (*signer, error) {
	sig, err := provenance.NewFromKeyring(keyring, name)
	if err != nil {
		return nil, fmt.Errorf("keyring %s: %w", keyring, err)
	}
	switch {
	case sig.Entity == nil:
		return nil, fmt.Errorf("keyring %s has no key %q", keyring, name)
	case sig.Entity.PrivateKey == nil:
		return nil, fmt.Errorf("keyring %s: key %q has no private part (export it with gpg --export-secret-keys)", keyring, name)
	case sig.Entity.PrivateKey.Encrypted && passphraseFile == "":
		return nil, fmt.Errorf("key %q is encrypted: give its passphrase in a file (PASSPHRASE_FILE=…)", name)
	}
	err = sig.DecryptKey(func(string) ([]byte, error) {
		pass, err := os.ReadFile(passphraseFile)
		if err != nil {
			return nil, fmt.Errorf("passphrase: %w", err)
		}
		return bytes.TrimRight(pass, "\r\n"), nil
	})
	if err != nil {
		return nil, fmt.Errorf("key %q: %w", name, err)
	}
	return &signer{sig: sig}, nil
}

// provenance is the clear-signed message Helm verifies: the plugin's
// metadata, the YAML end marker "...", then the archive's sha256 under its
// file name. Helm reads only the checksums back (plugin.parsePluginMessageBlock).
func (s *signer) provenance(archive []byte, filename string, metadata []byte) ([]byte, error) {
	if bytes.Contains(metadata, []byte("\n...\n")) || bytes.HasPrefix(metadata, []byte("...\n")) {
		return nil, errors.New("plugin.yaml holds a YAML end marker (...), which splits the provenance message")
	}
	// Clipped: Helm appends the checksums to the slice it is given.
	prov, err := s.sig.ClearSign(archive, filename, slices.Clip(metadata))
	return []byte(prov), err
}
