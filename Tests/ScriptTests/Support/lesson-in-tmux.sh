#!/usr/bin/env bash
# Steps through a lesson in the real readline REPL inside tmux, as a student would, and checks
# the exact screen after each step: the step's command pre-filled at the prompt and run with
# Enter, a pre-filled command edited before it runs, a wrong then a right exercise answer (the
# wrong one gets the hint, not the answer), 'quit', and a second start resuming at the step it
# stopped at, where a table answer finishes the lesson. Then the store holds the answers and
# `learn` lists the lesson as done. Each check starts from a cleared screen (Ctrl-L).
# Usage: lesson-in-tmux.sh PATH/TO/shoplab LESSON-FOLDER   (exit 0 when every step passed)
set -u
binary=$1
lessons=$2
home=$(mktemp -d)
socket="shoplab-lesson-$$"
pane=learn
source "$(dirname "$0")/tmux-screen.sh"
# The lesson runs in a shell that says when shoplab ended and then waits, so the last screen
# can still be read.
start() {
  tm new-session -d -s learn -x 100 -y 30 \
    "env HOME=$home TERM=xterm NO_COLOR=1 $binary --db $home/student.db learn --folder $lessons first-orders; echo \"[exit \$?]\"; sleep 600" \
    </dev/null >/dev/null 2>&1
}

start
expect_screen \
  "Lesson first-orders: First orders · 4 steps, 2 exercises" \
  "Enter runs the command shown (edit it first if you like); Enter on an empty line goes on." \
  "Words: next, back, again, hint, skip, show, quit." \
  "" \
  "── Step 1 of 4: Load the lines ──" \
  "A short lesson (the REPL-in-tmux test steps through it): the non-UK part of the Online Retail log," \
  "where each line is one product on one invoice, and an invoice is an order." \
  "" \
  "'load' reads a CSV file into a table and names it." \
  "step 1/4> let raw = load \"../../../data/online-retail/online_retail_non_uk.csv\""
echo "ok: the first step's explanation, wrapped, and its command pre-filled"

# Enter runs the pre-filled command as it is; the prompt comes back empty.
keys Enter
expect_screen \
  "Lesson first-orders: First orders · 4 steps, 2 exercises" \
  "Enter runs the command shown (edit it first if you like); Enter on an empty line goes on." \
  "Words: next, back, again, hint, skip, show, quit." \
  "" \
  "── Step 1 of 4: Load the lines ──" \
  "A short lesson (the REPL-in-tmux test steps through it): the non-UK part of the Online Retail log," \
  "where each line is one product on one invoice, and an invoice is an order." \
  "" \
  "'load' reads a CSV file into a table and names it." \
  "step 1/4> let raw = load \"../../../data/online-retail/online_retail_non_uk.csv\"" \
  "load: 46,431 rows × 8 columns from ../../../data/online-retail/online_retail_non_uk.csv, comma-separ" \
  "ated" \
  "raw: 46,431 rows × 8 columns" \
  "step 1/4>"
echo "ok: Enter runs the pre-filled command"

# Enter on the empty line goes on; the next command is pre-filled; the student edits it
# (five Backspaces take 'count' off) and runs their own version.
keys C-l
expect_screen "step 1/4>"
keys Enter
expect_screen "step 1/4>" "" "── Step 2 of 4: Count them ──" "'count' gives the number of rows a table has." \
  "step 2/4> raw | count"
keys C-l
expect_screen "step 2/4> raw | count"
keys BSpace BSpace BSpace BSpace BSpace
expect_screen "step 2/4> raw |"
keys "head 1 | select Country" Enter
expect_screen "step 2/4> raw | head 1 | select Country" "Country" "───────" "France" "step 2/4>"
echo "ok: an edited command runs instead of the lesson's"

# The exercise: a wrong answer gets the hint and not the answer; any commands may find it;
# the right answer (here the last result, '_') moves on.
keys C-l
expect_screen "step 2/4>"
keys Enter
expect_screen "step 2/4>" "" "── Step 3 of 4: Orders · Exercise ──" \
  "One order has as many lines as it has products." \
  "Question: How many distinct orders (InvoiceNo values) are there?" \
  "Find it with any commands, then 'answer …' (a number, a name or a pipeline)." \
  "step 3/4>"
keys C-l
expect_screen "step 3/4>"
keys "answer 46431" Enter
expect_screen "step 3/4> answer 46431" "46431" "Not quite: 46431 is not it." \
  "Hint: 'select' keeps the columns you name and 'distinct' drops repeated rows; then count." \
  "step 3/4>"
echo "ok: a wrong answer gets the hint"
keys C-l
expect_screen "step 3/4>"
keys "raw | select InvoiceNo | distinct | count" Enter
expect_screen "step 3/4> raw | select InvoiceNo | distinct | count" "2406" "step 3/4>"
keys "answer _" Enter
expect_screen "step 3/4> raw | select InvoiceNo | distinct | count" "2406" "step 3/4> answer _" "2406" "Correct." \
  "" "── Step 4 of 4: Busiest countries · Exercise ──" \
  "Question: Make the table of the 3 countries with the most lines, with their line counts, most first." \
  "Find it with any commands, then 'answer …' (a number, a name or a pipeline)." \
  "step 4/4>"
echo "ok: the right answer moves on"

# quit saves the step; a second start resumes there (the earlier steps replayed quietly, so
# 'raw' exists again) and a table answer finishes the lesson.
keys C-l
expect_screen "step 4/4>"
keys "quit" Enter
expect_screen "step 4/4> quit" "Saved at step 4 of 4; 'shoplab learn first-orders' resumes here." "[exit 0]"
tm kill-session -t learn
echo "ok: quit saves the step"
start
expect_screen \
  "Lesson first-orders: First orders · 4 steps, 2 exercises" \
  "Resuming at step 4; steps 1–3 run again quietly first." \
  "Enter runs the command shown (edit it first if you like); Enter on an empty line goes on." \
  "Words: next, back, again, hint, skip, show, quit." \
  "" "── Step 4 of 4: Busiest countries · Exercise ──" \
  "Question: Make the table of the 3 countries with the most lines, with their line counts, most first." \
  "Find it with any commands, then 'answer …' (a number, a name or a pipeline)." \
  "step 4/4>"
keys C-l
expect_screen "step 4/4>"
keys "answer raw | group by Country | count | sort count desc | head 3" Enter
expect_screen "step 4/4> answer raw | group by Country | count | sort count desc | head 3" \
  "Country  count" "───────  ─────" "Germany   9495" "France    8557" "EIRE      8196" "Correct." "" \
  "Lesson first-orders done: 4 steps, 2 of 2 exercises solved." "[exit 0]"
echo "ok: resumed where it stopped, and finished"

# What a teacher reads: every answer in the store, and the list showing the lesson done.
answers=$(env HOME="$home" "$binary" --db "$home/student.db" -c \
  'sql "select step, answer, verdict from lesson_answers order by id"')
want=$(printf '%s\n' \
  "step  answer                                                     verdict" \
  "────  ─────────────────────────────────────────────────────────  ───────" \
  "   3  46431                                                      wrong" \
  "   3  _ → 2406                                                   correct" \
  "   4  raw | group by Country | count | sort count desc | head 3  correct")
[[ "$answers" == "$want" ]] || { echo "FAIL: lesson_answers:"; diff <(echo "$want") <(echo "$answers"); exit 1; }
# (The list goes on with examples/, whose longest name sets the padding: spaces are squeezed.)
listed=$(cd "$home" && env HOME="$home" "$binary" --db "$home/student.db" learn --folder "$lessons" | head -2 | tr -s ' ')
want=$(printf '%s\n' "first-orders First orders" " 4 steps, 2 exercises · done, 2 of 2 solved")
[[ "$listed" == "$want" ]] || { echo "FAIL: learn list:"; diff <(echo "$want") <(echo "$listed"); exit 1; }
echo "ok: the store holds the answers and the list shows the lesson done"
