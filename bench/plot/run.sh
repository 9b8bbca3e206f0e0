#!/bin/sh
# Builds the chart benchmark in release mode and runs it (see docs/performance.md, "Charts").
# Usage: bench/plot/run.sh [bench|preview]
set -eu
cd "$(dirname "$0")"
swift build -c release --product PlotBench >&2
exec .build/release/PlotBench "$@"
