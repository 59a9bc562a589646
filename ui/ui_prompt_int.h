/* ui_prompt_int.h: the command line's state, shared by ui_prompt.c (the
 * interface, and libedit on its private pty fed one key at a time),
 * ui_prompt_fallback.c (the built-in editor used when libedit cannot be),
 * ui_prompt_complete.c (Tab, for both editors) and ui_prompt_history.c
 * (the history and its file). Not for other modules: with ui_prompt*.c it
 * is libedit's only door.
 *
 * struct ui_prompt owns the EditLine, the history, the tokenizer, both
 * ends of the pty and the sink; ui_prompt_free() releases them all. The
 * strings handed out (line, text, candidates) point into it. The edited
 * line is kept to PROMPT_MAX characters and a submitted line to
 * PROMPT_LINE_MAX bytes, so that a paste can never grow without bound. */
#ifndef SPFSCOPE_UI_PROMPT_INT_H
#define SPFSCOPE_UI_PROMPT_INT_H

#include <histedit.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <wchar.h>

#include "ui_prompt.h"

#define PROMPT_MAX 4096      /* wide characters in the edited line */
#define PROMPT_LINE_MAX 4096 /* bytes of a submitted line, NUL excluded */
#define PROMPT_QUEUE 256     /* wide characters waiting for libedit */
#define PROMPT_CANDS 1024    /* bytes of the candidates line */

#define PROMPT_CTRL(c) (0x1f & (c))
#define PROMPT_ESC 0x1b
#define PROMPT_DEL 0x7f

struct ui_prompt {
	EditLine   *el;     /* NULL: the built-in editor is in use */
	HistoryW   *hist;   /* NULL only when it could not be allocated */
	TokenizerW *tok;    /* NULL: no completion */
	FILE       *sink;   /* libedit's output and errors, discarded */
	int         master; /* kept open: closing it hangs up the slave */
	int         slave;  /* libedit's in, out and error descriptor */
	char       *hist_path;

	/* Keys for libedit, read by prompt_getc(); never more than one
	 * key's translation is queued at a time. */
	wchar_t queue[PROMPT_QUEUE];
	size_t  qhead;
	size_t  qlen;

	ui_prompt_complete_fn complete;
	void                 *complete_arg;

	char    line[PROMPT_LINE_MAX + 1]; /* the last submitted line */
	char    cands[PROMPT_CANDS];       /* "" when none */
	wchar_t wline[PROMPT_MAX + 1];     /* scratch: H_ENTER, set_text */
	wchar_t ins[PROMPT_MAX + 1];       /* scratch: what Tab inserts */

	/* The built-in editor: its line, and the draft kept while Up and
	 * Down walk the history. */
	wchar_t buf[PROMPT_MAX + 1];
	size_t  len;
	size_t  cur;
	wchar_t draft[PROMPT_MAX + 1];
	size_t  draft_len;
	bool    browsing;
};

/* ui_prompt.c */
/* Writes the multibyte form of src[0..len) into dst (size > 0 bytes,
 * always NUL-terminated), stopping before a character that does not fit
 * or at a NUL; a character the locale cannot encode becomes '?'. Returns
 * how many wide characters went in. */
size_t prompt_to_mb(char *dst, size_t size, const wchar_t *src, size_t len);
/* Decodes the multibyte src[0..len) into dst (size > 0 wide characters,
 * always NUL-terminated), stopping when dst is full or at a NUL; a byte
 * that starts no valid character becomes '?'. Returns the count. */
size_t prompt_to_wcs(wchar_t *dst, size_t size, const char *src, size_t len);
/* Text, as opposed to a control character (C0, DEL or C1) or something
 * that is no Unicode scalar value. */
bool prompt_is_text(wint_t ch);
/* Stores the submitted src[0..len) as UTF-8 in p->line, cut at a
 * character boundary when over PROMPT_LINE_MAX bytes, and exactly what
 * was kept in p->wline, for the history. */
void prompt_submit(struct ui_prompt *p, const wchar_t *src, size_t len);

/* ui_prompt_fallback.c */
/* Replaces the built-in editor's line with s[0..len), cursor at end. */
void prompt_fallback_load(struct ui_prompt *p, const wchar_t *s, size_t len);
enum ui_prompt_event prompt_fallback_key(struct ui_prompt *p, bool is_code,
    wint_t ch);

/* ui_prompt_complete.c */
/* Completion, shared by both editors: works out what Tab inserts at the
 * cursor of li (into p->ins, at most room characters) and, when several
 * candidates remain, lists them in p->cands. Returns false when there is
 * nothing to do. */
bool prompt_complete(struct ui_prompt *p, const LineInfoW *li, size_t room);
/* libedit's Tab (EL_ADDFN "spf-complete"). */
unsigned char prompt_complete_el(EditLine *el, int ch);

/* ui_prompt_history.c */
/* Copies history_path (NULL: no file), sets up the history and loads the
 * file into it. */
void prompt_history_open(struct ui_prompt *p, const char *history_path);
/* Adds a non-empty line and saves the file. */
void prompt_history_add(struct ui_prompt *p, const wchar_t *w);
void prompt_history_close(struct ui_prompt *p);

#endif
