package policy_test

// The API server's own validating admission policy engine, offline and in
// process (k8s.io/apiserver v0.37.0): the generated YAML is decoded into the
// admissionregistration/v1 types and every request goes through the real
// dispatcher, so matchConstraints, matchConditions, bindings and their
// validationActions are applied as a cluster applies them.

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
	admissionv1 "k8s.io/api/admissionregistration/v1"
	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/admission/plugin/cel"
	"k8s.io/apiserver/pkg/admission/plugin/policy/generic"
	"k8s.io/apiserver/pkg/admission/plugin/policy/matching"
	"k8s.io/apiserver/pkg/admission/plugin/policy/validating"
	"k8s.io/apiserver/pkg/admission/plugin/webhook/matchconditions"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	"k8s.io/apiserver/pkg/cel/environment"
	"k8s.io/apiserver/pkg/warning"
	corelisters "k8s.io/client-go/listers/core/v1"
	"k8s.io/client-go/tools/cache"
)

// compile is the API server's compilePolicy (validating/plugin.go, which
// does not export it), step for step from the exported parts: the same
// environment, compiler, stored variables, match conditions and message
// expressions.
func compile(p *admissionv1.ValidatingAdmissionPolicy) validating.Validator {
	withAuthz := cel.OptionalVariableDeclarations{HasAuthorizer: true}
	noAuthz := cel.OptionalVariableDeclarations{}
	fc, err := cel.NewCompositedCompiler(environment.MustBaseEnvSet(environment.DefaultCompatibilityVersion()))
	if err != nil {
		return validating.NewValidator(nil, nil, nil, nil, p.Spec.FailurePolicy, err)
	}
	vars := make([]cel.NamedExpressionAccessor, len(p.Spec.Variables))
	for i, v := range p.Spec.Variables {
		vars[i] = &validating.Variable{Name: v.Name, Expression: v.Expression}
	}
	fc.CompileAndStoreVariables(vars, withAuthz, environment.StoredExpressions)
	var matcher matchconditions.Matcher
	if mcs := p.Spec.MatchConditions; len(mcs) > 0 {
		acc := make([]cel.ExpressionAccessor, len(mcs))
		for i := range mcs {
			acc[i] = (*matchconditions.MatchCondition)(&mcs[i])
		}
		matcher = matchconditions.NewMatcher(fc.CompileCondition(acc, withAuthz, environment.StoredExpressions),
			p.Spec.FailurePolicy, "policy", "validate", p.Name)
	}
	checks := make([]cel.ExpressionAccessor, len(p.Spec.Validations))
	messages := make([]cel.ExpressionAccessor, len(p.Spec.Validations))
	for i, v := range p.Spec.Validations {
		checks[i] = &validating.ValidationCondition{Expression: v.Expression, Message: v.Message, Reason: v.Reason}
		if v.MessageExpression != "" {
			messages[i] = &validating.MessageExpressionCondition{MessageExpression: v.MessageExpression}
		}
	}
	return validating.NewValidator(
		fc.CompileCondition(checks, withAuthz, environment.StoredExpressions),
		matcher,
		fc.CompileCondition(nil, withAuthz, environment.StoredExpressions),
		fc.CompileCondition(messages, noAuthz, environment.StoredExpressions),
		p.Spec.FailurePolicy, nil)
}

// compileErrors compiles every expression as the API server does when the
// policy is created (NewExpressions: only what this Kubernetes version may
// store) and returns the errors.
func compileErrors(t *testing.T, p *admissionv1.ValidatingAdmissionPolicy) []string {
	t.Helper()
	fc, err := cel.NewCompositedCompiler(environment.MustBaseEnvSet(environment.DefaultCompatibilityVersion()))
	require.NoError(t, err)
	opts := cel.OptionalVariableDeclarations{HasAuthorizer: true}
	var errs []string
	add := func(what string, res cel.CompilationResult) {
		if res.Error != nil {
			errs = append(errs, what+": "+res.Error.Error())
		}
	}
	for _, v := range p.Spec.Variables {
		add("variable "+v.Name, fc.CompileAndStoreVariable(&validating.Variable{Name: v.Name, Expression: v.Expression}, opts, environment.NewExpressions))
	}
	for i := range p.Spec.MatchConditions {
		add("matchCondition "+p.Spec.MatchConditions[i].Name,
			fc.CompileCELExpression((*matchconditions.MatchCondition)(&p.Spec.MatchConditions[i]), opts, environment.NewExpressions))
	}
	for _, v := range p.Spec.Validations {
		add("validation "+v.Expression, fc.CompileCELExpression(&validating.ValidationCondition{Expression: v.Expression}, opts, environment.NewExpressions))
		if v.MessageExpression != "" {
			add("messageExpression "+v.MessageExpression,
				fc.CompileCELExpression(&validating.MessageExpressionCondition{MessageExpression: v.MessageExpression}, cel.OptionalVariableDeclarations{}, environment.NewExpressions))
		}
	}
	return errs
}

// allowAll is the authorizer: the policies never ask it.
type allowAll struct{}

func (allowAll) Authorize(context.Context, authorizer.Attributes) (authorizer.Decision, string, error) {
	return authorizer.DecisionAllow, "", nil
}

// cluster is the admission chain of a cluster with the policies installed.
type cluster struct {
	hooks      []validating.PolicyHook
	dispatcher generic.Dispatcher[validating.PolicyHook]
}

var (
	schemeOnce sync.Once
	scheme     *runtime.Scheme
)

func kubeScheme() *runtime.Scheme {
	schemeOnce.Do(func() {
		scheme = runtime.NewScheme()
		for _, add := range []func(*runtime.Scheme) error{corev1.AddToScheme, appsv1.AddToScheme, batchv1.AddToScheme, rbacv1.AddToScheme} {
			if err := add(scheme); err != nil {
				panic(err)
			}
		}
	})
	return scheme
}

// newCluster installs the policies and bindings: each binding joins the
// hook of the policy it names, as the API server's policy source does.
func newCluster(t *testing.T, policies []*admissionv1.ValidatingAdmissionPolicy, bindings []*admissionv1.ValidatingAdmissionPolicyBinding) *cluster {
	t.Helper()
	namespaces := cache.NewIndexer(cache.MetaNamespaceKeyFunc, cache.Indexers{})
	for _, ns := range []string{"sandbox-alice-at-acme-example", "sandbox-abc", "catalyst-system", "other"} {
		require.NoError(t, namespaces.Add(&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns}}))
	}
	m := matching.NewMatcher(corelisters.NewNamespaceLister(namespaces), nil)
	c := &cluster{dispatcher: validating.NewDispatcher(allowAll{}, generic.NewPolicyMatcher(m))}
	for _, p := range policies {
		require.Empty(t, compileErrors(t, p), "policy %s compiles", p.Name)
		v := compile(p)
		require.NoError(t, v.CompileError())
		hook := validating.PolicyHook{Policy: p, Evaluator: v}
		for _, b := range bindings {
			if b.Spec.PolicyName == p.Name {
				hook.Bindings = append(hook.Bindings, b)
			}
		}
		require.NotEmpty(t, hook.Bindings, "policy %s has a binding", p.Name)
		c.hooks = append(c.hooks, hook)
	}
	return c
}

// warnings collects what a Warn binding says.
type warnings []string

func (w *warnings) AddWarning(_, text string) { *w = append(*w, text) }

// admit sends obj (and old, for an UPDATE) through admission and returns the
// refusal (nil when admitted) and the warnings.
func (c *cluster) admit(t *testing.T, op admission.Operation, obj, old runtime.Object) (error, []string) {
	t.Helper()
	gvks, _, err := kubeScheme().ObjectKinds(obj)
	require.NoError(t, err)
	gvk := gvks[0]
	gvr, _ := meta.UnsafeGuessKindToResource(gvk)
	acc, err := meta.Accessor(obj)
	require.NoError(t, err)
	var opts runtime.Object = &metav1.CreateOptions{}
	if op == admission.Update {
		opts = &metav1.UpdateOptions{}
	}
	attrs := admission.NewAttributesRecord(obj, old, gvk, acc.GetNamespace(), acc.GetName(), gvr, "", op, opts, false,
		&user.DefaultInfo{Name: "system:serviceaccount:flux-system:kustomize-controller"})
	var w warnings
	ctx := warning.WithWarningRecorder(context.Background(), &w)
	err = c.dispatcher.Dispatch(ctx, attrs, admission.NewObjectInterfacesFromScheme(kubeScheme()), c.hooks)
	return err, w
}

// decodeObjects reads a manifest stream into typed objects, strictly. Kinds
// k8s.io/api does not define (Gateway API routes) are left out, as no
// generated policy matches them.
func decodeObjects(t *testing.T, data []byte) []runtime.Object {
	t.Helper()
	dec := serializer.NewCodecFactory(kubeScheme(), serializer.EnableStrict).UniversalDeserializer()
	var out []runtime.Object
	for _, doc := range splitDocs(data) {
		obj, _, err := dec.Decode([]byte(doc), nil, nil)
		if runtime.IsNotRegisteredError(err) {
			continue
		}
		require.NoError(t, err, doc)
		out = append(out, obj)
	}
	return out
}

// splitDocs splits a YAML stream at its --- lines, dropping documents that
// hold only comments.
func splitDocs(data []byte) []string {
	var docs []string
	for _, d := range strings.Split("\n"+string(data), "\n---\n") {
		for _, line := range strings.Split(d, "\n") {
			if l := strings.TrimSpace(line); l != "" && !strings.HasPrefix(l, "#") {
				docs = append(docs, d)
				break
			}
		}
	}
	return docs
}
