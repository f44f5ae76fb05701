package contract

import (
	"fmt"
	"strings"

	"github.com/Masterminds/semver/v3"

	"github.com/openova/envcontract/internal/finding"
)

// Chart is what is known of the chart a contract is applied to: its name
// and version, and where the version was read (Chart.yaml, a HelmRelease's
// spec.chart.spec.version).
type Chart struct {
	Name    string
	Version string
	Pos     finding.Pos
}

// Fits reports whether version lies in the contract's chartVersions. A
// contract without chartVersions fits every chart; so does a version that
// is not one semver version (a Flux placeholder, a range such as "0.3.x"
// in a HelmRelease), since nothing can be told from it.
func (c *Contract) Fits(version string) bool {
	if c.ChartVersions == "" {
		return true
	}
	v, err := semver.NewVersion(strings.TrimSpace(version))
	if err != nil {
		return true
	}
	r, err := semver.NewConstraint(c.ChartVersions)
	if err != nil { // Parse refuses such a contract; a Contract built by hand fits all
		return true
	}
	return r.Check(v)
}

// IsVersion reports whether s is one semver version, not a range or a
// placeholder: what a HelmRelease's spec.chart.spec.version may also hold.
func IsVersion(s string) bool {
	_, err := semver.NewVersion(strings.TrimSpace(s))
	return err == nil
}

// CheckChart returns a chart-version warning for every contract whose
// chartVersions does not hold the chart's version, naming the built-in
// contracts that do. It returns nothing when the version is unknown.
func CheckChart(contracts []*Contract, chart Chart) []finding.Finding {
	if strings.TrimSpace(chart.Version) == "" {
		return nil
	}
	var out []finding.Finding
	for _, c := range contracts {
		if c.Fits(chart.Version) {
			continue
		}
		what := "chart"
		if chart.Name != "" {
			what += " " + chart.Name
		}
		msg := fmt.Sprintf("%s %s is outside the versions contract %s fits (%s)", what, chart.Version, c.Name, c.ChartVersions)
		if alt := fittingBuiltins(chart.Version, c.Name); len(alt) > 0 {
			msg += "; for this version use -c " + strings.Join(alt, " or -c ")
		}
		out = append(out, finding.Finding{Code: finding.ChartVersion, Severity: finding.SeverityWarning,
			Pos: chart.Pos, Message: msg})
	}
	return out
}

// fittingBuiltins names the built-in contracts other than skip that carry
// chartVersions holding version.
func fittingBuiltins(version, skip string) []string {
	var out []string
	for _, name := range BuiltinNames() {
		if name == skip {
			continue
		}
		if c, err := Builtin(name); err == nil && c.ChartVersions != "" && c.Fits(version) {
			out = append(out, name)
		}
	}
	return out
}

// chartVersions refuses a chartVersions range that does not parse.
func (r ruleChecker) chartVersions(c *Contract) {
	if c.ChartVersions == "" {
		return
	}
	if _, err := semver.NewConstraint(c.ChartVersions); err != nil {
		r.at("/spec/chartVersions", "is not a semver range (%v); write it as Helm's --version takes one, such as \">=0.3.0 <0.3.4\"", err)
	}
}
