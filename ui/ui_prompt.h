/* ui_prompt.h: the explorer's command line: libedit fed one key at a time
 * from the UI's poll loop, drawn by the UI (libedit never writes to the
 * terminal: shared/notes/libedit-under-ncurses.md). The only door to
 * libedit: nothing else includes <histedit.h>. */
#ifndef SPFSCOPE_UI_PROMPT_H
#define SPFSCOPE_UI_PROMPT_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

struct ui_prompt;

enum ui_prompt_event {
	UI_PROMPT_NONE,   /* the line changed (or not): redraw it */
	UI_PROMPT_LINE,   /* Enter: ui_prompt_line() has the line */
	UI_PROMPT_CANCEL, /* Esc: leave the prompt */
	UI_PROMPT_EOF     /* Ctrl-D on an empty line */
};

/* Completion: given the words before the cursor's word (argc of them)
 * and the cursor's word prefix, fill up to max candidates (static or
 * owned by the callback's arg) and return how many. */
typedef size_t (*ui_prompt_complete_fn)(void *arg, int argc,
    const char *const *argv, const char *prefix, const char **out, size_t max);

/* Sets up libedit on a private pty; history is loaded from history_path
 * (NULL: no history file) and kept to UI_PROMPT_HISTORY entries. When no
 * pty can be had, a minimal built-in editor takes over (insert, Backspace,
 * Left/Right, Enter) and ui_prompt_fallback() says so. Never NULL. */
struct ui_prompt *ui_prompt_new(const char *history_path);
void              ui_prompt_free(struct ui_prompt *p);
bool              ui_prompt_fallback(const struct ui_prompt *p);

#define UI_PROMPT_HISTORY 1000

void ui_prompt_set_completion(struct ui_prompt *p, ui_prompt_complete_fn fn,
    void *arg);

/* One key from wget_wch(): is_code when it returned KEY_CODE_YES.
 * Editing keys and history go to libedit; the caller keeps the keys it
 * owns (F-keys, paging, KEY_RESIZE, Tab when the UI wants it...). */
enum ui_prompt_event ui_prompt_key(struct ui_prompt *p, bool is_code,
    wint_t ch);

/* The submitted line as UTF-8, valid until the next key; it is already
 * in the history (and saved) when it is not empty. */
const char *ui_prompt_line(const struct ui_prompt *p);

/* The line being edited, for drawing, and the cursor (an index into it). */
const wchar_t *ui_prompt_text(const struct ui_prompt *p, size_t *len,
    size_t *cursor);

/* Candidates listed by the last Tab when there were several, as one line
 * ("explain  expand"), or NULL; cleared by the next key. */
const char *ui_prompt_candidates(const struct ui_prompt *p);

/* Replaces the line (e.g. a record to edit as a draft), cursor at end. */
void ui_prompt_set_text(struct ui_prompt *p, const char *utf8);
void ui_prompt_clear(struct ui_prompt *p);

/* $XDG_STATE_HOME/spfscope/history, else ~/.local/state/spfscope/history,
 * creating the directory (0700); NULL when neither can be had. Owned by
 * the caller. */
char *ui_prompt_history_path(void);

#endif
