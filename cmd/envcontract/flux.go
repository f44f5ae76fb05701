package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/openova/envcontract/internal/fluxpatch"
	"github.com/openova/envcontract/internal/fluxsubst"
	"github.com/openova/envcontract/internal/helmrelease"
	"github.com/openova/envcontract/internal/render"
	"github.com/openova/envcontract/internal/stream"
	"github.com/spf13/cobra"
)

const fluxHelp = `Print the spec.postRenderers block that makes Flux's helm-controller apply
the env contract, or write it into the HelmRelease.

helm-controller runs no executable post-renderer, only kustomize patches.
flux renders CHART in-process with the HelmRelease's spec.values (hooks
included, as Flux's default postRenderStrategy "combined" post-renders
them), runs render over the output, and writes each object render changes
as a JSON6902 patch whose test operations pin the container and env names
it edits, so a changed chart fails the release instead of being patched
wrongly.

Flux placeholders in spec.values ("${SOVEREIGN_FQDN}") stay placeholders in
the patches, for Flux to substitute when it applies the HelmRelease. Give
the substitution (--kustomization, --var, --vars-file) and the patches are
also checked against the chart rendered with the substituted values.

--write puts the block into the HelmRelease file, replacing one written
before, keeping every other line as it is; the file is replaced atomically.
--verify applies the patches with kustomize's engine, with helm-controller's
options, and fails unless every object equals render's output.

Exit status: 0 done, 1 the contract is broken beyond what render fixes,
Flux cannot substitute the HelmRelease, or --verify found a difference;
2 unusable input.`

const fluxExample = `  envcontract flux ./charts/bp-sandbox --helmrelease clusters/acme/bp-sandbox.yaml
  envcontract flux ./charts/bp-sandbox --helmrelease clusters/acme/bp-sandbox.yaml \
      --kustomization clusters/acme/flux-kustomization.yaml --verify --write`

type fluxOptions struct {
	contracts   contractFlags
	helmRelease string
	subst       fluxsubst.Sources
	write       bool
	verify      bool
}

func newFluxCmd(out, errOut io.Writer) *cobra.Command {
	o := &fluxOptions{}
	cmd := &cobra.Command{
		Use:     "flux CHART --helmrelease FILE",
		Short:   "Print or write the HelmRelease postRenderers that apply the contract under Flux",
		Long:    fluxHelp,
		Example: fluxExample,
		Args:    cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			return o.run(args[0], out, errOut)
		},
	}
	fs := cmd.Flags()
	o.contracts.add(fs)
	fs.StringVar(&o.helmRelease, "helmrelease", "", "the Flux HelmRelease file (required)")
	fs.StringVar(&o.subst.Kustomization, "kustomization", "", "Flux Kustomization whose spec.postBuild.substitute supplies variables")
	fs.StringArrayVar(&o.subst.VarsFiles, "vars-file", nil, "substitution variables: a YAML map, a ConfigMap or a Secret (repeatable)")
	fs.StringArrayVar(&o.subst.Vars, "var", nil, "substitution variable NAME=VALUE (repeatable; wins over the other sources)")
	fs.BoolVar(&o.subst.Strict, "strict", true, "fail on a variable that is unset and has no default, as Flux 2.9 does")
	fs.BoolVar(&o.write, "write", false, "write the block into the HelmRelease file instead of printing it")
	fs.BoolVar(&o.verify, "verify", false, "apply the patches with kustomize and fail unless the result equals render's")
	return cmd
}

func (o *fluxOptions) run(chart string, out, errOut io.Writer) error {
	if o.helmRelease == "" {
		return usageError(errors.New("--helmrelease FILE is required"))
	}
	data, err := readFile(o.helmRelease)
	if err != nil {
		return usageError(err)
	}
	hr, err := helmrelease.Read(o.helmRelease, data)
	if err != nil {
		return usageError(err)
	}
	contracts, err := o.contracts.load()
	if err != nil {
		return usageError(err)
	}
	gen := fluxpatch.Options{Chart: chart, Release: hr, Contracts: contracts}
	if o.subst.Kustomization != "" || len(o.subst.VarsFiles) > 0 || len(o.subst.Vars) > 0 {
		opts, probs, err := o.subst.Options()
		if err != nil {
			return usageError(err)
		}
		for _, p := range probs {
			if !p.Warning {
				return usageError(fmt.Errorf("%s", p))
			}
			fmt.Fprintln(errOut, p)
		}
		gen.Subst = &opts
	}
	res, err := fluxpatch.Generate(gen)
	if res != nil {
		for _, w := range res.Warnings {
			fmt.Fprintln(errOut, "warning:", w)
		}
	}
	switch {
	case errors.Is(err, render.ErrViolations):
		return &exitError{code: exitFindings, err: err}
	case errors.Is(err, fluxpatch.ErrSubstitution):
		return &exitError{code: exitFindings, err: err}
	case err != nil:
		return usageError(err)
	}
	block, err := res.Block()
	if err != nil {
		return usageError(err)
	}
	if o.verify {
		v, err := res.Verify()
		if err != nil {
			return &exitError{code: exitFindings, err: err}
		}
		fmt.Fprintf(errOut, "verified: kustomize with %d patches gives render's output for all %d objects\n", v.Patches, v.Objects)
	}
	if !o.write {
		_, err := out.Write(block)
		return err
	}
	spliced, err := helmrelease.Splice(o.helmRelease, data, block)
	if err != nil {
		return usageError(err)
	}
	if err := helmrelease.WriteFile(o.helmRelease, spliced); err != nil {
		return usageError(fmt.Errorf("writing %s: %w", o.helmRelease, err))
	}
	fmt.Fprintf(errOut, "wrote spec.postRenderers (%d patches) to %s\n", len(res.Patches), o.helmRelease)
	return nil
}

// readFile reads a whole input file with the stream size limit.
func readFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := stream.Read(f, stream.DefaultMaxBytes)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return data, nil
}
