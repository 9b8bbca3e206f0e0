#!/usr/bin/env bash
# apt-install.sh PACKAGE…: installs the Debian packages not installed yet (as root, or
# through sudo), saying which; quick when every one is there. Used by setup.sh and
# spark-tests.sh.
set -euo pipefail
missing=()
for p in "$@"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
((${#missing[@]})) || exit 0
echo "installing ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
