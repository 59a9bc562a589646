/* ui_prompt_fallback.c: the built-in editor, used when no pty can be had
 * or libedit does not edit on it (and when SPFSCOPE_NO_PTY forces it). It
 * edits p->buf with the keys of libedit's emacs map that matter most;
 * Up and Down walk the same history as libedit would, keeping the line
 * being typed in p->draft meanwhile. Its state is all in struct
 * ui_prompt, which owns it; nothing here allocates. */
#include <histedit.h>
#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "ui_curses.h"
#include "ui_prompt_int.h"

void
prompt_fallback_load(struct ui_prompt *p, const wchar_t *s, size_t len)
{
	if (len > PROMPT_MAX)
		len = PROMPT_MAX;
	wmemmove(p->buf, s, len);
	p->len = p->cur = len;
}

/* Up (older) and Down (newer, then back to the draft). In libedit's
 * history H_FIRST is the newest entry and H_NEXT steps to older ones. */
static void
prompt_fallback_history(struct ui_prompt *p, bool older)
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
		prompt_fallback_load(p, ev.str, wcslen(ev.str));
	} else if (p->browsing) {
		if (history_w(p->hist, &ev, H_PREV) != -1) {
			prompt_fallback_load(p, ev.str, wcslen(ev.str));
			return;
		}
		prompt_fallback_load(p, p->draft, p->draft_len);
		p->browsing = false;
	}
}

static void
prompt_fallback_delete(struct ui_prompt *p, size_t at)
{
	if (at >= p->len)
		return;
	wmemmove(p->buf + at, p->buf + at + 1, p->len - at - 1);
	p->len--;
	if (p->cur > at)
		p->cur--;
}

static void
prompt_fallback_insert(struct ui_prompt *p, const wchar_t *s, size_t n)
{
	if (n > PROMPT_MAX - p->len)
		return;
	wmemmove(p->buf + p->cur + n, p->buf + p->cur, p->len - p->cur);
	wmemcpy(p->buf + p->cur, s, n);
	p->len += n;
	p->cur += n;
}

static void
prompt_fallback_complete(struct ui_prompt *p)
{
	LineInfoW li;

	li.buffer = p->buf;
	li.cursor = p->buf + p->cur;
	li.lastchar = p->buf + p->len;
	if (prompt_complete(p, &li, PROMPT_MAX - p->len))
		prompt_fallback_insert(p, p->ins, wcslen(p->ins));
}

static enum ui_prompt_event
prompt_fallback_submit(struct ui_prompt *p)
{
	prompt_submit(p, p->buf, p->len);
	p->len = p->cur = 0;
	p->browsing = false;
	prompt_history_add(p, p->wline);
	return UI_PROMPT_LINE;
}

static enum ui_prompt_event
prompt_fallback_code(struct ui_prompt *p, wint_t ch)
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
			prompt_fallback_delete(p, p->cur - 1);
		break;
	case KEY_DC:
		prompt_fallback_delete(p, p->cur);
		break;
	case KEY_UP:
		prompt_fallback_history(p, true);
		break;
	case KEY_DOWN:
		prompt_fallback_history(p, false);
		break;
	case KEY_ENTER:
		return prompt_fallback_submit(p);
	default:
		break;
	}
	return UI_PROMPT_NONE;
}

/* The keys of libedit's emacs map that matter most, with its meaning
 * (^U kills the whole line, ^D deletes under the cursor). */
enum ui_prompt_event
prompt_fallback_key(struct ui_prompt *p, bool is_code, wint_t ch)
{
	wchar_t c;

	if (is_code)
		return prompt_fallback_code(p, ch);
	switch (ch) {
	case PROMPT_CTRL('a'):
		return prompt_fallback_code(p, KEY_HOME);
	case PROMPT_CTRL('b'):
		return prompt_fallback_code(p, KEY_LEFT);
	case PROMPT_CTRL('d'):
		return prompt_fallback_code(p, KEY_DC);
	case PROMPT_CTRL('e'):
		return prompt_fallback_code(p, KEY_END);
	case PROMPT_CTRL('f'):
		return prompt_fallback_code(p, KEY_RIGHT);
	case PROMPT_CTRL('h'):
	case PROMPT_DEL:
		return prompt_fallback_code(p, KEY_BACKSPACE);
	case PROMPT_CTRL('n'):
		return prompt_fallback_code(p, KEY_DOWN);
	case PROMPT_CTRL('p'):
		return prompt_fallback_code(p, KEY_UP);
	case PROMPT_CTRL('i'):
		prompt_fallback_complete(p);
		break;
	case PROMPT_CTRL('k'):
		p->len = p->cur;
		break;
	case PROMPT_CTRL('u'):
		p->len = p->cur = 0;
		break;
	case '\r':
	case '\n':
		return prompt_fallback_submit(p);
	default:
		if (prompt_is_text(ch)) {
			c = (wchar_t)ch;
			prompt_fallback_insert(p, &c, 1);
		}
		break;
	}
	return UI_PROMPT_NONE;
}
