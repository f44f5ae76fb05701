package render

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/openova/envcontract/internal/contract"
	"github.com/openova/envcontract/internal/envedit"
	"github.com/openova/envcontract/internal/finding"
	"github.com/openova/envcontract/internal/stream"
)

// fuzzContract is small and matches every workload kind by kind alone, so
// that mutated manifests still reach the rules: a rename with a $(REF)
// rewrite, a value, a fieldRef, a secretKeyRef, a forbidden name.
const fuzzContract = `apiVersion: envcontract.dev/v1alpha1
kind: EnvContract
metadata:
  name: fuzz
spec:
  workloads:
    - name: any
      match: {kinds: [Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Pod]}
      rename:
        - {from: ORG_ID, to: SANDBOX_ORG_ID}
      forbid: [ORG_ID]
      env:
        - name: SANDBOX_TENANT_ID
          value: $(SANDBOX_ORG_ID)
        - name: SANDBOX_NAMESPACE
          fieldRef: metadata.namespace
        - name: SANDBOX_GITEA_BASE_URL
          value: http://gitea
          fromValues: mcp.giteaBaseURL
        - name: SANDBOX_GITEA_TOKEN
          secretKeyRef: {name: gitea, key: token}
`

// fuzzValues wire every entry of both contracts, the controller's image
// included, so that a clean run is possible.
var fuzzValues = envedit.Values{
	"runtime": map[string]any{"mcpImage": "mcp:1"},
	"mcp":     map[string]any{"giteaBaseURL": "https://gitea.example", "storage": map[string]any{"s3UseTLS": true}},
}

// FuzzRender runs render and check over arbitrary streams, with the
// built-in contract or the generic one above, and checks in every run:
//
//   - render and check agree on whether the input is readable, and an
//     unreadable input fails with an error located in the stream;
//   - a render that fails on the contract leaves a finding of error
//     severity, which check reports too;
//   - a render that succeeds writes a stream that splits into as many
//     documents, keeps every untouched document byte for byte, parses, is
//     left alone by a second render, and passes check;
//   - the input passes check exactly when render leaves it alone.
func FuzzRender(f *testing.F) {
	for _, seed := range renderSeeds(f) {
		f.Add(seed, false)
		f.Add(seed, true)
	}
	builtin, err := contract.Builtin("bp-sandbox-b4")
	if err != nil {
		f.Fatal(err)
	}
	generic, err := contract.Parse([]byte(fuzzContract), "fuzz.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte, useGeneric bool) {
		o := Options{Contracts: []*contract.Contract{builtin}, Values: fuzzValues}
		if useGeneric {
			o.Contracts = []*contract.Contract{generic}
		}
		renderInvariants(t, o, data)
	})
}

// renderInvariants runs render and check over data and holds them to the
// properties FuzzRender states.
func renderInvariants(t *testing.T, o Options, data []byte) {
	{
		res, rerr := Run(o, Input{Data: data})
		co := o
		co.Check = true
		chk, cerr := Run(co, Input{Data: data})

		if cerr != nil {
			// Render may stop earlier, at a document it cannot re-encode.
			if rerr == nil || errors.Is(rerr, ErrViolations) {
				t.Fatalf("check fails with %v, render with %v", cerr, rerr)
			}
			for _, err := range []error{cerr, rerr} {
				var se *stream.Error
				if !errors.As(err, &se) || se.Line <= 0 || !strings.HasPrefix(err.Error(), "document ") {
					t.Fatalf("unreadable input without a stream location: %v", err)
				}
			}
			return
		}
		checkErrors := errorFindings(chk.Findings)
		if errors.Is(rerr, ErrViolations) {
			if len(errorFindings(res.Findings)) == 0 || len(checkErrors) == 0 {
				t.Fatalf("render fails on the contract, render findings %v, check findings %v", res.Findings, chk.Findings)
			}
			return
		}
		if rerr != nil {
			// Re-encoding can fail where check, which re-encodes nothing, reads fine.
			var se *stream.Error
			if !errors.Is(rerr, stream.ErrReplace) || !errors.As(rerr, &se) {
				t.Fatalf("render fails where check does not: %v", rerr)
			}
			return
		}

		out := res.Streams[0].Bytes()
		in, err := stream.Split(data)
		if err != nil {
			t.Fatalf("render read a stream that does not split: %v", err)
		}
		got, err := stream.Split(out)
		if err != nil {
			t.Fatalf("output does not split: %v\n%q", err, out)
		}
		if len(got.Docs) != len(in.Docs) {
			t.Fatalf("output has %d documents, input %d\n%q", len(got.Docs), len(in.Docs), out)
		}
		for i, d := range res.Streams[0].Docs {
			if !d.Changed() && (!bytes.Equal(d.Body, got.Docs[i].Body) || !bytes.Equal(d.Head, got.Docs[i].Head)) {
				t.Fatalf("untouched document %d changed:\n%q\nbecame\n%q", i, d.Body, got.Docs[i].Body)
			}
			if _, err := got.Docs[i].Parse(); err != nil {
				t.Fatalf("output document %d does not parse: %v\n%q", i, err, out)
			}
		}
		if unchanged := bytes.Equal(out, data); unchanged != (len(checkErrors) == 0) {
			t.Fatalf("render changed the input: %v; check errors on the input: %v", !unchanged, checkErrors)
		}

		again, err := Run(o, Input{Data: out})
		if err != nil {
			t.Fatalf("second render fails: %v\n%q", err, out)
		}
		if out2 := again.Streams[0].Bytes(); !bytes.Equal(out2, out) {
			t.Fatalf("render is not idempotent:\n%q\nthen\n%q", out, out2)
		}
		after, err := Run(co, Input{Data: out})
		if err != nil {
			t.Fatalf("check on the output fails: %v", err)
		}
		if errs := errorFindings(after.Findings); len(errs) > 0 {
			t.Fatalf("check reports errors on render's output: %v\n%q", errs, out)
		}
	}
}

func errorFindings(fs []finding.Finding) []finding.Finding {
	var out []finding.Finding
	for _, f := range fs {
		if f.Severity == finding.SeverityError {
			out = append(out, f)
		}
	}
	return out
}

// renderSeeds are the fixture streams and the streams of this package's
// tests, plus the shapes the bad-input catalogue exercises in small.
func renderSeeds(f *testing.F) [][]byte {
	f.Helper()
	var seeds [][]byte
	for _, glob := range []string{"../../fixtures/streams/*.yaml", "../../cmd/envcontract/testdata/render/*.yaml"} {
		files, err := filepath.Glob(glob)
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range files {
			b, err := os.ReadFile(file)
			if err != nil {
				f.Fatal(err)
			}
			seeds = append(seeds, b)
		}
	}
	if len(seeds) == 0 {
		f.Fatal("no fixture streams found")
	}
	fixed, err := os.ReadFile("../../fixtures/streams/mcp-fixed.yaml")
	if err != nil {
		f.Fatal(err)
	}
	// A clean stream but for a stale entry a rename would drop: check must
	// fail it, since render changes it.
	stale := strings.Replace(string(fixed), "        - name: SANDBOX_ORG_ID\n", "        - name: ORG_ID\n          value: stale\n        - name: SANDBOX_ORG_ID\n", 1)
	list := "apiVersion: v1\nkind: List\nitems:\n- " + strings.ReplaceAll(strings.TrimPrefix(mcpDeployment, "---\n# Source: bp-sandbox/templates/mcp.yaml\n"), "\n", "\n  ")
	for _, s := range []string{
		configMap + mcpDeployment + ptyServer,
		strings.ReplaceAll(configMap+mcpDeployment, "\n", "\r\n"),
		"\ufeff" + mcpDeployment,
		list,
		stale,
		strings.Replace(mcpDeployment, "env:", "env: {ORG_ID: x}\n          x:", 1),
		"kind: Pod\nspec:\n  containers:\n  - name: c\n    env:\n    - &e {name: ORG_ID, value: a}\n    - {name: REF, value: $(ORG_ID)}\n",
		"kind: CronJob\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          initContainers: [{name: i, env: [{name: ORG_ID, value: '1'}]}]\n          containers: [{name: m, env: [{name: SANDBOX_GITEA_TOKEN, valueFrom: {secretKeyRef: {name: a, key: b}}}]}]\n",
		"kind: Job\nspec:\n  template:\n    spec:\n      containers:\n      - name: j\n        env:\n        - name: A\n          value: >+\n            x\n\n        - name: ORG_ID\n",
	} {
		seeds = append(seeds, []byte(s))
	}
	return seeds
}
