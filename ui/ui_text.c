/* ui_text.c: styles for the terminal at hand, and the only function that
 * writes text to the screen. Every string passes vis_escape() here first:
 * DNS data never reaches the terminal raw (STYLE.md 6). In a locale that
 * is not UTF-8 every byte over 0x7f is escaped as well. */
#include "ui.h"

#include <langinfo.h>
#include <stdio.h>
#include <string.h>

#include "ui_curses.h"
#include "vis.h"

static int  ui_text_attrs[UI_STYLE_COUNT];
static bool ui_text_utf8;

void
ui_text_init(struct ui *ui)
{
	static const struct {
		enum ui_style s;
		short         fg, bg;
		int           extra, mono;
	} map[] = {
		{ UI_STYLE_TITLE, COLOR_WHITE, COLOR_BLUE, A_BOLD,
		    A_REVERSE | A_BOLD },
		{ UI_STYLE_PATH, COLOR_YELLOW, -1, A_BOLD,
		    A_BOLD | A_UNDERLINE },
		{ UI_STYLE_SHADOW, COLOR_CYAN, -1, 0, A_UNDERLINE },
		{ UI_STYLE_PASS, COLOR_GREEN, -1, A_BOLD, A_BOLD },
		{ UI_STYLE_FAIL, COLOR_RED, -1, A_BOLD, A_BOLD | A_UNDERLINE },
		{ UI_STYLE_SOFTFAIL, COLOR_YELLOW, -1, A_BOLD, A_BOLD },
		{ UI_STYLE_NEUTRAL, COLOR_CYAN, -1, 0, A_NORMAL },
		{ UI_STYLE_NONE, -1, -1, 0, A_DIM },
		{ UI_STYLE_TEMPERROR, COLOR_MAGENTA, -1, A_BOLD, A_BOLD },
		{ UI_STYLE_PERMERROR, COLOR_RED, -1, A_BOLD | A_REVERSE,
		    A_REVERSE },
		{ UI_STYLE_ERROR, COLOR_RED, -1, A_BOLD, A_BOLD },
		{ UI_STYLE_WARNING, COLOR_YELLOW, -1, 0, A_BOLD },
		{ UI_STYLE_OK, COLOR_GREEN, -1, 0, A_NORMAL },
	};
	const char *cs = nl_langinfo(CODESET);
	size_t      i;
	bool        color = ui->color && has_colors();

	ui_text_utf8 = cs != NULL && strcmp(cs, "UTF-8") == 0;
	ui_text_attrs[UI_STYLE_NORMAL] = A_NORMAL;
	ui_text_attrs[UI_STYLE_DIM] = A_DIM;
	ui_text_attrs[UI_STYLE_SELECTED] = A_REVERSE;
	if (color) {
		start_color();
		use_default_colors();
	}
	for (i = 0; i < sizeof map / sizeof map[0]; i++) {
		if (!color) {
			ui_text_attrs[map[i].s] = map[i].mono;
			continue;
		}
		init_pair((short)(i + 1), map[i].fg, map[i].bg);
		ui_text_attrs[map[i].s] = (int)COLOR_PAIR(i + 1) | map[i].extra;
	}
}

int
ui_text_attr(const struct ui *ui, enum ui_style s)
{
	(void)ui;
	return ui_text_attrs[s];
}

enum ui_style
ui_text_result_style(enum spf_result r)
{
	static const enum ui_style s[] = { UI_STYLE_NONE, UI_STYLE_NEUTRAL,
		UI_STYLE_PASS, UI_STYLE_FAIL, UI_STYLE_SOFTFAIL,
		UI_STYLE_TEMPERROR, UI_STYLE_PERMERROR };

	return s[r];
}

/* Escapes what a non-UTF-8 terminal cannot show: bytes over 0x7f. */
static size_t
ui_text_ascii(char *buf, size_t n, size_t size)
{
	char   tmp[4096];
	size_t i, o = 0;

	for (i = 0; i < n && o + 5 < sizeof tmp; i++) {
		unsigned char c = (unsigned char)buf[i];
		if (c < 0x80)
			tmp[o++] = (char)c;
		else
			o += (size_t)snprintf(tmp + o, 5, "\\x%02x", c);
	}
	tmp[o] = '\0';
	snprintf(buf, size, "%s", tmp);
	return strlen(buf);
}

int
ui_text_put(int y, int x, const char *s, size_t len, int maxcols, int attr)
{
	char      buf[4096];
	size_t    n, i = 0, k;
	mbstate_t st;
	wchar_t   wc;
	int       cols = 0, w;

	if (maxcols <= 0)
		return 0;
	/* Only what fits is drawn: a long string is escaped in part. */
	if (len > (size_t)maxcols * 4 + 16)
		len = (size_t)maxcols * 4 + 16;
	vis_escape(buf, sizeof buf, s, len);
	n = strlen(buf);
	if (!ui_text_utf8)
		n = ui_text_ascii(buf, n, sizeof buf);
	memset(&st, 0, sizeof st);
	while (i < n) {
		k = mbrtowc(&wc, buf + i, n - i, &st);
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0)
			break;
		/* A character the terminal would not advance over (format
		 * characters, unassigned code points) is not drawn. */
		if ((w = wcwidth(wc)) < 0)
			break;
		if (cols + w > maxcols)
			break;
		cols += w;
		i += k;
	}
	attrset(attr);
	mvaddnstr(y, x, buf, (int)i);
	attrset(A_NORMAL);
	return cols;
}

int
ui_text_puts(int y, int x, const char *s, int maxcols, int attr)
{
	return ui_text_put(y, x, s, strlen(s), maxcols, attr);
}

void
ui_text_fill(int y, int x, int ncols, int attr)
{
	attrset(attr);
	mvhline(y, x, ' ', ncols);
	attrset(A_NORMAL);
}
