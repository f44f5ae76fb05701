package draft

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Kinds are the kinds a contract workload can select.
var Kinds = []string{"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod"}

// ErrTarget is wrapped by ParseConsumer for an argument it cannot read.
var ErrTarget = errors.New("want KIND/NAME[/CONTAINER]=DIR, e.g. Deployment/api/server=./cmd/server")

// Target is one container of one object: what a consumer runs in.
type Target struct {
	Kind      string
	Name      string
	Container string // empty: the object's only container
}

func (t Target) String() string {
	s := t.Kind + "/" + t.Name
	if t.Container != "" {
		s += "/" + t.Container
	}
	return s
}

// ParseConsumer reads a --consumer argument: KIND/NAME[/CONTAINER]=DIR.
func ParseConsumer(arg string) (Target, string, error) {
	spec, dir, ok := strings.Cut(arg, "=")
	if !ok || dir == "" {
		return Target{}, "", fmt.Errorf("--consumer %q: %w", arg, ErrTarget)
	}
	parts := strings.Split(spec, "/")
	if len(parts) < 2 || len(parts) > 3 || slices.Contains(parts, "") {
		return Target{}, "", fmt.Errorf("--consumer %q: %w", arg, ErrTarget)
	}
	t := Target{Kind: parts[0], Name: parts[1]}
	if len(parts) == 3 {
		t.Container = parts[2]
	}
	if !slices.Contains(Kinds, t.Kind) {
		return Target{}, "", fmt.Errorf("--consumer %q: kind %q is not one a contract selects (%s)",
			arg, t.Kind, strings.Join(Kinds, ", "))
	}
	return t, dir, nil
}
