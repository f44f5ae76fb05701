package policy

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/openova/envcontract/internal/contract"
)

// The validationActions a binding may carry.
const (
	Deny  = "Deny"
	Warn  = "Warn"
	Audit = "Audit"
)

var (
	// ErrActions: the validation actions are not a set Kubernetes accepts.
	ErrActions = errors.New("invalid --action")
	// ErrNothing: no workload of the contracts has anything admission can
	// check (renames and optional names are not checked at admission).
	ErrNothing = errors.New("nothing to enforce at admission")
)

// Options tune the generated objects.
type Options struct {
	// Actions are the validationActions of every binding; none means Deny.
	Actions []string
}

// Set is what Generate made, in contract and workload order.
type Set struct {
	Contracts []string // names of the contracts, for the stream's header
	Items     []Item
	Skipped   []string // "contract/workload: why", workloads with nothing to check
}

// Item is the policy and binding of one workload (one pod spec path of it).
type Item struct {
	Contract, Workload string
	Comment            []string // what the policy enforces and leaves alone, one line each
	Policy             Policy
	Binding            Binding
}

// CheckActions returns the actions in Kubernetes' spelling, Deny for none,
// or an error wrapping ErrActions: each must be Deny, Warn or Audit (any
// case), at most once, and Deny and Warn never together (the API server
// refuses the pair, which would report every failure twice).
func CheckActions(actions []string) ([]string, error) {
	if len(actions) == 0 {
		return []string{Deny}, nil
	}
	var out []string
	for _, a := range actions {
		i := slices.IndexFunc([]string{Deny, Warn, Audit}, func(k string) bool { return strings.EqualFold(k, a) })
		if i < 0 {
			return nil, fmt.Errorf("%w %q: want Deny, Warn or Audit", ErrActions, a)
		}
		k := []string{Deny, Warn, Audit}[i]
		if slices.Contains(out, k) {
			return nil, fmt.Errorf("%w: %s is given twice", ErrActions, k)
		}
		out = append(out, k)
	}
	if slices.Contains(out, Deny) && slices.Contains(out, Warn) {
		return nil, fmt.Errorf("%w: Deny and Warn cannot be combined (Kubernetes refuses it); use Warn (with Audit) first, Deny later", ErrActions)
	}
	return out, nil
}

// Generate makes the policies and bindings of the contracts' workloads. It
// fails with ErrActions or, when no workload has anything to check, with
// ErrNothing.
func Generate(contracts []*contract.Contract, opts Options) (*Set, error) {
	actions, err := CheckActions(opts.Actions)
	if err != nil {
		return nil, err
	}
	s := &Set{}
	for _, c := range contracts {
		s.Contracts = append(s.Contracts, c.Name)
		for _, w := range c.Workloads {
			r := rulesOf(w)
			if r.empty() {
				s.Skipped = append(s.Skipped, fmt.Sprintf("%s/%s: %s", c.Name, w.Name, r.why()))
				continue
			}
			groups := groupKinds(w.Match.Kinds)
			for _, g := range groups {
				name := "envcontract." + c.Name + "." + w.Name
				if len(groups) > 1 && g.shape.suffix != "" {
					name += "." + g.shape.suffix
				}
				s.Items = append(s.Items, item(c.Name, w, r, g, name, actions))
			}
		}
	}
	if len(s.Items) == 0 {
		return s, fmt.Errorf("%w: %s", ErrNothing, strings.Join(s.Skipped, "; "))
	}
	return s, nil
}

// rules is what admission checks for one workload.
type rules struct {
	required  []string // must be present
	forbidden []string // must be absent
	secrets   []string // when present: only an optional secretKeyRef, never a literal
	unchecked []string // secret entries render may leave out: not required
	renames   []contract.Rename
	optional  []string
}

func rulesOf(w contract.Workload) rules {
	r := rules{required: slices.Clone(w.Require)}
	for _, e := range w.Env {
		if e.IsSecret() {
			r.secrets = append(r.secrets, e.Name)
			if e.SecretKeyRef.Name == "" || e.SecretKeyRef.Key == "" {
				r.unchecked = append(r.unchecked, e.Name)
				continue
			}
		}
		if !slices.Contains(r.required, e.Name) {
			r.required = append(r.required, e.Name)
		}
	}
	r.forbidden = w.Forbid
	r.renames = w.Rename
	for _, o := range w.Optional {
		r.optional = append(r.optional, o.Name)
	}
	return r
}

func (r rules) empty() bool {
	return len(r.required) == 0 && len(r.forbidden) == 0 && len(r.secrets) == 0
}

func (r rules) why() string {
	if len(r.renames) > 0 {
		return "renames only, which render does and admission cannot"
	}
	return "no rule admission can check"
}

// kindInfo is where a workload kind lives in the API and keeps its pod spec.
type kindInfo struct {
	group, resource string
	shape           shape
}

// shape is one path to the pod spec, as CEL over `object`.
type shape struct {
	suffix string // added to the policy name when a workload spans shapes
	spec   string
}

var (
	templateShape = shape{"", "object.spec.template.spec"}
	cronJobShape  = shape{"cronjobs", "object.spec.jobTemplate.spec.template.spec"}
	podShape      = shape{"pods", "object.spec"}
)

// kinds are the workload kinds a contract may match (the schema's list), all
// at version v1.
var kinds = map[string]kindInfo{
	"Deployment":  {"apps", "deployments", templateShape},
	"StatefulSet": {"apps", "statefulsets", templateShape},
	"DaemonSet":   {"apps", "daemonsets", templateShape},
	"ReplicaSet":  {"apps", "replicasets", templateShape},
	"Job":         {"batch", "jobs", templateShape},
	"CronJob":     {"batch", "cronjobs", cronJobShape},
	"Pod":         {"", "pods", podShape},
}

// kindGroup is the kinds of a workload that share a pod spec path.
type kindGroup struct {
	shape shape
	kinds []string
}

func groupKinds(ks []string) []kindGroup {
	var out []kindGroup
	for _, k := range ks {
		info, ok := kinds[k]
		if !ok {
			continue // the contract schema lists the kinds; nothing else loads
		}
		i := slices.IndexFunc(out, func(g kindGroup) bool { return g.shape == info.shape })
		if i < 0 {
			out = append(out, kindGroup{shape: info.shape})
			i = len(out) - 1
		}
		out[i].kinds = append(out[i].kinds, k)
	}
	return out
}

func item(contractName string, w contract.Workload, r rules, g kindGroup, name string, actions []string) Item {
	labels := map[string]string{
		"app.kubernetes.io/managed-by": "envcontract",
		"envcontract.dev/contract":     contractName,
		"envcontract.dev/workload":     w.Name,
	}
	var rr []ResourceRule
	for _, k := range g.kinds {
		info := kinds[k]
		rr = append(rr, ResourceRule{
			APIGroups: []string{info.group}, APIVersions: []string{"v1"},
			Operations: []string{"CREATE", "UPDATE"}, Resources: []string{info.resource}, Scope: "Namespaced",
		})
	}
	spec := PolicySpec{
		FailurePolicy: "Fail",
		MatchConstraints: MatchResources{ObjectSelector: LabelSelector{MatchLabels: w.Match.Labels},
			ResourceRules: rr, MatchPolicy: "Equivalent"},
		MatchConditions: matchConditions(w.Match.Names),
		Variables:       variables(g.shape, w.Containers, r),
		Validations:     validations(contractName, w, r),
	}
	meta := Metadata{Name: name, Labels: labels}
	return Item{
		Contract: contractName, Workload: w.Name,
		Comment: comment(contractName, w, r, g),
		Policy:  Policy{APIVersion: APIVersion, Kind: PolicyKind, Metadata: meta, Spec: spec},
		Binding: Binding{APIVersion: APIVersion, Kind: BindingKind, Metadata: meta,
			Spec: BindingSpec{PolicyName: name, ValidationActions: actions}},
	}
}

// comment says what the policy of a workload enforces and what it leaves
// to render, one line each.
func comment(contractName string, w contract.Workload, r rules, g kindGroup) []string {
	sel := strings.Join(g.kinds, ", ")
	if len(w.Match.Names) > 0 {
		sel += " named " + strings.Join(w.Match.Names, ", ")
	}
	if len(w.Match.Labels) > 0 {
		var ls []string
		for _, k := range sortedKeys(w.Match.Labels) {
			ls = append(ls, k+"="+w.Match.Labels[k])
		}
		sel += " labelled " + strings.Join(ls, ", ")
	}
	lines := []string{fmt.Sprintf("Contract %s, workload %s: %s; %s.", contractName, w.Name, sel, containersPhrase(w.Containers))}
	if len(r.required) > 0 {
		lines = append(lines, "Required (present, any value): "+strings.Join(r.required, ", ")+".")
	}
	if len(r.forbidden) > 0 {
		lines = append(lines, "Forbidden: "+strings.Join(r.forbidden, ", ")+".")
	}
	if len(r.secrets) > 0 {
		lines = append(lines, "Secrets (only valueFrom.secretKeyRef with optional: true, never a literal): "+strings.Join(r.secrets, ", ")+".")
	}
	if len(r.unchecked) > 0 {
		lines = append(lines, "Not required, as their Secret name or key is empty in the contract and render injects them only when chart values name one: "+strings.Join(r.unchecked, ", ")+".")
	}
	if len(r.renames) > 0 {
		var rs []string
		for _, rn := range r.renames {
			rs = append(rs, rn.From+"→"+rn.To)
		}
		lines = append(lines, "Renames are not admission's job ("+strings.Join(rs, ", ")+"): render does them; here an old name is refused only if it is forbidden.")
	}
	if len(r.optional) > 0 {
		lines = append(lines, "Optional (deliberately unset), neither required nor refused: "+strings.Join(r.optional, ", ")+".")
	}
	return lines
}

func containersPhrase(names []string) string {
	switch len(names) {
	case 0:
		return "every container and initContainer"
	case 1:
		return "container " + names[0]
	default:
		return "containers " + strings.Join(names, ", ")
	}
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
