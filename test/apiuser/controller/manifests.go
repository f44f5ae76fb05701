// Package controller is a tiny stand-in for a controller that renders, per
// Sandbox, the Deployment of its MCP server in Go (no Helm), as files that
// it writes into a Git repository for Flux to apply.
package controller

import (
	"sigs.k8s.io/yaml"
)

// Sandbox is the custom resource the controller reconciles.
type Sandbox struct {
	Name, Namespace string
	OrgID, FQDN     string
}

// Options choose how the controller renders.
type Options struct {
	// BareNames reproduces the B4 bug: the MCP server reads
	// SANDBOX_ORG_ID and SANDBOX_SOVEREIGN_FQDN, but the Deployment was
	// rendered with ORG_ID and SOVEREIGN_FQDN.
	BareNames bool
}

type envVar struct {
	Name      string     `json:"name"`
	Value     string     `json:"value,omitempty"`
	ValueFrom *valueFrom `json:"valueFrom,omitempty"`
}

type valueFrom struct {
	FieldRef *struct {
		FieldPath string `json:"fieldPath"`
	} `json:"fieldRef,omitempty"`
}

func fieldRef(path string) *valueFrom {
	v := &valueFrom{}
	v.FieldRef = &struct {
		FieldPath string `json:"fieldPath"`
	}{path}
	return v
}

// Render returns the files the controller writes for one Sandbox, by path:
// a kustomization and the MCP Deployment.
func Render(s Sandbox, o Options) (map[string][]byte, error) {
	deployment, err := RenderMCP(s, o)
	if err != nil {
		return nil, err
	}
	dir := "sandbox/" + s.Name + "/"
	return map[string][]byte{
		dir + "kustomization.yaml":  []byte("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [mcp-deployment.yaml]\n"),
		dir + "mcp-deployment.yaml": deployment,
	}, nil
}

// RenderMCP renders the MCP Deployment of one Sandbox as YAML.
func RenderMCP(s Sandbox, o Options) ([]byte, error) {
	prefix := "SANDBOX_"
	if o.BareNames {
		prefix = ""
	}
	env := []envVar{
		{Name: prefix + "ORG_ID", Value: s.OrgID},
		{Name: prefix + "SOVEREIGN_FQDN", Value: s.FQDN},
		{Name: "SANDBOX_NAMESPACE", ValueFrom: fieldRef("metadata.namespace")},
	}
	labels := map[string]string{"app.kubernetes.io/name": "sandbox-mcp", "openova.io/sandbox": s.Name}
	deployment := map[string]any{
		"apiVersion": "apps/v1",
		"kind":       "Deployment",
		"metadata":   map[string]any{"name": "sandbox-mcp", "namespace": s.Namespace, "labels": labels},
		"spec": map[string]any{
			"selector": map[string]any{"matchLabels": labels},
			"template": map[string]any{
				"metadata": map[string]any{"labels": labels},
				"spec": map[string]any{"containers": []any{map[string]any{
					"name": "mcp", "image": "ghcr.io/example/mcp:1", "env": env,
				}}},
			},
		},
	}
	return yaml.Marshal(deployment)
}
