package policy_test

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/admission"

	"github.com/openova/envcontract/internal/contract"
	"github.com/openova/envcontract/internal/policy"
	"github.com/openova/envcontract/internal/render"
)

// install generates the policies of the contracts (built-in names or
// files) with the given actions and installs them, through their YAML, in
// a cluster.
func install(t *testing.T, actions []string, refs ...string) *cluster {
	t.Helper()
	ps, bs := decodePolicies(t, generate(t, actions, refs...))
	return newCluster(t, ps, bs)
}

func readObjects(t *testing.T, file string) []runtime.Object {
	t.Helper()
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	return decodeObjects(t, data)
}

// todayStream is what the controller writes per Sandbox today (chart
// 0.3.4 and later) for one Sandbox, as a Flux Kustomization applies it.
const todayStream = "../../fixtures/streams/sandbox-today.yaml"

// patched is the controller's stream after the bp-sandbox contract's edit:
// what reaches the API server when the Flux Kustomization carries the
// patches envcontract flux --kustomization writes (test/kustomize proves
// them equal to this edit).
func patched(t *testing.T, file string) []runtime.Object {
	t.Helper()
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	c, err := contract.Resolve("bp-sandbox")
	require.NoError(t, err)
	res, err := render.Run(render.Options{Contracts: []*contract.Contract{c}}, render.Input{File: file, Data: data})
	require.NoError(t, err)
	return decodeObjects(t, res.Streams[0].Bytes())
}

// ptyServer is today's per-Sandbox pty-server StatefulSet as it is applied.
func ptyServer(t *testing.T) *appsv1.StatefulSet {
	t.Helper()
	for _, obj := range patched(t, todayStream) {
		if s, ok := obj.(*appsv1.StatefulSet); ok && s.Name == "pty-server" {
			return s
		}
	}
	require.FailNow(t, "no pty-server StatefulSet in "+todayStream)
	return nil
}

// ptyNamespace is the namespace of the fixture Sandbox's objects.
const ptyNamespace = "sandbox-alice-at-acme-example"

// env returns the entry called name of the first container, or nil.
func env(spec *corev1.PodSpec, name string) *corev1.EnvVar {
	for i, e := range spec.Containers[0].Env {
		if e.Name == name {
			return &spec.Containers[0].Env[i]
		}
	}
	return nil
}

func without(spec *corev1.PodSpec, names ...string) {
	c := &spec.Containers[0]
	kept := c.Env[:0]
	for _, e := range c.Env {
		keep := true
		for _, n := range names {
			keep = keep && e.Name != n
		}
		if keep {
			kept = append(kept, e)
		}
	}
	c.Env = kept
}

func TestTodayContractAtAdmission(t *testing.T) {
	const where = " (envcontract bp-sandbox, workload pty-server, container pty-server)"
	deny := install(t, nil, "bp-sandbox")
	for name, tc := range map[string]struct {
		edit func(*appsv1.StatefulSet)
		want string // the refusal; "" admits
	}{
		"as the controller renders it": {edit: func(*appsv1.StatefulSet) {}},
		"SANDBOX_ORG_ID deleted": {
			edit: func(s *appsv1.StatefulSet) { without(&s.Spec.Template.Spec, "SANDBOX_ORG_ID") },
			want: "StatefulSet " + ptyNamespace + "/pty-server: env SANDBOX_ORG_ID required and not set" + where,
		},
		"two names deleted, one message": {
			edit: func(s *appsv1.StatefulSet) { without(&s.Spec.Template.Spec, "ORG_ID", "SANDBOX_JWT_SECRET") },
			want: "StatefulSet " + ptyNamespace + "/pty-server: env ORG_ID, SANDBOX_JWT_SECRET required and not set" + where,
		},
		"secret as a literal value": {
			edit: func(s *appsv1.StatefulSet) {
				*env(&s.Spec.Template.Spec, "SANDBOX_JWT_SECRET") = corev1.EnvVar{Name: "SANDBOX_JWT_SECRET", Value: "canary-hs256-key"}
			},
			want: "StatefulSet " + ptyNamespace + "/pty-server: env SANDBOX_JWT_SECRET is a secret and carries a literal value (not shown); wire it as valueFrom.secretKeyRef with optional: true" + where,
		},
		"secretKeyRef not optional": {
			edit: func(s *appsv1.StatefulSet) {
				env(&s.Spec.Template.Spec, "LLM_GATEWAY_TOKEN").ValueFrom.SecretKeyRef.Optional = nil
			},
			want: "StatefulSet " + ptyNamespace + "/pty-server: env LLM_GATEWAY_TOKEN is a secret and must come from valueFrom.secretKeyRef with optional: true" + where,
		},
		"secret from a ConfigMap": {
			edit: func(s *appsv1.StatefulSet) {
				env(&s.Spec.Template.Spec, "SANDBOX_TOKEN").ValueFrom = &corev1.EnvVarSource{ConfigMapKeyRef: &corev1.ConfigMapKeySelector{
					LocalObjectReference: corev1.LocalObjectReference{Name: "tokens"}, Key: "token"}}
			},
			want: "env SANDBOX_TOKEN is a secret and must come from valueFrom.secretKeyRef",
		},
		"a not-configured secret may be absent but not a literal": {
			edit: func(s *appsv1.StatefulSet) {
				c := &s.Spec.Template.Spec.Containers[0]
				c.Env = append(c.Env, corev1.EnvVar{Name: "SANDBOX_STORAGE_S3_SECRET_KEY", Value: "canary-s3-secret"})
			},
			want: "env SANDBOX_STORAGE_S3_SECRET_KEY is a secret and carries a literal value (not shown)",
		},
		"a not-configured secret wired to a Secret": {
			edit: func(s *appsv1.StatefulSet) {
				c := &s.Spec.Template.Spec.Containers[0]
				c.Env = append(c.Env, corev1.EnvVar{Name: "KEYCLOAK_ADMIN_TOKEN", ValueFrom: &corev1.EnvVarSource{SecretKeyRef: &corev1.SecretKeySelector{
					LocalObjectReference: corev1.LocalObjectReference{Name: "kc-admin"}, Key: "token", Optional: ptr(true)}}})
			},
		},
		"optional names left out": {
			edit: func(s *appsv1.StatefulSet) { without(&s.Spec.Template.Spec, "SANDBOX_DEFAULT_AGENT") },
		},
		"values differ from the contract defaults": {
			edit: func(s *appsv1.StatefulSet) {
				env(&s.Spec.Template.Spec, "SANDBOX_GITEA_BASE_URL").Value = "https://git.acme.example"
			},
		},
		"another container is not the workload's": {
			edit: func(s *appsv1.StatefulSet) {
				s.Spec.Template.Spec.InitContainers = []corev1.Container{{Name: "init-repos", Image: "busybox"}}
			},
		},
		"another StatefulSet is not matched": {
			edit: func(s *appsv1.StatefulSet) {
				s.Name = "postgres"
				without(&s.Spec.Template.Spec, "SANDBOX_ORG_ID")
			},
		},
	} {
		t.Run(name, func(t *testing.T) {
			s := ptyServer(t)
			tc.edit(s)
			err, warns := deny.admit(t, admission.Create, s, nil)
			assert.Empty(t, warns)
			if tc.want == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), "ValidatingAdmissionPolicy 'envcontract.bp-sandbox.pty-server' with binding 'envcontract.bp-sandbox.pty-server' denied request: ")
			assert.Contains(t, err.Error(), tc.want)
			assert.NotContains(t, err.Error(), "canary", "a secret's value never reaches a message")
		})
	}
}

func TestValidationActions(t *testing.T) {
	drifted := ptyServer(t)
	without(&drifted.Spec.Template.Spec, "SANDBOX_ORG_ID")
	const msg = "StatefulSet " + ptyNamespace + "/pty-server: env SANDBOX_ORG_ID required and not set"

	err, warns := install(t, []string{"Warn", "Audit"}, "bp-sandbox").admit(t, admission.Create, drifted, nil)
	assert.NoError(t, err, "Warn admits")
	require.Len(t, warns, 1)
	assert.Contains(t, warns[0], "Validation failed for ValidatingAdmissionPolicy 'envcontract.bp-sandbox.pty-server'")
	assert.Contains(t, warns[0], msg)

	err, warns = install(t, []string{"Audit"}, "bp-sandbox").admit(t, admission.Create, drifted, nil)
	assert.NoError(t, err, "Audit admits")
	assert.Empty(t, warns)

	err, _ = install(t, []string{"Deny", "Audit"}, "bp-sandbox").admit(t, admission.Create, drifted, nil)
	assert.ErrorContains(t, err, msg)
}

func TestUpdates(t *testing.T) {
	deny := install(t, nil, "bp-sandbox")
	good := ptyServer(t)
	drifted := ptyServer(t)
	without(&drifted.Spec.Template.Spec, "SANDBOX_ORG_ID")

	err, _ := deny.admit(t, admission.Update, drifted, good)
	assert.ErrorContains(t, err, "env SANDBOX_ORG_ID required and not set", "an update that drifts is refused")

	err, _ = deny.admit(t, admission.Update, good, drifted)
	assert.NoError(t, err, "an update that fixes the drift is admitted")

	deleting := drifted.DeepCopy()
	deleting.DeletionTimestamp = &metav1.Time{}
	deleting.Finalizers = nil
	err, _ = deny.admit(t, admission.Update, deleting, drifted)
	assert.NoError(t, err, "removing the last finalizer of a drifted object is never refused")
}

func TestB4ContractAtAdmission(t *testing.T) {
	deny := install(t, nil, "bp-sandbox-b4")
	for _, obj := range readObjects(t, "../../fixtures/streams/mcp-fixed.yaml") {
		err, _ := deny.admit(t, admission.Create, obj, nil)
		assert.NoError(t, err, "mcp-fixed: %T", obj)
	}

	var mcp *appsv1.Deployment
	for _, obj := range readObjects(t, "../../fixtures/streams/mcp-drifted.yaml") {
		err, _ := deny.admit(t, admission.Create, obj, nil)
		d, ok := obj.(*appsv1.Deployment)
		if !ok {
			assert.NoError(t, err, "mcp-drifted: %T is not a workload", obj)
			continue
		}
		mcp = d
		require.Error(t, err)
		assert.Contains(t, err.Error(), "ValidatingAdmissionPolicy 'envcontract.bp-sandbox-b4.mcp'")
		assert.Contains(t, err.Error(), "Deployment sandbox-abc/openova-sandbox-mcp: env ORG_ID, SOVEREIGN_FQDN must not be set on this workload (envcontract bp-sandbox-b4, workload mcp, container mcp)")
	}
	require.NotNil(t, mcp)

	// Renamed by hand but nothing injected: the bare names are gone, the
	// canonical set is missing.
	for i, e := range mcp.Spec.Template.Spec.Containers[0].Env {
		if e.Name == "ORG_ID" || e.Name == "SOVEREIGN_FQDN" {
			mcp.Spec.Template.Spec.Containers[0].Env[i].Name = "SANDBOX_" + e.Name
		}
	}
	err, _ := deny.admit(t, admission.Create, mcp, nil)
	assert.ErrorContains(t, err, "Deployment sandbox-abc/openova-sandbox-mcp: env SANDBOX_ID, SANDBOX_NAMESPACE, SANDBOX_TENANT_ID, SANDBOX_GITEA_BASE_URL, SANDBOX_GITEA_TOKEN, ")

	// The pty-server of today keeps the bare names the B4 pty-server requires.
	err, _ = deny.admit(t, admission.Create, ptyServer(t), nil)
	assert.NoError(t, err)
}

// A workload of several kinds gets one policy per pod spec path.
func TestKindsWithOtherPodSpecPaths(t *testing.T) {
	c, err := contract.Parse([]byte(`apiVersion: envcontract.dev/v1alpha1
kind: EnvContract
metadata: {name: jobs}
spec:
  workloads:
    - name: report
      match: {kinds: [Deployment, CronJob, Pod], labels: {app: report}}
      require: [DATABASE_URL]
      forbid: [DB_URL]
`), "jobs.yaml")
	require.NoError(t, err)
	set, err := policy.Generate([]*contract.Contract{c}, policy.Options{})
	require.NoError(t, err)
	out, err := set.Encode()
	require.NoError(t, err)
	ps, bs := decodePolicies(t, out)
	var names []string
	for _, p := range ps {
		names = append(names, p.Name)
	}
	assert.Equal(t, []string{"envcontract.jobs.report", "envcontract.jobs.report.cronjobs", "envcontract.jobs.report.pods"}, names)
	k := newCluster(t, ps, bs)

	pod := corev1.PodSpec{Containers: []corev1.Container{{Name: "report", Image: "report",
		Env: []corev1.EnvVar{{Name: "DB_URL", Value: "postgres://db"}}}}}
	meta := metav1.ObjectMeta{Name: "nightly", Namespace: "other", Labels: map[string]string{"app": "report"}}
	cron := &batchv1.CronJob{ObjectMeta: meta, Spec: batchv1.CronJobSpec{Schedule: "@daily",
		JobTemplate: batchv1.JobTemplateSpec{Spec: batchv1.JobSpec{Template: corev1.PodTemplateSpec{Spec: pod}}}}}
	err, _ = k.admit(t, admission.Create, cron, nil)
	assert.ErrorContains(t, err, "CronJob other/nightly: env DB_URL must not be set on this workload (envcontract jobs, workload report, every container and initContainer)")

	err, _ = k.admit(t, admission.Create, &corev1.Pod{ObjectMeta: meta, Spec: pod}, nil)
	assert.ErrorContains(t, err, "Pod other/nightly: env DB_URL must not be set")

	pod.InitContainers = []corev1.Container{{Name: "migrate", Image: "migrate"}}
	pod.Containers[0].Env = []corev1.EnvVar{{Name: "DATABASE_URL", Value: "postgres://db"}}
	err, _ = k.admit(t, admission.Create, &corev1.Pod{ObjectMeta: meta, Spec: pod}, nil)
	assert.ErrorContains(t, err, "Pod other/nightly: env DATABASE_URL required and not set", "initContainers are checked when the workload names no container")

	unlabelled := metav1.ObjectMeta{Name: "nightly", Namespace: "other"}
	err, _ = k.admit(t, admission.Create, &corev1.Pod{ObjectMeta: unlabelled, Spec: pod}, nil)
	assert.NoError(t, err)
}

func ptr[T any](v T) *T { return &v }

// TestBuiltinOnEveryEra runs the built-in bp-sandbox policies over the
// fixture streams of each era, as the API server would see them.
func TestBuiltinOnEveryEra(t *testing.T) {
	deny := install(t, nil, "bp-sandbox")
	where := func(workload, container string) string {
		return " (envcontract bp-sandbox, workload " + workload + ", container " + container + ")"
	}
	for name, tc := range map[string]struct {
		objects []runtime.Object
		denied  map[string]string // KIND/NAME → the refusal; the rest are admitted
	}{
		"today's controller render, patched": {objects: patched(t, todayStream)},
		// Without the patches the one name the controller never writes is
		// refused, and only it: the same real drift check reports.
		"today's controller render as written": {
			objects: readObjects(t, todayStream),
			denied: map[string]string{"StatefulSet/pty-server": "StatefulSet " + ptyNamespace +
				"/pty-server: env SANDBOX_TENANT_API_URL required and not set" + where("pty-server", "pty-server")},
		},
		"today's render without SANDBOX_ORG_ID": {
			objects: readObjects(t, "../../fixtures/streams/sandbox-today-no-org-id.yaml"),
			denied: map[string]string{"StatefulSet/pty-server": "StatefulSet " + ptyNamespace +
				"/pty-server: env SANDBOX_ORG_ID, SANDBOX_TENANT_API_URL required and not set" + where("pty-server", "pty-server")},
		},
		"today's chart: the controller Deployment": {objects: readObjects(t, "../../fixtures/streams/sandbox-chart-today.yaml")},
		"the B4 era's MCP Deployment with the bare names": {
			objects: readObjects(t, "../../fixtures/streams/mcp-drifted.yaml"),
			denied: map[string]string{"Deployment/openova-sandbox-mcp": "Deployment sandbox-abc/openova-sandbox-mcp: env ORG_ID, SOVEREIGN_FQDN must not be set on this workload" +
				where("mcp-deployment", "mcp")},
		},
	} {
		t.Run(name, func(t *testing.T) {
			require.NotEmpty(t, tc.objects)
			refused := 0
			for _, obj := range tc.objects {
				acc, err := meta.Accessor(obj)
				require.NoError(t, err)
				gvks, _, err := kubeScheme().ObjectKinds(obj)
				require.NoError(t, err)
				key := gvks[0].Kind + "/" + acc.GetName()
				err, warns := deny.admit(t, admission.Create, obj, nil)
				assert.Empty(t, warns)
				want, ok := tc.denied[key]
				if !ok {
					assert.NoError(t, err, key)
					continue
				}
				refused++
				require.Error(t, err, key)
				// The whole refusal after the policy's name: nothing else is named.
				assert.True(t, strings.HasSuffix(err.Error(), "denied request: "+want), err.Error())
			}
			assert.Equal(t, len(tc.denied), refused, "every refusal expected was made")
		})
	}
}
