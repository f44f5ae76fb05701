// Package draft writes a first env contract for `envcontract init`: from
// the env each consumer's container carries in a rendered stream and the
// env its Go program reads (internal/consumer), one workload per consumer.
//
// Each workload selects its object by kind and name and its one container,
// and is required: true, since the stream holds it. Each name the program
// reads falls in one place of the draft:
//
//   - read and set in the stream: require:, so that check fails once the
//     stream stops setting it;
//   - read with a default (consumer.Read.Default) and set nowhere:
//     optional:, with the default as the reason;
//   - read, set nowhere and read without a default: a commented TODO list,
//     since only a person knows whether the chart must set it;
//   - set and never read: a comment (a drifted name, or read by something
//     else), as are prefix reads, names no contract can hold and reads
//     whose name is not known statically.
//
// Several programs may run in one container (one the child of another):
// their reads are merged, a name counting as read with a default only when
// every program that reads it has one, and goSource lists them all.
//
// The workload's consumer: is written only when check would find nothing
// about it (no TODO, no unset name a contract cannot hold); otherwise it is
// a comment to enable once those are settled. The draft is text with comments, held to the contract format
// by the caller, which loads it back with internal/contract.
package draft
