/* ui_prompt.c: the explorer's command line, its interface, and libedit
 * fed one key at a time. libedit edits a line that it never draws
 * (shared/notes/libedit-under-ncurses.md, approach A): its FILE streams
 * go to a sink that discards everything, its descriptors are a private
 * pty that nothing reads (libedit silently stops editing unless they are
 * a tty), and its input is a queue that ui_prompt_key() fills with one
 * key at a time, translated from ncurses' KEY_* codes to the sequences
 * libedit binds. When no pty can be had, or libedit does not edit on it,
 * the built-in editor of ui_prompt_fallback.c takes over.
 *
 * Setting SPFSCOPE_NO_PTY (to anything but "" or "0") forces the built-in
 * editor: the tests use it, and it is a way out should libedit misbehave
 * on some system.
 *
 * ui_prompt_new() makes the struct ui_prompt (ui_prompt_int.h) and
 * ui_prompt_free() releases it with all it owns. This file opens and
 * closes the EditLine, both ends of the pty, the sink and the tokenizer;
 * ui_prompt_history.c the history. */
#define _GNU_SOURCE /* NOLINT(bugprone-reserved-identifier): fopencookie */
#include <errno.h>
#include <fcntl.h>
#include <histedit.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "ui_curses.h"
#include "ui_prompt.h"
#include "ui_prompt_int.h"
#include "xmalloc.h"

size_t
prompt_to_mb(char *dst, size_t size, const wchar_t *src, size_t len)
{
	char      mb[MB_LEN_MAX];
	mbstate_t st;
	size_t    i, o = 0;

	memset(&st, 0, sizeof st);
	for (i = 0; i < len && src[i] != L'\0'; i++) {
		size_t n = wcrtomb(mb, src[i], &st);

		if (n == (size_t)-1) {
			memset(&st, 0, sizeof st);
			mb[0] = '?';
			n = 1;
		}
		if (size - o <= n)
			break;
		memcpy(dst + o, mb, n);
		o += n;
	}
	dst[o] = '\0';
	return i;
}

size_t
prompt_to_wcs(wchar_t *dst, size_t size, const char *src, size_t len)
{
	mbstate_t st;
	wchar_t   wc;
	size_t    o = 0;

	memset(&st, 0, sizeof st);
	while (len > 0 && size - o > 1) {
		size_t n = mbrtowc(&wc, src, len, &st);

		if (n == 0)
			break;
		if (n == (size_t)-1 || n == (size_t)-2) {
			memset(&st, 0, sizeof st);
			wc = L'?';
			n = 1;
		}
		dst[o++] = wc;
		src += n;
		len -= n;
	}
	dst[o] = L'\0';
	return o;
}

bool
prompt_is_text(wint_t ch)
{
	if (ch < 0x20 || ch == PROMPT_DEL || (ch >= 0x80 && ch < 0xa0))
		return false;
	if (ch >= 0xd800 && ch <= 0xdfff)
		return false;
	return ch <= 0x10ffff;
}

void
prompt_submit(struct ui_prompt *p, const wchar_t *src, size_t len)
{
	size_t used;

	if (len > PROMPT_MAX)
		len = PROMPT_MAX;
	used = prompt_to_mb(p->line, sizeof p->line, src, len);
	wmemcpy(p->wline, src, used);
	p->wline[used] = L'\0';
}

/*
 * libedit.
 */

static ssize_t
prompt_sink_write(void *cookie, const char *buf, size_t size)
{
	(void)cookie;
	(void)buf;
	return (ssize_t)size;
}

static wchar_t *
prompt_empty(EditLine *el)
{
	static wchar_t empty[] = L"";

	(void)el;
	return empty;
}

/* libedit's read function: one queued character, or 0 ("end of file")
 * when the queue is empty, so that el_wgets() never blocks. */
static int
prompt_getc(EditLine *el, wchar_t *c)
{
	struct ui_prompt *p;
	void             *data = NULL;

	if (el_wget(el, EL_CLIENTDATA, &data) != 0 || data == NULL)
		return 0;
	p = data;
	if (p->qlen == 0)
		return 0;
	*c = p->queue[p->qhead];
	p->qhead = (p->qhead + 1) % PROMPT_QUEUE;
	p->qlen--;
	return 1;
}

static size_t
prompt_editor_len(const struct ui_prompt *p)
{
	const LineInfoW *li = el_wline(p->el);

	return (size_t)(li->lastchar - li->buffer);
}

static bool
prompt_queue_push(struct ui_prompt *p, const wchar_t *s, size_t n)
{
	size_t i;

	if (PROMPT_QUEUE - p->qlen < n)
		return false;
	for (i = 0; i < n; i++)
		p->queue[(p->qhead + p->qlen + i) % PROMPT_QUEUE] = s[i];
	p->qlen += n;
	return true;
}

/* Cuts the line back to PROMPT_MAX characters. Typing stops there
 * anyway; this catches what grows it otherwise: a yank, a repeat count,
 * an over-long entry in a history file. */
static void
prompt_editor_trim(struct ui_prompt *p)
{
	const LineInfoW *li = el_wline(p->el);
	size_t           len = (size_t)(li->lastchar - li->buffer);
	size_t           cur = (size_t)(li->cursor - li->buffer);

	if (len <= PROMPT_MAX)
		return;
	if (len > INT_MAX) { /* libedit counts in int: start afresh */
		el_reset(p->el);
		return;
	}
	(void)el_cursor(p->el, (int)(len - cur));
	el_deletestr(p->el, (int)(len - PROMPT_MAX));
	if (cur < PROMPT_MAX)
		(void)el_cursor(p->el, -(int)(PROMPT_MAX - cur));
}

/* Runs libedit over the queue, one editor command per el_wgets(). */
static enum ui_prompt_event
prompt_editor_drain(struct ui_prompt *p)
{
	size_t guard;

	/* Each call consumes a character or finds the queue empty; the
	 * guard only protects against a libedit that would do neither. */
	for (guard = 0; p->qlen > 0 && guard <= PROMPT_QUEUE; guard++) {
		int            n;
		const wchar_t *l = el_wgets(p->el, &n);

		if (l != NULL && n > 0 && l[n - 1] == L'\n') {
			/* ed-newline appended the '\n': Enter. Copy the
			 * line before el_reset(), which also resets
			 * libedit's history cursor (a cleared line alone
			 * would leave it stale). */
			p->qlen = 0;
			prompt_submit(p, l, (size_t)n - 1);
			el_reset(p->el);
			prompt_history_add(p, p->wline);
			return UI_PROMPT_LINE;
		}
		if (l != NULL && n == 1 && l[0] == PROMPT_CTRL('d')) {
			/* CC_EOF in unbuffered mode appends a literal ^D;
			 * ui_prompt_key() catches ^D on an empty line first,
			 * so this is only a safety net. */
			p->qlen = 0;
			el_reset(p->el);
			return UI_PROMPT_EOF;
		}
		prompt_editor_trim(p);
	}
	p->qlen = 0;
	return UI_PROMPT_NONE;
}

static const struct {
	int            code;
	const wchar_t *seq;
} prompt_keys[] = {
	{ KEY_UP, L"\033[A" },
	{ KEY_DOWN, L"\033[B" },
	{ KEY_RIGHT, L"\033[C" },
	{ KEY_LEFT, L"\033[D" },
	{ KEY_HOME, L"\033[H" },
	{ KEY_END, L"\033[F" },
	{ KEY_DC, L"\033[3~" },
	{ KEY_BACKSPACE, L"\177" },
	{ KEY_ENTER, L"\r" },
};

/* What ui_prompt_key() pushes for those keys, bound by prompt_editor_open()
 * itself: libedit binds the arrows, Home and End whatever TERM is, but
 * Delete only from terminfo's kdch1 (TERM=vt100 or dumb left "~" in the
 * line), and its readline layer binds \e[3~ by hand for that reason. */
static const struct {
	const wchar_t *seq;
	const wchar_t *fn;
} prompt_binds[] = {
	{ L"\\e[A", L"ed-prev-history" },
	{ L"\\e[B", L"ed-next-history" },
	{ L"\\e[C", L"ed-next-char" },
	{ L"\\e[D", L"ed-prev-char" },
	{ L"\\e[H", L"ed-move-to-beg" },
	{ L"\\e[F", L"ed-move-to-end" },
	{ L"\\e[3~", L"ed-delete-next-char" },
	{ L"\\eb", L"ed-prev-word" },
	{ L"\\ef", L"em-next-word" },
};

/* The sequence pushed for an ncurses key code, or NULL for a key that is
 * not for editing. */
static const wchar_t *
prompt_key_seq(wint_t code)
{
	const char *name;
	size_t      i;

	for (i = 0; i < sizeof prompt_keys / sizeof prompt_keys[0]; i++)
		if ((wint_t)prompt_keys[i].code == code)
			return prompt_keys[i].seq;
	/* Ctrl-Left/Right have no fixed code: ncurses numbers a terminal's
	 * extended keys as it loads its terminfo entry. */
	if (code > INT_MAX || (name = keyname((int)code)) == NULL)
		return NULL;
	if (strcmp(name, "kLFT5") == 0)
		return L"\033b";
	if (strcmp(name, "kRIT5") == 0)
		return L"\033f";
	return NULL;
}

static enum ui_prompt_event
prompt_editor_key(struct ui_prompt *p, bool is_code, wint_t ch)
{
	const wchar_t *seq;
	wchar_t        one[1];
	size_t         n = 1;

	if (is_code) {
		if ((seq = prompt_key_seq(ch)) == NULL)
			return UI_PROMPT_NONE;
		n = wcslen(seq);
	} else {
		/* C1 controls index libedit's meta map (M-^H deletes a
		 * word): no terminal key should do that. */
		if (ch > 0x10ffff || (ch >= 0x80 && ch < 0xa0))
			return UI_PROMPT_NONE;
		if (prompt_is_text(ch) && prompt_editor_len(p) >= PROMPT_MAX)
			return UI_PROMPT_NONE;
		one[0] = (wchar_t)ch;
		seq = one;
	}
	if (!prompt_queue_push(p, seq, n))
		return UI_PROMPT_NONE; /* cannot be: the queue is drained */
	return prompt_editor_drain(p);
}

static void
prompt_editor_close(struct ui_prompt *p)
{
	if (p->el != NULL)
		el_end(p->el); /* restores the pty, writes to the sink */
	p->el = NULL;
	if (p->sink != NULL)
		(void)fclose(p->sink);
	p->sink = NULL;
	if (p->slave != -1)
		(void)close(p->slave);
	if (p->master != -1)
		(void)close(p->master);
	p->slave = p->master = -1;
}

/* Does libedit edit? On a descriptor it finds is no tty it silently
 * reads raw lines instead; "ab", ^B must leave the cursor on the 'b'. */
static bool
prompt_editor_works(struct ui_prompt *p)
{
	const LineInfoW *li;
	bool             ok;

	if (!prompt_queue_push(p, L"ab\002", 3))
		return false;
	(void)prompt_editor_drain(p);
	li = el_wline(p->el);
	ok = li->lastchar - li->buffer == 2 && li->cursor - li->buffer == 1 &&
	    wmemcmp(li->buffer, L"ab", 2) == 0;
	el_reset(p->el);
	return ok;
}

static int
prompt_editor_open(struct ui_prompt *p)
{
	cookie_io_functions_t sinkfns;
	EditLine             *el;
	char                  name[128];
	size_t                i;

	if ((p->master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC)) == -1 ||
	    grantpt(p->master) == -1 || unlockpt(p->master) == -1 ||
	    ptsname_r(p->master, name, sizeof name) != 0)
		goto fail;
	if ((p->slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC)) == -1)
		goto fail;
	memset(&sinkfns, 0, sizeof sinkfns);
	sinkfns.write = prompt_sink_write;
	if ((p->sink = fopencookie(NULL, "w", sinkfns)) == NULL)
		goto fail;
	el = el_init_fd("spfscope", stdin, p->sink, p->sink, p->slave, p->slave,
	    p->slave);
	if ((p->el = el) == NULL)
		goto fail;
	/* Modal commands (^R incremental search, ^V quoted insert, M-x)
	 * read further keys inside one el_wgets(), see the empty queue as
	 * end of file and append a literal ^D: rebind them. */
	if (el_wset(el, EL_CLIENTDATA, p) == -1 ||
	    el_wset(el, EL_EDITOR, L"emacs") == -1 ||
	    el_wset(el, EL_EDITMODE, 1) == -1 || /* TERM=emacs turns it off */
	    el_wset(el, EL_SIGNAL, 0) == -1 ||
	    el_wset(el, EL_PROMPT, prompt_empty) == -1 ||
	    el_wset(el, EL_GETCFN, prompt_getc) == -1 ||
	    (p->hist != NULL &&
		el_wset(el, EL_HIST, history_w, p->hist) == -1) ||
	    el_wset(el, EL_ADDFN, L"spf-complete", L"complete spfscope words",
		prompt_complete_el) == -1 ||
	    el_wset(el, EL_BIND, L"^I", L"spf-complete", (wchar_t *)NULL) ==
		-1 ||
	    el_wset(el, EL_BIND, L"^R", L"ed-search-prev-history",
		(wchar_t *)NULL) == -1 ||
	    el_wset(el, EL_BIND, L"^V", L"ed-unassigned", (wchar_t *)NULL) ==
		-1 ||
	    el_wset(el, EL_BIND, L"^[x", L"ed-unassigned", (wchar_t *)NULL) ==
		-1 ||
	    el_wset(el, EL_BIND, L"^[X", L"ed-unassigned", (wchar_t *)NULL) ==
		-1)
		goto fail;
	for (i = 0; i < sizeof prompt_binds / sizeof prompt_binds[0]; i++)
		if (el_wset(el, EL_BIND, prompt_binds[i].seq,
			prompt_binds[i].fn, (wchar_t *)NULL) == -1)
			goto fail;
	/* Last: this runs read_prepare(), which needs all the above. */
	if (el_wset(el, EL_UNBUFFERED, 1) == -1 || !prompt_editor_works(p))
		goto fail;
	return 0;
fail:
	prompt_editor_close(p);
	return -1;
}

/*
 * The interface.
 */

struct ui_prompt *
ui_prompt_new(const char *history_path)
{
	struct ui_prompt *p = xcalloc(1, sizeof *p);
	const char       *nopty = getenv("SPFSCOPE_NO_PTY");

	p->master = p->slave = -1;
	prompt_history_open(p, history_path);
	p->tok = tok_winit(NULL);
	if (nopty == NULL || nopty[0] == '\0' || strcmp(nopty, "0") == 0)
		(void)prompt_editor_open(p);
	return p;
}

void
ui_prompt_free(struct ui_prompt *p)
{
	if (p == NULL)
		return;
	prompt_editor_close(p);
	prompt_history_close(p);
	if (p->tok != NULL)
		tok_wend(p->tok);
	free(p);
}

bool
ui_prompt_fallback(const struct ui_prompt *p)
{
	return p->el == NULL;
}

void
ui_prompt_set_completion(struct ui_prompt *p, ui_prompt_complete_fn fn,
    void *arg)
{
	p->complete = fn;
	p->complete_arg = arg;
}

enum ui_prompt_event
ui_prompt_key(struct ui_prompt *p, bool is_code, wint_t ch)
{
	size_t len;

	p->cands[0] = '\0';
	if (!is_code && ch == PROMPT_ESC)
		return UI_PROMPT_CANCEL;
	(void)ui_prompt_text(p, &len, NULL);
	if (!is_code && ch == PROMPT_CTRL('d') && len == 0)
		return UI_PROMPT_EOF;
	if (p->el == NULL)
		return prompt_fallback_key(p, is_code, ch);
	return prompt_editor_key(p, is_code, ch);
}

const char *
ui_prompt_line(const struct ui_prompt *p)
{
	return p->line;
}

const wchar_t *
ui_prompt_text(const struct ui_prompt *p, size_t *len, size_t *cursor)
{
	const LineInfoW *li;

	if (p->el == NULL) {
		if (len != NULL)
			*len = p->len;
		if (cursor != NULL)
			*cursor = p->cur;
		return p->buf;
	}
	li = el_wline(p->el);
	if (len != NULL)
		*len = (size_t)(li->lastchar - li->buffer);
	if (cursor != NULL)
		*cursor = (size_t)(li->cursor - li->buffer);
	return li->buffer;
}

const char *
ui_prompt_candidates(const struct ui_prompt *p)
{
	return p->cands[0] != '\0' ? p->cands : NULL;
}

void
ui_prompt_set_text(struct ui_prompt *p, const char *utf8)
{
	size_t n = 0;

	if (utf8 != NULL)
		n = prompt_to_wcs(p->wline,
		    sizeof p->wline / sizeof p->wline[0], utf8, strlen(utf8));
	p->cands[0] = '\0';
	if (p->el == NULL) {
		prompt_fallback_load(p, p->wline, n);
		p->browsing = false;
		return;
	}
	/* el_reset(), not a deletion: it also resets libedit's history
	 * cursor, so that Up starts again from the newest entry. */
	el_reset(p->el);
	if (n > 0)
		(void)el_winsertstr(p->el, p->wline);
}

void
ui_prompt_clear(struct ui_prompt *p)
{
	ui_prompt_set_text(p, NULL);
}
