/* test_ui_prompt.c: the command line, ui/ui_prompt.c, driven key by key
 * as the poll loop drives it, with no terminal and without curses set
 * up (KEY_* codes are only numbers here). Most cases run twice: on
 * libedit over its private pty, and on the built-in editor forced with
 * SPFSCOPE_NO_PTY=1. The libedit run is skipped only where no pty can be
 * had at all. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <dirent.h>
#include <fcntl.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include "ui_curses.h"
#include "ui_prompt.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define CTRL(c) (0x1f & (c))

/* ui_prompt.c's bounds: the edited line in characters, the submitted
 * line in bytes. */
#define LINE_CHARS 4096
#define LINE_BYTES 4096

/* LeakSanitizer, read only by ASan builds. ncurses' tgetent() caches 4
 * entries keyed by the caller's buffer; libedit passes a new buffer for
 * each EditLine, and when a fifth evicts an entry, ncurses forgets without
 * freeing (on purpose: "don't free it - application may still use",
 * lib_termcap.c) the trimmed sgr0 string it made for it: 8 bytes with
 * TERM=xterm per EditLine beyond the fourth, in libtinfo. This file makes
 * about twenty; the explorer makes one. Only that site is suppressed. */
/* NOLINTNEXTLINE(bugprone-reserved-identifier): the sanitizer's hook */
const char *__lsan_default_suppressions(void);

const char *
__lsan_default_suppressions(void) /* NOLINT(bugprone-reserved-identifier) */
{
	return "leak:_nc_trim_sgr0\n";
}

struct fixture {
	bool              fallback;
	struct ui_prompt *p;
};

static struct fixture fx_editor = { false, NULL };
static struct fixture fx_fallback = { true, NULL };

static bool
pty_available(void)
{
	int fd = posix_openpt(O_RDWR | O_NOCTTY);

	if (fd == -1)
		return false;
	(void)close(fd);
	return true;
}

static struct ui_prompt *
prompt_open(bool fallback, const char *path)
{
	struct ui_prompt *p;

	if (fallback)
		assert_int_equal(setenv("SPFSCOPE_NO_PTY", "1", 1), 0);
	p = ui_prompt_new(path);
	assert_int_equal(unsetenv("SPFSCOPE_NO_PTY"), 0);
	assert_non_null(p);
	if (ui_prompt_fallback(p) != fallback) {
		ui_prompt_free(p);
		fail_msg("ui_prompt_fallback() is %d, want %d", !fallback,
		    fallback);
	}
	return p;
}

static int
setup(void **state)
{
	struct fixture *f = *state;

	if (!f->fallback && !pty_available())
		skip();
	f->p = prompt_open(f->fallback, NULL);
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	ui_prompt_free(f->p);
	f->p = NULL;
	return 0;
}

static enum ui_prompt_event
key(struct ui_prompt *p, wint_t code)
{
	return ui_prompt_key(p, true, code);
}

/* Types s, one plain key per character; all but the last must leave the
 * prompt open. */
static enum ui_prompt_event
type(struct ui_prompt *p, const wchar_t *s)
{
	enum ui_prompt_event ev = UI_PROMPT_NONE;

	while (*s != L'\0') {
		assert_int_equal(ev, UI_PROMPT_NONE);
		ev = ui_prompt_key(p, false, (wint_t)*s++);
	}
	return ev;
}

static void
check_text(struct ui_prompt *p, const wchar_t *want, size_t cursor)
{
	const wchar_t *t;
	size_t         len = 999, cur = 999;

	t = ui_prompt_text(p, &len, &cur);
	assert_non_null(t);
	if (len != wcslen(want) || wmemcmp(t, want, len) != 0)
		fail_msg("text is \"%.*ls\" (%zu), want \"%ls\"", (int)len, t,
		    len, want);
	assert_int_equal(cur, cursor);
}

static void
submit(struct ui_prompt *p, const wchar_t *line)
{
	(void)type(p, line);
	assert_int_equal(key(p, KEY_ENTER), UI_PROMPT_LINE);
}

static void
test_mode(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(ui_prompt_fallback(f->p), f->fallback);
	check_text(f->p, L"", 0);
	assert_null(ui_prompt_candidates(f->p));
	assert_string_equal(ui_prompt_line(f->p), "");
}

/* The measurement that chose the pty: with editing off, this gave "X". */
static void
test_ctrl_a(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(type(f->p, L"abc"), UI_PROMPT_NONE);
	check_text(f->p, L"abc", 3);
	assert_int_equal(ui_prompt_key(f->p, false, CTRL('a')), UI_PROMPT_NONE);
	check_text(f->p, L"abc", 0);
	(void)type(f->p, L"X");
	check_text(f->p, L"Xabc", 1);
	(void)ui_prompt_key(f->p, false, CTRL('e'));
	check_text(f->p, L"Xabc", 4);
}

static void
test_backspace(void **state)
{
	struct fixture *f = *state;

	(void)type(f->p, L"abcd");
	assert_int_equal(key(f->p, KEY_BACKSPACE), UI_PROMPT_NONE);
	check_text(f->p, L"abc", 3);
	(void)ui_prompt_key(f->p, false, 0x7f);
	check_text(f->p, L"ab", 2);
	(void)ui_prompt_key(f->p, false, 0x08);
	check_text(f->p, L"a", 1);
	(void)key(f->p, KEY_BACKSPACE);
	(void)key(f->p, KEY_BACKSPACE);
	check_text(f->p, L"", 0);
}

static void
test_move(void **state)
{
	struct fixture *f = *state;

	(void)type(f->p, L"abc");
	(void)key(f->p, KEY_LEFT);
	(void)key(f->p, KEY_LEFT);
	check_text(f->p, L"abc", 1);
	(void)type(f->p, L"X");
	check_text(f->p, L"aXbc", 2);
	(void)key(f->p, KEY_RIGHT);
	check_text(f->p, L"aXbc", 3);
	(void)key(f->p, KEY_HOME);
	check_text(f->p, L"aXbc", 0);
	(void)key(f->p, KEY_DC);
	check_text(f->p, L"Xbc", 0);
	(void)key(f->p, KEY_END);
	check_text(f->p, L"Xbc", 3);
	(void)key(f->p, KEY_RIGHT);
	check_text(f->p, L"Xbc", 3);
}

static void
test_kill(void **state)
{
	struct fixture *f = *state;

	(void)type(f->p, L"abcdef");
	(void)key(f->p, KEY_LEFT);
	(void)key(f->p, KEY_LEFT);
	(void)key(f->p, KEY_LEFT);
	(void)ui_prompt_key(f->p, false, CTRL('k'));
	check_text(f->p, L"abc", 3);
	(void)ui_prompt_key(f->p, false, CTRL('u'));
	check_text(f->p, L"", 0);
}

static void
test_enter(void **state)
{
	struct fixture *f = *state;

	submit(f->p, L"check a.example");
	assert_string_equal(ui_prompt_line(f->p), "check a.example");
	check_text(f->p, L"", 0);
	/* Enter as ^M (raw(), nonl()) and ^J as well as KEY_ENTER. */
	(void)type(f->p, L"x");
	assert_int_equal(ui_prompt_key(f->p, false, '\r'), UI_PROMPT_LINE);
	assert_string_equal(ui_prompt_line(f->p), "x");
	(void)type(f->p, L"y");
	assert_int_equal(ui_prompt_key(f->p, false, '\n'), UI_PROMPT_LINE);
	assert_string_equal(ui_prompt_line(f->p), "y");
	assert_int_equal(key(f->p, KEY_ENTER), UI_PROMPT_LINE);
	assert_string_equal(ui_prompt_line(f->p), "");
	check_text(f->p, L"", 0);
}

static void
test_history(void **state)
{
	struct fixture *f = *state;

	(void)key(f->p, KEY_UP); /* nothing yet */
	check_text(f->p, L"", 0);
	submit(f->p, L"one");
	submit(f->p, L"two");
	assert_int_equal(key(f->p, KEY_ENTER), UI_PROMPT_LINE); /* not kept */
	(void)type(f->p, L"dr");
	(void)key(f->p, KEY_UP);
	check_text(f->p, L"two", 3);
	(void)key(f->p, KEY_UP);
	check_text(f->p, L"one", 3);
	(void)key(f->p, KEY_UP); /* the oldest stays */
	check_text(f->p, L"one", 3);
	(void)key(f->p, KEY_DOWN);
	check_text(f->p, L"two", 3);
	(void)key(f->p, KEY_DOWN); /* back to the draft */
	check_text(f->p, L"dr", 2);

	/* Submitting an old entry resets the walk: Up then starts from the
	 * newest entry, which is that one (the note's stale cursor). */
	(void)ui_prompt_key(f->p, false, CTRL('u'));
	(void)key(f->p, KEY_UP);
	(void)key(f->p, KEY_UP);
	assert_int_equal(key(f->p, KEY_ENTER), UI_PROMPT_LINE);
	assert_string_equal(ui_prompt_line(f->p), "one");
	(void)key(f->p, KEY_UP);
	check_text(f->p, L"one", 3);
	(void)key(f->p, KEY_UP);
	check_text(f->p, L"two", 3);

	/* Consecutive duplicates are kept once (H_SETUNIQUE). */
	(void)ui_prompt_key(f->p, false, CTRL('u'));
	submit(f->p, L"two");
	submit(f->p, L"two");
	ui_prompt_clear(f->p);
	(void)key(f->p, KEY_UP);
	(void)key(f->p, KEY_UP);
	check_text(f->p, L"one", 3);
}

static void
test_escape(void **state)
{
	struct fixture *f = *state;

	(void)type(f->p, L"abc");
	assert_int_equal(ui_prompt_key(f->p, false, 0x1b), UI_PROMPT_CANCEL);
	check_text(f->p, L"abc", 3); /* the UI decides whether to clear */
	(void)type(f->p, L"d");
	check_text(f->p, L"abcd", 4);
}

static void
test_eof(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(ui_prompt_key(f->p, false, CTRL('d')), UI_PROMPT_EOF);
	check_text(f->p, L"", 0);
	/* On text ^D deletes under the cursor, and at the end does nothing. */
	(void)type(f->p, L"ab");
	assert_int_equal(ui_prompt_key(f->p, false, CTRL('d')), UI_PROMPT_NONE);
	check_text(f->p, L"ab", 2);
	(void)key(f->p, KEY_LEFT);
	assert_int_equal(ui_prompt_key(f->p, false, CTRL('d')), UI_PROMPT_NONE);
	check_text(f->p, L"a", 1);
}

/* Keys the UI owns, and C1 controls, leave the line alone. */
static void
test_ignored(void **state)
{
	struct fixture *f = *state;

	(void)type(f->p, L"ab");
	assert_int_equal(key(f->p, KEY_F(1)), UI_PROMPT_NONE);
	assert_int_equal(key(f->p, KEY_NPAGE), UI_PROMPT_NONE);
	assert_int_equal(key(f->p, KEY_RESIZE), UI_PROMPT_NONE);
	assert_int_equal(ui_prompt_key(f->p, false, 0x88), UI_PROMPT_NONE);
	assert_int_equal(ui_prompt_key(f->p, false, 0x110000), UI_PROMPT_NONE);
	check_text(f->p, L"ab", 2);
}

/* The completion callback: words by position, unfiltered, so that the
 * prompt's own filtering by prefix is tested too. */
struct calls {
	int  n;
	int  argc;
	char argv0[32];
	char prefix[32];
};

static size_t
complete(void *arg, int argc, const char *const *argv, const char *prefix,
    const char **out, size_t max)
{
	static const char *const first[] = { "check", "explain", "expand",
		"set", "utf", "quit" };
	static const char *const set[] = { "sender", "server", "ip" };
	static const char *const utf[] = { "\xc3\xa9t\xc3\xa9", "\xc3\xa8re" };
	struct calls            *c = arg;
	const char *const       *w = first;
	size_t                   i, n = NELEM(first);

	c->n++;
	c->argc = argc;
	snprintf(c->argv0, sizeof c->argv0, "%s", argc > 0 ? argv[0] : "");
	snprintf(c->prefix, sizeof c->prefix, "%s", prefix);
	if (argc == 1 && strcmp(argv[0], "set") == 0) {
		w = set;
		n = NELEM(set);
	} else if (argc == 1 && strcmp(argv[0], "utf") == 0) {
		w = utf;
		n = NELEM(utf);
	} else if (argc != 0) {
		return 0;
	}
	for (i = 0; i < n && i < max; i++)
		out[i] = w[i];
	return i;
}

static void
test_complete(void **state)
{
	struct fixture *f = *state;
	struct calls    c;

	memset(&c, 0, sizeof c);
	(void)type(f->p, L"ch\t"); /* no callback yet: nothing */
	check_text(f->p, L"ch", 2);
	ui_prompt_set_completion(f->p, complete, &c);

	(void)type(f->p, L"\t");
	check_text(f->p, L"check ", 6);
	assert_int_equal(c.n, 1);
	assert_int_equal(c.argc, 0);
	assert_string_equal(c.prefix, "ch");
	assert_null(ui_prompt_candidates(f->p));

	ui_prompt_clear(f->p);
	(void)type(f->p, L"ex\t");
	check_text(f->p, L"exp", 3);
	assert_non_null(ui_prompt_candidates(f->p));
	assert_string_equal(ui_prompt_candidates(f->p), "explain  expand");
	(void)type(f->p, L"a");
	assert_null(ui_prompt_candidates(f->p)); /* cleared by the next key */
	(void)type(f->p, L"\t");
	check_text(f->p, L"expand ", 7);

	ui_prompt_clear(f->p);
	(void)type(f->p, L"set s\t");
	check_text(f->p, L"set se", 6);
	assert_int_equal(c.argc, 1);
	assert_string_equal(c.argv0, "set");
	assert_string_equal(c.prefix, "s");
	assert_string_equal(ui_prompt_candidates(f->p), "sender  server");
	(void)type(f->p, L"n\t");
	check_text(f->p, L"set sender ", 11);

	/* No match: the line stays, nothing is listed. */
	ui_prompt_clear(f->p);
	(void)type(f->p, L"zz\t");
	check_text(f->p, L"zz", 2);
	assert_null(ui_prompt_candidates(f->p));

	/* "été" and "ère" share a first byte, not a first character: the
	 * common prefix must stop before it. */
	ui_prompt_clear(f->p);
	(void)type(f->p, L"utf \t");
	check_text(f->p, L"utf ", 4);
	assert_string_equal(ui_prompt_candidates(f->p),
	    "\xc3\xa9t\xc3\xa9  \xc3\xa8re");
	(void)type(f->p, L"\u00e9\t");
	check_text(f->p, L"utf \u00e9t\u00e9 ", 8);
	assert_string_equal(c.prefix, "\xc3\xa9");
}

static void
test_utf8(void **state)
{
	struct fixture *f = *state;

	(void)type(f->p, L"caf\u00e9");
	check_text(f->p, L"caf\u00e9", 4);
	assert_int_equal(key(f->p, KEY_ENTER), UI_PROMPT_LINE);
	assert_string_equal(ui_prompt_line(f->p), "caf\xc3\xa9");

	ui_prompt_set_text(f->p, "\xc3\xa9\xe6\x97\xa5x");
	check_text(f->p, L"\u00e9\u65e5x", 3);
	(void)key(f->p, KEY_BACKSPACE);
	(void)key(f->p, KEY_BACKSPACE);
	check_text(f->p, L"\u00e9", 1);
	assert_int_equal(key(f->p, KEY_ENTER), UI_PROMPT_LINE);
	assert_string_equal(ui_prompt_line(f->p), "\xc3\xa9");
	(void)key(f->p, KEY_UP);
	check_text(f->p, L"\u00e9", 1);

	/* A byte that starts no character is shown as '?', not dropped. */
	ui_prompt_set_text(f->p, "a\xffz");
	check_text(f->p, L"a?z", 3);
}

/* A paste arrives as that many keys; the line stops growing at its
 * bound and the submitted line at its own, on a character boundary. */
static void
test_paste(void **state)
{
	struct fixture *f = *state;
	const wchar_t  *t;
	char           *big;
	size_t          i, len, cur;

	for (i = 0; i < 100000; i++)
		assert_int_equal(ui_prompt_key(f->p, false, 'a'),
		    UI_PROMPT_NONE);
	t = ui_prompt_text(f->p, &len, &cur);
	assert_int_equal(len, LINE_CHARS);
	assert_int_equal(cur, LINE_CHARS);
	assert_int_equal(t[0], L'a');
	assert_int_equal(key(f->p, KEY_ENTER), UI_PROMPT_LINE);
	assert_int_equal(strlen(ui_prompt_line(f->p)), LINE_BYTES);

	/* 3000 'é' are 6000 bytes: cut to 2048 whole characters. */
	for (i = 0; i < 3000; i++)
		(void)ui_prompt_key(f->p, false, 0xe9);
	(void)ui_prompt_text(f->p, &len, NULL);
	assert_int_equal(len, 3000);
	assert_int_equal(key(f->p, KEY_ENTER), UI_PROMPT_LINE);
	assert_int_equal(strlen(ui_prompt_line(f->p)), LINE_BYTES);
	assert_int_equal(mbstowcs(NULL, ui_prompt_line(f->p), 0), 2048);
	/* ...and the history holds what was submitted, not more. */
	(void)key(f->p, KEY_UP);
	(void)ui_prompt_text(f->p, &len, NULL);
	assert_int_equal(len, 2048);

	big = malloc(10001);
	assert_non_null(big);
	memset(big, 'b', 10000);
	big[10000] = '\0';
	ui_prompt_set_text(f->p, big);
	free(big);
	(void)ui_prompt_text(f->p, &len, &cur);
	assert_int_equal(len, LINE_CHARS);
	assert_int_equal(cur, LINE_CHARS);
	/* At the bound typing stops, wherever the cursor is (nothing falls
	 * off the end), but editing keys still work. */
	(void)key(f->p, KEY_HOME);
	(void)type(f->p, L"c");
	t = ui_prompt_text(f->p, &len, &cur);
	assert_int_equal(len, LINE_CHARS);
	assert_int_equal(cur, 0);
	assert_int_equal(t[0], L'b');
	assert_int_equal(t[len - 1], L'b');
	(void)key(f->p, KEY_END);
	(void)type(f->p, L"c");
	(void)key(f->p, KEY_BACKSPACE);
	(void)type(f->p, L"c");
	t = ui_prompt_text(f->p, &len, &cur);
	assert_int_equal(len, LINE_CHARS);
	assert_int_equal(t[len - 1], L'c');
}

static void
test_set_text(void **state)
{
	struct fixture *f = *state;

	ui_prompt_set_text(f->p, "v=spf1 -all");
	check_text(f->p, L"v=spf1 -all", 11);
	(void)key(f->p, KEY_HOME);
	(void)type(f->p, L"x");
	check_text(f->p, L"xv=spf1 -all", 1);
	ui_prompt_clear(f->p);
	check_text(f->p, L"", 0);
	ui_prompt_set_text(f->p, "");
	check_text(f->p, L"", 0);

	/* Clearing after walking the history starts the next walk from the
	 * newest entry again. */
	submit(f->p, L"one");
	submit(f->p, L"two");
	(void)key(f->p, KEY_UP);
	(void)key(f->p, KEY_UP);
	check_text(f->p, L"one", 3);
	ui_prompt_clear(f->p);
	(void)key(f->p, KEY_UP);
	check_text(f->p, L"two", 3);
}

/* libedit only: its modal commands are rebound, so they can neither eat
 * the line nor append a ^D; ^R searches the history by prefix. */
static void
test_modal(void **state)
{
	struct fixture *f = *state;

	(void)type(f->p, L"ab");
	(void)ui_prompt_key(f->p, false, CTRL('v'));
	(void)type(f->p, L"c");
	check_text(f->p, L"abc", 3);
	ui_prompt_clear(f->p);

	submit(f->p, L"check a.example");
	submit(f->p, L"explain");
	(void)type(f->p, L"ch");
	(void)ui_prompt_key(f->p, false, CTRL('r'));
	check_text(f->p, L"check a.example", 15);
	ui_prompt_clear(f->p);

	/* ^X alone waits for the rest of its sequence; nothing leaks. */
	(void)type(f->p, L"q");
	(void)ui_prompt_key(f->p, false, CTRL('x'));
	(void)type(f->p, L"r");
	check_text(f->p, L"qr", 2);
}

static void
restore(const char *name, char *value)
{
	if (value != NULL)
		(void)setenv(name, value, 1);
	else
		(void)unsetenv(name);
	free(value);
}

/* libedit only: what grows the line other than typing is cut back too.
 * ^U puts the whole line in the kill buffer, and ^Y yanks it whenever
 * libedit's buffer (grown to hold it once) has room. */
static void
test_yank(void **state)
{
	struct fixture *f = *state;
	const wchar_t  *t;
	char           *big;
	size_t          len, cur;

	big = malloc(LINE_CHARS + 1);
	assert_non_null(big);
	memset(big, 'y', LINE_CHARS);
	big[LINE_CHARS] = '\0';
	ui_prompt_set_text(f->p, big);
	free(big);
	(void)ui_prompt_key(f->p, false, CTRL('u'));
	check_text(f->p, L"", 0);
	ui_prompt_set_text(f->p, "zz");
	(void)ui_prompt_key(f->p, false, CTRL('y'));
	t = ui_prompt_text(f->p, &len, &cur);
	assert_int_equal(len, LINE_CHARS);
	assert_int_equal(cur, LINE_CHARS);
	assert_true(wmemcmp(t, L"zzy", 3) == 0);
}

/* Runs in a child, so that the parent's ncurses never holds several
 * terminfo entries (its tgetent() cache then leaks on eviction); no
 * cmocka assertion here, whose longjmp would resume the suite in the
 * child. */
static bool
term_check(const char *term)
{
	static const struct {
		bool   is_code;
		wint_t ch;
	} keys[] = {
		{ false, 'a' },
		{ false, 'b' },
		{ false, 'c' },
		{ false, 'd' },
		{ true, KEY_HOME },
		{ true, KEY_DC },
		{ true, KEY_RIGHT },
		{ false, CTRL('a') },
		{ false, 'X' },
		{ true, KEY_END },
		{ true, KEY_LEFT },
		{ false, 'Y' },
	};
	struct ui_prompt *p;
	const wchar_t    *t;
	size_t            i, len, cur;

	if (setenv("TERM", term, 1) == -1)
		return false;
	p = ui_prompt_new(NULL);
	if (ui_prompt_fallback(p)) {
		fprintf(stderr, "TERM=%s: fallback\n", term);
		return false;
	}
	for (i = 0; i < NELEM(keys); i++)
		(void)ui_prompt_key(p, keys[i].is_code, keys[i].ch);
	t = ui_prompt_text(p, &len, &cur);
	if (len != 5 || wmemcmp(t, L"XbcYd", 5) != 0 || cur != 4) {
		fprintf(stderr, "TERM=%s: \"%.*ls\", cursor %zu\n", term,
		    (int)len, t, cur);
		return false;
	}
	ui_prompt_free(p);
	return true;
}

/* The sequences ui_prompt_key() pushes are bound by ui_prompt.c, not
 * found in terminfo: vt100 and dumb have no kdch1 (Delete left "~" in
 * the line), and TERM=emacs turns libedit's editing off. */
static void
test_term(void **state)
{
	static const char *const terms[] = { "xterm", "vt100", "dumb", "emacs",
		"no-such-terminal", "" };
	size_t                   i;
	pid_t                    pid;
	int                      status;

	(void)state;
	if (!pty_available())
		skip();
	for (i = 0; i < NELEM(terms); i++) {
		if ((pid = fork()) == 0)
			_exit(term_check(terms[i]) ? 0 : 1);
		assert_int_not_equal(pid, -1);
		assert_int_equal(waitpid(pid, &status, 0), pid);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
			fail_msg("TERM=\"%s\" failed", terms[i]);
	}
}

struct tmpdir {
	char  dir[64];
	char *saved_xdg;
	char *saved_home;
};

static void
tmpdir_make(struct tmpdir *t)
{
	const char *s;

	memset(t, 0, sizeof *t);
	snprintf(t->dir, sizeof t->dir, "/tmp/test_ui_prompt.XXXXXX");
	assert_non_null(mkdtemp(t->dir));
	s = getenv("XDG_STATE_HOME");
	t->saved_xdg = s != NULL ? strdup(s) : NULL;
	s = getenv("HOME");
	t->saved_home = s != NULL ? strdup(s) : NULL;
}

static void
tmpdir_remove(struct tmpdir *t)
{
	char cmd[128];

	restore("XDG_STATE_HOME", t->saved_xdg);
	restore("HOME", t->saved_home);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", t->dir);
	assert_int_equal(system(cmd), 0);
}

static void
check_mode(const char *path, mode_t want)
{
	struct stat sb;

	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 07777, want);
}

static void
test_history_file(void **state)
{
	struct fixture   *f = *state;
	struct ui_prompt *p;
	struct tmpdir     t;
	char              want[128], head[16];
	char             *path;
	FILE             *fp;

	if (!f->fallback && !pty_available())
		skip();
	tmpdir_make(&t);
	assert_int_equal(setenv("XDG_STATE_HOME", t.dir, 1), 0);
	path = ui_prompt_history_path();
	assert_non_null(path);
	snprintf(want, sizeof want, "%s/spfscope/history", t.dir);
	assert_string_equal(path, want);
	snprintf(want, sizeof want, "%s/spfscope", t.dir);
	check_mode(want, 0700);

	p = prompt_open(f->fallback, path);
	submit(p, L"check \u00e9.example");
	submit(p, L"set sender a b");
	ui_prompt_free(p);
	check_mode(path, 0600);
	fp = fopen(path, "r");
	assert_non_null(fp);
	assert_non_null(fgets(head, sizeof head, fp));
	assert_string_equal(head, "_HiStOrY_V2_\n");
	(void)fclose(fp);

	p = prompt_open(f->fallback, path);
	(void)key(p, KEY_UP);
	check_text(p, L"set sender a b", 14);
	(void)key(p, KEY_UP);
	check_text(p, L"check \u00e9.example", 15);
	ui_prompt_free(p);
	free(path);
	tmpdir_remove(&t);
}

/* An entry longer than the line, in a hand-edited file, is cut when
 * recalled. */
static void
test_history_long(void **state)
{
	struct fixture   *f = *state;
	struct ui_prompt *p;
	struct tmpdir     t;
	char              path[128];
	size_t            i, len;
	FILE             *fp;

	if (!f->fallback && !pty_available())
		skip();
	tmpdir_make(&t);
	snprintf(path, sizeof path, "%s/history", t.dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("_HiStOrY_V2_\n", fp);
	for (i = 0; i < 6000; i++)
		fputc('x', fp);
	fputs("\nshort\n", fp);
	assert_int_equal(fclose(fp), 0);

	p = prompt_open(f->fallback, path);
	(void)key(p, KEY_UP);
	check_text(p, L"short", 5);
	(void)key(p, KEY_UP);
	(void)ui_prompt_text(p, &len, NULL);
	assert_int_equal(len, LINE_CHARS);
	assert_int_equal(key(p, KEY_ENTER), UI_PROMPT_LINE);
	assert_int_equal(strlen(ui_prompt_line(p)), LINE_BYTES);
	ui_prompt_free(p);
	tmpdir_remove(&t);
}

static void
test_history_path(void **state)
{
	struct tmpdir t;
	char          want[128];
	char         *path;
	int           cwd;

	(void)state;
	tmpdir_make(&t);
	/* XDG: a relative $XDG_STATE_HOME is ignored. Run from the temporary
	 * directory, so that a bug creates nothing in the source tree. */
	assert_true((cwd = open(".", O_RDONLY | O_DIRECTORY)) != -1);
	assert_int_equal(chdir(t.dir), 0);
	assert_int_equal(setenv("XDG_STATE_HOME", "relative", 1), 0);
	assert_int_equal(setenv("HOME", t.dir, 1), 0);
	path = ui_prompt_history_path();
	snprintf(want, sizeof want, "%s/.local/state/spfscope/history", t.dir);
	assert_non_null(path);
	assert_string_equal(path, want);
	free(path);
	snprintf(want, sizeof want, "%s/.local/state/spfscope", t.dir);
	check_mode(want, 0700);

	assert_int_equal(unsetenv("XDG_STATE_HOME"), 0);
	assert_int_equal(setenv("HOME", "", 1), 0);
	assert_null(ui_prompt_history_path());
	assert_int_equal(unsetenv("HOME"), 0);
	assert_null(ui_prompt_history_path());
	assert_int_equal(access("relative", F_OK), -1);
	assert_int_equal(fchdir(cwd), 0);
	(void)close(cwd);

	/* A file where the directory should be. */
	snprintf(want, sizeof want, "%s/spfscope", t.dir);
	assert_int_equal(close(open(want, O_WRONLY | O_CREAT, 0600)), 0);
	assert_int_equal(setenv("XDG_STATE_HOME", t.dir, 1), 0);
	assert_null(ui_prompt_history_path());
	tmpdir_remove(&t);
}

/* An unwritable history path costs the file, not the history. */
static void
test_history_unwritable(void **state)
{
	struct fixture   *f = *state;
	struct ui_prompt *p;

	p = prompt_open(f->fallback, "/nonexistent/spfscope/history");
	submit(p, L"one");
	(void)key(p, KEY_UP);
	check_text(p, L"one", 3);
	ui_prompt_free(p);
}

static int
count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int  n = 0;

	assert_non_null(d);
	while (readdir(d) != NULL)
		n++;
	(void)closedir(d);
	return n;
}

/* Both ends of the pty and the sink go with the prompt. */
static void
test_fds(void **state)
{
	int before, i;

	(void)state;
	if (!pty_available())
		skip();
	before = count_fds();
	for (i = 0; i < 3; i++)
		ui_prompt_free(prompt_open(false, NULL));
	assert_int_equal(count_fds(), before);
	ui_prompt_free(NULL);
}

static void
test_env_switch(void **state)
{
	struct ui_prompt *p;

	(void)state;
	p = prompt_open(true, NULL);
	ui_prompt_free(p);
	assert_int_equal(setenv("SPFSCOPE_NO_PTY", "0", 1), 0);
	p = ui_prompt_new(NULL);
	assert_int_equal(ui_prompt_fallback(p), !pty_available());
	ui_prompt_free(p);
	assert_int_equal(unsetenv("SPFSCOPE_NO_PTY"), 0);
}

#define BOTH(t)                                                                \
	cmocka_unit_test_prestate_setup_teardown(t, setup, teardown,           \
	    &fx_editor),                                                       \
	    cmocka_unit_test_prestate_setup_teardown(t, setup, teardown,       \
		&fx_fallback)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(test_mode),
		BOTH(test_ctrl_a),
		BOTH(test_backspace),
		BOTH(test_move),
		BOTH(test_kill),
		BOTH(test_enter),
		BOTH(test_history),
		BOTH(test_escape),
		BOTH(test_eof),
		BOTH(test_ignored),
		BOTH(test_complete),
		BOTH(test_utf8),
		BOTH(test_paste),
		BOTH(test_set_text),
		BOTH(test_history_unwritable),
		cmocka_unit_test_prestate_setup_teardown(test_modal, setup,
		    teardown, &fx_editor),
		cmocka_unit_test_prestate_setup_teardown(test_yank, setup,
		    teardown, &fx_editor),
		cmocka_unit_test(test_term),
		cmocka_unit_test_prestate(test_history_file, &fx_editor),
		cmocka_unit_test_prestate(test_history_file, &fx_fallback),
		cmocka_unit_test_prestate(test_history_long, &fx_editor),
		cmocka_unit_test_prestate(test_history_long, &fx_fallback),
		cmocka_unit_test(test_history_path),
		cmocka_unit_test(test_env_switch),
		cmocka_unit_test(test_fds),
	};

	/* The caller's setlocale(LC_ALL, ""), with a UTF-8 locale that
	 * Debian always has. */
	if (setlocale(LC_ALL, "C.UTF-8") == NULL) {
		fprintf(stderr, "test_ui_prompt: no C.UTF-8 locale\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
