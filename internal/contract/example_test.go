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
	// controller [Deployment] [controller]: 33 env, 0 renames, require []
	// pty-server [StatefulSet] [pty-server]: 26 env, 0 renames, require [PTY_SERVER_ADDR SANDBOX_OWNER_UID SANDBOX_OWNER_EMAIL ORG_ID SOVEREIGN_FQDN NEWAPI_URL OPENAI_BASE_URL LLM_GATEWAY_URL]
	// mcp-deployment [Deployment] [mcp]: 0 env, 0 renames, require []
	// secrets: [CATALYST_GITEA_TOKEN KEYCLOAK_ADMIN_TOKEN LLM_GATEWAY_TOKEN NEWAPI_ADMIN_SECRET OPENAI_API_KEY SANDBOX_GITEA_TOKEN SANDBOX_JWT_SECRET SANDBOX_STORAGE_S3_ACCESS_KEY SANDBOX_STORAGE_S3_SECRET_KEY SANDBOX_TOKEN]
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
	// controller/CATALYST_HOST_CLUSTER needs chart value env.hostCluster
	// controller/CATALYST_SOVEREIGN_FQDN needs chart value env.sovereignFQDN
	// controller/SANDBOX_PTY_SERVER_IMAGE needs chart value runtime.ptyServerImage
	// controller/SANDBOX_NEWAPI_URL needs chart value runtime.newapiURL
}

// The built-in contracts by era, with the chart versions each fits.
func ExampleContract_Fits() {
	for _, name := range contract.BuiltinNames() {
		c, _ := contract.Builtin(name)
		fmt.Printf("%s (%s): 0.3.2 %v, 0.3.4 %v\n", c.Name, c.ChartVersions, c.Fits("0.3.2"), c.Fits("0.3.4"))
	}
	// Output:
	// bp-sandbox (>=0.3.4): 0.3.2 false, 0.3.4 true
	// bp-sandbox-b4 (>=0.3.0 <0.3.4): 0.3.2 true, 0.3.4 false
}
