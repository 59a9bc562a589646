/* ui_frame.c: the layout and everything around the panes: the title
 * line, the status line (lookups against 10 and voids against 2 in
 * colour bands), the prompt line drawn from libedit's buffer, and the
 * help overlay. 80x24 at the least; larger terminals give the panes more. */
#include "ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spf_limits.h"
#include "ui_curses.h"
#include "vis.h"

static void
ui_frame_title(struct ui *ui)
{
	char buf[1200];
	int  attr = ui_text_attr(ui, UI_STYLE_TITLE);

	ui_text_fill(0, 0, ui->cols, attr);
	snprintf(buf, sizeof buf, " spfscope  %s%s%s%s%s  [%s]",
	    ui->domain[0] != '\0' ? ui->domain : "(no domain)",
	    ui->has_sender ? "  sender " : "", ui->has_sender ? ui->sender : "",
	    ui->has_helo ? "  helo " : "", ui->has_helo ? ui->helo : "",
	    ui->opts.nzones > 0 && ui->server == NULL ? "zone file" : "DNS");
	ui_text_puts(0, 0, buf, ui->cols - 27, attr);
	ui_text_puts(0, ui->cols - 26, "?:help  Tab:focus  q:quit", 26, attr);
}

/* Lookups and voids against their limits, in bands: well within, near
 * (8 or more of 10; 2 of 2), over. */
static void
ui_frame_status(struct ui *ui, int y)
{
	const struct spf_tree_totals *t;
	char                          buf[160];
	int                           col = 0, st;
	static const char spin[] = ".oOo"; /* no backslash: text is escaped */

	ui_text_fill(y, 0, ui->cols, A_NORMAL);
	if (ui->tree != NULL) {
		t = spf_tree_totals(ui->tree);
		st = t->lookups > SPF_MAX_DNS_TERMS       ? UI_STYLE_ERROR
		    : t->lookups >= SPF_MAX_DNS_TERMS - 2 ? UI_STYLE_WARNING
							  : UI_STYLE_OK;
		snprintf(buf, sizeof buf, " lookups %u/%d", t->lookups,
		    SPF_MAX_DNS_TERMS);
		col += ui_text_puts(y, col, buf, ui->cols - col,
		    ui_text_attr(ui, (enum ui_style)st));
		st = t->voids > SPF_MAX_VOID   ? UI_STYLE_ERROR
		    : t->voids == SPF_MAX_VOID ? UI_STYLE_WARNING
					       : UI_STYLE_OK;
		snprintf(buf, sizeof buf, "  voids %u/%d", t->voids,
		    SPF_MAX_VOID);
		col += ui_text_puts(y, col, buf, ui->cols - col,
		    ui_text_attr(ui, (enum ui_style)st));
		snprintf(buf, sizeof buf, "  records %u  findings %zu%s",
		    t->records, ui->lint.n,
		    dns_cache_busy(ui->cache) ? "  resolving " : "");
		col += ui_text_puts(y, col, buf, ui->cols - col, A_NORMAL);
		if (dns_cache_busy(ui->cache)) {
			buf[0] = spin[ui->spin % 4];
			col += ui_text_put(y, col, buf, 1, 1, A_BOLD);
		}
	}
	if (ui_prompt_candidates(ui->prompt) != NULL)
		ui_text_puts(y, col + 2, ui_prompt_candidates(ui->prompt),
		    ui->cols - col - 2, ui_text_attr(ui, UI_STYLE_DIM));
	else if (ui->message[0] != '\0')
		ui_text_puts(y, col + 2, ui->message, ui->cols - col - 2,
		    ui_text_attr(ui,
			ui->message_is_error ? UI_STYLE_ERROR
					     : UI_STYLE_NORMAL));
}

/* Columns a wide character takes once escaped as ui_text_put() shows it. */
static int
ui_frame_wcols(wchar_t wc)
{
	char      mb[8], esc[40];
	mbstate_t st;
	size_t    n;
	int       w;

	memset(&st, 0, sizeof st);
	if ((n = wcrtomb(mb, wc, &st)) == (size_t)-1)
		return 4;
	if (wc >= 0x20 && wc != 0x7f && wc != '\\' && (w = wcwidth(wc)) >= 0)
		return w;
	return (int)vis_escape(esc, sizeof esc, mb, n);
}

static void
ui_frame_prompt(struct ui *ui, int y)
{
	const wchar_t *text;
	size_t         len, cur, i, start = 0;
	char           psbuf[64];
	const char    *ps = ui->mode == UI_MODE_SEARCH ? "/" : "spf> ";
	int            x0, width, cols;
	char           mb[8], line[4096];
	size_t         o = 0;
	mbstate_t      st;

	if (ui->mode == UI_MODE_EDIT) {
		snprintf(psbuf, sizeof psbuf, "edit %.40s> ", ui->edit_name);
		ps = psbuf;
	}
	x0 = (int)strlen(ps);
	width = ui->cols - x0 - 1;
	ui_text_fill(y, 0, ui->cols, (int)A_NORMAL);
	ui_text_puts(y, 0, ps, x0,
	    ui->focus == UI_FOCUS_PROMPT ? (int)A_BOLD
					 : ui_text_attr(ui, UI_STYLE_DIM));
	text = ui_prompt_text(ui->prompt, &len, &cur);
	/* Scroll so the cursor stays in view. */
	for (;;) {
		for (cols = 0, i = start; i < cur && i < len; i++)
			cols += ui_frame_wcols(text[i]);
		if (cols < width || start >= cur)
			break;
		start++;
	}
	memset(&st, 0, sizeof st);
	for (i = start; i < len && o + 8 < sizeof line; i++) {
		size_t n = wcrtomb(mb, text[i], &st);
		if (n == (size_t)-1)
			continue;
		memcpy(line + o, mb, n);
		o += n;
	}
	ui_text_put(y, x0, line, o, width, A_NORMAL);
	if (ui->focus == UI_FOCUS_PROMPT) {
		curs_set(1);
		move(y, x0 + cols);
	} else {
		curs_set(0);
	}
}

void
ui_frame_draw(struct ui *ui)
{
	int results_h, main_h, tree_w, y;

	getmaxyx(stdscr, ui->lines, ui->cols);
	erase();
	if (ui->lines < 12 || ui->cols < 40) {
		ui_text_puts(0, 0, "spfscope needs at least 40x12", ui->cols,
		    (int)A_BOLD);
		return;
	}
	results_h = ui->lines >= 30 ? ui->lines / 6 : 4;
	main_h = ui->lines - 1 - 1 - results_h - 2;
	tree_w = ui->cols >= 120 ? ui->cols * 3 / 5 : ui->cols * 11 / 20;
	ui_frame_title(ui);
	ui_tree_draw(ui, 1, 0, main_h, tree_w);
	attrset(ui_text_attr(ui, UI_STYLE_DIM));
	mvvline(1, tree_w, ui->ascii ? '|' : ACS_VLINE, main_h);
	attrset(A_NORMAL);
	if (ui->lesson != NULL) {
		int lh = main_h * 3 / 5;
		ui_lesson_draw(ui, 1, tree_w + 1, lh, ui->cols - tree_w - 1);
		ui_detail_draw(ui, 1 + lh, tree_w + 1, main_h - lh,
		    ui->cols - tree_w - 1);
	} else {
		ui_detail_draw(ui, 1, tree_w + 1, main_h,
		    ui->cols - tree_w - 1);
	}
	y = 1 + main_h;
	attrset(ui_text_attr(ui, UI_STYLE_DIM));
	mvhline(y, 0, ui->ascii ? '-' : ACS_HLINE, ui->cols);
	attrset(A_NORMAL);
	{
		char buf[64];
		snprintf(buf, sizeof buf, " tests (%zu) ", ui->nresults);
		ui_text_puts(y, 2, buf, ui->cols - 2,
		    ui->focus == UI_FOCUS_RESULTS
			? (int)A_BOLD
			: ui_text_attr(ui, UI_STYLE_DIM));
	}
	ui_results_draw(ui, y + 1, 0, results_h, ui->cols);
	ui_frame_status(ui, ui->lines - 2);
	if (ui->help)
		ui_help_draw(ui);
	ui_frame_prompt(ui, ui->lines - 1);
}

void
ui_help_draw(struct ui *ui)
{
	static const char *lines[] = {
		"Keys in the tree",
		"  Up/Down j/k  move         PgUp/PgDn  page",
		"  Enter/Space  open or close an include or redirect",
		"  Right/l      open         Left/h  close, or go up",
		"  e / E        open all / close all   / n N  search",
		"  [ ]  scroll the detail   Tab  tree -> tests -> prompt",
		"  r            reload       q, Ctrl-C  quit",
		"What if (drafts)",
		"  c  cycle the qualifier: ~ -> - -> + -> ? -> ~",
		"  x  switch the term off or on   v  edit the record",
		"  u / U  revert this record / all   w  write drafts",
		"Lessons   > next step   < back   a  do it for me",
		"At the prompt (spf> )",
		"  192.0.2.7    test an address  (forward IP: as forwarder)",
		"  sender, helo, domain, server, dmarc POLICY",
		"  write FILE, revert, clear, help, quit",
		"Marks  > deciding path   ~ would also match",
		"       ! finding      [7/10] lookup 7 of 10",
		"Press any key to close this help.",
	};

	int    h = (int)(sizeof lines / sizeof lines[0]) + 2, w = 64, y0, x0;
	size_t i;

	if (w > ui->cols - 2)
		w = ui->cols - 2;
	if (h > ui->lines - 2)
		h = ui->lines - 2;
	y0 = (ui->lines - h) / 2;
	x0 = (ui->cols - w) / 2;
	for (i = 0; i < (size_t)h; i++)
		ui_text_fill(y0 + (int)i, x0, w,
		    ui_text_attr(ui, UI_STYLE_TITLE));
	for (i = 0; i < (size_t)h - 2; i++)
		ui_text_puts(y0 + 1 + (int)i, x0 + 2, lines[i], w - 4,
		    ui_text_attr(ui, UI_STYLE_TITLE));
}
