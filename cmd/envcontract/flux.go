package main

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/openova/envcontract/internal/action"
	"github.com/openova/envcontract/internal/contract"
	"github.com/openova/envcontract/internal/fluxsubst"
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

Without --helmrelease, --kustomization FILE names the Flux Kustomization
that applies MANIFESTS (the files of its path, such as what the bp-sandbox
controller writes to Git per Sandbox, which Helm never sees), and flux
prints the entries of its spec.patches instead: JSON6902 patches with the
same test guards, which --verify proves with kustomize's engine.

Exit status: 0 done, 1 the contract is broken beyond what render fixes,
Flux cannot substitute the HelmRelease, or --verify found a difference;
2 unusable input.`

const fluxExample = `  envcontract flux ./charts/bp-sandbox --helmrelease clusters/acme/bp-sandbox.yaml
  envcontract flux ./charts/bp-sandbox --helmrelease clusters/acme/bp-sandbox.yaml \
      --kustomization clusters/acme/flux-kustomization.yaml --verify --write
  envcontract flux --kustomization clusters/acme/sandboxes.yaml sandbox/alice/*.yaml --verify`

func newFluxCmd(in io.Reader, out, errOut io.Writer) *cobra.Command {
	o := &action.Flux{Input: action.Input{Stdin: in}}
	// stdout carries the block: the findings report goes to stderr.
	rep := output{w: errOut}
	cmd := &cobra.Command{
		Use:     "flux (CHART --helmrelease FILE | --kustomization FILE MANIFESTS...)",
		Short:   "Print or write the Flux patches (HelmRelease postRenderers, Kustomization patches) that apply the contract",
		Long:    fluxHelp,
		Example: fluxExample,
		Args: func(cmd *cobra.Command, args []string) error {
			if o.HelmRelease == "" && o.Subst.Kustomization != "" {
				return cobra.MinimumNArgs(1)(cmd, args)
			}
			return cobra.ExactArgs(1)(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := rep.checkFormat(); err != nil {
				return err
			}
			if o.HelmRelease == "" && o.Subst.Kustomization != "" {
				o.Manifests = args
			} else {
				o.Chart = args[0]
			}
			res, err := o.Run(cmd.Context())
			return rep.finish(res, err, out, errOut)
		},
	}
	fs := cmd.Flags()
	contract.AddFlag(fs, &o.Contracts)
	rep.addFlag(cmd, "text")
	fs.StringVar(&o.HelmRelease, "helmrelease", "", "the Flux HelmRelease file (required)")
	fluxsubst.AddFlags(fs, &o.Subst)
	fs.BoolVar(&o.Write, "write", false, "write the block into the HelmRelease file instead of printing it")
	fs.BoolVar(&o.Verify, "verify", false, "apply the patches with kustomize and fail unless the result equals render's")
	return cmd
}
