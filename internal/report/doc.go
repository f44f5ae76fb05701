// Package report prints a command's findings for people and for machines:
// the one writer every command uses.
//
// Write takes a Report (the command, its findings in any order, and what
// else it produced), redacts and sorts a copy of the findings, and prints it
// in one of the Formats:
//
//   - text: Table groups findings by workload in aligned columns with a
//     closing count (check); Lines prints "POS: /pointer: message" (validate,
//     flux). Control characters are escaped, so input cannot forge a line or
//     drive the terminal. Options.Color adds ANSI colours; commands set it
//     only when stdout is a terminal.
//   - json: the versioned Envelope, the same for every command, described by
//     schema/report.schema.json.
//   - sarif: SARIF 2.1.0 for code scanning: one rule per finding code, one
//     result per finding, with the file, line and column where known.
//   - github: GitHub Actions workflow commands (::error, ::warning,
//     ::notice), so findings show up as annotations on a pull request.
//
// The reports never add anything a finding does not carry, and read every
// message through finding.Text, so they are free of the values a finding
// hides.
package report
