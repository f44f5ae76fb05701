package draft

import (
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"sigs.k8s.io/kustomize/kyaml/yaml"

	"github.com/openova/envcontract/internal/consumer"
	"github.com/openova/envcontract/internal/finding"
)

// Draft is what a contract is drafted from.
type Draft struct {
	Name      string   // metadata.name; a DNS label
	From      []string // the streams or charts read, for the header comment
	Workloads []Workload
}

// Workload is one container and the programs that run in it (one, or
// several when one is the child of another): what the container carries and
// what the programs read.
type Workload struct {
	Target   Target // Container is the container the names were read from
	Set      []string
	Programs []Program
}

// Program is one consumer's Go source and what it reads.
type Program struct {
	Dir   string // goSource as the draft writes it
	Reads *consumer.Result
}

// reads merges what the programs read, by name: locations of all (with
// the program's directory when there are several), required when one
// program requires it, a default only when every program that reads the
// name has one (check judges each program on its own).
func (w Workload) reads() (reads []consumer.Read, dynamic []finding.Pos) {
	byName := map[string]int{}
	noDefault := map[string]bool{}
	for _, prog := range w.Programs {
		at := func(l finding.Pos) finding.Pos {
			if len(w.Programs) > 1 {
				l.File = path.Join(prog.Dir, l.File)
			}
			return l
		}
		for _, r := range prog.Reads.Reads {
			locs := make([]finding.Pos, len(r.Locations))
			for i, l := range r.Locations {
				locs[i] = at(l)
			}
			key := r.Name
			if r.Prefix {
				key = "prefix " + r.Name
			}
			i, seen := byName[key]
			if !seen {
				byName[key] = len(reads)
				r.Locations = locs
				reads = append(reads, r)
				noDefault[key] = r.Default == nil
				continue
			}
			m := &reads[i]
			m.Locations = append(m.Locations, locs...)
			m.Required = m.Required || r.Required
			noDefault[key] = noDefault[key] || r.Default == nil
		}
		for _, l := range prog.Reads.Dynamic {
			dynamic = append(dynamic, at(l))
		}
	}
	for i, r := range reads {
		key := r.Name
		if r.Prefix {
			key = "prefix " + r.Name
		}
		if noDefault[key] {
			reads[i].Default = nil
		}
	}
	slices.SortStableFunc(reads, func(a, b consumer.Read) int { return strings.Compare(a.Name, b.Name) })
	return reads, dynamic
}

// plan sorts a workload's names into the parts of the draft.
type plan struct {
	require, optional, todo []consumer.Read
	unread                  []string
	prefixes, invalid       []consumer.Read
	dynamic                 []finding.Pos
	// owed says check, comparing the programs, would report a read that
	// nothing sets: a TODO, or a name no contract can hold.
	owed bool
}

func planOf(w Workload) plan {
	var p plan
	var reads []consumer.Read
	reads, p.dynamic = w.reads()
	set := map[string]bool{}
	for _, n := range w.Set {
		set[n] = true
	}
	read := map[string]bool{}
	for _, r := range reads {
		switch {
		case r.Prefix:
			p.prefixes = append(p.prefixes, r)
			for _, n := range w.Set {
				if strings.HasPrefix(n, r.Name) && !read[n] {
					read[n] = true
					p.require = append(p.require, consumer.Read{Name: n, Locations: r.Locations, Via: r.Via})
				}
			}
		case !isEnvName(r.Name):
			p.invalid = append(p.invalid, r)
			p.owed = p.owed || !set[r.Name]
		case read[r.Name]:
			// already required through a prefix read
		case set[r.Name]:
			read[r.Name] = true
			p.require = append(p.require, r)
		case r.Default != nil:
			read[r.Name] = true
			p.optional = append(p.optional, r)
		default:
			read[r.Name] = true
			p.todo = append(p.todo, r)
			p.owed = true
		}
	}
	for _, n := range w.Set {
		if !read[n] && !slices.Contains(p.unread, n) {
			p.unread = append(p.unread, n)
		}
	}
	slices.SortFunc(p.require, func(a, b consumer.Read) int { return strings.Compare(a.Name, b.Name) })
	return p
}

// Bytes writes the draft: YAML in the contract format, with comments for
// everything a contract cannot say.
func (d Draft) Bytes() []byte {
	var b strings.Builder
	b.WriteString("# A draft env contract written by `envcontract init` from " + comment(strings.Join(d.From, ", ")) + "\n")
	b.WriteString("# and the Go source of each workload's consumer. Review it before use: the\n")
	b.WriteString("# TODO lists name env the program reads and nothing sets.\n")
	fmt.Fprintf(&b, "apiVersion: envcontract.dev/v1alpha1\nkind: EnvContract\nmetadata:\n  name: %s\nspec:\n  workloads:\n", scalar(d.Name))
	names := d.names()
	for i, w := range d.Workloads {
		writeWorkload(&b, w, names[i])
	}
	return []byte(b.String())
}

// Summary says, one line per workload, how many names went where.
func (d Draft) Summary() []string {
	names := d.names()
	out := make([]string, len(d.Workloads))
	for i, w := range d.Workloads {
		p := planOf(w)
		out[i] = fmt.Sprintf("workload %s (%s): %d required, %d optional, %d TODO (read, set nowhere), %d set and never read",
			names[i], comment(w.Target.String()), len(p.require), len(p.optional), len(p.todo), len(p.unread))
	}
	return out
}

// names are the workloads' names, DNS labels unique in the draft.
func (d Draft) names() []string {
	seen := map[string]bool{}
	out := make([]string, len(d.Workloads))
	for i, w := range d.Workloads {
		out[i] = workloadName(w.Target, seen)
	}
	return out
}

func writeWorkload(b *strings.Builder, w Workload, name string) {
	p := planOf(w)
	fmt.Fprintf(b, "    - name: %s\n      match:\n        kinds: [%s]\n        names: [%s]\n      containers: [%s]\n",
		name, w.Target.Kind, scalar(w.Target.Name), scalar(w.Target.Container))
	b.WriteString("      required: true # the stream holds it: check fails when it goes\n")
	if len(p.require) > 0 {
		b.WriteString("      # Read by the program and set in the stream: check fails when one goes.\n      require:\n")
		for _, r := range p.require {
			fmt.Fprintf(b, "        - %s # read at %s\n", scalar(r.Name), where(r))
		}
	}
	if len(p.optional) > 0 {
		b.WriteString("      # Read with a default and set nowhere: the program falls back to it.\n      optional:\n")
		for _, r := range p.optional {
			fmt.Fprintf(b, "        - name: %s\n          reason: %s\n", scalar(r.Name), scalar(reason(r)))
		}
	}
	if len(p.todo) > 0 {
		b.WriteString("      # TODO: read by the program, without a default, and set nowhere. Set each in\n")
		b.WriteString("      # the chart and add it to require:, or list it under optional: with a reason.\n")
		for _, r := range p.todo {
			note := ""
			if r.Required {
				note = "; the program fails without it"
			}
			fmt.Fprintf(b, "      #   - %s # read at %s%s\n", r.Name, where(r), note)
		}
	}
	if len(p.unread) > 0 {
		b.WriteString("      # Set in the stream and never read by the program (a drifted name, or read by\n")
		b.WriteString("      # something else):\n")
		for _, n := range p.unread {
			fmt.Fprintf(b, "      #   - %s\n", comment(n))
		}
	}
	for _, r := range p.prefixes {
		fmt.Fprintf(b, "      # The program reads every name that starts with %s (at %s).\n", comment(r.Name), where(r))
	}
	for _, r := range p.invalid {
		fmt.Fprintf(b, "      # The program reads %s (at %s), a name no contract can hold.\n", comment(strconv.Quote(r.Name)), where(r))
	}
	for _, l := range p.dynamic {
		fmt.Fprintf(b, "      # The program reads a name not known statically at %s; check it by hand.\n", comment(l.String()))
	}
	if !p.owed {
		b.WriteString("      consumer: # goSource is relative to this file\n")
		writeSources(b, "", w.Programs)
		return
	}
	b.WriteString("      # Once the reads above are settled, let check compare the programs with the stream:\n")
	b.WriteString("      # consumer: # goSource is relative to this file\n")
	writeSources(b, "# ", w.Programs)
}

// writeSources writes goSource: one directory, or a list of several.
func writeSources(b *strings.Builder, comment string, progs []Program) {
	if len(progs) == 1 {
		fmt.Fprintf(b, "      %s  goSource: %s\n", comment, scalar(progs[0].Dir))
		return
	}
	fmt.Fprintf(b, "      %s  goSource:\n", comment)
	for _, p := range progs {
		fmt.Fprintf(b, "      %s    - %s\n", comment, scalar(p.Dir))
	}
}

// where is the first place r is read, and how.
func where(r consumer.Read) string {
	s := "(unknown)"
	if len(r.Locations) > 0 {
		s = r.Locations[0].String()
		if n := len(r.Locations) - 1; n > 0 {
			s += fmt.Sprintf(" and %d more", n)
		}
	}
	if r.Via != "" && r.Via != "direct" {
		s += " via " + r.Via
	}
	return comment(s)
}

// reason is an optional entry's reason: the default, unless the name looks
// like it holds a secret.
func reason(r consumer.Read) string {
	if looksSecret(r.Name) {
		return fmt.Sprintf("read with a default (not shown: the name looks secret) at %s", where(r))
	}
	return fmt.Sprintf("read with the default %s at %s", strconv.Quote(*r.Default), where(r))
}

func looksSecret(name string) bool {
	up := strings.ToUpper(name)
	for _, w := range []string{"SECRET", "TOKEN", "PASSWORD", "PASSWD", "KEY", "CREDENTIAL", "PRIVATE"} {
		if strings.Contains(up, w) {
			return true
		}
	}
	return false
}

// workloadName is a DNS label for t, unique among names.
func workloadName(t Target, names map[string]bool) string {
	base := dnsLabel(t.Name)
	name := base
	if names[name] {
		name = dnsLabel(base + "-" + t.Container)
	}
	for i := 2; names[name]; i++ {
		name = dnsLabel(fmt.Sprintf("%s-%d", base, i))
	}
	names[name] = true
	return name
}

// dnsLabel maps s to ^[a-z0-9]([-a-z0-9]*[a-z0-9])?$, at most 63 bytes.
func dnsLabel(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
		} else {
			b.WriteByte('-')
		}
	}
	out := b.String()
	if len(out) > 63 {
		out = out[:63]
	}
	out = strings.Trim(out, "-")
	if out == "" {
		return "workload"
	}
	return out
}

// isEnvName is the contract's envName: ^[A-Za-z_][A-Za-z0-9_]*$.
func isEnvName(s string) bool {
	for i, r := range s {
		if !(r == '_' || r < unicode.MaxASCII && (unicode.IsLetter(r) || i > 0 && unicode.IsDigit(r))) {
			return false
		}
	}
	return s != ""
}

// scalar writes s as a one-line YAML string: plain when YAML reads it back
// as the same string, quoted otherwise.
func scalar(s string) string {
	if strings.IndexFunc(s, func(r rune) bool { return !unicode.IsPrint(r) }) >= 0 {
		return strconv.Quote(s)
	}
	out, err := yaml.Marshal(s)
	if err != nil {
		return strconv.Quote(s)
	}
	return strings.TrimSuffix(string(out), "\n")
}

// comment makes s safe inside a one-line YAML comment.
func comment(s string) string { return finding.Clean(s) }
