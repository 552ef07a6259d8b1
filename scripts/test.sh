#!/usr/bin/env bash
# Runs every test of postport: installs the validators the tests use (epubcheck, jing,
# hugo, feedparser), checks formatting and lints, then runs the whole test suite with
# the validators required (a test that needs one fails rather than skips).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
POSTPORT_REQUIRE_TOOLS=1 cargo test --workspace --locked
