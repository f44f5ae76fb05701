package helmrelease

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "hr.yaml")
	require.NoError(t, os.WriteFile(real, []byte("old\n"), 0o640))
	link := filepath.Join(dir, "link.yaml")
	require.NoError(t, os.Symlink(real, link))

	require.NoError(t, WriteFile(link, []byte("new\n")))

	got, err := os.ReadFile(real)
	require.NoError(t, err)
	assert.Equal(t, "new\n", string(got), "the link's target is written")
	info, err := os.Lstat(link)
	require.NoError(t, err)
	assert.NotZero(t, info.Mode()&os.ModeSymlink, "the link stays a link")
	info, err = os.Stat(real)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o640), info.Mode().Perm())
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 2, "no temporary file is left behind")

	assert.Error(t, WriteFile(filepath.Join(dir, "missing.yaml"), []byte("x")), "WriteFile replaces a file, it does not create one")
}
