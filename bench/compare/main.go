// Command compare times envcontract against kustomize, the decode floor,
// plain helm template and separate validate runs, and prints the ratios of
// issue 7 with their targets as Markdown, ready for BENCHMARKS.md.
//
// Every comparison runs its commands interleaved (a, b, a, b, … with the
// order rotating each round) after one untimed warm-up run, and judges the
// best wall time of the runs; the median and the spread ((max-min)/median)
// are printed beside it, because the machine is shared. Peak RSS comes from
// the kernel's rusage of each child. Before timing, each command's output is
// checked once (the renamed entry must be there), so a broken command fails
// the harness instead of being timed.
//
//	make bench-compare             # builds everything, then runs this
//	go run ./bench/compare -h      # the knobs
//
// It exits 1 when a target is missed, 2 when a command fails.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

func main() {
	c, only, keep, err := parseFlags(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "compare:", err)
		os.Exit(2)
	}
	if c.Work == "" {
		dir, err := os.MkdirTemp("", "envcontract-bench-")
		if err != nil {
			fmt.Fprintln(os.Stderr, "compare:", err)
			os.Exit(2)
		}
		c.Work = dir
		if !keep {
			defer os.RemoveAll(dir)
		}
	}
	code := run(c, only, os.Stdout, os.Stderr)
	if code != 0 {
		if !keep && strings.HasPrefix(filepath.Base(c.Work), "envcontract-bench-") {
			os.RemoveAll(c.Work)
		}
		os.Exit(code)
	}
}

var scenarioNames = []string{"kustomize", "floor", "helm", "helm4", "validate", "scaling"}

func parseFlags(args []string) (config, map[string]bool, bool, error) {
	fs := flag.NewFlagSet("compare", flag.ContinueOnError)
	var c config
	var scale, only string
	var keep bool
	fs.StringVar(&c.Repo, "repo", ".", "repository root (fixtures are read from it)")
	fs.StringVar(&c.Work, "work", "", "scratch directory (default: a new temporary one, removed at the end)")
	fs.StringVar(&c.Bin, "bin", "bin/envcontract", "envcontract binary")
	fs.StringVar(&c.Render, "render", "bin/envcontract-render", "envcontract-render binary")
	fs.StringVar(&c.Floor, "floor", "bin/floor", "floor binary (go build ./bench/floor)")
	fs.StringVar(&c.Kustomize, "kustomize", ".cache/tools/kustomize-v5.8.1/kustomize", "kustomize binary")
	fs.StringVar(&c.Helm, "helm", ".cache/tools/helm-v3.22.0/helm", "Helm 3 binary")
	fs.StringVar(&c.Helm4, "helm4", ".cache/tools/helm-v4.3.1/helm", "Helm 4 binary")
	fs.StringVar(&c.Plugin, "plugin", "", "envcontract-render plugin for Helm 4: a directory or a release .tgz (default <repo>/plugins/envcontract-render)")
	fs.IntVar(&c.Runs, "runs", 5, "timed runs of each command (the helm comparison takes at least 10)")
	fs.IntVar(&c.Docs, "docs", 2000, "documents of the kustomize comparison")
	fs.IntVar(&c.FloorDocs, "floor-docs", 20000, "documents of the floor comparison")
	fs.StringVar(&scale, "scaling", "1000,5000,20000,100000", "document counts of the scaling table")
	fs.IntVar(&c.Files, "files", 1000, "values files of the validate comparison")
	fs.StringVar(&only, "only", strings.Join(scenarioNames, ","), "comparisons to run")
	fs.BoolVar(&keep, "keep", false, "keep the scratch directory")
	if err := fs.Parse(args); err != nil {
		return c, nil, false, err
	}
	if c.Runs < 1 {
		return c, nil, false, fmt.Errorf("-runs %d: need at least 1", c.Runs)
	}
	for _, f := range strings.Split(scale, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return c, nil, false, fmt.Errorf("-scaling %q: want document counts such as 1000,5000", scale)
		}
		c.Scaling = append(c.Scaling, n)
	}
	sel := map[string]bool{}
	for _, s := range strings.Split(only, ",") {
		s = strings.TrimSpace(s)
		if !contains(scenarioNames, s) {
			return c, nil, false, fmt.Errorf("-only %q: known comparisons are %s", s, strings.Join(scenarioNames, ","))
		}
		sel[s] = true
	}
	for _, p := range []*string{&c.Repo, &c.Bin, &c.Render, &c.Floor, &c.Kustomize, &c.Helm, &c.Helm4} {
		abs, err := filepath.Abs(*p)
		if err != nil {
			return c, nil, false, err
		}
		*p = abs
	}
	if c.Plugin != "" {
		abs, err := filepath.Abs(c.Plugin)
		if err != nil {
			return c, nil, false, err
		}
		c.Plugin = abs
	}
	return c, sel, keep, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// run prints the report to out and returns the exit code.
func run(c config, only map[string]bool, out, log io.Writer) int {
	start := time.Now()
	fmt.Fprintln(out, machine(start))
	steps := []struct {
		name string
		fn   func(config) (outcome, error)
	}{{"kustomize", vsKustomize}, {"floor", vsFloor}, {"helm", vsHelm}, {"helm4", vsHelm4}, {"validate", vsSeparate}}
	failed := false
	for _, s := range steps {
		if !only[s.name] {
			continue
		}
		fmt.Fprintf(log, "compare: %s …\n", s.name)
		o, err := s.fn(c)
		if err != nil {
			fmt.Fprintf(log, "compare: %s: %v\n", s.name, err)
			return 2
		}
		printOutcome(out, o)
		failed = failed || !o.Pass
	}
	if only["scaling"] {
		fmt.Fprintln(log, "compare: scaling …")
		rows, err := scaling(c)
		if err != nil {
			fmt.Fprintf(log, "compare: scaling: %v\n", err)
			return 2
		}
		printScaling(out, rows, c.Runs)
	}
	fmt.Fprintf(out, "Load average at the end: %s. The harness took %s.\n", loadavg(), time.Since(start).Round(time.Second))
	if failed {
		fmt.Fprintln(out, "\n**A target was missed.**")
		return 1
	}
	return 0
}
