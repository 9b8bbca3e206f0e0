# Sourced by the benchmark scripts: makes the gitignored bench/.venv when it is missing and
# installs the modules a benchmark's Python side imports, only those not there yet (one
# venv serves every benchmark, whichever ran first).
bench_venv="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/.venv"
bench_python="$bench_venv/bin/python"

# ensure_python MODULE=PIP_SPEC …   e.g. ensure_python pandas=pandas sklearn=scikit-learn
ensure_python() {
  [ -x "$bench_python" ] || python3 -m venv "$bench_venv"
  local missing=() pair
  for pair in "$@"; do
    "$bench_python" -c "import ${pair%%=*}" 2>/dev/null || missing+=("${pair#*=}")
  done
  if ((${#missing[@]})); then
    echo "== installing ${missing[*]} into $bench_venv" >&2
    "$bench_python" -m pip install -q "${missing[@]}"
  fi
}
