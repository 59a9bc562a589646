/* ui_keys.c: what each key does, by focus. Handlers change state and mark
 * the screen dirty; they never draw (STYLE.md 5). */
#include "ui.h"

#include <stdio.h>
#include <string.h>

#include "ui_curses.h"

#define UI_KEY_CTRL(c) ((c)&0x1f)

static void
ui_keys_move(struct ui *ui, long delta)
{
	long s = (long)ui->selected + delta;

	if (ui->nrows == 0)
		return;
	if (s < 0)
		s = 0;
	if (s >= (long)ui->nrows)
		s = (long)ui->nrows - 1;
	ui->selected = (size_t)s;
	ui->hold_selection = false;
	ui->detail_top = 0;
	ui->dirty = true;
}

static const struct spf_tree_term *
ui_keys_current(const struct ui *ui)
{
	return ui->selected < ui->nrows ? ui->rows[ui->selected].term : NULL;
}

static void
ui_keys_open_prompt(struct ui *ui, enum ui_prompt_mode mode)
{
	ui->focus = UI_FOCUS_PROMPT;
	if (ui->mode != mode)
		ui_prompt_clear(ui->prompt);
	ui->mode = mode;
	ui->dirty = true;
}

static void
ui_keys_tree(struct ui *ui, bool is_code, wint_t ch)
{
	const struct spf_tree_term *t = ui_keys_current(ui);
	int                         page = ui->lines > 12 ? ui->lines - 10 : 1;

	if (is_code) {
		switch (ch) {
		case KEY_UP:
			ui_keys_move(ui, -1);
			return;
		case KEY_DOWN:
			ui_keys_move(ui, 1);
			return;
		case KEY_PPAGE:
			ui_keys_move(ui, -page);
			return;
		case KEY_NPAGE:
			ui_keys_move(ui, page);
			return;
		case KEY_HOME:
			ui_keys_move(ui, -(long)ui->nrows);
			return;
		case KEY_END:
			ui_keys_move(ui, (long)ui->nrows);
			return;
		case KEY_RIGHT:
			ch = 'l';
			break;
		case KEY_LEFT:
			ch = 'h';
			break;
		case KEY_ENTER:
			ch = '\r';
			break;
		default:
			return;
		}
	}
	if (ui_lesson_key(ui, ch))
		return;
	switch (ch) {
	case 'k':
		ui_keys_move(ui, -1);
		break;
	case 'j':
		ui_keys_move(ui, 1);
		break;
	case 'g':
		ui_keys_move(ui, -(long)ui->nrows);
		break;
	case 'G':
		ui_keys_move(ui, (long)ui->nrows);
		break;
	case '\r':
	case '\n':
	case ' ':
		if (t != NULL && t->child != NULL) {
			ui_rows_set_expanded(ui, t,
			    !ui_rows_is_expanded(ui, t));
			ui_rows_build(ui);
		}
		break;
	case 'l':
		if (t != NULL && t->child != NULL) {
			ui_rows_set_expanded(ui, t, true);
			ui_rows_build(ui);
		}
		break;
	case 'h':
		if (t != NULL && t->child != NULL &&
		    ui_rows_is_expanded(ui, t)) {
			ui_rows_set_expanded(ui, t, false);
			ui_rows_build(ui);
		} else if (t != NULL && t->node->parent != NULL) {
			ui_rows_select_term(ui, t->node->parent);
		}
		break;
	case 'c':
		if (t != NULL)
			ui_draft_cycle(ui, t);
		break;
	case 'x':
		if (t != NULL)
			ui_draft_toggle(ui, t);
		break;
	case 'v': {
		const struct spf_tree_node *n = ui->selected < ui->nrows
		    ? ui->rows[ui->selected].node
		    : NULL;
		if (n == NULL)
			break;
		snprintf(ui->edit_name, sizeof ui->edit_name, "%s", n->name);
		ui_keys_open_prompt(ui, UI_MODE_EDIT);
		ui_prompt_set_text(ui->prompt,
		    n->text != NULL ? n->text : "v=spf1 ");
		break;
	}
	case 'u': {
		const struct spf_tree_node *n = ui->selected < ui->nrows
		    ? ui->rows[ui->selected].node
		    : NULL;
		if (n != NULL)
			ui_draft_revert(ui, n->name);
		break;
	}
	case 'U':
		ui_draft_revert(ui, NULL);
		break;
	case 'w':
		ui_draft_write(ui, "spfscope-drafts.zone");
		break;
	case 'e':
		ui_rows_expand_all(ui, true);
		break;
	case 'E':
		ui_rows_expand_all(ui, false);
		break;
	case '/':
		ui_keys_open_prompt(ui, UI_MODE_SEARCH);
		break;
	case 'n':
	case 'N':
		if (ui->search[0] == '\0')
			ui_message(ui, true, "no search yet: press / first");
		else if (!ui_rows_search(ui, ui->search, ch == 'n', true))
			ui_message(ui, true, "'%s' not found", ui->search);
		break;
	case '[':
		if (ui->detail_top > 0)
			ui->detail_top -=
			    ui->detail_top < 5 ? ui->detail_top : 5;
		break;
	case ']':
		ui->detail_top += 5;
		break;
	case 'r':
		if (ui->domain[0] != '\0')
			ui_set_server(ui, ui->server);
		break;
	case 'q':
		ui->quit = true;
		break;
	case '?':
		ui->help = true;
		break;
	case ':':
		ui_keys_open_prompt(ui, UI_MODE_COMMAND);
		break;
	default:
		/* Typing an address (or a command) starts the prompt. */
		if (ch > 0x20 && ch != 0x7f) {
			ui_keys_open_prompt(ui, UI_MODE_COMMAND);
			ui_prompt_key(ui->prompt, false, ch);
		}
		return;
	}
	ui->dirty = true;
}

static void
ui_keys_results(struct ui *ui, bool is_code, wint_t ch)
{
	ui->hold_selection = false;
	if ((is_code && ch == KEY_UP) || (!is_code && ch == 'k')) {
		if (ui->rselected > 0)
			ui_results_show(ui, --ui->rselected);
	} else if ((is_code && ch == KEY_DOWN) || (!is_code && ch == 'j')) {
		if (ui->rselected + 1 < ui->nresults)
			ui_results_show(ui, ++ui->rselected);
	} else if ((is_code && ch == KEY_ENTER) || ch == '\r' || ch == '\n') {
		ui_results_show(ui, ui->rselected);
		ui->focus = UI_FOCUS_TREE;
	} else if (!is_code && ch == 'q') {
		ui->quit = true;
	} else if (!is_code && ch == '?') {
		ui->help = true;
	} else if (!is_code && ch > 0x20 && ch != 0x7f) {
		ui_keys_open_prompt(ui, UI_MODE_COMMAND);
		ui_prompt_key(ui->prompt, false, ch);
	}
	ui->dirty = true;
}

static void
ui_keys_prompt(struct ui *ui, bool is_code, wint_t ch)
{
	size_t               len, cur;
	enum ui_prompt_event ev;

	/* Tab on an empty line moves on; on text it completes. */
	if (!is_code && ch == '\t') {
		(void)ui_prompt_text(ui->prompt, &len, &cur);
		if (len == 0) {
			ui->focus = UI_FOCUS_TREE;
			ui->dirty = true;
			return;
		}
	}
	if (is_code && (ch == KEY_PPAGE || ch == KEY_NPAGE)) {
		ui_keys_tree(ui, true, ch);
		return;
	}
	ev = ui_prompt_key(ui->prompt, is_code, ch);
	ui->dirty = true;
	switch (ev) {
	case UI_PROMPT_LINE:
		if (ui->mode == UI_MODE_EDIT) {
			ui->mode = UI_MODE_COMMAND;
			ui->focus = UI_FOCUS_TREE;
			ui_draft_set(ui, ui->edit_name,
			    ui_prompt_line(ui->prompt));
		} else if (ui->mode == UI_MODE_SEARCH) {
			snprintf(ui->search, sizeof ui->search, "%s",
			    ui_prompt_line(ui->prompt));
			ui->mode = UI_MODE_COMMAND;
			ui->focus = UI_FOCUS_TREE;
			if (ui->search[0] != '\0' &&
			    !ui_rows_search(ui, ui->search, true, false))
				ui_message(ui, true, "'%s' not found",
				    ui->search);
		} else {
			ui_cmd_run(ui, ui_prompt_line(ui->prompt));
		}
		break;
	case UI_PROMPT_CANCEL:
		ui_prompt_clear(ui->prompt);
		ui->mode = UI_MODE_COMMAND;
		ui->focus = UI_FOCUS_TREE;
		break;
	case UI_PROMPT_EOF:
		ui->quit = true;
		break;
	case UI_PROMPT_NONE:
		break;
	}
}

void
ui_keys_handle(struct ui *ui, bool is_code, wint_t ch)
{
	if (!is_code && ch == UI_KEY_CTRL('c')) {
		ui->quit = true;
		return;
	}
	if (is_code && ch == KEY_RESIZE) {
		ui->dirty = true;
		return;
	}
	if (ui->help) {
		ui->help = false;
		ui->dirty = true;
		return;
	}
	if (ui->message[0] != '\0' && ui->focus != UI_FOCUS_PROMPT) {
		ui->message[0] = '\0';
		ui->dirty = true;
	}
	if (!is_code && ch == '\t' && ui->focus != UI_FOCUS_PROMPT) {
		ui->focus = ui->focus == UI_FOCUS_TREE && ui->nresults > 0
		    ? UI_FOCUS_RESULTS
		    : UI_FOCUS_PROMPT;
		ui->dirty = true;
		return;
	}
	switch (ui->focus) {
	case UI_FOCUS_TREE:
		ui_keys_tree(ui, is_code, ch);
		break;
	case UI_FOCUS_RESULTS:
		ui_keys_results(ui, is_code, ch);
		break;
	case UI_FOCUS_PROMPT:
		ui_keys_prompt(ui, is_code, ch);
		break;
	}
}
