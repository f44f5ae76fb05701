package streamgen

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// Big inputs of issue 17 (memory): the drifted MCP Deployment the
// bp-sandbox contract edits, grown in one dimension.

// BigKinds names the shapes WriteBig writes.
var BigKinds = []string{"many-env", "many-containers", "many-drifted", "edited-scalar"}

// WriteBig writes one big input of the given kind:
//
//   - many-env: one drifted Deployment whose container has size env entries
//   - many-containers: one drifted Deployment with size containers (the
//     first named mcp), each with the bare ORG_ID and SOVEREIGN_FQDN
//   - many-drifted: size drifted MCP Deployments (what check reports on)
//   - edited-scalar: one drifted Deployment with a size-byte env value
func WriteBig(w io.Writer, kind string, size int64) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	head := func(name string) {
		fmt.Fprintf(bw, `---
# Source: bp-sandbox/templates/mcp-deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: openova-sandbox-mcp
  namespace: %s
  labels:
    app.kubernetes.io/name: openova-sandbox-mcp
spec:
  template:
    spec:
      containers:
`, name)
	}
	container := func(name string) {
		fmt.Fprintf(bw, `        - name: %s
          image: ghcr.io/openova/sandbox-mcp:0.9.1
          env:
            - name: ORG_ID
              value: acme
            - name: SOVEREIGN_FQDN
              value: acme.openova.example
`, name)
	}
	switch kind {
	case "many-env":
		head("sandbox")
		container("mcp")
		for i := range size {
			fmt.Fprintf(bw, "            - name: SETTING_%d\n              value: \"%d\"\n", i, i)
		}
	case "many-containers":
		head("sandbox")
		container("mcp") // the container the contract names
		for i := int64(1); i < size; i++ {
			container(fmt.Sprintf("c%d", i))
		}
	case "many-drifted":
		for i := range size {
			head(fmt.Sprintf("sandbox-%d", i))
			container("mcp")
		}
	case "edited-scalar":
		head("sandbox")
		container("mcp")
		bw.WriteString("            - name: BLOB\n              value: ")
		chunk := strings.Repeat("x", 1<<16)
		for left := size; left > 0; left -= int64(len(chunk)) {
			bw.WriteString(chunk[:min(left, int64(len(chunk)))])
		}
		bw.WriteString("\n")
	default:
		return fmt.Errorf("unknown kind %q (one of %s)", kind, strings.Join(BigKinds, ", "))
	}
	return bw.Flush()
}
