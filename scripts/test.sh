#!/usr/bin/env bash
# Sets up the machine, builds, and runs every test: unit tests of each target, the
# checked .shop scripts (examples/ and Tests/Scripts/), the CLI and the REPL under tmux.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build
# XCTest only, not in parallel: its closing summary is then the last line of output.
swift test --disable-swift-testing
