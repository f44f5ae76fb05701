package main

import (
	"bytes"
	"crypto"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/ProtonMail/go-crypto/openpgp"
	"github.com/ProtonMail/go-crypto/openpgp/clearsign"
	"github.com/ProtonMail/go-crypto/openpgp/packet"
)

// signer writes Helm provenance files with one private key: what
// `helm plugin package --sign --key NAME --keyring FILE` writes (Helm v4.3.1,
// pkg/provenance: Signatory.ClearSign, messageBlock), for an archive this
// program made itself, reproducibly, rather than Helm's packager.
type signer struct {
	entity *openpgp.Entity
}

// newSigner loads the key whose identity is name, or contains it, from a
// secret keyring (binary, as `gpg --export-secret-keys` writes, or ASCII
// armored), as Helm's NewFromKeyring chooses it. An encrypted key is
// decrypted with the passphrase in passphraseFile (trailing newlines cut).
func newSigner(keyring, name, passphraseFile string) (*signer, error) {
	data, err := os.ReadFile(keyring)
	if err != nil {
		return nil, fmt.Errorf("keyring: %w", err)
	}
	var ring openpgp.EntityList
	if bytes.HasPrefix(bytes.TrimSpace(data), []byte("-----BEGIN")) {
		ring, err = openpgp.ReadArmoredKeyRing(bytes.NewReader(data))
	} else {
		ring, err = openpgp.ReadKeyRing(bytes.NewReader(data))
	}
	if err != nil {
		return nil, fmt.Errorf("keyring %s: %w", keyring, err)
	}
	found, vague := pick(ring, name)
	switch {
	case found == nil:
		return nil, fmt.Errorf("keyring %s has no key %q", keyring, name)
	case vague:
		return nil, fmt.Errorf("keyring %s: more than one key matches %q", keyring, name)
	case found.PrivateKey == nil:
		return nil, fmt.Errorf("keyring %s: key %q has no private part (export it with gpg --export-secret-keys)", keyring, name)
	}
	if found.PrivateKey.Encrypted {
		if passphraseFile == "" {
			return nil, fmt.Errorf("key %q is encrypted: give its passphrase in a file (PASSPHRASE_FILE=…)", name)
		}
		pass, err := os.ReadFile(passphraseFile)
		if err != nil {
			return nil, fmt.Errorf("passphrase: %w", err)
		}
		if err := found.PrivateKey.Decrypt(bytes.TrimRight(pass, "\r\n")); err != nil {
			return nil, fmt.Errorf("key %q: %w", name, err)
		}
	}
	return &signer{entity: found}, nil
}

// pick is the key with the identity name, else the one key with an
// identity that contains name; vague when more than one does.
func pick(ring openpgp.EntityList, name string) (found *openpgp.Entity, vague bool) {
	for _, e := range ring {
		if e.Identities[name] != nil {
			return e, false
		}
	}
	for _, e := range ring {
		for id := range e.Identities {
			if strings.Contains(id, name) {
				if found != nil && found != e {
					return found, true
				}
				found = e
			}
		}
	}
	return found, false
}

// provenance is the clear-signed message Helm verifies: the plugin's
// metadata, the YAML end marker "...", then the archive's sha256 under its
// file name. Helm reads only the checksums back (plugin.parsePluginMessageBlock).
func (s *signer) provenance(archive []byte, filename string, metadata []byte) ([]byte, error) {
	if bytes.Contains(metadata, []byte("\n...\n")) || bytes.HasPrefix(metadata, []byte("...\n")) {
		return nil, errors.New("plugin.yaml holds a YAML end marker (...), which splits the provenance message")
	}
	sum := sha256.Sum256(archive)
	var msg bytes.Buffer
	msg.Write(metadata)
	msg.WriteString("\n...\n")
	fmt.Fprintf(&msg, "files:\n  %s: sha256:%s\n", filename, hex.EncodeToString(sum[:]))

	var out bytes.Buffer
	w, err := clearsign.Encode(&out, s.entity.PrivateKey, &packet.Config{DefaultHash: crypto.SHA512})
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(msg.Bytes()); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
