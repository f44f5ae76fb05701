// Command envdump prints the env list of every container of every workload in
// a Kubernetes manifest stream, one block per container, in one fixed format.
// `make demo` diffs two such dumps: formatting differences between Helm 3 and
// Helm 4 output (Helm 4 re-encodes every document) then never show up.
//
//	go run ./scripts/envdump FILE   (or - for stdin)
package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"sigs.k8s.io/kustomize/kyaml/kio"
	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// podSpecPath is where each workload kind keeps its pod spec.
var podSpecPath = map[string][]string{
	"Pod":         {"spec"},
	"Deployment":  {"spec", "template", "spec"},
	"StatefulSet": {"spec", "template", "spec"},
	"DaemonSet":   {"spec", "template", "spec"},
	"ReplicaSet":  {"spec", "template", "spec"},
	"Job":         {"spec", "template", "spec"},
	"CronJob":     {"spec", "jobTemplate", "spec", "template", "spec"},
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: envdump FILE|-")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "envdump:", err)
		os.Exit(1)
	}
}

func run(name string, out io.Writer) error {
	var data []byte
	var err error
	if name == "-" {
		data, err = io.ReadAll(os.Stdin)
	} else {
		data, err = os.ReadFile(name)
	}
	if err != nil {
		return fmt.Errorf("read manifests: %w", err)
	}
	docs, err := kio.FromBytes(data)
	if err != nil {
		return fmt.Errorf("parse manifests in %s: %w", name, err)
	}
	for _, doc := range docs {
		path, ok := podSpecPath[doc.GetKind()]
		if !ok {
			continue
		}
		spec, err := doc.Pipe(yaml.Lookup(path...))
		if err != nil || spec == nil {
			continue
		}
		for _, field := range []string{"initContainers", "containers"} {
			list, err := spec.Pipe(yaml.Lookup(field))
			if err != nil || list == nil {
				continue
			}
			for _, c := range list.Content() {
				if err := dumpContainer(out, doc, yaml.NewRNode(c)); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func dumpContainer(out io.Writer, doc, container *yaml.RNode) error {
	fmt.Fprintf(out, "%s/%s container %s:\n", doc.GetKind(), doc.GetName(),
		yaml.GetValue(container.Field("name").Value))
	env := container.Field("env")
	if env == nil || len(env.Value.Content()) == 0 {
		fmt.Fprintln(out, "  (no env)")
		return nil
	}
	plain(env.Value.YNode())
	s, err := env.Value.String()
	if err != nil {
		return fmt.Errorf("encode env of %s/%s: %w", doc.GetKind(), doc.GetName(), err)
	}
	for _, line := range strings.Split(strings.TrimRight(s, "\n"), "\n") {
		fmt.Fprintf(out, "  %s\n", line)
	}
	return nil
}

// plain drops quoting and flow styles so that two dumps differ only where
// the env itself differs; the encoder still quotes what needs quoting.
func plain(n *yaml.Node) {
	n.Style = 0
	for _, c := range n.Content {
		plain(c)
	}
}
