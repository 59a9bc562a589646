/* ui_prompt.c: the explorer's command line. libedit edits a line that it
 * never draws (shared/notes/libedit-under-ncurses.md, approach A): its
 * FILE streams go to a sink that discards everything, its descriptors are
 * a private pty that nothing reads (libedit silently stops editing unless
 * they are a tty), and its input is a queue that ui_prompt_key() fills
 * with one key at a time, translated from ncurses' KEY_* codes to the
 * sequences libedit binds. When no pty can be had, or libedit does not
 * edit on it, a small built-in editor takes over.
 *
 * Setting SPFSCOPE_NO_PTY (to anything but "" or "0") forces the built-in
 * editor: the tests use it, and it is a way out should libedit misbehave
 * on some system.
 *
 * struct ui_prompt owns the EditLine, the history, the tokenizer, both
 * ends of the pty and the sink; ui_prompt_free() releases them all. The
 * strings handed out (line, text, candidates) point into it. The edited
 * line is kept to PROMPT_MAX characters and a submitted line to
 * PROMPT_LINE_MAX bytes, so that a paste can never grow without bound. */
#define _GNU_SOURCE /* NOLINT(bugprone-reserved-identifier): fopencookie */
#include <sys/stat.h>
#include <sys/types.h>

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
#include "xmalloc.h"

#define PROMPT_MAX 4096      /* wide characters in the edited line */
#define PROMPT_LINE_MAX 4096 /* bytes of a submitted line, NUL excluded */
#define PROMPT_QUEUE 256     /* wide characters waiting for libedit */
#define PROMPT_CANDS 1024    /* bytes of the candidates line */
#define PROMPT_NCANDS 64     /* candidates asked of the callback */
#define PROMPT_NWORDS 64     /* words before the cursor's word */

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

/* Writes the multibyte form of src[0..len) into dst (size > 0 bytes,
 * always NUL-terminated), stopping before a character that does not fit
 * or at a NUL; a character the locale cannot encode becomes '?'. Returns
 * how many wide characters went in. */
static size_t
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

/* Decodes the multibyte src[0..len) into dst (size > 0 wide characters,
 * always NUL-terminated), stopping when dst is full or at a NUL; a byte
 * that starts no valid character becomes '?'. Returns the count. */
static size_t
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

/* A copy of src[0..len) in the locale's multibyte form; owned by the
 * caller. */
static char *
prompt_dup_mb(const wchar_t *src, size_t len)
{
	char *s = xreallocarray(NULL, len + 1, MB_CUR_MAX); /* checks * */

	(void)prompt_to_mb(s, (len + 1) * MB_CUR_MAX, src, len);
	return s;
}

/* Text, as opposed to a control character (C0, DEL or C1) or something
 * that is no Unicode scalar value. */
static bool
prompt_is_text(wint_t ch)
{
	if (ch < 0x20 || ch == PROMPT_DEL || (ch >= 0x80 && ch < 0xa0))
		return false;
	if (ch >= 0xd800 && ch <= 0xdfff)
		return false;
	return ch <= 0x10ffff;
}

static void
prompt_history_add(struct ui_prompt *p, const wchar_t *w)
{
	HistEventW ev;

	if (p->hist == NULL || w[0] == L'\0')
		return;
	(void)history_w(p->hist, &ev, H_ENTER, w);
	/* CHOICE: a history that cannot be saved (read-only home, full
	 * disk) is not worth interrupting the user; it lives on in memory
	 * until the next successful save rewrites the whole file. */
	if (p->hist_path != NULL)
		(void)history_w(p->hist, &ev, H_SAVE, p->hist_path);
}

/* Stores the submitted src[0..len) as UTF-8 in p->line, cut at a
 * character boundary when over PROMPT_LINE_MAX bytes, and exactly what
 * was kept in p->wline, for the history. */
static void
prompt_submit(struct ui_prompt *p, const wchar_t *src, size_t len)
{
	size_t used;

	if (len > PROMPT_MAX)
		len = PROMPT_MAX;
	used = prompt_to_mb(p->line, sizeof p->line, src, len);
	wmemcpy(p->wline, src, used);
	p->wline[used] = L'\0';
}

/* Completion, shared by both editors: works out what Tab inserts at the
 * cursor of li (into p->ins, at most room characters) and, when several
 * candidates remain, lists them in p->cands. Returns false when there is
 * nothing to do. */
static bool
prompt_complete(struct ui_prompt *p, const LineInfoW *li, size_t room)
{
	const wchar_t **argv;
	const char     *out[PROMPT_NCANDS];
	char           *words[PROMPT_NWORDS];
	char           *prefix;
	size_t          i, k, n, plen, lcp, o, need, nw = 0;
	bool            unique, ok = false;
	int             argc, argi, argoff;

	p->ins[0] = L'\0';
	if (p->complete == NULL || p->tok == NULL)
		return false;
	tok_wreset(p->tok);
	if (tok_wline(p->tok, li, &argc, &argv, &argi, &argoff) != 0 ||
	    argi < 0 || argi > argc || argi > PROMPT_NWORDS || argoff < 0) {
		tok_wreset(p->tok);
		return false;
	}
	for (nw = 0; nw < (size_t)argi; nw++)
		words[nw] = prompt_dup_mb(argv[nw], wcslen(argv[nw]));
	if (argi < argc) {
		n = wcslen(argv[argi]);
		prefix = prompt_dup_mb(argv[argi],
		    (size_t)argoff < n ? (size_t)argoff : n);
	} else
		prefix = xstrdup("");
	tok_wreset(p->tok); /* argv pointed into it */

	n = p->complete(p->complete_arg, argi, (const char *const *)words,
	    prefix, out, PROMPT_NCANDS);
	if (n > PROMPT_NCANDS)
		n = PROMPT_NCANDS;
	/* Keep only the candidates that extend the prefix: the rest cannot
	 * be completed to by inserting at the cursor. */
	plen = strlen(prefix);
	for (i = k = 0; i < n; i++)
		if (out[i] != NULL && strncmp(out[i], prefix, plen) == 0)
			out[k++] = out[i];
	if (k == 0)
		goto done;

	/* The longest common prefix, backed off to a character boundary. */
	lcp = strlen(out[0]);
	for (i = 1; i < k; i++) {
		o = 0;
		while (o < lcp && out[i][o] == out[0][o])
			o++;
		lcp = o;
	}
	unique = true;
	for (i = 1; i < k && unique; i++)
		unique = strlen(out[i]) == lcp;
	if (!unique) {
		mbstate_t st;

		memset(&st, 0, sizeof st);
		for (o = plen; o < lcp; o += need) {
			need = mbrlen(out[0] + o, lcp - o, &st);
			if (need == 0 || need > lcp - o)
				break;
		}
		lcp = o;
	}

	n = prompt_to_wcs(p->ins, sizeof p->ins / sizeof p->ins[0],
	    out[0] + plen, lcp - plen);
	if (unique && n + 1 < sizeof p->ins / sizeof p->ins[0]) {
		p->ins[n++] = L' ';
		p->ins[n] = L'\0';
	}
	if (n > room) {
		p->ins[0] = L'\0';
		goto done;
	}
	ok = true;
	if (unique)
		goto done;

	/* "explain  expand": whole candidates only, "..." when cut. */
	for (i = o = 0; i < k; i++) {
		n = strlen(out[i]);
		need = (i > 0 ? 2 : 0) + n;
		if (sizeof p->cands - o <= need) {
			if (sizeof p->cands - o > 5) {
				memcpy(p->cands + o, "  ...", 5);
				o += 5;
			}
			break;
		}
		if (i > 0) {
			memcpy(p->cands + o, "  ", 2);
			o += 2;
		}
		memcpy(p->cands + o, out[i], n);
		o += n;
	}
	p->cands[o] = '\0';
done:
	while (nw > 0)
		free(words[--nw]);
	free(prefix);
	return ok;
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

static unsigned char
prompt_el_complete(EditLine *el, int ch)
{
	struct ui_prompt *p;
	const LineInfoW  *li;
	void             *data = NULL;
	size_t            len;

	(void)ch;
	if (el_wget(el, EL_CLIENTDATA, &data) != 0 || data == NULL)
		return CC_ERROR;
	p = data;
	li = el_wline(el);
	len = (size_t)(li->lastchar - li->buffer);
	if (!prompt_complete(p, li, len < PROMPT_MAX ? PROMPT_MAX - len : 0))
		return CC_ERROR;
	if (p->ins[0] != L'\0' && el_winsertstr(el, p->ins) == -1)
		return CC_ERROR;
	return CC_REFRESH;
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
		prompt_el_complete) == -1 ||
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
 * The built-in editor.
 */

static void
prompt_fb_load(struct ui_prompt *p, const wchar_t *s, size_t len)
{
	if (len > PROMPT_MAX)
		len = PROMPT_MAX;
	wmemmove(p->buf, s, len);
	p->len = p->cur = len;
}

/* Up (older) and Down (newer, then back to the draft). In libedit's
 * history H_FIRST is the newest entry and H_NEXT steps to older ones. */
static void
prompt_fb_history(struct ui_prompt *p, bool older)
{
	HistEventW ev;

	if (p->hist == NULL)
		return;
	if (older) {
		if (history_w(p->hist, &ev, p->browsing ? H_NEXT : H_FIRST) ==
		    -1)
			return;
		if (!p->browsing) {
			wmemcpy(p->draft, p->buf, p->len);
			p->draft_len = p->len;
			p->browsing = true;
		}
		prompt_fb_load(p, ev.str, wcslen(ev.str));
	} else if (p->browsing) {
		if (history_w(p->hist, &ev, H_PREV) != -1) {
			prompt_fb_load(p, ev.str, wcslen(ev.str));
			return;
		}
		prompt_fb_load(p, p->draft, p->draft_len);
		p->browsing = false;
	}
}

static void
prompt_fb_delete(struct ui_prompt *p, size_t at)
{
	if (at >= p->len)
		return;
	wmemmove(p->buf + at, p->buf + at + 1, p->len - at - 1);
	p->len--;
	if (p->cur > at)
		p->cur--;
}

static void
prompt_fb_insert(struct ui_prompt *p, const wchar_t *s, size_t n)
{
	if (n > PROMPT_MAX - p->len)
		return;
	wmemmove(p->buf + p->cur + n, p->buf + p->cur, p->len - p->cur);
	wmemcpy(p->buf + p->cur, s, n);
	p->len += n;
	p->cur += n;
}

static void
prompt_fb_complete(struct ui_prompt *p)
{
	LineInfoW li;

	li.buffer = p->buf;
	li.cursor = p->buf + p->cur;
	li.lastchar = p->buf + p->len;
	if (prompt_complete(p, &li, PROMPT_MAX - p->len))
		prompt_fb_insert(p, p->ins, wcslen(p->ins));
}

static enum ui_prompt_event
prompt_fb_submit(struct ui_prompt *p)
{
	prompt_submit(p, p->buf, p->len);
	p->len = p->cur = 0;
	p->browsing = false;
	prompt_history_add(p, p->wline);
	return UI_PROMPT_LINE;
}

static enum ui_prompt_event
prompt_fb_code(struct ui_prompt *p, wint_t ch)
{
	switch (ch) {
	case KEY_LEFT:
		if (p->cur > 0)
			p->cur--;
		break;
	case KEY_RIGHT:
		if (p->cur < p->len)
			p->cur++;
		break;
	case KEY_HOME:
		p->cur = 0;
		break;
	case KEY_END:
		p->cur = p->len;
		break;
	case KEY_BACKSPACE:
		if (p->cur > 0)
			prompt_fb_delete(p, p->cur - 1);
		break;
	case KEY_DC:
		prompt_fb_delete(p, p->cur);
		break;
	case KEY_UP:
		prompt_fb_history(p, true);
		break;
	case KEY_DOWN:
		prompt_fb_history(p, false);
		break;
	case KEY_ENTER:
		return prompt_fb_submit(p);
	default:
		break;
	}
	return UI_PROMPT_NONE;
}

/* The keys of libedit's emacs map that matter most, with its meaning
 * (^U kills the whole line, ^D deletes under the cursor). */
static enum ui_prompt_event
prompt_fb_key(struct ui_prompt *p, bool is_code, wint_t ch)
{
	wchar_t c;

	if (is_code)
		return prompt_fb_code(p, ch);
	switch (ch) {
	case PROMPT_CTRL('a'):
		return prompt_fb_code(p, KEY_HOME);
	case PROMPT_CTRL('b'):
		return prompt_fb_code(p, KEY_LEFT);
	case PROMPT_CTRL('d'):
		return prompt_fb_code(p, KEY_DC);
	case PROMPT_CTRL('e'):
		return prompt_fb_code(p, KEY_END);
	case PROMPT_CTRL('f'):
		return prompt_fb_code(p, KEY_RIGHT);
	case PROMPT_CTRL('h'):
	case PROMPT_DEL:
		return prompt_fb_code(p, KEY_BACKSPACE);
	case PROMPT_CTRL('n'):
		return prompt_fb_code(p, KEY_DOWN);
	case PROMPT_CTRL('p'):
		return prompt_fb_code(p, KEY_UP);
	case PROMPT_CTRL('i'):
		prompt_fb_complete(p);
		break;
	case PROMPT_CTRL('k'):
		p->len = p->cur;
		break;
	case PROMPT_CTRL('u'):
		p->len = p->cur = 0;
		break;
	case '\r':
	case '\n':
		return prompt_fb_submit(p);
	default:
		if (prompt_is_text(ch)) {
			c = (wchar_t)ch;
			prompt_fb_insert(p, &c, 1);
		}
		break;
	}
	return UI_PROMPT_NONE;
}

/*
 * The interface.
 */

struct ui_prompt *
ui_prompt_new(const char *history_path)
{
	struct ui_prompt *p = xcalloc(1, sizeof *p);
	HistEventW        ev;
	const char       *nopty = getenv("SPFSCOPE_NO_PTY");

	p->master = p->slave = -1;
	if (history_path != NULL)
		p->hist_path = xstrdup(history_path);
	if ((p->hist = history_winit()) != NULL) {
		(void)history_w(p->hist, &ev, H_SETSIZE, UI_PROMPT_HISTORY);
		(void)history_w(p->hist, &ev, H_SETUNIQUE, 1);
		/* -1 when the file is missing or not a history file: the
		 * first save then (re)writes it. */
		if (p->hist_path != NULL)
			(void)history_w(p->hist, &ev, H_LOAD, p->hist_path);
	}
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
	if (p->hist != NULL)
		history_wend(p->hist);
	if (p->tok != NULL)
		tok_wend(p->tok);
	free(p->hist_path);
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
		return prompt_fb_key(p, is_code, ch);
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
		prompt_fb_load(p, p->wline, n);
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

/* mkdir -p, each missing directory 0700 (the XDG base directory spec
 * asks that of the state directory). */
static int
prompt_mkdirs(char *path)
{
	struct stat sb;
	char       *s;

	for (s = path + 1; *s != '\0'; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(path, 0700) == -1 && errno != EEXIST) {
			*s = '/';
			return -1;
		}
		*s = '/';
	}
	if (mkdir(path, 0700) == -1 && errno != EEXIST)
		return -1;
	if (stat(path, &sb) == -1 || !S_ISDIR(sb.st_mode))
		return -1;
	return 0;
}

char *
ui_prompt_history_path(void)
{
	const char *state = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	char        dir[PATH_MAX], path[PATH_MAX];
	int         n;

	/* XDG: a relative $XDG_STATE_HOME is invalid and to be ignored. */
	if (state != NULL && state[0] == '/')
		n = snprintf(dir, sizeof dir, "%s/spfscope", state);
	else if (home != NULL && home[0] == '/')
		n = snprintf(dir, sizeof dir, "%s/.local/state/spfscope", home);
	else
		return NULL;
	if (n < 0 || (size_t)n >= sizeof dir || prompt_mkdirs(dir) == -1)
		return NULL;
	n = snprintf(path, sizeof path, "%s/history", dir);
	if (n < 0 || (size_t)n >= sizeof path)
		return NULL;
	return xstrdup(path);
}
