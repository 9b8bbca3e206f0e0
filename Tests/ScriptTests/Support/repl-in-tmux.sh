#!/usr/bin/env bash
# Types into the real readline REPL inside tmux, as a person would, and checks the whole
# screen after each step: Tab completion of commands and names, Up-arrow history, Ctrl-R
# reverse search, Ctrl-C stopping a running command (not the session) and clearing a
# half-typed line, the continuation prompt, and Ctrl-D leaving with history saved.
# Each step starts from a cleared screen (Ctrl-L), so what it checks is what that step
# drew, never text an earlier step left behind.
# Usage: repl-in-tmux.sh PATH/TO/shoplab   (exit 0 when every step passed)
set -u
binary=$1
home=$(mktemp -d)
socket="shoplab-test-$$"
pane=repl
source "$(dirname "$0")/tmux-screen.sh"
# fresh: clear the screen (readline's Ctrl-L) and wait for the lone prompt.
fresh() {
  keys C-l
  expect_screen "shop>"
}

tm new-session -d -s repl -x 100 -y 30 \
  "env HOME=$home TERM=xterm NO_COLOR=1 $binary --db $home/repl.db" </dev/null >/dev/null 2>&1
expect_screen "ShopLab 0.1.0 · 'help' lists commands · Ctrl-D exits · session 1 in $home/repl.db" "shop>"
echo "ok: banner and prompt"

# Tab completes a command name.
fresh
keys "pri" Tab
expect_screen "shop> print"
keys "6 * 7" Enter
expect_screen "shop> print 6 * 7" "42" "shop>"
echo "ok: command completion"

# Bound names complete too.
fresh
keys "let revenue_total = 5" Enter
expect_screen "shop> let revenue_total = 5" "shop>"
keys "print reve" Tab
expect_screen "shop> let revenue_total = 5" "shop> print revenue_total"
keys Enter
expect_screen "shop> let revenue_total = 5" "shop> print revenue_total" "5" "shop>"
echo "ok: name completion"

# Up arrow recalls the latest input, twice the one before.
fresh
keys Up
expect_screen "shop> print revenue_total"
keys Up
expect_screen "shop> let revenue_total = 5"
keys C-u
expect_screen "shop>"
echo "ok: history recall"

# Ctrl-R searches history backwards; Enter runs what it found.
fresh
keys C-r "print 6"
expect_screen "(reverse-i-search)\`print 6': print 6 * 7"
keys Enter
expect_screen "shop> print 6 * 7" "42" "shop>"
echo "ok: reverse history search"

# Ctrl-C stops the running command, not the session.
fresh
keys "sleep 30s" Enter
expect_screen "shop> sleep 30s"
sleep 1
keys C-c
expect_screen "shop> sleep 30s" "^Cerror: interrupted" "shop>"
keys "print 1 + 1" Enter
expect_screen "shop> sleep 30s" "^Cerror: interrupted" "shop> print 1 + 1" "2" "shop>"
echo "ok: Ctrl-C during a command"

# Ctrl-C at the prompt abandons the half-typed line: only the new one runs.
fresh
keys "print 999"
expect_screen "shop> print 999"
keys C-c
expect_screen "shop> print 999^C" "shop>"
keys "print 5 * 5" Enter
expect_screen "shop> print 999^C" "shop> print 5 * 5" "25" "shop>"
echo "ok: Ctrl-C at the prompt"

# An unfinished input shows the continuation prompt, and the two lines run as one.
fresh
keys "print (1 +" Enter
expect_screen "shop> print (1 +" " ...>"
keys "2)" Enter
expect_screen "shop> print (1 +" " ...> 2)" "3" "shop>"
echo "ok: continuation prompt"

# Ctrl-D leaves cleanly and saves history.
keys C-d
for _ in $(seq 1 100); do
  tm has-session -t repl 2>/dev/null || break
  sleep 0.05
done
if tm has-session -t repl 2>/dev/null; then echo "FAIL: Ctrl-D did not exit"; exit 1; fi
grep -qxF "print 1 + 1" "$home/.shoplab_history" || { echo "FAIL: history file not saved"; exit 1; }
grep -qxF "print 999" "$home/.shoplab_history" && { echo "FAIL: an abandoned line went to history"; exit 1; }
echo "ok: Ctrl-D exits and history is saved"
