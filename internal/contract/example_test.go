package contract_test

import (
	"fmt"

	"github.com/openova/envcontract/internal/contract"
)

func ExampleBuiltin() {
	c, err := contract.Builtin("bp-sandbox")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, w := range c.Workloads {
		fmt.Printf("%s %v %v: %d env, %d renames, require %v\n",
			w.Name, w.Match.Kinds, w.Containers, len(w.Env), len(w.Rename), w.Require)
	}
	fmt.Println("secrets:", c.SecretNames())
	// Output:
	// mcp [Deployment] [mcp]: 15 env, 2 renames, require []
	// controller [Deployment] [controller]: 16 env, 0 renames, require []
	// pty-server [StatefulSet] [pty-server]: 0 env, 0 renames, require [ORG_ID SOVEREIGN_FQDN]
	// secrets: [KEYCLOAK_ADMIN_TOKEN SANDBOX_GITEA_TOKEN SANDBOX_STORAGE_S3_ACCESS_KEY SANDBOX_STORAGE_S3_SECRET_KEY]
}

func ExampleEnv_RequiresValues() {
	c, _ := contract.Builtin("bp-sandbox")
	for _, w := range c.Workloads {
		for _, e := range w.Env {
			if e.RequiresValues() {
				fmt.Printf("%s/%s needs chart value %s\n", w.Name, e.Name, e.FromValues.Path)
			}
		}
	}
	// Output:
	// controller/SANDBOX_MCP_IMAGE needs chart value runtime.mcpImage
}
