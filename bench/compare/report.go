package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"
)

// machine describes where the numbers were taken, as BENCHMARKS.md asks:
// nproc, free -h, the CPU model, the date and the load.
func machine(now time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, "## Run of %s\n\n", now.UTC().Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(&b, "- CPU: %s; nproc %d; %s/%s, %s\n", cpuModel(), runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, runtime.Version())
	if free, err := exec.Command("free", "-h").Output(); err == nil {
		fmt.Fprintf(&b, "- free -h:\n\n```\n%s```\n", free)
	}
	fmt.Fprintf(&b, "- load average at the start: %s\n", loadavg())
	return b.String()
}

func cpuModel() string {
	data, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(data), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

func loadavg() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

func printOutcome(w io.Writer, o outcome) {
	verdict := "missed"
	if o.Pass {
		verdict = "met"
	}
	fmt.Fprintf(w, "### %s\n\n", o.Title)
	fmt.Fprintln(w, "| command | best | median | max | spread | CPU (median) | peak RSS |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|")
	for _, r := range o.Rows {
		s := r.Stats
		fmt.Fprintf(w, "| %s | %s | %s | %s | %.0f%% | %s | %s |\n", r.Label, dur(s.Min), dur(s.Median), dur(s.Max),
			100*s.Spread(), dur(s.CPU), mb(s.MaxRSS))
	}
	if o.Target == "" {
		fmt.Fprintf(w, "\nResult: **%s** (no target).\n\n", o.Ratio)
	} else {
		fmt.Fprintf(w, "\nResult: **%s**; target %s: **%s**.\n\n", o.Ratio, o.Target, verdict)
	}
	for _, n := range o.Notes {
		fmt.Fprintln(w, n)
	}
}

func printScaling(w io.Writer, rows []scalingRow, runs int) {
	fmt.Fprintf(w, "### Scaling: render and the floor by stream size (best of %d)\n\n", runs)
	fmt.Fprintln(w, "| documents | input | render | render µs/doc | render peak RSS | RSS − 1k-doc RSS per 1k docs | floor | floor peak RSS | render/floor |")
	fmt.Fprintln(w, "|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	var base scalingRow
	for i, r := range rows {
		if i == 0 {
			base = r
		}
		perDoc := float64(r.Render.Min.Microseconds()) / float64(r.Docs)
		growth := "–"
		if r.Docs > base.Docs {
			per := float64(r.Render.MaxRSS-base.Render.MaxRSS) / float64(r.Docs-base.Docs) * 1000
			growth = mb(int64(per))
		}
		fmt.Fprintf(w, "| %d | %s | %s | %.1f | %s | %s | %s | %s | %.2f× |\n", r.Docs, mb(r.Bytes), dur(r.Render.Min), perDoc,
			mb(r.Render.MaxRSS), growth, dur(r.Floor.Min), mb(r.Floor.MaxRSS), ratio(r.Render.Min, r.Floor.Min))
	}
	fmt.Fprintln(w)
}

func dur(d time.Duration) string {
	switch {
	case d >= 10*time.Second:
		return fmt.Sprintf("%.1f s", d.Seconds())
	case d >= time.Second:
		return fmt.Sprintf("%.2f s", d.Seconds())
	default:
		return fmt.Sprintf("%.0f ms", float64(d)/1e6)
	}
}

func mb(b int64) string { return fmt.Sprintf("%.1f MB", float64(b)/1e6) }
