package postrender

import (
	"bytes"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/openova/envcontract/internal/contract"
	"github.com/openova/envcontract/internal/render"
)

func TestSpoolGivesBackWhatItGotInOrder(t *testing.T) {
	sizes := []int{1, 10, spoolChunk - 11, 5, spoolChunk * 3, 0, 7, spoolChunk, 2}
	for _, mode := range []string{"file", "no file", "file fails"} {
		t.Run(mode, func(t *testing.T) {
			dir := t.TempDir()
			sp := &spool{}
			if mode != "no file" {
				f, err := os.CreateTemp(dir, "spool")
				require.NoError(t, err)
				sp.f = f
			}
			defer sp.Close()
			var want bytes.Buffer
			for i, n := range sizes {
				if mode == "file fails" && i == 4 {
					// From here on writes fail (a full disk), reads work.
					ro, err := os.Open(sp.f.Name())
					require.NoError(t, err)
					sp.f.Close()
					sp.f = ro
				}
				p := bytes.Repeat([]byte{byte('a' + i)}, n)
				m, err := sp.Write(p)
				require.NoError(t, err)
				require.Equal(t, n, m)
				want.Write(p)
			}
			var got bytes.Buffer
			n, err := sp.WriteTo(&got)
			require.NoError(t, err)
			assert.Equal(t, int64(want.Len()), n)
			assert.True(t, bytes.Equal(want.Bytes(), got.Bytes()), "the bytes come back in order")
			switch mode {
			case "file":
				assert.Less(t, len(sp.mem), spoolChunk, "the file holds the bulk")
			case "file fails":
				assert.True(t, sp.full)
				assert.Positive(t, sp.fileN, "the first chunks went to the file")
			}
		})
	}
}

func TestSpoolLeavesNoFile(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	sp := newSpool()
	if runtime.GOOS != "windows" {
		require.NotNil(t, sp.f, "a spool file in $TMPDIR")
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Empty(t, entries, "the file has no name from the start: no exit, signal or crash leaves it behind")
	require.NoError(t, sp.Close())
}

func TestRenderSpoolsABigInput(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	drifted, err := os.ReadFile(fixture("streams", "mcp-drifted.yaml"))
	require.NoError(t, err)
	big := strings.Repeat("---\n"+string(drifted), bigInput/len(drifted)+1)
	cs, err := contract.ResolveAll([]string{"bp-sandbox-b4"})
	require.NoError(t, err)
	res, err := render.Run(render.Options{Contracts: cs}, render.Input{Data: []byte(big)})
	require.NoError(t, err)
	want := res.Streams[0].Bytes()

	r, err := New(Options{Contracts: []string{"bp-sandbox-b4"}, MaxInputBytes: 64 << 20})
	require.NoError(t, err)
	var out, errOut bytes.Buffer
	require.NoError(t, r.Render(strings.NewReader(big), &out, &errOut))
	assert.True(t, bytes.Equal(want, out.Bytes()), "the same bytes as without a spool")

	// A violation in the last document: what was spooled is dropped.
	bad := big + "---\n" + strings.Replace(string(drifted), "- name: ORG_ID",
		"- name: SANDBOX_GITEA_TOKEN\n          value: canary-9f8e7d\n        - name: ORG_ID", 1)
	out.Reset()
	err = r.Render(strings.NewReader(bad), &out, &errOut)
	require.ErrorIs(t, err, render.ErrViolations)
	assert.Empty(t, out.String(), "nothing on stdout")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Empty(t, entries, "no spool file is left")
}
