# Sourced by the benchmark scripts that take `--scale 10` (ten_x_requested reads it):
# ten_x_csv prints the path of the 10x-larger Online Retail input (5,419,090 rows, one plain CSV, copy k's invoices suffixed
# "-k"), making it once with bench/pipeline/make_10x.py from the bundled 13 monthly files.
# The pipeline benchmark makes and reads the same file, so every 10x table has one input.
# Needs bench/venv.sh sourced first (for $bench_python).
ten_x_csv() {
  local here root big
  here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
  root="$here/.."
  big="$here/out/online_retail_10x.csv"
  if [ ! -s "$big" ]; then
    mkdir -p "$here/out"
    echo "== making $big (10x Online Retail) with bench/pipeline/make_10x.py" >&2
    "$bench_python" "$here/pipeline/make_10x.py" "$root/data/online-retail/monthly/*.csv.gz" "$big.part" >&2
    mv "$big.part" "$big"
  fi
  echo "$big"
}

# True when the script's arguments ask for the 10x input (`--scale 10`); any other scale
# is a usage error, ended here with status 2.
ten_x_requested() {
  [ "${1:-}" = --scale ] || return 1
  [ "${2:-}" = 10 ] || { echo "only --scale 10 is known" >&2; exit 2; }
}
