#!/usr/bin/env bash
# The Spark Connect integration tests (docs/spark.md), against a real local server:
#   1. pyspark 4.3.0 (which ships the Spark Connect server) into bench/.venv, from PyPI;
#   2. the server on 127.0.0.1 on a free port, waiting for "Spark Connect server started at";
#   3. shoplab's tests built with the `Spark` trait (in .build-spark, apart from the default
#      build) run with SHOPLAB_SPARK_ADDRESS pointing at it;
#   4. the server stopped by its process id, on success, failure or interrupt (trap).
# Without Java, or when pyspark cannot be installed, it says the tests were skipped and why,
# and exits 0: a lone clone without them still passes its own tests (unless
# SHOPLAB_REQUIRE_SPARK=1, as in CI, where a skip is a failure).
set -euo pipefail
cd "$(dirname "$0")/.."

skip() {
  # CI sets SHOPLAB_REQUIRE_SPARK=1: there a skip is a failure, as for the shared data.
  if [ "${SHOPLAB_REQUIRE_SPARK:-0}" = 1 ]; then
    echo "spark: integration tests could not run: $1"
    exit 1
  fi
  echo "spark: integration tests skipped: $1"
  exit 0
}

# CI installs what the server needs (a Java runtime, Python's venv) from Debian; elsewhere
# their absence is a stated skip.
if [ "${SHOPLAB_REQUIRE_SPARK:-0}" = 1 ]; then
  needed=()
  command -v java >/dev/null 2>&1 || needed+=(openjdk-17-jre-headless)
  python3 -c "import ensurepip, venv" 2>/dev/null || needed+=(python3-venv)
  ((${#needed[@]} == 0)) || bash scripts/apt-install.sh "${needed[@]}"
fi
command -v java >/dev/null 2>&1 && java -version >/dev/null 2>&1 || skip "no Java runtime (Spark needs Java 17 or later)"
VENV=bench/.venv
if ! "$VENV/bin/python" -c "import pyspark, sys; sys.exit(pyspark.__version__ != '4.3.0')" 2>/dev/null; then
  echo "spark: installing pyspark 4.3.0 into $VENV (a 456 MB package; about a minute)"
  [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV" || skip "cannot make a Python venv at $VENV"
  "$VENV/bin/pip" install -q "pyspark==4.3.0" || skip "pip could not install pyspark 4.3.0"
fi
SPARK_HOME="$("$VENV/bin/python" -c "import os, pyspark; print(os.path.dirname(pyspark.__file__))")"
export SPARK_HOME

# Built before the server starts, so the server does not sit idle through the build.
# The gRPC stack (NIO, BoringSSL) builds only here, once, into .build-spark.
nice -n 10 swift build --traits Spark --scratch-path .build-spark --build-tests

PORT="$("$VENV/bin/python" -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")"
LOG="$(mktemp -t spark-connect.XXXXXX.log)"
echo "spark: starting Spark Connect on 127.0.0.1:$PORT (log: $LOG)"
"$SPARK_HOME/bin/spark-submit" --class org.apache.spark.sql.connect.service.SparkConnectServer \
  --conf spark.connect.grpc.binding.address=127.0.0.1 --conf "spark.connect.grpc.binding.port=$PORT" \
  --conf spark.ui.enabled=false --master 'local[2]' --driver-memory 1g >"$LOG" 2>&1 &
SERVER=$!
stop() {
  if kill -0 "$SERVER" 2>/dev/null; then
    kill "$SERVER" 2>/dev/null || true
    wait "$SERVER" 2>/dev/null || true
    echo "spark: server $SERVER stopped"
  fi
}
trap stop EXIT INT TERM

for _ in $(seq 1 180); do
  grep -q "Spark Connect server started at" "$LOG" && break
  kill -0 "$SERVER" 2>/dev/null || { tail -20 "$LOG"; echo "spark: the server exited before it was ready"; exit 1; }
  sleep 1
done
grep -q "Spark Connect server started at" "$LOG" || { tail -20 "$LOG"; echo "spark: not ready after 180 s"; exit 1; }
echo "spark: server ready"

export SHOPLAB_SPARK_ADDRESS="sc://127.0.0.1:$PORT"
swift test --traits Spark --scratch-path .build-spark --skip-build --disable-swift-testing \
  --filter 'SparkConnectIntegrationTests|SparkExampleTests'
