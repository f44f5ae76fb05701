package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"syscall"
	"time"
)

// runTimeout bounds one command: kustomize on 2,000 documents takes about
// ten seconds here, render on 100,000 about ten.
const runTimeout = 5 * time.Minute

// command is one process to time: argv, a file for its standard input
// (empty: none), and where its standard output goes (empty: /dev/null).
type command struct {
	Name   string
	Args   []string
	Dir    string
	Env    []string // added to the environment
	Stdin  string
	Stdout string
}

// sample is what one run of a command cost.
type sample struct {
	Wall   time.Duration
	CPU    time.Duration // user + system
	MaxRSS int64         // peak resident set of the process itself, bytes
}

// run runs c once. A failing command is an error with the end of its
// standard error, so the harness never times a command that did not work.
func (c command) run() (sample, error) {
	ctx, cancel := context.WithTimeout(context.Background(), runTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, c.Name, c.Args...)
	cmd.Dir = c.Dir
	if len(c.Env) > 0 {
		cmd.Env = append(os.Environ(), c.Env...)
	}
	// Files, not pipes: the child reads and writes the descriptors itself,
	// so no goroutine of the harness copies bytes while the clock runs.
	if c.Stdin != "" {
		f, err := os.Open(c.Stdin)
		if err != nil {
			return sample{}, err
		}
		defer f.Close()
		cmd.Stdin = f
	}
	out := c.Stdout
	if out == "" {
		out = os.DevNull
	}
	f, err := os.Create(out)
	if err != nil {
		return sample{}, err
	}
	defer f.Close()
	cmd.Stdout = f
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err = cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return sample{}, fmt.Errorf("%s: %w: %s", c, err, tail(stderr.Bytes(), 600))
	}
	s := sample{Wall: wall, CPU: cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		s.MaxRSS = ru.Maxrss * 1024 // Linux reports kilobytes
	}
	return s, nil
}

func (c command) String() string {
	s := c.Name
	for _, a := range c.Args {
		s += " " + a
	}
	if c.Stdin != "" {
		s += " < " + c.Stdin
	}
	return s
}

func tail(b []byte, n int) string {
	b = bytes.TrimSpace(b)
	if len(b) > n {
		b = append([]byte("…"), b[len(b)-n:]...)
	}
	return string(b)
}

// stats summarises the samples of one command.
type stats struct {
	Runs             int
	Min, Median, Max time.Duration
	CPU              time.Duration // median user + system
	MaxRSS           int64         // the largest peak RSS of any run
	Total            time.Duration // sum of the wall times
}

func summarize(ss []sample) stats {
	if len(ss) == 0 {
		return stats{}
	}
	walls := make([]time.Duration, len(ss))
	cpus := make([]time.Duration, len(ss))
	st := stats{Runs: len(ss)}
	for i, s := range ss {
		walls[i], cpus[i] = s.Wall, s.CPU
		st.MaxRSS = max(st.MaxRSS, s.MaxRSS)
		st.Total += s.Wall
	}
	slices.Sort(walls)
	slices.Sort(cpus)
	st.Min, st.Max = walls[0], walls[len(walls)-1]
	st.Median = median(walls)
	st.CPU = median(cpus)
	return st
}

func median(sorted []time.Duration) time.Duration {
	n := len(sorted)
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

// Spread is (max-min)/median: how noisy the runs were.
func (s stats) Spread() float64 {
	if s.Median == 0 {
		return 0
	}
	return float64(s.Max-s.Min) / float64(s.Median)
}

// interleave runs every command once per round, rounds times, rotating the
// order each round, so that load from other work on the machine falls on
// all of them alike. One untimed warm-up run each comes first (page cache,
// and a check that the command works).
func interleave(rounds int, cmds ...command) ([]stats, error) {
	for _, c := range cmds {
		if _, err := c.run(); err != nil {
			return nil, err
		}
	}
	samples := make([][]sample, len(cmds))
	for r := range rounds {
		for k := range cmds {
			i := (k + r) % len(cmds)
			s, err := cmds[i].run()
			if err != nil {
				return nil, err
			}
			samples[i] = append(samples[i], s)
		}
	}
	out := make([]stats, len(cmds))
	for i := range cmds {
		out[i] = summarize(samples[i])
	}
	return out, nil
}
