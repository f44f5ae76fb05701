package krmfn

import (
	"github.com/openova/envcontract/internal/contract"

	"errors"
	"fmt"
	"strconv"

	"sigs.k8s.io/kustomize/kyaml/yaml"
	sigsyaml "sigs.k8s.io/yaml"
)

// The functionConfig this function reads.
const (
	APIVersion = "envcontract.dev/v1alpha1"
	Kind       = "EnvContractFunction"
)

// DefaultContract is used when the functionConfig names none.
const DefaultContract = contract.DefaultName

// ErrConfig: the functionConfig is not one this function reads.
var ErrConfig = errors.New("bad functionConfig")

// Config is the function's configuration:
//
//	apiVersion: envcontract.dev/v1alpha1
//	kind: EnvContractFunction
//	spec:
//	  contract: bp-sandbox   # built-in name or path (relative to the working directory)
//	  values: {mcp: {giteaBaseURL: …}}   # chart values the contract's fromValues read
//	  check: false           # report what render would change, change nothing
//
// kpt's `fn eval --exec envcontract -- contract=… check=true` hands a
// ConfigMap instead; its data keys contract and check are read the same way.
// Without a functionConfig the built-in bp-sandbox contract applies.
type Config struct {
	Contract string
	Values   map[string]any
	Check    bool
}

// ReadConfig reads a functionConfig; nil gives the defaults.
func ReadConfig(fc *yaml.RNode) (Config, error) {
	cfg := Config{Contract: DefaultContract}
	if fc == nil || fc.IsNilOrEmpty() {
		return cfg, nil
	}
	s, err := fc.String()
	if err != nil {
		return cfg, err
	}
	switch kind, api := fc.GetKind(), fc.GetApiVersion(); {
	case kind == Kind && api == APIVersion:
		var c struct {
			APIVersion string         `json:"apiVersion"`
			Kind       string         `json:"kind"`
			Metadata   map[string]any `json:"metadata"`
			Spec       struct {
				Contract string         `json:"contract"`
				Values   map[string]any `json:"values"`
				Check    bool           `json:"check"`
			} `json:"spec"`
		}
		// Strict: a misspelt field ("contracts") must not fall back to
		// the default contract unnoticed.
		if err := sigsyaml.UnmarshalStrict([]byte(s), &c); err != nil {
			return cfg, fmt.Errorf("%w: %s: %w", ErrConfig, Kind, err)
		}
		if c.Spec.Contract != "" {
			cfg.Contract = c.Spec.Contract
		}
		cfg.Values, cfg.Check = c.Spec.Values, c.Spec.Check
	case kind == "ConfigMap":
		var c struct {
			Data map[string]string `json:"data"`
		}
		if err := sigsyaml.Unmarshal([]byte(s), &c); err != nil {
			return cfg, fmt.Errorf("%w: ConfigMap: %w", ErrConfig, err)
		}
		for k, v := range c.Data {
			switch k {
			case "contract":
				cfg.Contract = v
			case "check":
				if cfg.Check, err = strconv.ParseBool(v); err != nil {
					return cfg, fmt.Errorf("%w: ConfigMap data.check: %q is not true or false", ErrConfig, v)
				}
			default:
				return cfg, fmt.Errorf("%w: ConfigMap data.%s: known keys are contract and check", ErrConfig, k)
			}
		}
	default:
		return cfg, fmt.Errorf("%w: kind %q, apiVersion %q; want kind %s, apiVersion %s (or a ConfigMap)",
			ErrConfig, kind, api, Kind, APIVersion)
	}
	return cfg, nil
}
