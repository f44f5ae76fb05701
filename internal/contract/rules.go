package contract

import (
	"fmt"

	"sigs.k8s.io/kustomize/kyaml/yaml"
)

// checkRules adds the problems the schema cannot see: repeated names and
// rules that contradict each other, so that no render can satisfy them.
func checkRules(c *Contract, root *yaml.Node, ps *problems) {
	r := ruleChecker{root: root, ps: ps}
	r.chartVersions(c)
	first := map[string]int{}
	for i, w := range c.Workloads {
		wp := fmt.Sprintf("/spec/workloads/%d", i)
		if j, dup := first[w.Name]; dup {
			r.at(wp+"/name", "workload name %q is already used at line %d; give each workload its own name", w.Name, c.Workloads[j].Line)
		} else {
			first[w.Name] = i
		}
		r.workload(w, wp)
	}
}

type ruleChecker struct {
	root *yaml.Node
	ps   *problems
}

func (r ruleChecker) at(ptr, format string, args ...any) {
	line, col := position(r.root, ptr)
	r.ps.add(line, col, ptr, format, args...)
}

func (r ruleChecker) line(ptr string) int {
	line, _ := position(r.root, ptr)
	return line
}

// index maps each name to the first position it has in a list.
func index(n int, name func(int) string) map[string]int {
	m := make(map[string]int, n)
	for i := 0; i < n; i++ {
		if _, seen := m[name(i)]; !seen {
			m[name(i)] = i
		}
	}
	return m
}

func (r ruleChecker) workload(w Workload, wp string) {
	ptr := func(list string, i int) string { return fmt.Sprintf("%s/%s/%d", wp, list, i) }

	envAt := index(len(w.Env), func(i int) string { return w.Env[i].Name })
	for j, e := range w.Env {
		if k := envAt[e.Name]; k != j {
			r.at(ptr("env", j)+"/name", "env %q is already declared at line %d; keep one entry", e.Name, w.Env[k].Line)
		}
	}
	optAt := index(len(w.Optional), func(i int) string { return w.Optional[i].Name })
	for j, o := range w.Optional {
		if k := optAt[o.Name]; k != j {
			r.at(ptr("optional", j)+"/name", "optional %q is already listed at line %d; keep one entry", o.Name, w.Optional[k].Line)
		}
	}

	fromAt := index(len(w.Rename), func(i int) string { return w.Rename[i].From })
	toAt := index(len(w.Rename), func(i int) string { return w.Rename[i].To })
	forbidAt := index(len(w.Forbid), func(i int) string { return w.Forbid[i] })
	requireAt := index(len(w.Require), func(i int) string { return w.Require[i] })

	for j, rn := range w.Rename {
		p := ptr("rename", j)
		if rn.From == rn.To {
			r.at(p, "renames %q to itself; remove the rule", rn.From)
			continue
		}
		if k := fromAt[rn.From]; k != j {
			r.at(p+"/from", "%q is already renamed to %q at line %d; keep one rule", rn.From, w.Rename[k].To, w.Rename[k].Line)
			continue
		}
		if f, ok := forbidAt[rn.To]; ok {
			r.at(p+"/to", "%q is a rename target and forbidden at line %d; a renamed entry would always be refused, drop one of the two", rn.To, r.line(ptr("forbid", f)))
		}
		k, ok := fromAt[rn.To]
		if !ok {
			continue
		}
		next := w.Rename[k]
		if next.To == rn.From {
			if j < k {
				r.at(p, "rename cycle: %s→%s here and %s→%s at line %d; keep one direction", rn.From, rn.To, next.From, next.To, next.Line)
			}
			continue
		}
		r.at(p, "rename chain: %s→%s here and %s→%s at line %d; renames apply once, so rename %s to %s directly",
			rn.From, rn.To, next.From, next.To, next.Line, rn.From, next.To)
	}

	for j, e := range w.Env {
		if k, ok := fromAt[e.Name]; ok {
			r.at(ptr("env", j)+"/name", "%q is injected here and renamed away at line %d; inject %q instead, or drop the rename", e.Name, w.Rename[k].Line, w.Rename[k].To)
		}
		if f, ok := forbidAt[e.Name]; ok {
			r.at(ptr("env", j)+"/name", "%q is injected here and forbidden at line %d; drop one of the two", e.Name, r.line(ptr("forbid", f)))
		}
	}
	for j, name := range w.Require {
		if k, ok := fromAt[name]; ok {
			r.at(ptr("require", j), "%q is required here and renamed away at line %d; require %q instead", name, w.Rename[k].Line, w.Rename[k].To)
		}
		if f, ok := forbidAt[name]; ok {
			r.at(ptr("require", j), "%q is required here and forbidden at line %d; drop one of the two", name, r.line(ptr("forbid", f)))
		}
	}
	for j, o := range w.Optional {
		p := ptr("optional", j) + "/name"
		if k, ok := envAt[o.Name]; ok {
			r.at(p, "%q is optional (deliberately unset) but injected at line %d; remove it from optional", o.Name, w.Env[k].Line)
		}
		if k, ok := requireAt[o.Name]; ok {
			r.at(p, "%q is optional (deliberately unset) but required at line %d; remove it from optional", o.Name, r.line(ptr("require", k)))
		}
		if k, ok := toAt[o.Name]; ok {
			r.at(p, "%q is optional (deliberately unset) but a rename target at line %d; remove it from optional", o.Name, w.Rename[k].Line)
		}
	}
}
