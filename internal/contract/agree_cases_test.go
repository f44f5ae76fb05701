package contract

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// header is a contract up to its one workload; the workload's fields
// follow at an indent of 6.
const header = "apiVersion: envcontract.dev/v1alpha1\nkind: EnvContract\nmetadata: {name: t}\nspec:\n  workloads:\n    - name: w\n"

// workload returns a contract whose one workload has the given fields
// (flow style, one per line) besides its name.
func workload(fields ...string) string {
	var b strings.Builder
	b.WriteString(header)
	for _, f := range fields {
		b.WriteString("      " + f + "\n")
	}
	return b.String()
}

const kindsOK = "match: {kinds: [Deployment]}"

// env returns a contract whose workload has the given env entries.
func env(entries ...string) string {
	return workload(kindsOK, "env: ["+strings.Join(entries, ", ")+"]")
}

// agreementCases cover each keyword of the schema, failing and holding, and
// the YAML the schema sees through yamlnode.ToJSON (aliases, merge keys,
// tags). Each runs through both checks; valid is what both must say.
var agreementCases = map[string]struct {
	in    string
	valid bool
}{
	// the document
	"document is a list":          {in: "[a]\n"},
	"document is a string":        {in: "hello\n"},
	"document is null":            {in: "null\n"},
	"document is an empty map":    {in: "{}\n"},
	"unknown top-level field":     {in: workload(kindsOK) + "status: {}\n"},
	"apiVersion missing":          {in: strings.Replace(workload(kindsOK), "apiVersion: envcontract.dev/v1alpha1\n", "", 1)},
	"apiVersion other version":    {in: strings.Replace(workload(kindsOK), "v1alpha1", "v1", 1)},
	"apiVersion a number":         {in: strings.Replace(workload(kindsOK), "envcontract.dev/v1alpha1", "1", 1)},
	"kind other":                  {in: strings.Replace(workload(kindsOK), "kind: EnvContract", "kind: Contract", 1)},
	"kind a list":                 {in: strings.Replace(workload(kindsOK), "kind: EnvContract", "kind: [EnvContract]", 1)},
	"kind quoted":                 {in: strings.Replace(workload(kindsOK), "kind: EnvContract", `kind: "EnvContract"`, 1), valid: true},
	"metadata a string":           {in: strings.Replace(workload(kindsOK), "{name: t}", "t", 1)},
	"metadata null":               {in: strings.Replace(workload(kindsOK), "{name: t}", "", 1)},
	"metadata without name":       {in: strings.Replace(workload(kindsOK), "{name: t}", "{}", 1)},
	"metadata unknown field":      {in: strings.Replace(workload(kindsOK), "{name: t}", "{name: t, labels: {}}", 1)},
	"metadata name upper case":    {in: strings.Replace(workload(kindsOK), "{name: t}", "{name: T}", 1)},
	"metadata name ends in dash":  {in: strings.Replace(workload(kindsOK), "{name: t}", "{name: t-}", 1)},
	"metadata name 63 characters": {in: strings.Replace(workload(kindsOK), "{name: t}", "{name: "+strings.Repeat("a", 63)+"}", 1), valid: true},
	"metadata name 64 characters": {in: strings.Replace(workload(kindsOK), "{name: t}", "{name: "+strings.Repeat("a", 64)+"}", 1)},
	"metadata name a number":      {in: strings.Replace(workload(kindsOK), "{name: t}", "{name: 1}", 1)},
	// spec.chartVersions
	"chartVersions a range":  {in: strings.Replace(workload(kindsOK), "spec:\n", "spec:\n  chartVersions: \">=0.3.0 <0.3.4\"\n", 1), valid: true},
	"chartVersions empty":    {in: strings.Replace(workload(kindsOK), "spec:\n", "spec:\n  chartVersions: \"\"\n", 1)},
	"chartVersions a number": {in: strings.Replace(workload(kindsOK), "spec:\n", "spec:\n  chartVersions: 1\n", 1)},
	"chartVersions a list":   {in: strings.Replace(workload(kindsOK), "spec:\n", "spec:\n  chartVersions: [\">=0.3.4\"]\n", 1)},
	"spec a list":            {in: "apiVersion: envcontract.dev/v1alpha1\nkind: EnvContract\nmetadata: {name: t}\nspec: []\n"},
	"spec without workloads": {in: "apiVersion: envcontract.dev/v1alpha1\nkind: EnvContract\nmetadata: {name: t}\nspec: {}\n"},
	"spec unknown field":     {in: workload(kindsOK) + "  extra: 1\n"},
	"workloads a mapping":    {in: "apiVersion: envcontract.dev/v1alpha1\nkind: EnvContract\nmetadata: {name: t}\nspec: {workloads: {}}\n"},
	"workloads empty":        {in: "apiVersion: envcontract.dev/v1alpha1\nkind: EnvContract\nmetadata: {name: t}\nspec: {workloads: []}\n"},
	"workload a string":      {in: "apiVersion: envcontract.dev/v1alpha1\nkind: EnvContract\nmetadata: {name: t}\nspec: {workloads: [w]}\n"},

	// a workload
	"minimal workload":                {in: workload(kindsOK), valid: true},
	"workload without match":          {in: workload()},
	"workload without name":           {in: strings.Replace(workload(kindsOK), "- name: w\n      ", "- ", 1)},
	"workload unknown field":          {in: workload(kindsOK, "renames: [{from: A, to: B}]")},
	"workload name bad":               {in: strings.Replace(workload(kindsOK), "name: w", "name: W_1", 1)},
	"containers":                      {in: workload(kindsOK, "containers: [a, b-2]"), valid: true},
	"containers a string":             {in: workload(kindsOK, "containers: app")},
	"containers empty":                {in: workload(kindsOK, "containers: []")},
	"containers repeated":             {in: workload(kindsOK, "containers: [a, b, a]")},
	"containers repeated, bad":        {in: workload(kindsOK, "containers: [A, A]")},
	"containers numbers twice":        {in: workload(kindsOK, "containers: [1, 1.0]")},
	"container name bad":              {in: workload(kindsOK, "containers: [app_1]")},
	"rename":                          {in: workload(kindsOK, "rename: [{from: A, to: B}]"), valid: true},
	"rename empty":                    {in: workload(kindsOK, "rename: []")},
	"rename a mapping":                {in: workload(kindsOK, "rename: {A: B}")},
	"rename item a string":            {in: workload(kindsOK, "rename: [A]")},
	"rename without to":               {in: workload(kindsOK, "rename: [{from: A}]")},
	"rename without both":             {in: workload(kindsOK, "rename: [{}]")},
	"rename unknown field":            {in: workload(kindsOK, "rename: [{from: A, to: B, keep: true}]")},
	"rename from bad":                 {in: workload(kindsOK, "rename: [{from: 1A, to: B}]")},
	"rename to a number":              {in: workload(kindsOK, "rename: [{from: A, to: 1}]")},
	"forbid":                          {in: workload(kindsOK, "forbid: [_A, a1]"), valid: true},
	"forbid empty":                    {in: workload(kindsOK, "forbid: []")},
	"forbid repeated":                 {in: workload(kindsOK, "forbid: [A, A]")},
	"forbid repeated thrice":          {in: workload(kindsOK, "forbid: [A, B, A, A]")},
	"forbid name with dash":           {in: workload(kindsOK, "forbid: [A-B]")},
	"forbid name with dot":            {in: workload(kindsOK, "forbid: [A.B]")},
	"forbid null":                     {in: workload(kindsOK, "forbid:")},
	"require repeated":                {in: workload(kindsOK, "require: [A, A]")},
	"require empty":                   {in: workload(kindsOK, "require: []")},
	"require name digit first":        {in: workload(kindsOK, "require: [1A]")},
	"require name unicode":            {in: workload(kindsOK, "require: [Ä]")},
	"env empty":                       {in: workload(kindsOK, "env: []")},
	"env a mapping":                   {in: workload(kindsOK, "env: {A: x}")},
	"env item a string":               {in: env("A")},
	"optional":                        {in: workload(kindsOK, "optional: [{name: A, reason: r}]"), valid: true},
	"optional empty":                  {in: workload(kindsOK, "optional: []")},
	"optional without reason":         {in: workload(kindsOK, "optional: [{name: A}]")},
	"optional reason empty":           {in: workload(kindsOK, `optional: [{name: A, reason: ""}]`)},
	"optional reason a number":        {in: workload(kindsOK, "optional: [{name: A, reason: 1}]")},
	"optional reason null":            {in: workload(kindsOK, "optional: [{name: A, reason: null}]")},
	"optional name bad":               {in: workload(kindsOK, "optional: [{name: A B, reason: r}]")},
	"optional unknown field":          {in: workload(kindsOK, "optional: [{name: A, reason: r, why: x}]")},
	"consumer":                        {in: workload(kindsOK, "consumer: {goSource: ../cmd}"), valid: true},
	"consumer a string":               {in: workload(kindsOK, "consumer: ../cmd")},
	"consumer without goSource":       {in: workload(kindsOK, "consumer: {}")},
	"consumer goSource empty":         {in: workload(kindsOK, `consumer: {goSource: ""}`)},
	"consumer goSource a list":        {in: workload(kindsOK, "consumer: {goSource: [a, b/...]}"), valid: true},
	"consumer goSource list empty":    {in: workload(kindsOK, "consumer: {goSource: []}")},
	"consumer goSource item empty":    {in: workload(kindsOK, `consumer: {goSource: [a, ""]}`)},
	"consumer goSource item twice":    {in: workload(kindsOK, "consumer: {goSource: [a, a]}")},
	"consumer goSource item a number": {in: workload(kindsOK, "consumer: {goSource: [a, 1]}")},
	"consumer goSource a mapping":     {in: workload(kindsOK, "consumer: {goSource: {a: b}}")},
	"consumer unknown field":          {in: workload(kindsOK, "consumer: {goSource: x, lang: go}")},
	"required":                        {in: workload(kindsOK, "required: false"), valid: true},
	"required true":                   {in: workload(kindsOK, "required: true"), valid: true},
	"required a string":               {in: workload(kindsOK, `required: "true"`)},
	"required yes":                    {in: workload(kindsOK, "required: yes")},
	"required null":                   {in: workload(kindsOK, "required: ~")},

	// match
	"match a list":            {in: workload("match: [Deployment]")},
	"match without kinds":     {in: workload("match: {names: [a]}")},
	"match unknown field":     {in: workload("match: {kinds: [Pod], kind: Pod}")},
	"every kind":              {in: workload("match: {kinds: [Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, Pod]}"), valid: true},
	"kinds empty":             {in: workload("match: {kinds: []}")},
	"kinds a string":          {in: workload("match: {kinds: Deployment}")},
	"kinds repeated":          {in: workload("match: {kinds: [Pod, Job, Pod]}")},
	"kind not supported":      {in: workload("match: {kinds: [Service]}")},
	"kind lower case":         {in: workload("match: {kinds: [deployment]}")},
	"kind a number":           {in: workload("match: {kinds: [1]}")},
	"names":                   {in: workload("match: {kinds: [Pod], names: [a.b-c, '0']}"), valid: true},
	"names empty":             {in: workload("match: {kinds: [Pod], names: []}")},
	"names repeated":          {in: workload("match: {kinds: [Pod], names: [a, a]}")},
	"name upper case":         {in: workload("match: {kinds: [Pod], names: [Web]}")},
	"name starts with a dot":  {in: workload("match: {kinds: [Pod], names: [.web]}")},
	"name a number":           {in: workload("match: {kinds: [Pod], names: [1]}")},
	"name 253 characters":     {in: workload("match: {kinds: [Pod], names: [" + strings.Repeat("a", 253) + "]}"), valid: true},
	"name 254 characters":     {in: workload("match: {kinds: [Pod], names: [" + strings.Repeat("a", 254) + "]}")},
	"labels":                  {in: workload("match: {kinds: [Pod], labels: {app: web, a.b/c_d: '', x.io/Y.z: A-1}}"), valid: true},
	"labels empty":            {in: workload("match: {kinds: [Pod], labels: {}}")},
	"labels a list":           {in: workload("match: {kinds: [Pod], labels: [app]}")},
	"label key with a space":  {in: workload("match: {kinds: [Pod], labels: {'bad key': x}}")},
	"label key two slashes":   {in: workload("match: {kinds: [Pod], labels: {a/b/c: x}}")},
	"label key upper prefix":  {in: workload("match: {kinds: [Pod], labels: {A.io/b: x}}")},
	"label key empty":         {in: workload("match: {kinds: [Pod], labels: {'': x}}")},
	"label value a number":    {in: workload("match: {kinds: [Pod], labels: {tier: 1}}")},
	"label value null":        {in: workload("match: {kinds: [Pod], labels: {tier: }}")},
	"label value bad":         {in: workload("match: {kinds: [Pod], labels: {tier: -x}}")},
	"label value 63":          {in: workload("match: {kinds: [Pod], labels: {tier: " + strings.Repeat("x", 63) + "}}"), valid: true},
	"label value 64":          {in: workload("match: {kinds: [Pod], labels: {tier: " + strings.Repeat("x", 64) + "}}")},
	"label bad key and value": {in: workload("match: {kinds: [Pod], labels: {'a b': 1, c: '-'}}")},

	// env entries
	"every source":                    {in: env("{name: A, value: x}", "{name: B, fieldRef: metadata.uid}", "{name: C, secretKeyRef: {name: s, key: k}}", "{name: D, fromValues: a.b}"), valid: true},
	"value empty":                     {in: env(`{name: A, value: ""}`), valid: true},
	"value with fromValues":           {in: env("{name: A, value: x, fromValues: a.b-c.0}"), valid: true},
	"value a date":                    {in: env("{name: A, value: 2001-12-14}"), valid: true},
	"value binary":                    {in: env("{name: A, value: !!binary aGk=}"), valid: true},
	"value custom tag":                {in: env("{name: A, value: !x 1}"), valid: true},
	"value a number":                  {in: env("{name: A, value: 8080}")},
	"value a boolean":                 {in: env("{name: A, value: false}")},
	"value null":                      {in: env("{name: A, value: null}")},
	"value null with fromValues":      {in: env("{name: A, value: null, fromValues: a}")},
	"value a mapping":                 {in: env("{name: A, value: {a: b}}")},
	"entry without name":              {in: env("{value: x}")},
	"entry name bad":                  {in: env("{name: A=B, value: x}")},
	"entry unknown field":             {in: env("{name: A, value: x, valueFrom: {}}")},
	"entry empty":                     {in: env("{}")},
	"fieldRef annotation":             {in: env(`{name: A, fieldRef: "metadata.annotations['a/b']"}`), valid: true},
	"fieldRef every field":            {in: env("{name: A, fieldRef: spec.nodeName}", "{name: B, fieldRef: status.podIPs}", "{name: C, fieldRef: spec.serviceAccountName}"), valid: true},
	"fieldRef not in env":             {in: env("{name: A, fieldRef: spec.containers}")},
	"fieldRef label without key":      {in: env(`{name: A, fieldRef: "metadata.labels['']"}`)},
	"fieldRef a number":               {in: env("{name: A, fieldRef: 1}")},
	"secretKeyRef empty name":         {in: env(`{name: A, secretKeyRef: {name: "", key: k}}`), valid: true},
	"secretKeyRef a string":           {in: env("{name: A, secretKeyRef: s}")},
	"secretKeyRef without key":        {in: env("{name: A, secretKeyRef: {name: s}}")},
	"secretKeyRef without name":       {in: env("{name: A, secretKeyRef: {key: k}}")},
	"secretKeyRef unknown field":      {in: env("{name: A, secretKeyRef: {name: s, key: k, optional: true}}")},
	"secret name upper case":          {in: env("{name: A, secretKeyRef: {name: S, key: k}}")},
	"secret name 254 characters":      {in: env("{name: A, secretKeyRef: {name: " + strings.Repeat("s", 254) + ", key: k}}")},
	"secret name null":                {in: env("{name: A, secretKeyRef: {name: null, key: k}}")},
	"secret key with a slash":         {in: env("{name: A, secretKeyRef: {name: s, key: a/b}}")},
	"secret key empty":                {in: env(`{name: A, secretKeyRef: {name: s, key: ""}}`)},
	"secret key 253 characters":       {in: env("{name: A, secretKeyRef: {name: s, key: " + strings.Repeat("K", 253) + "}}"), valid: true},
	"secret key 254 characters":       {in: env("{name: A, secretKeyRef: {name: s, key: " + strings.Repeat("K", 254) + "}}")},
	"value and fieldRef":              {in: env("{name: A, value: x, fieldRef: metadata.name}")},
	"value and secretKeyRef":          {in: env("{name: A, value: x, secretKeyRef: {name: s, key: k}}")},
	"fieldRef and secretKeyRef":       {in: env("{name: A, fieldRef: metadata.name, secretKeyRef: {name: s, key: k}}")},
	"all three sources":               {in: env("{name: A, value: x, fieldRef: metadata.name, secretKeyRef: {name: s, key: k}}")},
	"fieldRef with fromValues":        {in: env("{name: A, fieldRef: metadata.name, fromValues: a}")},
	"fieldRef with fromValues object": {in: env("{name: A, fieldRef: metadata.name, fromValues: {name: a}}")},
	"no source":                       {in: env("{name: A}")},
	"only fromValues":                 {in: env("{name: A, fromValues: a}"), valid: true},
	"only fromValues, an object":      {in: env("{name: A, fromValues: {name: a}}")},
	"only fromValues, null":           {in: env("{name: A, fromValues: null}")},
	"fromValues with a space":         {in: env("{name: A, value: x, fromValues: a b}")},
	"fromValues with a tab":           {in: env("{name: A, value: x, fromValues: \"a\\tb\"}")},
	"fromValues empty part":           {in: env("{name: A, value: x, fromValues: a..b}")},
	"fromValues leading dot":          {in: env("{name: A, value: x, fromValues: .a}")},
	"fromValues empty":                {in: env(`{name: A, value: x, fromValues: ""}`)},
	"fromValues a number":             {in: env("{name: A, value: x, fromValues: 1}")},
	"fromValues a list":               {in: env("{name: A, value: x, fromValues: [a]}")},
	"fromValues unicode":              {in: env("{name: A, value: x, fromValues: ä.ö}"), valid: true},
	"fromValues unicode space":        {in: env("{name: A, value: x, fromValues: \"a\u00a0b\"}"), valid: true},
	"secret fromValues name and key":  {in: env("{name: A, secretKeyRef: {name: s, key: k}, fromValues: {name: a.n, key: a.k}}"), valid: true},
	"secret fromValues key only":      {in: env("{name: A, secretKeyRef: {name: s, key: k}, fromValues: {key: a.k}}"), valid: true},
	"secret fromValues a string":      {in: env("{name: A, secretKeyRef: {name: s, key: k}, fromValues: a.b}")},
	"secret fromValues null":          {in: env("{name: A, secretKeyRef: {name: s, key: k}, fromValues: null}")},
	"secret fromValues empty":         {in: env("{name: A, secretKeyRef: {name: s, key: k}, fromValues: {}}")},
	"secret fromValues unknown field": {in: env("{name: A, secretKeyRef: {name: s, key: k}, fromValues: {path: a}}")},
	"secret fromValues bad path":      {in: env("{name: A, secretKeyRef: {name: s, key: k}, fromValues: {name: a..b}}")},
	"secret fromValues name a number": {in: env("{name: A, secretKeyRef: {name: s, key: k}, fromValues: {name: 1}}")},
	"bad secretKeyRef and fromValues": {in: env("{name: A, secretKeyRef: 1, fromValues: a}")},

	// the YAML behind the JSON
	"anchors and aliases":  {in: header + "      match: &m {kinds: [Pod]}\n    - name: v\n      match: *m\n      containers: &c [a]\n      require: [A]\n", valid: true},
	"alias to a bad value": {in: header + "      match: {kinds: &k [Pod, Pod]}\n    - name: v\n      match: {kinds: *k}\n"},
	"merge key":            {in: header + "      match: &m {kinds: [Pod]}\n    - <<: {name: v}\n      match: {<<: *m, names: [a]}\n", valid: true},
	"merge key from a list": {in: header + "      match: {kinds: [Pod]}\n      env: [&e {name: A, value: x}, {<<: [{name: B}, *e]}]\n",
		valid: true},
	"merged unknown field":    {in: header + "      match: {<<: {kinds: [Pod], kind: Pod}}\n"},
	"merged bad value":        {in: header + "      match: {<<: {kinds: [Pd]}}\n"},
	"own key wins over merge": {in: header + "      match: {<<: {kinds: [Pd]}, kinds: [Pod]}\n", valid: true},
	"first merge wins":        {in: header + "      match: {<<: [{kinds: [Pod]}, {kinds: [Pd]}]}\n", valid: true},
	"merge of a string":       {in: header + "      match: {<<: x, kinds: [Pod]}\n", valid: true},
	"merge into labels":       {in: header + "      match: {kinds: [Pod], labels: {<<: {app: web}}}\n", valid: true},
	"merge of nothing":        {in: header + "      match: {kinds: [Pod], labels: {<<: []}}\n"},
	"alias as a key":          {in: header + "      match: {kinds: [&k Pod]}\n      *k : x\n"},
	"mapping as a key":        {in: header + "      match: {kinds: [Pod]}\n      ? {a: b}\n      : x\n"},
	"merge sets a source":     {in: header + "      match: {kinds: [Pod]}\n      env: [{<<: {value: x}, name: A, fieldRef: metadata.name}]\n"},
	"tagged string name":      {in: header + "      match: {kinds: [!!str Pod]}\n", valid: true},
	"null tagged string":      {in: header + "      match: {kinds: [!!null Pod]}\n"},
	"explicit int tag":        {in: workload(kindsOK, "forbid: [!!int 12]")},
	"document end marker":     {in: workload(kindsOK) + "...\n", valid: true},
}

func TestShapeAgreesWithSchema(t *testing.T) {
	for name, tc := range agreementCases {
		t.Run(name, func(t *testing.T) {
			valid, ok := assertAgrees(t, []byte(tc.in))
			require.True(t, ok, "the case stops before the shape check")
			assert.Equal(t, tc.valid, valid, "verdict of both checks")
		})
	}
}

// TestEveryEnvEntryAgreesWithSchema runs every combination of the fields
// of an env entry, each absent or one of a few good and bad values,
// through both checks: the rules between the fields (dependentSchemas,
// allOf) are where a hand-written check most easily goes wrong.
func TestEveryEnvEntryAgreesWithSchema(t *testing.T) {
	choices := []struct {
		field  string
		values []string // "" leaves the field out
	}{
		{"name", []string{"", "A", "1A"}},
		{"value", []string{"", "x", "1", "null"}},
		{"fieldRef", []string{"", "metadata.name", "spec.x", "null"}},
		{"secretKeyRef", []string{"", "{name: s, key: k}", "{}", "s"}},
		{"fromValues", []string{"", "a.b", "a..b", "{name: a}", "{}", "{x: y}", "null", "[a]"}},
	}
	entries := []string{""}
	for _, c := range choices {
		var next []string
		for _, e := range entries {
			for _, v := range c.values {
				switch {
				case v == "":
					next = append(next, e)
				case e == "":
					next = append(next, c.field+": "+v)
				default:
					next = append(next, e+", "+c.field+": "+v)
				}
			}
		}
		entries = next
	}
	require.Len(t, entries, 3*4*4*4*8)
	valid := 0
	for _, e := range entries {
		if ok, _ := assertAgrees(t, []byte(env("{"+e+"}"))); ok {
			valid++
		}
	}
	assert.Positive(t, valid, "some combinations are valid")
}
