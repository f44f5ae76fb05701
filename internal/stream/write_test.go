package stream

import (
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// countingWriter records each Write.
type countingWriter struct{ writes []string }

func (w *countingWriter) Write(p []byte) (int, error) {
	w.writes = append(w.writes, string(p))
	return len(p), nil
}

func TestWriteToWritesRunsOfUntouchedDocumentsAsOneSlice(t *testing.T) {
	in := "\ufeff---\na: 1\n---\nb: 2\n---\nc: 3\n---\nd: 4\n"
	s, err := Split([]byte(in))
	require.NoError(t, err)

	w := &countingWriter{}
	_, err = s.WriteTo(w)
	require.NoError(t, err)
	assert.Equal(t, []string{"\ufeff", in[3:]}, w.writes)

	n, err := s.Docs[1].Parse()
	require.NoError(t, err)
	n.Content[0].Content[1].Value = "20"
	require.NoError(t, s.Docs[1].Replace(n))
	w = &countingWriter{}
	_, err = s.WriteTo(w)
	require.NoError(t, err)
	assert.Equal(t, []string{"\ufeff", "---\na: 1\n", "---\n", "b: 20\n", "---\nc: 3\n---\nd: 4\n"}, w.writes)
}

func TestWriteToFollowsCallerEdits(t *testing.T) {
	tests := map[string]struct {
		edit func(s *Stream)
		want string
	}{
		"document dropped": {
			edit: func(s *Stream) { s.Docs = append(s.Docs[:1], s.Docs[2:]...) },
			want: "---\na: 1\n---\nc: 3\n",
		},
		"documents swapped": {
			edit: func(s *Stream) { s.Docs[1], s.Docs[2] = s.Docs[2], s.Docs[1] },
			want: "---\na: 1\n---\nc: 3\n---\nb: 2\n",
		},
		"body field set": {
			edit: func(s *Stream) { s.Docs[0].Body = []byte("a: 9\n") },
			want: "---\na: 9\n---\nb: 2\n---\nc: 3\n",
		},
		"document from elsewhere": {
			edit: func(s *Stream) { s.Docs = append(s.Docs, &Document{Head: []byte("---\n"), Body: []byte("d: 4\n")}) },
			want: "---\na: 1\n---\nb: 2\n---\nc: 3\n---\nd: 4\n",
		},
		"bom switched on": {
			edit: func(s *Stream) { s.BOM = true },
			want: "\ufeff---\na: 1\n---\nb: 2\n---\nc: 3\n",
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			s, err := Split([]byte("---\na: 1\n---\nb: 2\n---\nc: 3\n"))
			require.NoError(t, err)
			tc.edit(s)
			assert.Equal(t, tc.want, string(s.Bytes()))
		})
	}
}

type failingWriter struct{ after int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.after <= 0 {
		return 0, errors.New("disk full")
	}
	w.after--
	return len(p), nil
}

func TestWriteToStopsAtTheFirstError(t *testing.T) {
	s, err := Split([]byte("\ufeffa: 1\n"))
	require.NoError(t, err)
	n, err := s.WriteTo(&failingWriter{after: 1})
	require.EqualError(t, err, "disk full")
	assert.Equal(t, int64(3), n)
}

func TestRead(t *testing.T) {
	tests := map[string]struct {
		in      io.Reader
		max     int64
		wantErr error
		errText string
	}{
		"below limit":   {in: strings.NewReader("abc"), max: 4},
		"at limit":      {in: strings.NewReader("abcd"), max: 4},
		"over limit":    {in: strings.NewReader("abcde"), max: 4, wantErr: ErrTooLarge, errText: "more than 4 bytes; raise the limit with --max-input-bytes"},
		"default limit": {in: strings.NewReader("abc"), max: 0},
		"read error":    {in: iotest.ErrReader(errors.New("broken pipe")), max: 4, errText: "read input: broken pipe"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			data, err := Read(tc.in, tc.max)
			if tc.errText != "" {
				require.Error(t, err)
				if tc.wantErr != nil {
					require.ErrorIs(t, err, tc.wantErr)
				}
				assert.Contains(t, err.Error(), tc.errText)
				assert.Nil(t, data)
				return
			}
			require.NoError(t, err)
			assert.NotEmpty(t, data)
		})
	}
}

func TestFlushThenWriteToIsWriteTo(t *testing.T) {
	streams := map[string]string{
		"plain":        "---\na: 1\n---\nb: 2\n---\nc: 3\n",
		"bom":          "\ufeff---\na: 1\n---\nb: 2\n",
		"blank":        "---\n# Source: x.yaml\n---\n\n",
		"bom, blank":   "\ufeff\n",
		"no documents": "",
		"crlf":         "a: 1\r\n---\r\nb: 2\r\n",
	}
	for name, in := range streams {
		for _, replace := range []bool{false, true} {
			whole := splitEdited(t, in, replace)
			want, wantBlank := string(whole.Bytes()), whole.Blank()
			for i := 0; i <= len(whole.Docs); i++ {
				s := splitEdited(t, in, replace)
				var b strings.Builder
				n, err := s.Flush(&b, i)
				require.NoError(t, err)
				assert.Equal(t, int64(b.Len()), n)
				assert.Equal(t, len(want)-b.Len(), s.Len(), "%s: Len after Flush(%d) counts the rest", name, i)
				assert.Equal(t, wantBlank, s.Blank(), "%s: Blank after Flush(%d) is the whole stream's", name, i)
				_, err = s.Flush(&b, i) // nothing twice
				require.NoError(t, err)
				_, err = s.WriteTo(&b)
				require.NoError(t, err)
				assert.Equal(t, want, b.String(), "%s, replaced %v: Flush(%d), then WriteTo", name, replace, i)
				for _, d := range s.Docs[:i] {
					assert.Nil(t, d.out, "a flushed replacement is let go")
				}
			}
		}
	}
}

// splitEdited splits in and, when replace, sets the value of every
// document that is a one-key mapping to "9".
func splitEdited(t *testing.T, in string, replace bool) *Stream {
	t.Helper()
	s, err := Split([]byte(in))
	require.NoError(t, err)
	for _, d := range s.Docs {
		n, err := d.Parse()
		require.NoError(t, err)
		if !replace || n == nil || len(n.Content[0].Content) != 2 {
			continue
		}
		n.Content[0].Content[1].Value = "9"
		require.NoError(t, d.Replace(n))
	}
	return s
}
