// Package report prints findings for people and for machines.
//
// Write takes findings in any order, sorts a copy with finding.Sort, and
// prints them in one of the Formats:
//
//   - text: grouped by workload, one aligned line per finding (location,
//     severity, object, container, env, message) and a closing count.
//     Options.Color adds ANSI colours; the command sets it only when stdout
//     is a terminal.
//   - json: one object, {"findings": [...], "summary": {...}}, documented on
//     Document; stable, fields are only ever added.
//   - sarif: SARIF 2.1.0 for code scanning: one rule per finding kind, one
//     result per finding, with the file and line where they are known.
//   - github: GitHub Actions workflow commands (::error, ::warning,
//     ::notice), so findings show up as annotations on a pull request.
//
// The reports never add anything a finding does not carry, so they are as
// free of secret values as the findings themselves.
package report
