#include <stdio.h>
#include <stdlib.h>
#include <readline/readline.h>
#include <readline/history.h>

// Swift 6 treats readline's mutable globals as unsafe shared state, so they are set here.

typedef char *(*rlshim_generator)(const char *, int);

static inline void rlshim_configure(const char *name, rl_completion_func_t *completer) {
  rl_readline_name = name;
  rl_attempted_completion_function = completer;
  // Quotes and brackets end words, so `load "exa<TAB>` completes the path.
  rl_basic_word_break_characters = " \t\n\"'`|,=()[]<>+-*/";
}

// Stops readline from falling back to its own filename completion.
static inline void rlshim_no_default_completion(void) { rl_attempted_completion_over = 1; }

static inline void rlshim_set_append_character(int c) { rl_completion_append_character = c; }

static inline char **rlshim_matches(const char *text, rlshim_generator generator) {
  return rl_completion_matches(text, generator);
}

static inline char *rlshim_filename_generator(const char *text, int state) {
  return rl_filename_completion_function(text, state);
}

static inline const char *rlshim_line_buffer(void) { return rl_line_buffer; }

static inline void rlshim_set_event_hook(rl_hook_func_t *hook) { rl_signal_event_hook = hook; }

// Called from the SIGINT path: drop the half-typed line like bash does.
static inline void rlshim_clear_line(void) {
  rl_crlf();
  rl_on_new_line();
  rl_replace_line("", 0);
  rl_redisplay();
}

// Called as readline starts each line: the lesson tutor inserts the step's command there,
// so it is on the line, editable, before the first key.
static inline void rlshim_set_startup_hook(rl_hook_func_t *hook) { rl_startup_hook = hook; }

static inline void rlshim_set_catch_signals(int on) { rl_catch_signals = on; }

static inline void rlshim_done(void) { rl_done = 1; }

// Not readline, but the front end's one other piece of C stdio: line-buffered stdout, so
// output and errors interleave in order when both go to one pipe (Swift 6 cannot touch the
// `stdout` global directly).
static inline void shim_line_buffer_stdout(void) { setvbuf(stdout, NULL, _IOLBF, 0); }
