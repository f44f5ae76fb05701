package valueschema

import (
	"github.com/openova/envcontract/internal/values"
	"path/filepath"
	"testing"

	"github.com/openova/envcontract/schema"
)

// BenchmarkValidate splits what `validate` pays per run: compiling the
// bp-sandbox schema (once per process) against loading and checking one
// values file with it (once per file of `validate --each`). Their ratio is
// why one --each call over 1,000 files beats 1,000 runs.
func BenchmarkValidate(b *testing.B) {
	file := filepath.Join("..", "..", "fixtures", "values", "enabled.yaml")
	b.Run("compile", func(b *testing.B) {
		data, err := schema.Read(BuiltinSchemaFile)
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() { // compile, not Compile: that one answers from its cache
			if _, _, err := compile(data, false, []string{"SANDBOX_GITEA_TOKEN"}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("file", func(b *testing.B) {
		s, err := Builtin([]string{"SANDBOX_GITEA_TOKEN"})
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			// Over the schema's defaults, as validate loads values without a chart.
			l, err := values.LoadWithOrigins(values.Options{ValueFiles: []string{file}, Defaults: s.Defaults(), DefaultsName: "default"})
			if err != nil {
				b.Fatal(err)
			}
			if fs, err := Check(l, s); err != nil || len(fs) > 0 {
				b.Fatalf("%s fails the schema: %v", file, fs)
			}
		}
	})
}
