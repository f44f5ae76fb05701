package exitcode

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCode(t *testing.T) {
	cause := errors.New("cause")
	tests := map[string]struct {
		err      error
		code     int
		message  string
		sentinel error
	}{
		"nil":                  {nil, OK, "", nil},
		"unclassified":         {cause, Usage, "cause", nil},
		"usage":                {UsageError(cause), Usage, "cause", ErrUsage},
		"findings reported":    {FindingsError(nil), Findings, "", ErrFindings},
		"findings with reason": {FindingsError(cause), Findings, "cause", ErrFindings},
		"internal":             {InternalError(cause), Internal, "cause", ErrInternal},
		"wrapped with %w":      {fmt.Errorf("reading x: %w", InternalError(cause)), Internal, "reading x: cause", ErrInternal},
		"status passes":        {Status(7), 7, "", nil},
		"wrapped status":       {fmt.Errorf("helm: %w", Status(4)), 4, "", nil},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			assert.Equal(t, tc.code, Code(tc.err))
			assert.Equal(t, tc.message, Message(tc.err))
			if tc.sentinel != nil {
				assert.ErrorIs(t, tc.err, tc.sentinel)
			}
			if tc.err != nil && tc.code != OK && errors.Is(tc.err, cause) {
				assert.ErrorIs(t, tc.err, cause, "the cause stays reachable")
			}
		})
	}
	assert.Nil(t, UsageError(nil))
	assert.Nil(t, InternalError(nil))
}
