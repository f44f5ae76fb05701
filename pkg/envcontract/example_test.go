package envcontract_test

import (
	"fmt"

	"github.com/openova/envcontract/pkg/envcontract"
)

// contractText is a contract for one Deployment, as a file would hold it.
const contractText = `apiVersion: envcontract.dev/v1alpha1
kind: EnvContract
metadata:
  name: api
spec:
  workloads:
    - name: api
      match: {kinds: [Deployment], names: [api]}
      containers: [server]
      rename:
        - {from: ORG_ID, to: APP_ORG_ID}
      env:
        - name: APP_NAMESPACE
          fieldRef: metadata.namespace
        - name: APP_GITEA_URL
          value: http://gitea.gitea.svc:3000
          fromValues: gitea.url
      require: [APP_PORT]
`

// manifests is what a controller's renderer might produce.
const manifests = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: server
          image: api:1
          env:
            - name: ORG_ID
              value: acme
`

func ExampleCheck() {
	c, err := envcontract.ParseContract([]byte(contractText), "api-contract.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := envcontract.Check([]byte(manifests), c)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range res.Errors() {
		fmt.Printf("%s line %d: %s: %s\n", f.Object, f.Line, f.Env, f.Message)
	}
	// Output:
	// Deployment/api line 9: APP_GITEA_URL: env APP_GITEA_URL is missing; render would inject it
	// Deployment/api line 9: APP_NAMESPACE: env APP_NAMESPACE is missing; render would inject it
	// Deployment/api line 9: APP_PORT: env APP_PORT is required and not set; the chart must set it
	// Deployment/api line 12: ORG_ID: env ORG_ID must be renamed to APP_ORG_ID
}

func ExampleRender() {
	c, err := envcontract.ParseContract([]byte(contractText), "api-contract.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	fixed := []byte(manifests + "            - name: APP_PORT\n              value: \"8080\"\n")
	out, res, err := envcontract.Render(fixed, map[string]any{"gitea": map[string]any{"url": "https://git.example"}}, c)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(string(out))
	fmt.Println(len(res.Findings), "changes;", len(res.Errors()), "errors")
	// Output:
	// apiVersion: apps/v1
	// kind: Deployment
	// metadata:
	//   name: api
	// spec:
	//   template:
	//     spec:
	//       containers:
	//         - name: server
	//           image: api:1
	//           env:
	//             - name: APP_ORG_ID
	//               value: acme
	//             - name: APP_PORT
	//               value: "8080"
	//             - name: APP_NAMESPACE
	//               valueFrom:
	//                 fieldRef:
	//                   fieldPath: metadata.namespace
	//             - name: APP_GITEA_URL
	//               value: https://git.example
	// 3 changes; 0 errors
}

func ExampleCheckFiles() {
	c, err := envcontract.ParseContract([]byte(contractText), "api-contract.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	// What a controller's renderer writes into a GitOps repository.
	files := map[string][]byte{
		"sandbox/acme/kustomization.yaml": []byte("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [deployment.yaml]\n"),
		"sandbox/acme/deployment.yaml":    []byte(manifests),
	}
	res, err := envcontract.CheckFiles(files, c)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range res.Errors() {
		fmt.Println(f)
	}
	// Output:
	// sandbox/acme/deployment.yaml:9: error [api] Deployment/api container server: env APP_GITEA_URL is missing; render would inject it
	// sandbox/acme/deployment.yaml:9: error [api] Deployment/api container server: env APP_NAMESPACE is missing; render would inject it
	// sandbox/acme/deployment.yaml:9: error [api] Deployment/api container server: env APP_PORT is required and not set; the chart must set it
	// sandbox/acme/deployment.yaml:12: error [api] Deployment/api container server: env ORG_ID must be renamed to APP_ORG_ID
}
