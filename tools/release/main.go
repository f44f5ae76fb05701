// Command release packs and publishes the two Helm plugins of a release;
// `make dist` and `make publish-oci` run it, after the Makefile has built
// the binaries. It is not part of either product binary: its dependencies
// (go-crypto for signing, oras-go for the push) stay out of them.
//
//	release pack -version 1.2.3 -bin DIR -out dist -platforms "linux/amd64 darwin/arm64" \
//	    [-epoch SECONDS] [-key NAME -keyring FILE [-passphrase-file FILE]]
//	release push -version 1.2.3 -dir dist -registry HOST:PORT[/PATH] [-plain-http] [-epoch SECONDS]
//
// pack writes dist/envcontract-VERSION.tgz and dist/envcontract-render-VERSION.tgz
// (reproducible: the same binaries and epoch give the same bytes), a .prov
// beside each when a key is given, and checksums.txt. push sends each
// archive with its .prov to REGISTRY/NAME:VERSION in the layout
// `helm plugin install oci://…` reads.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "release:", err)
		os.Exit(1)
	}
}

func run(args []string, out io.Writer) error {
	if len(args) == 0 {
		return errors.New("usage: release pack|push [flags]")
	}
	fs := flag.NewFlagSet("release "+args[0], flag.ContinueOnError)
	version := fs.String("version", "", "release version, x.y.z")
	epoch := fs.Int64("epoch", 0, "seconds since 1970: the archives' entry times and the manifests' creation time (SOURCE_DATE_EPOCH)")
	switch args[0] {
	case "pack":
		bin := fs.String("bin", "", "directory of GOOS-GOARCH/ directories holding the built binaries")
		dir := fs.String("out", "dist", "output directory")
		plats := fs.String("platforms", "", "GOOS/GOARCH list, space or comma separated")
		key := fs.String("key", "", "name of the signing key (an identity or part of one); no key, no .prov")
		keyring := fs.String("keyring", "", "secret keyring holding the key")
		pass := fs.String("passphrase-file", "", "file holding the key's passphrase, if it has one")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		platforms, err := parsePlatforms(*plats)
		if err != nil {
			return err
		}
		o := packOptions{Version: *version, Platforms: platforms, BinDir: *bin, OutDir: *dir,
			ModTime: time.Unix(*epoch, 0).UTC()}
		switch {
		case *key != "" && *keyring == "":
			return errors.New("-key needs -keyring")
		case *key == "" && *keyring != "":
			return errors.New("-keyring needs -key: name the signing key")
		case *key != "":
			if o.Signer, err = newSigner(*keyring, *key, *pass); err != nil {
				return err
			}
		}
		files, err := pack(o)
		for _, f := range files {
			fmt.Fprintf(out, "wrote %s/%s\n", *dir, f)
		}
		return err
	case "push":
		dir := fs.String("dir", "dist", "directory make dist wrote")
		registry := fs.String("registry", "", "host[:port][/path] to push to")
		plain := fs.Bool("plain-http", false, "talk HTTP, not HTTPS (a local test registry)")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		return push(context.Background(), pushOptions{Version: *version, Dir: *dir, Registry: *registry,
			PlainHTTP: *plain, Created: time.Unix(*epoch, 0), Out: out})
	default:
		return fmt.Errorf("unknown command %q: want pack or push", args[0])
	}
}
