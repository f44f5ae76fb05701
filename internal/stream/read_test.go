package stream

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/openova/envcontract/bench/streamgen"
	"github.com/spf13/pflag"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// Read returns exactly what came, however it came: from a file (one
// buffer of its size), through a pipe in chunks, in short reads.
func TestReadContent(t *testing.T) {
	big := bytes.Repeat([]byte("a: 1\n"), 3*maxChunk/5+7) // several chunks, not a multiple of any
	small := []byte("kind: ConfigMap\n")
	file := func(t *testing.T, data []byte) *os.File {
		t.Helper()
		p := filepath.Join(t.TempDir(), "in.yaml")
		require.NoError(t, os.WriteFile(p, data, 0o600))
		f, err := os.Open(p)
		require.NoError(t, err)
		t.Cleanup(func() { f.Close() })
		return f
	}
	tests := map[string]struct {
		data []byte
		open func(t *testing.T, data []byte) any
		max  int64
	}{
		"big file":        {data: big, open: func(t *testing.T, d []byte) any { return file(t, d) }},
		"big pipe":        {data: big, open: func(_ *testing.T, d []byte) any { return onlyReader{bytes.NewReader(d)} }},
		"one byte reads":  {data: small, open: func(_ *testing.T, d []byte) any { return iotest.OneByteReader(bytes.NewReader(d)) }},
		"half reads":      {data: big, open: func(_ *testing.T, d []byte) any { return iotest.HalfReader(bytes.NewReader(d)) }},
		"empty file":      {data: nil, open: func(t *testing.T, d []byte) any { return file(t, d) }},
		"empty pipe":      {data: nil, open: func(_ *testing.T, d []byte) any { return onlyReader{bytes.NewReader(d)} }},
		"file at limit":   {data: small, max: int64(len(small)), open: func(t *testing.T, d []byte) any { return file(t, d) }},
		"chunk-size pipe": {data: bytes.Repeat([]byte("x"), minChunk), open: func(_ *testing.T, d []byte) any { return onlyReader{bytes.NewReader(d)} }},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			r := tc.open(t, tc.data)
			got, err := Read(r.(interface{ Read([]byte) (int, error) }), tc.max)
			require.NoError(t, err)
			assert.Equal(t, len(tc.data), len(got))
			assert.True(t, bytes.Equal(tc.data, got), "content differs")
		})
	}
}

func TestReadLimitOnFiles(t *testing.T) {
	p := filepath.Join(t.TempDir(), "in.yaml")
	require.NoError(t, os.WriteFile(p, []byte("abcde"), 0o600))
	f, err := os.Open(p)
	require.NoError(t, err)
	defer f.Close()
	_, err = Read(f, 4)
	require.ErrorIs(t, err, ErrTooLarge)
	assert.EqualError(t, err, "input too large: more than 4 bytes; raise the limit with --max-input-bytes")
}

// Len is what WriteTo writes, whatever was replaced or changed by hand.
func TestLen(t *testing.T) {
	tests := map[string]func(t *testing.T, s *Stream){
		"untouched": func(*testing.T, *Stream) {},
		"replaced": func(t *testing.T, s *Stream) {
			n, err := s.Docs[1].Parse()
			require.NoError(t, err)
			n.Content[0].Content[1].Value = "a much longer value than before"
			require.NoError(t, s.Docs[1].Replace(n))
		},
		"head and body set by hand": func(_ *testing.T, s *Stream) {
			s.Docs[0].Head = []byte("--- # mine\n")
			s.Docs[2].Body = []byte("b: 2\n")
		},
	}
	for name, change := range tests {
		t.Run(name, func(t *testing.T) {
			for _, in := range []string{"\ufeffa: 1\n---\nb: x\n---\nc: 3\n", "---\r\na: 1\r\n---\r\nb: x\r\n---\r\nc: 3"} {
				s, err := Split([]byte(in))
				require.NoError(t, err)
				change(t, s)
				assert.Equal(t, len(s.Bytes()), s.Len())
			}
		})
	}
}

// WriteTo grows a bytes.Buffer once to the output size instead of through
// every doubling.
func TestWriteToGrowsOnce(t *testing.T) {
	s, err := Split(streamgen.Bytes(300))
	require.NoError(t, err)
	for _, d := range s.Docs {
		if streamgen.KindOf(d.Index) == streamgen.MCP {
			n, err := d.Parse()
			require.NoError(t, err)
			require.NoError(t, d.Replace(n))
		}
	}
	allocs := testing.AllocsPerRun(5, func() {
		var buf bytes.Buffer
		if _, err := s.WriteTo(&buf); err != nil {
			t.Fatal(err)
		}
	})
	assert.LessOrEqual(t, allocs, 2.0)
	var buf bytes.Buffer
	_, err = s.WriteTo(&buf)
	require.NoError(t, err)
	assert.Equal(t, s.Len(), buf.Len())
	assert.True(t, strings.HasPrefix(buf.String(), "---\n# Source: platform/templates/svc-0.yaml\n"))
}

func TestBlank(t *testing.T) {
	tests := map[string]struct {
		in      string
		replace bool // replace document 0 with null
		want    bool
	}{
		"empty":            {in: "", want: true},
		"white space":      {in: " \n\t\r\n", want: true},
		"a separator":      {in: "---\n", want: false},
		"a comment":        {in: "# Source: a.yaml\n", want: false},
		"a document":       {in: "a: 1\n", want: false},
		"a BOM":            {in: "\ufeff\n", want: false},
		"replaced by null": {in: "a: 1\n", replace: true, want: false},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			s, err := Split([]byte(tc.in))
			require.NoError(t, err)
			if tc.replace {
				require.NoError(t, s.Docs[0].Replace(&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}))
			}
			assert.Equal(t, tc.want, s.Blank())
			assert.Equal(t, len(bytes.TrimSpace(s.Bytes())) == 0, s.Blank(), "what the render command checks today")
		})
	}
}

// --max-input-bytes 0 or -1 used to mean the default silently.
func TestMaxBytesFlag(t *testing.T) {
	for args, want := range map[string]int64{"": DefaultMaxBytes, "--max-input-bytes=10": 10, "--max-input-bytes=1Ki": -1,
		"--max-input-bytes=0": -1, "--max-input-bytes=-1": -1} {
		t.Run(args, func(t *testing.T) {
			var max int64
			fs := pflag.NewFlagSet("x", pflag.ContinueOnError)
			fs.SetOutput(io.Discard)
			AddMaxBytesFlag(fs, &max)
			err := fs.Parse(strings.Fields(args))
			if want < 0 {
				require.Error(t, err)
				if strings.Contains(args, "=0") || strings.Contains(args, "=-1") {
					assert.Contains(t, err.Error(), "must be positive")
				}
				return
			}
			require.NoError(t, err)
			assert.Equal(t, want, max)
		})
	}
}

// ReadFile refuses what is not a regular file before opening it, and keeps
// the limit for a regular file.
func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "small.yaml")
	require.NoError(t, os.WriteFile(small, []byte("a: 1\n"), 0o600))
	data, err := ReadFile(small, 0)
	require.NoError(t, err)
	assert.Equal(t, "a: 1\n", string(data))

	_, err = ReadFile(small, 2)
	require.ErrorIs(t, err, ErrTooLarge)
	assert.Contains(t, err.Error(), small)

	_, err = ReadFile(dir, 0)
	require.ErrorIs(t, err, ErrNotRegular)
	assert.Contains(t, err.Error(), dir+": not a regular file (a directory)")

	if _, err := os.Stat("/dev/zero"); err == nil {
		_, err = ReadFile("/dev/zero", 0)
		require.ErrorIs(t, err, ErrNotRegular)
		assert.Contains(t, err.Error(), "a character device")
	}
}
