package valueschema

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/openova/envcontract/internal/yamlnode"
)

// compileError says where a schema that does not compile is wrong, as
// FILE:LINE:COL: /pointer: message lines: the validator names a JSON
// pointer into the schema and, for bad JSON, only a byte offset.
func compileError(name string, data []byte, err error) error {
	var syn *json.SyntaxError
	var sve *jsonschema.SchemaValidationError
	var ve *jsonschema.ValidationError
	switch {
	case errors.As(err, &syn):
		return fmt.Errorf("%s:%d: not JSON: %w; fix the JSON syntax there", name, lineAt(data, syn.Offset), err)
	case errors.Is(err, errNotJSON):
		return fmt.Errorf("%s:%d: not JSON: %w; fix the JSON syntax there", name, lineAt(data, int64(len(data))), err)
	case errors.As(err, &sve) && errors.As(sve.Err, &ve):
		// JSON is YAML: a node tree gives the pointers their lines.
		root, _ := yamlnode.Decode(data)
		var lines []string
		for _, lf := range leaves(ve, nil) {
			leaf := lf.err
			ptr := yamlnode.JoinPointer(lf.at...)
			loc := name
			if n := yamlnode.Locate(root, ptr); n != nil {
				loc = fmt.Sprintf("%s:%d:%d", name, n.Line, n.Column)
			}
			lines = append(lines, fmt.Sprintf("%s: %s: %s", loc, orRoot(ptr), leaf.ErrorKind.LocalizedString(printer)))
		}
		return &rewrittenError{err: err, msg: fmt.Sprintf("%s is not a valid JSON Schema (draft 2020-12 unless it says otherwise); fix it:\n%s",
			name, strings.Join(lines, "\n"))}
	default:
		return fmt.Errorf("compiling schema %s: %w", name, err)
	}
}

// errNotJSON marks a schema file that ends inside its JSON value.
var errNotJSON = errors.New("the schema ends before its JSON does")

func orRoot(ptr string) string {
	if ptr == "" {
		return "/"
	}
	return ptr
}

// lineAt is the 1-based line of byte offset off in data.
func lineAt(data []byte, off int64) int {
	off = min(max(off, 0), int64(len(data)))
	return 1 + bytes.Count(data[:off], []byte("\n"))
}

// rewrittenError is a library error with a message of ours; it still
// matches what the original matched with errors.Is and errors.As.
type rewrittenError struct {
	msg string
	err error
}

func (e *rewrittenError) Error() string { return e.msg }
func (e *rewrittenError) Unwrap() error { return e.err }
