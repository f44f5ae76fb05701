package policy

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/openova/envcontract/internal/contract"
)

// The CEL of a policy. Objects reach CEL as they are stored (unstructured),
// so every optional field is read behind has(). Names and env names come
// from the contract, whose schema keeps them to DNS names and C
// identifiers; they are quoted all the same.

// matchConditions skips objects that are being deleted (so that removing a
// finalizer is never refused) and, when the workload names its objects,
// every other object.
func matchConditions(names []string) []NamedExpr {
	mc := []NamedExpr{{Name: "not-being-deleted", Expression: "!has(object.metadata.deletionTimestamp)"}}
	if len(names) > 0 {
		mc = append(mc, NamedExpr{Name: "workload-name", Expression: "object.metadata.name in " + list(names)})
	}
	return mc
}

// variables: subject names the object in messages; containers are the ones
// the workload names; envNames holds each container's env names; required,
// forbidden and secrets are the contract's lists; missing, present,
// secretLiterals and secretsNotRef are the names that break a rule, empty
// when the object keeps it.
func variables(s shape, containers []string, r rules) []NamedExpr {
	all := fmt.Sprintf("(has(%[1]s.initContainers) ? %[1]s.initContainers : []) + %[1]s.containers", s.spec)
	if len(containers) > 0 {
		all = "(" + all + ").filter(c, c.name in " + list(containers) + ")"
	}
	vs := []NamedExpr{
		{Name: "subject", Expression: `object.kind + " " + (has(object.metadata.namespace) ? object.metadata.namespace + "/" : "") + object.metadata.name`},
		{Name: "containers", Expression: all},
		{Name: "envNames", Expression: "variables.containers.map(c, has(c.env) ? c.env.map(e, e.name) : [])"},
	}
	if len(r.required) > 0 {
		vs = append(vs,
			NamedExpr{Name: "required", Expression: list(r.required)},
			NamedExpr{Name: "missing", Expression: "variables.required.filter(n, variables.envNames.exists(names, !(n in names)))"})
	}
	if len(r.forbidden) > 0 {
		vs = append(vs,
			NamedExpr{Name: "forbidden", Expression: list(r.forbidden)},
			NamedExpr{Name: "present", Expression: "variables.forbidden.filter(n, variables.envNames.exists(names, n in names))"})
	}
	if len(r.secrets) > 0 {
		entry := func(cond string) string {
			return "variables.secrets.filter(n, variables.containers.exists(c, has(c.env) &&\n  c.env.exists(e, e.name == n && " + cond + ")))"
		}
		vs = append(vs,
			NamedExpr{Name: "secrets", Expression: list(r.secrets)},
			NamedExpr{Name: "secretLiterals", Expression: entry("has(e.value)")},
			NamedExpr{Name: "secretsNotRef", Expression: entry("!has(e.value) &&\n    !(has(e.valueFrom) && has(e.valueFrom.secretKeyRef) &&\n      has(e.valueFrom.secretKeyRef.optional) && e.valueFrom.secretKeyRef.optional == true)")},
		)
	}
	return vs
}

// validations, most urgent first: the API server's refusal quotes the first
// that fails (Warn and Audit report them all). Messages name the env, the
// object, the contract and the workload, never a value.
func validations(contractName string, w contract.Workload, r rules) []Validation {
	where := fmt.Sprintf("envcontract %s, workload %s, %s", contractName, w.Name, containersPhrase(w.Containers))
	v := func(variable, what, static string) Validation {
		return Validation{
			Expression:        "size(variables." + variable + ") == 0",
			Message:           static + " (" + where + ")",
			MessageExpression: `variables.subject + ": env " + variables.` + variable + `.join(", ") + ` + strconv.Quote(" "+what+" ("+where+")"),
			Reason:            "Invalid",
		}
	}
	var out []Validation
	if len(r.secrets) > 0 {
		out = append(out,
			v("secretLiterals", "is a secret and carries a literal value (not shown); wire it as valueFrom.secretKeyRef with optional: true",
				"a secret env ("+strings.Join(r.secrets, ", ")+") carries a literal value (not shown); wire it as valueFrom.secretKeyRef with optional: true"),
			v("secretsNotRef", "is a secret and must come from valueFrom.secretKeyRef with optional: true",
				"a secret env ("+strings.Join(r.secrets, ", ")+") must come from valueFrom.secretKeyRef with optional: true"))
	}
	if len(r.forbidden) > 0 {
		out = append(out, v("present", "must not be set on this workload",
			"a forbidden env ("+strings.Join(r.forbidden, ", ")+") is set"))
	}
	if len(r.required) > 0 {
		out = append(out, v("missing", "required and not set",
			"a required env ("+strings.Join(r.required, ", ")+") is not set"))
	}
	return out
}

// list is a CEL list literal of strings, one item a line when it is long.
func list(items []string) string {
	q := make([]string, len(items))
	for i, s := range items {
		q[i] = strconv.Quote(s) // Go's escapes are all valid in a CEL string literal
	}
	if one := "[" + strings.Join(q, ", ") + "]"; len(one) <= 72 {
		return one
	}
	return "[\n  " + strings.Join(q, ",\n  ") + "\n]"
}
