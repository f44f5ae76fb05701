// Package reliability holds the tests that run the envcontract binary as a
// user's shell would, on input nobody should send it:
//
//   - the bad-input catalogue (fixtures/bad/manifest.yaml): every kind of
//     malformed, hostile or oversized input for render, check, validate and
//     contract loading, each with the exit status, the message fragments
//     (document or file, line, what to do), empty stdout when render fails,
//     and bounds on wall time and peak RSS;
//   - the canary test: a secret value planted in manifests, values, a Secret
//     object, a Go source and the environment must reach no stdout, stderr,
//     log file or report of any command and output format.
//
// Every render case runs twice: as `envcontract render` and as the
// post-renderer binary envcontract-render, which must behave the same.
// The binaries are ENVCONTRACT_BIN (make test sets it) and
// envcontract-render beside it, else both built from this checkout into a
// temporary directory. Neither test needs Helm.
package reliability
