//! End-to-end tests: the `postport` binary run on fixtures and on the bundled examples.
//! One test binary for all of them, to keep the test build lean.

mod atom;
mod bad_input;
mod cli;
mod epub;
mod feeds;
mod jsonl;
mod markdown;
mod support;
mod traps;
