#!/usr/bin/env bash
# Installs what ShopLab needs on a Debian machine with Swift 6: the C libraries it links
# (readline, SQLite, OpenBLAS, zlib) and tmux for the REPL test. Idempotent and quick
# when everything is already there.
set -euo pipefail
packages=(libreadline-dev libsqlite3-dev libopenblas-dev zlib1g-dev pkg-config tmux)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v swift >/dev/null || { echo "setup: swift is not on PATH (Swift 6 toolchain needed)" >&2; exit 1; }
