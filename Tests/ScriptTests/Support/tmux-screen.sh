# Sourced by the tmux tests (repl-in-tmux.sh, lesson-in-tmux.sh) after they set `socket` (the
# tmux server), `pane` (the session name) and `home` (a temporary HOME, removed on exit).
tm() { tmux -L "$socket" "$@"; }
cleanup() { tm kill-server >/dev/null 2>&1; rm -rf "$home"; }
trap cleanup EXIT

# The screen without trailing blanks on each line and without the empty rows below the text.
screen() { tm capture-pane -p -t "$pane" 2>/dev/null | sed 's/[[:space:]]*$//' | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'; }
# expect_screen LINE…: poll for up to 30 s (CI machines can be busy) until the screen is
# exactly these lines, top to bottom; otherwise show the difference and fail.
expect_screen() {
  local want
  want=$(printf '%s\n' "$@")
  for _ in $(seq 1 600); do
    [[ "$(screen)" == "$want" ]] && return 0
    sleep 0.05
  done
  echo "FAIL: the screen never became exactly (- expected, + shown):"
  diff <(printf "%s\n" "$want") <(printf "%s\n" "$(screen)")
  exit 1
}
keys() { tm send-keys -t "$pane" "$@"; }
