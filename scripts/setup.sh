#!/usr/bin/env bash
# Installs what ShopLab needs on a Debian machine with Swift 6: the C libraries it links
# (readline, SQLite, OpenBLAS, zlib) and tmux for the REPL test. Idempotent and quick
# when everything is already there.
set -euo pipefail
bash "$(dirname "$0")/apt-install.sh" libreadline-dev libsqlite3-dev libopenblas-dev zlib1g-dev pkg-config tmux
command -v swift >/dev/null || { echo "setup: swift is not on PATH (Swift 6 toolchain needed)" >&2; exit 1; }
