#!/usr/bin/env bash
# Sets up the machine, builds ShopLab in release, and runs the guided tour in examples/
# on the bundled Online Retail data. The session is stored in ./tour.db: afterwards,
# `.build/release/shoplab --db tour.db` and then `sessions` or `history all` shows it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release 2>&1 | tail -n 1
for script in examples/*.shop; do
  case "$script" in
    *-spark.shop)
      echo "═══ $script skipped: it needs a Spark Connect server (scripts/spark-tests.sh starts one and runs it; docs/spark.md)"
      continue ;;
  esac
  echo "═══ $script"
  .build/release/shoplab --db tour.db run --echo "$script"
done
