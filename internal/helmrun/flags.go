package helmrun

// flagSpec is what Parse must know of one Helm flag: its shorthand and
// whether it consumes the next argument when written without "=".
type flagSpec struct {
	short string
	// value: `--flag VALUE`. Switches and flags with an optional value
	// (`--dry-run[=client]`, Helm 4's `--wait[=watcher]`) take the next
	// argument only as `--flag=VALUE`, so they are false here.
	value bool
	// valueOn lists the subcommands on which the flag takes a value although
	// value is false (Helm 4's --server-side is a switch on install and a
	// string on upgrade).
	valueOn []string
}

// helmFlags are the flags of helm template, install and upgrade (Helm 3.22
// and Helm 4.3) with the global ones, by long name. TestFlagTable checks it
// against the --help of the real binaries: every flag they list is here, with
// the same shorthand and value, and nothing is here that neither lists.
var helmFlags = map[string]flagSpec{
	// Value flags envcontract reads.
	"values":      {short: "f", value: true},
	"set":         {value: true},
	"set-string":  {value: true},
	"set-file":    {value: true},
	"set-json":    {value: true},
	"set-literal": {value: true},

	// The post-renderer, which the wrapper wires itself.
	"post-renderer":      {value: true},
	"post-renderer-args": {value: true},

	// Other flags that take a value.
	"api-versions":  {short: "a", value: true},
	"ca-file":       {value: true},
	"cert-file":     {value: true},
	"description":   {value: true},
	"history-max":   {value: true},
	"key-file":      {value: true},
	"keyring":       {value: true},
	"kube-version":  {value: true},
	"labels":        {short: "l", value: true},
	"name-template": {value: true},
	"output":        {short: "o", value: true},
	"output-dir":    {value: true},
	"password":      {value: true},
	"repo":          {value: true},
	"show-only":     {short: "s", value: true},
	"timeout":       {value: true},
	"username":      {value: true},
	"version":       {value: true},
	"server-side":   {valueOn: []string{"upgrade"}},

	// Switches, and flags whose value is optional.
	"dry-run":                    {}, // --dry-run or --dry-run=server
	"wait":                       {}, // a switch on Helm 3, --wait[=watcher] on Helm 4
	"generate-name":              {short: "g"},
	"help":                       {short: "h"},
	"install":                    {short: "i"},
	"atomic":                     {},
	"cleanup-on-fail":            {},
	"create-namespace":           {},
	"dependency-update":          {},
	"devel":                      {},
	"disable-openapi-validation": {},
	"enable-dns":                 {},
	"force":                      {},
	"force-conflicts":            {},
	"force-replace":              {},
	"hide-notes":                 {},
	"hide-secret":                {},
	"include-crds":               {},
	"insecure-skip-tls-verify":   {},
	"is-upgrade":                 {},
	"no-hooks":                   {},
	"pass-credentials":           {},
	"plain-http":                 {},
	"release-name":               {},
	"render-subchart-notes":      {},
	"replace":                    {},
	"reset-then-reuse-values":    {},
	"reset-values":               {},
	"reuse-values":               {},
	"rollback-on-failure":        {},
	"skip-crds":                  {},
	"skip-schema-validation":     {},
	"skip-tests":                 {},
	"take-ownership":             {},
	"validate":                   {},
	"verify":                     {},
	"wait-for-jobs":              {},

	// Global flags.
	"burst-limit":                   {value: true},
	"color":                         {value: true},
	"colour":                        {value: true},
	"content-cache":                 {value: true},
	"debug":                         {},
	"kube-apiserver":                {value: true},
	"kube-as-group":                 {value: true},
	"kube-as-user":                  {value: true},
	"kube-ca-file":                  {value: true},
	"kube-context":                  {value: true},
	"kube-insecure-skip-tls-verify": {},
	"kube-tls-server-name":          {value: true},
	"kube-token":                    {value: true},
	"kubeconfig":                    {value: true},
	"namespace":                     {short: "n", value: true},
	"qps":                           {value: true},
	"registry-config":               {value: true},
	"repository-cache":              {value: true},
	"repository-config":             {value: true},
}

// shortFlags maps each shorthand of helmFlags to its long name.
var shortFlags = func() map[string]string {
	m := map[string]string{}
	for name, f := range helmFlags {
		if f.short != "" {
			m[f.short] = name
		}
	}
	return m
}()

// takesValue reports whether the flag consumes the next argument on command.
func (f flagSpec) takesValue(command string) bool {
	for _, c := range f.valueOn {
		if c == command {
			return true
		}
	}
	return f.value
}
