package helmrun

import (
	"encoding/csv"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Errors of Parse; each is wrapped with the argument it is about.
var (
	// ErrCommand: not template, install or upgrade.
	ErrCommand = errors.New("not a helm command envcontract wraps")
	// ErrUnknownFlag: a flag Helm's table does not hold, written so that
	// whether it takes a value cannot be told.
	ErrUnknownFlag = errors.New("unknown helm flag")
	// ErrFlagValue: a flag that needs a value has none, or a bad one.
	ErrFlagValue = errors.New("bad flag value")
	// ErrArgs: the wrong number of positional arguments.
	ErrArgs = errors.New("wrong number of arguments")
)

// Commands are the helm subcommands Parse reads.
var Commands = []string{"template", "install", "upgrade"}

// Values are the value flags of a command line, each in the order given.
type Values struct {
	Files      []string // -f/--values, split at commas as Helm does
	Set        []string // --set
	SetString  []string // --set-string
	SetFile    []string // --set-file
	SetJSON    []string // --set-json
	SetLiteral []string // --set-literal
}

// Invocation is a helm template|install|upgrade command line, read as far
// as envcontract needs it.
type Invocation struct {
	Command     string
	Args        []string // the arguments for Helm after Command: the Extra flags removed, the rest as given
	Positionals []string // [NAME] CHART, or RELEASE CHART for upgrade
	Chart       string   // the last positional argument
	Values      Values
	// Extra holds the values of ParseOptions.Extra flags, by name.
	Extra map[string][]string
	// PostRenderer: --post-renderer or --post-renderer-args was given.
	PostRenderer bool
	// Help: -h or --help was given.
	Help bool
}

// ParseOptions configure Parse.
type ParseOptions struct {
	// Extra are long names (without "--") of flags that belong to the
	// caller, not to Helm: each takes a value, is removed from Args and
	// collected in Invocation.Extra. They must not be Helm flag names.
	Extra []string
}

// Parse reads the arguments of `helm COMMAND ARGS...` the way Helm's flag
// parser (pflag) does: flags and positional arguments may mix, `--` ends the
// flags. With Help set, the positional arguments are not checked.
func Parse(command string, args []string, o ParseOptions) (*Invocation, error) {
	if !isCommand(command) {
		return nil, fmt.Errorf("%w: %q (want %s)", ErrCommand, command, strings.Join(Commands, ", "))
	}
	p := parser{command: command, extra: map[string]bool{}}
	for _, e := range o.Extra {
		if _, clash := helmFlags[e]; clash {
			return nil, fmt.Errorf("extra flag --%s is a helm flag", e)
		}
		p.extra[e] = true
	}
	p.inv = &Invocation{Command: command, Extra: map[string][]string{}}
	if err := p.parse(args); err != nil {
		return nil, err
	}
	inv := p.inv
	if inv.Help {
		return inv, nil
	}
	if err := checkPositionals(command, inv.Positionals); err != nil {
		return nil, err
	}
	inv.Chart = inv.Positionals[len(inv.Positionals)-1]
	return inv, nil
}

func isCommand(c string) bool {
	for _, known := range Commands {
		if c == known {
			return true
		}
	}
	return false
}

// checkPositionals mirrors the argument rules of Helm's commands.
func checkPositionals(command string, pos []string) error {
	switch {
	case command == "upgrade" && len(pos) != 2:
		return fmt.Errorf("%w: helm upgrade takes RELEASE CHART, got %d argument(s): %q", ErrArgs, len(pos), pos)
	case command != "upgrade" && (len(pos) < 1 || len(pos) > 2):
		return fmt.Errorf("%w: helm %s takes [NAME] CHART, got %d argument(s): %q", ErrArgs, command, len(pos), pos)
	}
	return nil
}

type parser struct {
	command string
	extra   map[string]bool
	inv     *Invocation
}

func (p *parser) parse(args []string) error {
	for len(args) > 0 {
		a := args[0]
		args = args[1:]
		switch {
		case a == "--":
			p.inv.Args = append(p.inv.Args, a)
			p.inv.Args = append(p.inv.Args, args...)
			p.inv.Positionals = append(p.inv.Positionals, args...)
			return nil
		case len(a) < 2 || a[0] != '-':
			p.inv.Args = append(p.inv.Args, a)
			p.inv.Positionals = append(p.inv.Positionals, a)
		case a[1] == '-':
			rest, err := p.long(a, args)
			if err != nil {
				return err
			}
			args = rest
		default:
			rest, err := p.shorts(a, args)
			if err != nil {
				return err
			}
			args = rest
		}
	}
	return nil
}

// long reads one --flag[=value] argument (and its value argument) and
// returns the arguments left.
func (p *parser) long(a string, args []string) ([]string, error) {
	name, value, hasValue := strings.Cut(a[2:], "=")
	if name == "" || name[0] == '-' {
		return nil, fmt.Errorf("%w: bad flag syntax %q", ErrUnknownFlag, a)
	}
	if p.extra[name] {
		if !hasValue {
			if len(args) == 0 {
				return nil, fmt.Errorf("%w: --%s needs a value", ErrFlagValue, name)
			}
			value, args = args[0], args[1:]
		}
		p.inv.Extra[name] = append(p.inv.Extra[name], value)
		return args, nil
	}
	p.inv.Args = append(p.inv.Args, a)
	spec, known := helmFlags[name]
	switch {
	case !known && hasValue:
		return args, nil // Helm judges it; the value cannot be mistaken for a positional
	case !known:
		return nil, fmt.Errorf("%w: --%s: envcontract cannot tell whether it takes a value; "+
			"write --%s=VALUE (or --%s=true for a switch)", ErrUnknownFlag, name, name, name)
	case !hasValue && spec.takesValue(p.command):
		if len(args) == 0 {
			return nil, fmt.Errorf("%w: --%s needs a value", ErrFlagValue, name)
		}
		value, hasValue = args[0], true
		p.inv.Args = append(p.inv.Args, value)
		args = args[1:]
	}
	return args, p.record(name, value, hasValue)
}

// shorts reads one -abc argument the way pflag does: switches may be
// grouped; the first shorthand that takes a value takes the rest of the
// argument (after an optional "="), or else the next argument.
func (p *parser) shorts(a string, args []string) ([]string, error) {
	p.inv.Args = append(p.inv.Args, a)
	s := a[1:]
	for s != "" {
		c := s[:1]
		name, ok := shortFlags[c]
		if !ok {
			return nil, fmt.Errorf("%w: -%s in %q", ErrUnknownFlag, c, a)
		}
		s = s[1:]
		var value string
		hasValue := true
		switch {
		case len(s) > 1 && s[0] == '=':
			value, s = s[1:], ""
		case !helmFlags[name].takesValue(p.command):
			hasValue = false
		case s != "":
			value, s = s, ""
		case len(args) > 0:
			value = args[0]
			p.inv.Args = append(p.inv.Args, value)
			args = args[1:]
		default:
			return nil, fmt.Errorf("%w: -%s needs a value", ErrFlagValue, c)
		}
		if err := p.record(name, value, hasValue); err != nil {
			return nil, err
		}
	}
	return args, nil
}

// record keeps what envcontract needs of one Helm flag.
func (p *parser) record(name, value string, hasValue bool) error {
	v := &p.inv.Values
	switch name {
	case "values":
		files, err := splitCSV(value)
		if err != nil {
			return fmt.Errorf("%w: --values %q: %w", ErrFlagValue, value, err)
		}
		v.Files = append(v.Files, files...)
	case "set":
		v.Set = append(v.Set, value)
	case "set-string":
		v.SetString = append(v.SetString, value)
	case "set-file":
		v.SetFile = append(v.SetFile, value)
	case "set-json":
		v.SetJSON = append(v.SetJSON, value)
	case "set-literal":
		v.SetLiteral = append(v.SetLiteral, value)
	case "post-renderer", "post-renderer-args":
		p.inv.PostRenderer = true
	case "help":
		on := true
		if hasValue {
			var err error
			if on, err = strconv.ParseBool(value); err != nil {
				return fmt.Errorf("%w: --help=%q", ErrFlagValue, value)
			}
		}
		p.inv.Help = p.inv.Help || on
	}
	return nil
}

// splitCSV splits a -f value as pflag's string slice does: as one CSV record,
// so a quoted file name may hold a comma.
func splitCSV(s string) ([]string, error) {
	if s == "" {
		return nil, nil
	}
	return csv.NewReader(strings.NewReader(s)).Read()
}
