package valueschema

import (
	"github.com/openova/envcontract/internal/helmsdk"
	"github.com/openova/envcontract/internal/values"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// chartDir is a chart with a subchart and a values.schema.json in each.
const chartDir = "../values/testdata/chart"

var testSecretEnv = []string{"KEYCLOAK_ADMIN_TOKEN", "SANDBOX_GITEA_TOKEN", "SANDBOX_STORAGE_S3_ACCESS_KEY", "SANDBOX_STORAGE_S3_SECRET_KEY"}

// checkOverlay validates testdata/valid.yaml with overlay (and sets) on top
// against the built-in schema and returns "pointer: message" per finding.
func checkOverlay(t *testing.T, overlay string, sets ...string) []string {
	t.Helper()
	return checkFiles(t, true, overlay, sets...)
}

func checkFiles(t *testing.T, withBase bool, overlay string, sets ...string) []string {
	t.Helper()
	var files []string
	if withBase {
		files = append(files, "testdata/valid.yaml")
	}
	if overlay != "" {
		p := filepath.Join(t.TempDir(), "overlay.yaml")
		require.NoError(t, os.WriteFile(p, []byte(overlay), 0o600))
		files = append(files, p)
	}
	l, err := values.LoadWithOrigins(values.Options{ValueFiles: files, Values: sets})
	require.NoError(t, err)
	s, err := Builtin(testSecretEnv)
	require.NoError(t, err)
	var out []string
	fs, err := Check(l, s)
	require.NoError(t, err)
	for _, f := range fs {
		out = append(out, f.Pos.Pointer+": "+f.Message)
	}
	return out
}

func TestBuiltinSchemaRules(t *testing.T) {
	cases := map[string]struct {
		overlay string
		sets    []string
		alone   bool     // overlay without testdata/valid.yaml below it
		want    []string // nil: valid
	}{
		"complete values pass": {},

		"enabled yes is a YAML 1.1 boolean": {overlay: "enabled: yes\n"},
		"enabled quoted 0":                  {overlay: `enabled: "0"` + "\n", want: []string{"/enabled: got string, want boolean"}},
		"enabled quoted yes with space":     {overlay: `enabled: "yes "` + "\n", want: []string{"/enabled: got string, want boolean"}},
		"enabled integer":                   {overlay: "enabled: 1\n", want: []string{"/enabled: got number, want boolean"}},
		"enabled via set-string":            {sets: []string{"enabled=true"}},

		"disabled needs nothing": {overlay: "enabled: false\nenv: {hostCluster: '', sovereignFQDN: ''}\nruntime: {newapiURL: '', ptyServerImage: ''}\nimage: {tag: ''}\n"},
		"enabled requires env, runtime and image": {
			alone: true, overlay: "enabled: true\n",
			want: []string{": missing properties 'env', 'runtime', 'image'"},
		},
		"enabled requires an image tag": {
			overlay: "image: {tag: ''}\n",
			want:    []string{"/image/tag: minLength: got 0, want 1"},
		},
		"mcp image no longer required": {overlay: "runtime: {mcpImage: ''}\n"},
		"enabled requires host cluster and fqdn": {
			alone: true, overlay: "enabled: true\nenv: {sovereignFQDN: ''}\nruntime: {newapiURL: 'http://x', ptyServerImage: p}\nimage: {tag: t}\n",
			want: []string{"/env: missing property 'hostCluster'", "/env/sovereignFQDN: minLength: got 0, want 1"},
		},
		"enabled requires the pty-server image and url": {
			alone: true, overlay: "enabled: true\nenv: {hostCluster: h, sovereignFQDN: a.b}\nruntime: {ptyServerImage: ''}\nimage: {tag: t}\n",
			want: []string{"/runtime: missing property 'newapiURL'", "/runtime/ptyServerImage: minLength: got 0, want 1"},
		},
		"null stays null without a chart": {
			overlay: "env: {hostCluster: null}\n",
			want:    []string{"/env/hostCluster: got null, want string"},
		},
		"fqdn must be a hostname": {
			overlay: "env: {sovereignFQDN: 'not a host'}\n",
			want:    []string{"/env/sovereignFQDN: 'not a host' is not valid hostname: invalid character ' '"},
		},
		"url must be http or https": {
			overlay: "runtime: {newapiURL: 'ftp://newapi'}\n",
			want:    []string{`/runtime/newapiURL: 'ftp://newapi' does not match pattern '^https?://[^/?#\\s]+([/?#]\\S*)?$'`},
		},
		"url must be absolute": {
			overlay: "mcp: {domainAPIURL: 'domain:8086'}\n",
			want: []string{
				`/mcp/domainAPIURL: 'domain:8086' does not match pattern '^https?://[^/?#\\s]+([/?#]\\S*)?$'`,
			},
		},
		"channels non-empty": {
			overlay: "env: {newapiDefaultChannels: ''}\n",
			want:    []string{`/env/newapiDefaultChannels: '' does not match pattern '^ *[A-Za-z0-9][A-Za-z0-9._-]*( *, *[A-Za-z0-9][A-Za-z0-9._-]*)* *$'`},
		},
		"channels no empty item": {
			overlay: "env: {newapiDefaultChannels: 'a,,b'}\n",
			want:    []string{`/env/newapiDefaultChannels: 'a,,b' does not match pattern '^ *[A-Za-z0-9][A-Za-z0-9._-]*( *, *[A-Za-z0-9][A-Za-z0-9._-]*)* *$'`},
		},
		"channels with spaces": {overlay: "env: {newapiDefaultChannels: 'a, b ,c'}\n"},
		"hot standby same regions": {
			overlay: "cnpg: {activeHotStandby: {replicaRegion: eu-central}}\n",
			want:    []string{`/cnpg/activeHotStandby/replicaRegion: replicaRegion must differ from primaryRegion, both are "eu-central"`},
		},
		"hot standby empty region": {
			overlay: "cnpg: {activeHotStandby: {primaryRegion: ''}}\n",
			want:    []string{"/cnpg/activeHotStandby/primaryRegion: minLength: got 0, want 1"},
		},
		"hot standby missing region": {
			alone: true, overlay: "cnpg: {activeHotStandby: {enabled: true, primaryRegion: eu}}\n",
			want: []string{"/cnpg/activeHotStandby: missing property 'replicaRegion'"},
		},
		"hot standby off allows same regions":   {overlay: "cnpg: {activeHotStandby: {enabled: false, replicaRegion: eu-central}}\n"},
		"hot standby unset allows same regions": {overlay: "cnpg: {activeHotStandby: {enabled: '', replicaRegion: eu-central}}\n"},
		"hot standby as the string true": {
			overlay: "cnpg: {activeHotStandby: {enabled: 'true', replicaRegion: eu-central}}\n",
			want:    []string{`/cnpg/activeHotStandby/replicaRegion: replicaRegion must differ from primaryRegion, both are "eu-central"`},
		},
		"hot standby other string": {
			overlay: "cnpg: {activeHotStandby: {enabled: 'yes'}}\n",
			want:    []string{"/cnpg/activeHotStandby/enabled: value must be one of '', true, false, 'true', 'false'"},
		},
		"secret ref with a literal": {
			overlay: "giteaTokenSecret: {value: hunter2}\n",
			want:    []string{`/giteaTokenSecret/value: property "value" is not allowed here`},
		},
		"secret ref as a string": {
			overlay: "mcp: {keycloak: {adminTokenSecret: hunter2}}\n",
			want:    []string{"/mcp/keycloak/adminTokenSecret: got string, want object"},
		},
		"creds secret extra key": {
			overlay: "mcp: {storage: {credsSecret: {accessKey: AKIA123}}}\n",
			want:    []string{`/mcp/storage/credsSecret/accessKey: property "accessKey" is not allowed here`},
		},
		"secret name pattern redacted": {
			overlay: "mcp: {giteaTokenSecret: {name: 'Bad_Name'}}\n",
			want:    []string{`/mcp/giteaTokenSecret/name: value (not shown) does not match pattern "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$"`},
		},
		"unknown mcp key": {
			overlay: "mcp: {giteaToken: abc}\n",
			want:    []string{`/mcp/giteaToken: property "giteaToken" is not allowed here`},
		},
		"no secret material under sso": {
			overlay: "sso: {clientSecret: hunter2}\n",
			want:    []string{`/sso/clientSecret: property "clientSecret" is not allowed here`},
		},
		"store name is a string": {
			overlay: "sso: {externalSecretStoreName: {name: vault-region1, kind: ClusterSecretStore}}\n",
			want:    []string{"/sso/externalSecretStoreName: got object, want string"},
		},
		"llm gateway secret is a name": {
			overlay: "runtime: {llmGatewayTokenSecret: {name: sandbox-tokens, key: LLM_GATEWAY_TOKEN}}\n",
			want:    []string{"/runtime/llmGatewayTokenSecret: got object, want string"},
		},
		"extraEnv contract secret": {
			overlay: "extraEnv: {SANDBOX_GITEA_TOKEN: hunter2}\n",
			want:    []string{"/extraEnv/SANDBOX_GITEA_TOKEN: SANDBOX_GITEA_TOKEN is a secret env of the contract: it is wired only as an optional secretKeyRef from its {name, key} value, never through extraEnv"},
		},
		"extraEnv other name":      {overlay: "extraEnv: {FEATURE_X: 'on', RETRIES: 3}\n"},
		"extraEnv as a list":       {overlay: "extraEnv: [{name: FEATURE_X, value: 'on'}]\n", want: []string{"/extraEnv: got array, want object"}},
		"extraEnv value is a map":  {overlay: "extraEnv: {FEATURE_X: {a: b}}\n", want: []string{"/extraEnv/FEATURE_X: got object, want boolean or number or string"}},
		"extraEnv name with blank": {overlay: "extraEnv: {'A B': x}\n", want: []string{"/extraEnv/A B: 'A B' does not match pattern '^[-._a-zA-Z][-._a-zA-Z0-9]*$'"}},
		"pull secrets of names": {
			overlay: "image: {pullSecrets: [ghcr-pull]}\n",
			want:    []string{"/image/pullSecrets/0: got string, want object"},
		},
		"tolerations list":  {overlay: "tolerations: {key: x}\n", want: []string{"/tolerations: got object, want array"}},
		"bad resource size": {overlay: "resources: {limits: {memory: 1 GB}}\n", want: []string{`/resources/limits/memory: '1 GB' does not match pattern '^[+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+|[numkMGTPE]|[KMGTPE]i)?$'`}},
		"s3UseTLS string":   {overlay: "mcp: {storage: {s3UseTLS: 'true'}}\n"},
		"s3UseTLS other": {
			overlay: "mcp: {storage: {s3UseTLS: 'yes'}}\n",
			want:    []string{`/mcp/storage/s3UseTLS: value must be one of true, false, 'true', 'false'`},
		},
		"image tag as number": {
			overlay: "image: {tag: 1.10}\n",
			want:    []string{"/image/tag: got number, want string"},
		},
		"replicas negative": {overlay: "replicas: -1\n", want: []string{"/replicas: minimum: got -1, want 0"}},
		"unknown top-level key": {
			overlay: "enabeld: true\n",
			want:    []string{`/enabeld: property "enabeld" is not allowed here`},
		},
		"set beats file": {sets: []string{"enabled=3"}, want: []string{"/enabled: got number, want boolean"}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			assert.Equal(t, tc.want, checkFiles(t, !tc.alone, tc.overlay, tc.sets...))
		})
	}
}

func TestCheckPositions(t *testing.T) {
	overlay := "enabled: 1\nenv:\n  sovereignFQDN: 'bad host'\ncnpg:\n  activeHotStandby:\n    replicaRegion: eu-central\n"
	p := filepath.Join(t.TempDir(), "o.yaml")
	require.NoError(t, os.WriteFile(p, []byte(overlay), 0o600))
	l, err := values.LoadWithOrigins(values.Options{ValueFiles: []string{"testdata/valid.yaml", p}, Values: []string{"replicas=-2"}})
	require.NoError(t, err)
	s, err := Builtin(testSecretEnv)
	require.NoError(t, err)
	var got []string
	fs, err := Check(l, s)
	require.NoError(t, err)
	for _, f := range fs {
		got = append(got, strings.TrimPrefix(f.Line(), filepath.Dir(p)+"/"))
	}
	assert.Equal(t, []string{
		"--set: /replicas: minimum: got -2, want 0",
		"o.yaml:1:10: /enabled: got number, want boolean",
		"o.yaml:3:18: /env/sovereignFQDN: 'bad host' is not valid hostname: invalid character ' '",
		`o.yaml:6:20: /cnpg/activeHotStandby/replicaRegion: replicaRegion must differ from primaryRegion, both are "eu-central"`,
	}, got)
}

func TestCheckRedactsSecrets(t *testing.T) {
	const secret = "s3cr3t-VALUE"
	cases := map[string]string{
		"secret-looking key":        "sso: {apiToken: {name: '" + secret + "'}}\n",
		"extraEnv secret by name":   "extraEnv: {SANDBOX_GITEA_TOKEN: {v: '" + secret + "'}}\n",
		"extraEnv secret-like name": "extraEnv: {MY_PASSWORD: [" + secret + "]}\n",
		"extraEnv as a list":        "extraEnv: [{name: SANDBOX_GITEA_TOKEN, value: '" + secret + "'}]\n",
	}
	for name, overlay := range cases {
		t.Run(name, func(t *testing.T) {
			got := checkOverlay(t, overlay)
			require.NotEmpty(t, got)
			for _, m := range got {
				assert.NotContains(t, m, secret)
			}
		})
	}
}

func TestCompileOnce(t *testing.T) {
	a, err := Builtin(testSecretEnv)
	require.NoError(t, err)
	b, err := Builtin(testSecretEnv)
	require.NoError(t, err)
	assert.Same(t, a.sch, b.sch)
	c, err := Builtin(nil)
	require.NoError(t, err)
	assert.NotSame(t, a.sch, c.sch, "another secret list is another compilation")
}

func TestChartSchemasLikeHelm(t *testing.T) {
	cases := map[string]struct {
		sets []string
		want []string
	}{
		"defaults pass":             {},
		"top-level rule":            {sets: []string{"replicas=4"}, want: []string{"--set: /replicas: maximum: got 4, want 3 (demo/values.schema.json)"}},
		"format is only annotation": {sets: []string{"host=not a host"}},
		"subchart rule at its key":  {sets: []string{"sub.port=9001"}, want: []string{"--set: /sub/port: maximum: got 9,001, want 9,000 (demo/charts/sub/values.schema.json)"}},
		"disabled subchart skipped": {sets: []string{"sub.enabled=false", "sub.port=9001"}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			l, err := values.LoadWithOrigins(helmsdk.ValuesOptions(values.Options{Chart: chartDir, Values: tc.sets}))
			require.NoError(t, err)
			schemas, err := ChartSchemas(l.Chart)
			require.NoError(t, err)
			var got []string
			fs, err := Check(l, schemas...)
			require.NoError(t, err)
			for _, f := range fs {
				got = append(got, f.Line()+" ("+f.Schema+")")
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestCheckSubchartValuesNotAMap(t *testing.T) {
	l, err := values.LoadWithOrigins(helmsdk.ValuesOptions(values.Options{Chart: chartDir}))
	require.NoError(t, err)
	schemas, err := ChartSchemas(l.Chart)
	require.NoError(t, err)
	l.Values["sub"] = "oops" // Helm reports the same before validating
	got, err := Check(l, schemas...)
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, "/sub", got[0].Pos.Pointer)
	assert.Equal(t, "invalid type for values: expected object (map), got string", got[0].Message)
}

func TestCheckRefusesABrokenSchema(t *testing.T) {
	s, err := Compile("cycle.schema.json", []byte(`{"$defs": {"x": {"$ref": "#/$defs/y"}, "y": {"$ref": "#/$defs/x"}}, "$ref": "#/$defs/x"}`), CompileOptions{})
	require.NoError(t, err, "the compiler lets the cycle through")
	l, err := values.LoadWithOrigins(values.Options{Values: []string{"a=1"}})
	require.NoError(t, err)
	fs, err := Check(l, s)
	require.ErrorIs(t, err, ErrBrokenSchema)
	assert.Empty(t, fs, "a broken schema is no finding about the values")
	assert.Contains(t, err.Error(), "cycle.schema.json")
	assert.Contains(t, err.Error(), "reference cycle; break the cycle of $refs")
}
