package envcontract

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/openova/envcontract/internal/drift"
	"github.com/openova/envcontract/internal/finding"
	"github.com/openova/envcontract/internal/render"
)

// ErrViolations is wrapped by Render's error when the contract is broken in
// a way render cannot fix; the Result says how.
var ErrViolations = errors.New("the manifests break the env contract")

// Options are the inputs of a Check or Render besides the manifests and
// the contracts. The zero value is ready to use.
type Options struct {
	// Values are the chart values a contract's fromValues read, as Helm
	// merged them (nested maps, "mcp.giteaBaseURL" is
	// Values["mcp"]["giteaBaseURL"]); nil leaves the contract defaults.
	Values map[string]any
	// File names the manifests in findings; empty uses each document's
	// "# Source:" comment, when it has one.
	File string
}

// Check applies the contracts to manifests, a multi-document YAML stream,
// and changes nothing: Options{}.Check.
func Check(manifests []byte, contracts ...*Contract) (Result, error) {
	return Options{}.Check(manifests, contracts...)
}

// Check applies the contracts to manifests and changes nothing. The stream
// breaks the contract when Result.Errors is not empty. The error is for
// manifests that cannot be read (bad YAML, a duplicate key), no contract,
// or a consumer whose source cannot be read; it names the document and
// line.
func (o Options) Check(manifests []byte, contracts ...*Contract) (Result, error) {
	return o.check(contracts, render.Input{File: o.File, Data: manifests})
}

// CheckFiles is Check for manifest files that together make one release,
// such as the path → content map a controller's renderer writes into a
// GitOps repository: Options{}.CheckFiles.
func CheckFiles(files map[string][]byte, contracts ...*Contract) (Result, error) {
	return Options{}.CheckFiles(files, contracts...)
}

// CheckFiles is Check for manifest files that together make one release:
// a workload that matches an object in any file is matched, and each
// finding names the file (its map key; Options.File is not used). Files
// are read in the order of their paths.
func (o Options) CheckFiles(files map[string][]byte, contracts ...*Contract) (Result, error) {
	inputs := make([]render.Input, 0, len(files))
	for _, path := range slices.Sorted(maps.Keys(files)) {
		inputs = append(inputs, render.Input{File: path, Data: files[path]})
	}
	return o.check(contracts, inputs...)
}

func (o Options) check(contracts []*Contract, inputs ...render.Input) (Result, error) {
	cs, err := unwrap(contracts)
	if err != nil {
		return Result{}, err
	}
	// The two steps of `envcontract check` (internal/action.Check), without
	// the action package, which links Helm's SDK and kustomize's api.
	res, err := render.Run(render.Options{Contracts: cs, Values: o.Values, Check: true}, inputs...)
	if err != nil {
		return Result{}, err
	}
	consumers, err := drift.Check(cs, res.Seen)
	if err != nil {
		return Result{}, err
	}
	all := append(res.Findings, consumers...)
	finding.Sort(all)
	return Result{Findings: fromInternal(all)}, nil
}

// Render applies the contracts to manifests as the post-renderer does,
// with the chart values given (nil: the contract defaults), and returns the
// fixed stream: Options{Values: values}.Render.
func Render(manifests []byte, values map[string]any, contracts ...*Contract) ([]byte, Result, error) {
	return Options{Values: values}.Render(manifests, contracts...)
}

// Render applies the contracts to manifests and returns the fixed stream.
// Documents no rule changes keep their bytes; the Result lists every change
// (severity info) and problem. When the contract is broken in a way render
// cannot fix, the stream is nil and the error wraps ErrViolations, listing
// the errors.
func (o Options) Render(manifests []byte, contracts ...*Contract) ([]byte, Result, error) {
	cs, err := unwrap(contracts)
	if err != nil {
		return nil, Result{}, err
	}
	res, err := render.Run(render.Options{Contracts: cs, Values: o.Values}, render.Input{File: o.File, Data: manifests})
	if res == nil {
		return nil, Result{}, err
	}
	out := Result{Findings: fromInternal(res.Findings)}
	if errors.Is(err, render.ErrViolations) {
		return nil, out, violations(out)
	}
	if err != nil {
		return nil, out, err
	}
	var b bytes.Buffer
	if _, err := res.Streams[0].WriteTo(&b); err != nil {
		return nil, out, err
	}
	return b.Bytes(), out, nil
}

func violations(r Result) error {
	var b strings.Builder
	for _, f := range r.Errors() {
		b.WriteString("\n  " + f.String())
	}
	return fmt.Errorf("%w:%s", ErrViolations, b.String())
}
