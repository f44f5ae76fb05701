package policy

// The objects, as plain structs in the field order and with the field names
// of k8s.io/api/admissionregistration/v1 (the tests decode the output into
// those types strictly), holding only what Generate fills.

// The API group and kinds of the objects.
const (
	APIVersion  = "admissionregistration.k8s.io/v1"
	PolicyKind  = "ValidatingAdmissionPolicy"
	BindingKind = "ValidatingAdmissionPolicyBinding"
)

// Policy is a ValidatingAdmissionPolicy.
type Policy struct {
	APIVersion string     `yaml:"apiVersion"`
	Kind       string     `yaml:"kind"`
	Metadata   Metadata   `yaml:"metadata"`
	Spec       PolicySpec `yaml:"spec"`
}

// Binding is a ValidatingAdmissionPolicyBinding.
type Binding struct {
	APIVersion string      `yaml:"apiVersion"`
	Kind       string      `yaml:"kind"`
	Metadata   Metadata    `yaml:"metadata"`
	Spec       BindingSpec `yaml:"spec"`
}

// Metadata is the part of ObjectMeta the objects carry.
type Metadata struct {
	Name   string            `yaml:"name"`
	Labels map[string]string `yaml:"labels,omitempty"`
}

// PolicySpec is ValidatingAdmissionPolicySpec.
type PolicySpec struct {
	FailurePolicy    string         `yaml:"failurePolicy"`
	MatchConstraints MatchResources `yaml:"matchConstraints"`
	MatchConditions  []NamedExpr    `yaml:"matchConditions,omitempty"`
	Variables        []NamedExpr    `yaml:"variables,omitempty"`
	Validations      []Validation   `yaml:"validations"`
}

// MatchResources selects the requests a policy sees. Every field the API
// server would default is written out ({} selects everything), so that the
// object means the same wherever it is read.
type MatchResources struct {
	NamespaceSelector LabelSelector  `yaml:"namespaceSelector"`
	ObjectSelector    LabelSelector  `yaml:"objectSelector"`
	ResourceRules     []ResourceRule `yaml:"resourceRules"`
	MatchPolicy       string         `yaml:"matchPolicy"`
}

// LabelSelector is a metav1.LabelSelector of exact labels.
type LabelSelector struct {
	MatchLabels map[string]string `yaml:"matchLabels,omitempty"`
}

// ResourceRule is a NamedRuleWithOperations without resource names.
type ResourceRule struct {
	APIGroups   []string `yaml:"apiGroups"`
	APIVersions []string `yaml:"apiVersions"`
	Operations  []string `yaml:"operations"`
	Resources   []string `yaml:"resources"`
	Scope       string   `yaml:"scope"`
}

// NamedExpr is a MatchCondition or a Variable: both are a name and a CEL
// expression.
type NamedExpr struct {
	Name       string `yaml:"name"`
	Expression string `yaml:"expression"`
}

// Validation is one CEL check and what the API server says when it fails.
type Validation struct {
	Expression        string `yaml:"expression"`
	Message           string `yaml:"message"`
	MessageExpression string `yaml:"messageExpression,omitempty"`
	Reason            string `yaml:"reason,omitempty"`
}

// BindingSpec is ValidatingAdmissionPolicyBindingSpec: no matchResources,
// so the binding applies the policy wherever the policy matches.
type BindingSpec struct {
	PolicyName        string   `yaml:"policyName"`
	ValidationActions []string `yaml:"validationActions"`
}
