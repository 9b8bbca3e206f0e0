#!/usr/bin/env bash
# Types into the real readline REPL inside tmux, as a person would, and checks the screen:
# Tab completion of commands and names, Up-arrow history, Ctrl-C stopping a running command
# (not the session), the continuation prompt, and Ctrl-D leaving with history saved.
# Usage: repl-in-tmux.sh PATH/TO/shoplab   (exit 0 when every step passed)
set -u
binary=$1
home=$(mktemp -d)
socket="shoplab-test-$$"
tm() { tmux -L "$socket" "$@"; }
cleanup() { tm kill-server >/dev/null 2>&1; rm -rf "$home"; }
trap cleanup EXIT

screen() { tm capture-pane -p -t repl 2>/dev/null; }
# wait_for TEXT: poll the screen for up to 30 s (CI machines can be busy).
wait_for() {
  for _ in $(seq 1 600); do
    if screen | grep -qF -- "$1"; then return 0; fi
    sleep 0.05
  done
  echo "FAIL: the screen never showed: $1"
  echo "----- screen -----"; screen; echo "------------------"
  exit 1
}
keys() { tm send-keys -t repl "$@"; }

tm new-session -d -s repl -x 100 -y 30 \
  "env HOME=$home TERM=xterm NO_COLOR=1 $binary --db $home/repl.db" </dev/null >/dev/null 2>&1
wait_for "shop>"

# Tab completes a command name.
keys "pri" Tab
wait_for "shop> print"
keys "6 * 7" Enter
wait_for "42"
echo "ok: command completion"

# Bound names complete too.
keys "let revenue_total = 5" Enter
keys "print reve" Tab
wait_for "print revenue_total"
keys C-u
echo "ok: name completion"

# Up arrow recalls earlier input.
keys C-l
keys Up
wait_for "shop> let revenue_total = 5"
keys C-u
echo "ok: history recall"

# Ctrl-C stops the running command, not the session.
keys "sleep 30s" Enter
wait_for "shop> sleep 30s"
sleep 1
keys C-c
wait_for "error: interrupted"
keys "print 1 + 1" Enter
wait_for "shop> print 1 + 1"
echo "ok: Ctrl-C during a command"

# Ctrl-C at the prompt clears the half-typed line.
keys "print 999"
keys C-c
keys "print 5 * 5" Enter
wait_for "25"
if screen | grep -qF "print 999print"; then echo "FAIL: Ctrl-C did not clear the line"; exit 1; fi
echo "ok: Ctrl-C at the prompt"

# An unfinished input shows the continuation prompt.
keys "print (1 +" Enter
wait_for "...>"
keys "2)" Enter
wait_for "3"
echo "ok: continuation prompt"

# Ctrl-D leaves cleanly and saves history.
keys C-d
for _ in $(seq 1 100); do
  tm has-session -t repl 2>/dev/null || break
  sleep 0.05
done
if tm has-session -t repl 2>/dev/null; then echo "FAIL: Ctrl-D did not exit"; exit 1; fi
grep -qF "print 1 + 1" "$home/.shoplab_history" || { echo "FAIL: history file not saved"; exit 1; }
echo "ok: Ctrl-D exits and history is saved"
