package helmrun

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParse(t *testing.T) {
	extra := ParseOptions{Extra: []string{"envcontract-contract"}}
	tests := map[string]struct {
		command string
		args    string // split at spaces
		want    Invocation
	}{
		"name and chart": {
			command: "template", args: "sandbox ./chart",
			want: Invocation{Positionals: []string{"sandbox", "./chart"}, Chart: "./chart"},
		},
		"chart only": {
			command: "template", args: "./chart",
			want: Invocation{Positionals: []string{"./chart"}, Chart: "./chart"},
		},
		"generate-name, short and long": {
			command: "install", args: "-g ./chart --generate-name",
			want: Invocation{Positionals: []string{"./chart"}, Chart: "./chart"},
		},
		"upgrade release and chart": {
			command: "upgrade", args: "--install sandbox ./chart -i",
			want: Invocation{Positionals: []string{"sandbox", "./chart"}, Chart: "./chart"},
		},
		"value flags are not positionals": {
			command: "template",
			args:    "--namespace ns -n ns2 sandbox --kube-version 1.31 ./chart --description d --timeout 1m",
			want:    Invocation{Positionals: []string{"sandbox", "./chart"}, Chart: "./chart"},
		},
		"values in every form": {
			command: "template",
			args:    "s ./c -f a.yaml -f=b.yaml -fc.yaml --values d.yaml,e.yaml --values=f.yaml -f=",
			want: Invocation{Positionals: []string{"s", "./c"}, Chart: "./c",
				Values: Values{Files: []string{"a.yaml", "b.yaml", "c.yaml", "d.yaml", "e.yaml", "f.yaml", "="}}},
		},
		"quoted file name keeps its comma": {
			command: "template", args: `./c --values="x,y.yaml",z.yaml`,
			want: Invocation{Positionals: []string{"./c"}, Chart: "./c", Values: Values{Files: []string{"x,y.yaml", "z.yaml"}}},
		},
		"set family keeps commas for strvals": {
			command: "install",
			args: "s ./c --set a=1,b=2 --set=c=3 --set-string d=4 --set-file e=f.txt " +
				"--set-json g={\"h\":1} --set-literal i=a,b",
			want: Invocation{Positionals: []string{"s", "./c"}, Chart: "./c", Values: Values{
				Set: []string{"a=1,b=2", "c=3"}, SetString: []string{"d=4"}, SetFile: []string{"e=f.txt"},
				SetJSON: []string{`g={"h":1}`}, SetLiteral: []string{"i=a,b"}}},
		},
		"grouped shorthands: switch then value": {
			command: "install", args: "-gf v.yaml ./c -gn ns",
			want: Invocation{Positionals: []string{"./c"}, Chart: "./c", Values: Values{Files: []string{"v.yaml"}}},
		},
		"switch with explicit value takes no argument": {
			command: "template", args: "s --include-crds=true ./c -g=false",
			want: Invocation{Positionals: []string{"s", "./c"}, Chart: "./c"},
		},
		"optional value flags never take the next argument": {
			command: "install", args: "--dry-run s --wait ./c --dry-run=server",
			want: Invocation{Positionals: []string{"s", "./c"}, Chart: "./c"},
		},
		"server-side is a switch on install": {
			command: "install", args: "--server-side s ./c",
			want: Invocation{Positionals: []string{"s", "./c"}, Chart: "./c"},
		},
		"server-side takes a value on upgrade": {
			command: "upgrade", args: "--server-side auto s ./c",
			want: Invocation{Positionals: []string{"s", "./c"}, Chart: "./c"},
		},
		"a value that looks like a flag": {
			command: "template", args: "s ./c --description --set --set x=1",
			want: Invocation{Positionals: []string{"s", "./c"}, Chart: "./c", Values: Values{Set: []string{"x=1"}}},
		},
		"unknown flag written with =": {
			command: "template", args: "s --from-the-future=x ./c",
			want: Invocation{Positionals: []string{"s", "./c"}, Chart: "./c"},
		},
		"double dash ends the flags": {
			command: "template", args: "-f v.yaml -- s -c",
			want: Invocation{Positionals: []string{"s", "-c"}, Chart: "-c", Values: Values{Files: []string{"v.yaml"}}},
		},
		"single dash is a positional": {
			command: "template", args: "s -",
			want: Invocation{Positionals: []string{"s", "-"}, Chart: "-"},
		},
		"post-renderer noticed": {
			command: "template", args: "s ./c --post-renderer-args=x",
			want: Invocation{Positionals: []string{"s", "./c"}, Chart: "./c", PostRenderer: true},
		},
		"help skips the argument check": {
			command: "upgrade", args: "-h",
			want: Invocation{Help: true},
		},
		"help=false is no help": {
			command: "template", args: "./c --help=false",
			want: Invocation{Positionals: []string{"./c"}, Chart: "./c"},
		},
		"extra flags are taken out": {
			command: "template",
			args:    "s --envcontract-contract my.yaml ./c --envcontract-contract=b -f v.yaml",
			want: Invocation{Positionals: []string{"s", "./c"}, Chart: "./c", Values: Values{Files: []string{"v.yaml"}},
				Extra: map[string][]string{"envcontract-contract": {"my.yaml", "b"}}},
		},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			args := strings.Fields(tc.args)
			got, err := Parse(tc.command, args, extra)
			require.NoError(t, err)
			want := tc.want
			want.Command = tc.command
			if want.Extra == nil {
				want.Extra = map[string][]string{}
			}
			want.Args = withoutExtra(args)
			assert.Equal(t, &want, got)
		})
	}
}

// withoutExtra is args without the --envcontract-contract flags of the
// test cases: what Parse must hand to Helm.
func withoutExtra(args []string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		switch {
		case args[i] == "--envcontract-contract":
			i++
		case strings.HasPrefix(args[i], "--envcontract-contract="):
		default:
			out = append(out, args[i])
		}
	}
	return out
}

func TestParseErrors(t *testing.T) {
	tests := map[string]struct {
		command string
		args    []string
		want    error
		msg     string
	}{
		"not a wrapped command":          {"lint", []string{"./c"}, ErrCommand, `"lint"`},
		"unknown flag without a value":   {"template", []string{"s", "--from-the-future", "./c"}, ErrUnknownFlag, "--from-the-future=VALUE"},
		"unknown shorthand":              {"template", []string{"-x", "./c"}, ErrUnknownFlag, "-x"},
		"unknown shorthand in a group":   {"template", []string{"-gx", "./c"}, ErrUnknownFlag, "-x"},
		"triple dash":                    {"template", []string{"---f", "./c"}, ErrUnknownFlag, "bad flag syntax"},
		"value flag at the end":          {"template", []string{"./c", "--namespace"}, ErrFlagValue, "--namespace needs a value"},
		"shorthand value at the end":     {"template", []string{"./c", "-f"}, ErrFlagValue, "-f needs a value"},
		"extra flag at the end":          {"template", []string{"./c", "--envcontract-contract"}, ErrFlagValue, "--envcontract-contract"},
		"bad csv in values":              {"template", []string{"./c", `-f`, `a"b`}, ErrFlagValue, "--values"},
		"no chart":                       {"template", []string{"-f", "v.yaml"}, ErrArgs, "[NAME] CHART"},
		"three positionals":              {"install", []string{"a", "b", "c"}, ErrArgs, "3 argument(s)"},
		"upgrade without release":        {"upgrade", []string{"./c"}, ErrArgs, "RELEASE CHART"},
		"namespace value is not a chart": {"template", []string{"--namespace", "ns"}, ErrArgs, "0 argument(s)"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := Parse(tc.command, tc.args, ParseOptions{Extra: []string{"envcontract-contract"}})
			require.ErrorIs(t, err, tc.want)
			assert.Contains(t, err.Error(), tc.msg)
		})
	}
}

func TestParseRefusesExtraThatIsAHelmFlag(t *testing.T) {
	_, err := Parse("template", []string{"./c"}, ParseOptions{Extra: []string{"namespace"}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "--namespace is a helm flag")
}
