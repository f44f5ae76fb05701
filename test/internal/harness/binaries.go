package harness

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
)

// Binaries returns the paths of envcontract and envcontract-render: those
// of $ENVCONTRACT_BIN (what make build wrote) and the post-renderer beside
// it, else both built from the repository at repo into a temporary
// directory, which cleanup removes. It is for a TestMain, so it returns an
// error instead of failing a test.
func Binaries(repo string) (full, render string, cleanup func(), err error) {
	cleanup = func() {}
	if p := os.Getenv("ENVCONTRACT_BIN"); p != "" {
		if full, err = filepath.Abs(p); err != nil {
			return "", "", cleanup, err
		}
		render = filepath.Join(filepath.Dir(full), "envcontract-render")
		for _, b := range []string{full, render} {
			if _, err := os.Stat(b); err != nil {
				return "", "", cleanup, fmt.Errorf("%w (ENVCONTRACT_BIN=%s; envcontract-render must sit beside it); run make build", err, p)
			}
		}
		return full, render, cleanup, nil
	}
	dir, err := os.MkdirTemp("", "envcontract-bin-")
	if err != nil {
		return "", "", cleanup, err
	}
	cleanup = func() { os.RemoveAll(dir) }
	full, render = filepath.Join(dir, "envcontract"), filepath.Join(dir, "envcontract-render")
	for out, pkg := range map[string]string{full: "./cmd/envcontract", render: "./cmd/envcontract-render"} {
		build := exec.Command("go", "build", "-o", out, pkg)
		build.Dir = repo
		build.Env = append(os.Environ(), "GOTOOLCHAIN=local")
		if msg, err := build.CombinedOutput(); err != nil {
			cleanup()
			return "", "", func() {}, fmt.Errorf("go build %s: %w\n%s", pkg, err, msg)
		}
	}
	return full, render, cleanup, nil
}
