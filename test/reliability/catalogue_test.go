package reliability_test

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/openova/envcontract/bench/streamgen"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// Bounds for a case that sets none: a run of the binary on a small input.
const (
	defaultTimeout = 30 * time.Second
	defaultRSSMiB  = 200
	// minCases is what the catalogue promises (issue 6).
	minCases = 30
)

// badCase is one entry of fixtures/bad/manifest.yaml; the file's comment
// says what each field means.
type badCase struct {
	Name           string     `yaml:"name"`
	What           string     `yaml:"what"`
	Args           []string   `yaml:"args"`
	Stdin          string     `yaml:"stdin"`
	Generate       *generator `yaml:"generate"`
	Exit           int        `yaml:"exit"`
	Stderr         []string   `yaml:"stderr"`
	Stdout         []string   `yaml:"stdout"`
	Echo           bool       `yaml:"echo"`
	Never          []string   `yaml:"never"`
	NoLine         string     `yaml:"noLine"`
	Long           bool       `yaml:"long"`
	MaxRSSMiB      int64      `yaml:"maxRSSMiB"`
	TimeoutSeconds int        `yaml:"timeoutSeconds"`
}

type generator struct {
	Kind string `yaml:"kind"`
	Size int64  `yaml:"size"`
	Then string `yaml:"then"`
}

var badDir = filepath.Join(repo, "fixtures", "bad")

func loadCatalogue(t *testing.T) []badCase {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(badDir, "manifest.yaml"))
	require.NoError(t, err)
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true) // a misspelt field would silently check nothing
	var m struct {
		Cases []badCase `yaml:"cases"`
	}
	require.NoError(t, dec.Decode(&m), "fixtures/bad/manifest.yaml")
	return m.Cases
}

// TestCatalogueIsComplete keeps the manifest and the case directories in
// step, and the catalogue at its promised size.
func TestCatalogueIsComplete(t *testing.T) {
	cases := loadCatalogue(t)
	assert.GreaterOrEqual(t, len(cases), minCases)
	listed := map[string]bool{}
	for _, c := range cases {
		assert.Falsef(t, listed[c.Name], "case %q is listed twice", c.Name)
		listed[c.Name] = true
		assert.NotEmptyf(t, c.What, "case %q says what is wrong", c.Name)
		assert.NotEmptyf(t, c.Args, "case %q has a command", c.Name)
		if c.Exit != 0 {
			assert.Truef(t, len(c.Stderr)+len(c.Stdout) > 0, "case %q checks its message", c.Name)
		} else {
			assert.Truef(t, c.Echo || len(c.Stdout) > 0, "case %q checks what passes through", c.Name)
		}
		if c.Generate != nil {
			assert.Containsf(t, append([]string{"huge-scalar", "over-limit", "deep-flow", "deep-block", "many-documents", "fifo"}, streamgen.BigKinds...),
				c.Generate.Kind, "case %q: unknown generator", c.Name)
		}
	}
	entries, err := os.ReadDir(badDir)
	require.NoError(t, err)
	for _, e := range entries {
		if e.IsDir() {
			assert.Truef(t, listed[e.Name()], "fixtures/bad/%s has no entry in manifest.yaml", e.Name())
		}
	}
}

// lineRef is how a message names a line: "line 12", or FILE:12 and
// FILE:12:3 as findings and contract problems write it.
var lineRef = regexp.MustCompile(`line \d+|\S:\d+(:\d+)?[: ]`)

func TestBadInputCatalogue(t *testing.T) {
	for _, c := range loadCatalogue(t) {
		t.Run(c.Name, func(t *testing.T) {
			if c.Long && testing.Short() {
				t.Skip("long: hundreds of megabytes of input")
			}
			args := c.Args
			if c.Generate != nil && c.Generate.Kind == "fifo" {
				args = fifoArgs(t, args)
			}
			each(t, args, func(t *testing.T, b binary) {
				dir := filepath.Join(badDir, c.Name)
				if _, err := os.Stat(dir); err != nil {
					dir = badDir
				}
				tmp := t.TempDir()
				stdin, inPath := caseInput(t, c, dir, tmp)
				outPath := filepath.Join(tmp, "stdout")
				out, err := os.Create(outPath)
				require.NoError(t, err)
				defer out.Close()
				logFile := filepath.Join(tmp, "render.log")
				timeout := defaultTimeout
				if c.TimeoutSeconds > 0 {
					timeout = time.Duration(c.TimeoutSeconds) * time.Second
				}
				res := run(t, invocation{dir: dir, stdin: stdin, stdout: out, timeout: timeout, bin: b.bin, args: b.args,
					env: []string{"ENVCONTRACT_LOG_FILE=" + logFile}})
				require.NoError(t, out.Close())
				stderr := string(res.stderr)
				stdout := head(t, outPath, 64<<10) // enough to quote; fragments are searched in all of it

				require.Equalf(t, c.Exit, res.exit, "exit status\nstderr:\n%s\nstdout:\n%s", stderr, stdout)
				for _, want := range c.Stderr {
					assert.Contains(t, stderr, want)
				}
				for _, want := range c.Stdout {
					assert.Truef(t, fileContains(t, outPath, want), "standard output holds %q; it starts:\n%s", want, stdout)
				}
				if c.Echo {
					assert.True(t, sameFile(t, inPath, outPath), "standard output must be the input byte for byte")
				}

				log, _ := os.ReadFile(logFile)
				if c.Args[0] == "render" {
					if c.Exit != 0 {
						assert.Empty(t, stdout, "render writes nothing to stdout when it fails")
						first, _, _ := strings.Cut(strings.TrimPrefix(stderr, "Error: "), "\n")
						assert.Contains(t, string(log), first, "the reason reaches the log file (Helm 4 drops stderr)")
					} else {
						assert.NotEmpty(t, stdout, "render always writes something (Helm 4 refuses empty output)")
					}
				}
				if c.Exit != 0 && c.NoLine == "" {
					assert.Regexp(t, lineRef, stderr+stdout, "the message names a line")
				}
				for _, secret := range c.Never {
					assert.False(t, fileContains(t, outPath, secret), "stdout shows a secret value")
					assert.NotContains(t, stderr, secret, "stderr shows a secret value")
					assert.NotContains(t, string(log), secret, "the log shows a secret value")
				}

				rss := c.MaxRSSMiB
				if rss == 0 {
					rss = defaultRSSMiB
				}
				if res.maxRSS > 0 {
					assert.LessOrEqualf(t, res.maxRSS, rss<<20, "peak RSS %d MiB over the bound", res.maxRSS>>20)
				}
				t.Logf("exit %d in %s, peak RSS %d MiB", res.exit, res.elapsed.Round(time.Millisecond), res.maxRSS>>20)
			})
		})
	}
}

// caseInput returns what the case feeds to standard input and the file it
// comes from ("" for an input that is never stored). Generated inputs are
// written to tmp in pieces: the test's own memory must stay small (see
// maxRSS).
func caseInput(t *testing.T, c badCase, dir, tmp string) (io.Reader, string) {
	t.Helper()
	if c.Generate == nil {
		if c.Stdin == "" {
			return bytes.NewReader(nil), ""
		}
		return openFile(t, filepath.Join(dir, c.Stdin)), filepath.Join(dir, c.Stdin)
	}
	g := c.Generate
	if g.Kind == "fifo" { // made by fifoArgs; stdin as without a generator
		c.Generate = nil
		return caseInput(t, c, dir, tmp)
	}
	if g.Kind == "over-limit" {
		// Never stored: the binary must stop reading, not the test.
		line := []byte("# padding to go over the input limit ......................................\n")
		return io.LimitReader(&repeat{b: line}, g.Size), ""
	}
	path := filepath.Join(tmp, "stdin")
	f, err := os.Create(path)
	require.NoError(t, err)
	w := bufio.NewWriter(f)
	switch g.Kind {
	case "huge-scalar":
		w.WriteString("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  blob: ")
		chunk := bytes.Repeat([]byte("x"), 1<<16)
		for left := g.Size; left > 0; left -= int64(len(chunk)) {
			w.Write(chunk[:min(left, int64(len(chunk)))])
		}
		w.WriteString("\n---\n")
	case "deep-flow":
		w.WriteString("a: " + strings.Repeat("[", int(g.Size)) + strings.Repeat("]", int(g.Size)) + "\n")
	case "deep-block":
		for i := 0; i < int(g.Size); i++ {
			w.WriteString(strings.Repeat(" ", i) + "k:\n")
		}
	case "many-documents":
		for i := 0; i < int(g.Size); i++ {
			fmt.Fprintf(w, "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-%d\ndata:\n  n: \"%d\"\n", i, i)
		}
		w.WriteString("---\n")
	case "many-env", "many-containers", "many-drifted", "edited-scalar":
		require.NoError(t, streamgen.WriteBig(w, g.Kind, g.Size))
	default:
		t.Fatalf("unknown generator %q", g.Kind)
	}
	if g.Then != "" {
		then, err := os.ReadFile(filepath.Join(dir, g.Then))
		require.NoError(t, err)
		w.Write(then)
	}
	require.NoError(t, w.Flush())
	require.NoError(t, f.Close())
	return openFile(t, path), path
}

// fifoArgs makes a FIFO that nothing writes to and puts its path where
// args say {fifo}: a binary that opens it for reading blocks for ever.
func fifoArgs(t *testing.T, args []string) []string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "fifo")
	if err := mkfifo(path); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = strings.ReplaceAll(a, "{fifo}", path)
	}
	return out
}

func openFile(t *testing.T, path string) *os.File {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	t.Cleanup(func() { f.Close() })
	return f
}

// head returns the first n bytes of a file.
func head(t *testing.T, path string, n int64) string {
	t.Helper()
	f := openFile(t, path)
	b, err := io.ReadAll(io.LimitReader(f, n))
	require.NoError(t, err)
	return string(b)
}

// fileContains searches a file for s a megabyte at a time.
func fileContains(t *testing.T, path, s string) bool {
	t.Helper()
	f := openFile(t, path)
	buf := make([]byte, 1<<20+len(s))
	keep := 0
	for {
		n, err := io.ReadFull(f, buf[keep:])
		if bytes.Contains(buf[:keep+n], []byte(s)) {
			return true
		}
		if err != nil {
			return false
		}
		keep = copy(buf, buf[keep+n-len(s):keep+n])
	}
}

// sameFile compares two files a megabyte at a time.
func sameFile(t *testing.T, a, b string) bool {
	t.Helper()
	fa, fb := bufio.NewReaderSize(openFile(t, a), 1<<20), bufio.NewReaderSize(openFile(t, b), 1<<20)
	x, y := make([]byte, 1<<20), make([]byte, 1<<20)
	for {
		n, errA := io.ReadFull(fa, x)
		m, errB := io.ReadFull(fb, y)
		if !bytes.Equal(x[:n], y[:m]) {
			return false
		}
		if errA != nil || errB != nil {
			return errA != nil && errB != nil
		}
	}
}

// repeat reads b over and over.
type repeat struct {
	b   []byte
	off int
}

func (r *repeat) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		c := copy(p[n:], r.b[r.off:])
		n += c
		r.off = (r.off + c) % len(r.b)
	}
	return n, nil
}
