package envcontract

import (
	"errors"

	"github.com/openova/envcontract/internal/contract"
)

// DefaultContract is the name of the built-in contract the envcontract
// commands apply when given none.
const DefaultContract = contract.DefaultName

// Contract is a loaded, valid env contract.
type Contract struct {
	c *contract.Contract
}

// LoadContract loads a contract: a built-in by its name ("bp-sandbox",
// "builtin:bp-sandbox"), else the file at nameOrPath. Write ./NAME for a
// file that shares a built-in's name. An invalid contract is an error that
// lists every problem as FILE:LINE:COL: /pointer: message.
func LoadContract(nameOrPath string) (*Contract, error) {
	c, err := contract.Resolve(nameOrPath)
	if err != nil {
		return nil, err
	}
	return &Contract{c}, nil
}

// ParseContract reads a contract from its YAML text; source names it in
// errors and findings. A consumer's goSource is relative to the working
// directory.
func ParseContract(data []byte, source string) (*Contract, error) {
	c, err := contract.Parse(data, source)
	if err != nil {
		return nil, err
	}
	return &Contract{c}, nil
}

// Name is the contract's metadata.name.
func (c *Contract) Name() string { return c.c.Name }

// Source is where the contract was loaded from: its file, or
// "builtin:NAME".
func (c *Contract) Source() string { return c.c.Source }

// Workloads are the names of the contract's workloads, in file order.
func (c *Contract) Workloads() []string {
	out := make([]string, len(c.c.Workloads))
	for i, w := range c.c.Workloads {
		out[i] = w.Name
	}
	return out
}

var errNoContract = errors.New("no contract given: load one with LoadContract or ParseContract")

// unwrap returns the internal contracts, refusing none and nil.
func unwrap(cs []*Contract) ([]*contract.Contract, error) {
	if len(cs) == 0 {
		return nil, errNoContract
	}
	out := make([]*contract.Contract, len(cs))
	for i, c := range cs {
		if c == nil || c.c == nil {
			return nil, errNoContract
		}
		out[i] = c.c
	}
	return out, nil
}
