/* ui_tree.c: draws the tree pane: one line per term, with its place in
 * the worst-case lookup order against the limit, its subtree's lookups,
 * its addresses, its findings, and the marks of the shown test (the
 * deciding path, and the terms that would also have matched). */
#include "ui.h"

#include <stdio.h>
#include <string.h>

#include "report_tree.h"
#include "spf_edit.h"
#include "spf_limits.h"
#include "ui_curses.h"

/* The worst finding about a term (or a record): its style and sign. */
static bool
ui_tree_finding(const struct ui *ui, const struct spf_tree_node *n,
    const struct spf_tree_term *t, enum lint_severity *worst)
{
	bool   any = false;
	size_t i;

	for (i = 0; i < ui->lint.n; i++) {
		const struct lint_finding *f = &ui->lint.f[i];
		if (t != NULL ? f->term != t
			      : (f->term != NULL || f->node != n))
			continue;
		if (!any || f->severity < *worst)
			*worst = f->severity;
		any = true;
	}
	return any;
}

/* What a record that an include or redirect leads to came to, when it
 * is not simply loaded. */
static const char *
ui_tree_child_state(const struct ui *ui, const struct spf_tree_node *c)
{
	static const char spin[] = ".oOo"; /* no backslash: text is escaped */
	static char       buf[96];

	switch (c->state) {
	case SPF_TREE_WAITING:
		snprintf(buf, sizeof buf, "%c resolving...",
		    spin[ui->spin % 4]);
		return buf;
	case SPF_TREE_NONE:
		return c->txt != NULL && c->txt->status == DNS_NXDOMAIN
		    ? "NXDOMAIN: no record"
		    : "no SPF record";
	case SPF_TREE_DNSERR:
		snprintf(buf, sizeof buf, "DNS error: %s",
		    c->txt != NULL ? dns_strerror(c->txt->status) : "?");
		return buf;
	case SPF_TREE_BROKEN:
		return "broken record";
	case SPF_TREE_LOOP:
		return "loop";
	case SPF_TREE_CUT:
		return "not loaded";
	default:
		return NULL;
	}
}

/* The annotations after a term's text. */
static void
ui_tree_notes(const struct ui *ui, const struct spf_tree_term *t, char *buf,
    size_t size)
{
	char   net[64];
	size_t o = 0;
	int    n;

#define UI_TREE_ADD(...)                                                       \
	do {                                                                   \
		n = snprintf(buf + o, size - o, __VA_ARGS__);                  \
		if (n > 0)                                                     \
			o = (size_t)n < size - o ? o + (size_t)n : size - 1;   \
	} while (0)
	buf[0] = '\0';
	if (t->cost > 0)
		UI_TREE_ADD("  [%u/%d%s]", t->order, SPF_MAX_DNS_TERMS,
		    t->first_past_limit ? " PERMERROR" : "");
	if (t->subtree > t->cost)
		UI_TREE_ADD(" +%u", t->subtree - t->cost);
	if (t->unreached)
		UI_TREE_ADD("  (never reached)");
	if (t->needs[0] != '\0')
		UI_TREE_ADD("  (needs %%{%s})", t->needs);
	if (t->child != NULL && ui_tree_child_state(ui, t->child) != NULL)
		UI_TREE_ADD("  %s", ui_tree_child_state(ui, t->child));
	if (t->child != NULL && t->child->draft)
		UI_TREE_ADD("  (draft)");
	if (t->target != NULL && t->child == NULL &&
	    (t->term->kind == SPF_MECH_A || t->term->kind == SPF_MECH_MX) &&
	    !t->node->resolved && t->nnets == 0)
		UI_TREE_ADD("  %c resolving...", ".oOo"[ui->spin % 4]);
	if (t->voids > 0)
		UI_TREE_ADD("  void");
	if (t->unasked)
		UI_TREE_ADD("  (query bound: not resolved)");
	if (t->nnets > 0 && t->term->kind != SPF_MECH_IP4 &&
	    t->term->kind != SPF_MECH_IP6) {
		report_tree_net(&t->nets[0], net, sizeof net);
		UI_TREE_ADD("  %s", net);
		if (t->nnets > 1)
			UI_TREE_ADD(" (+%zu)", t->nnets - 1);
	}
#undef UI_TREE_ADD
}

static void
ui_tree_line(struct ui *ui, const struct ui_row *r, bool selected, int y, int x,
    int w)
{
	const struct spf_tree_term *t = r->term;
	enum lint_severity          sev = LINT_INFO;
	char                        notes[256];
	int                         col = x, attr, indent;
	bool path = t != NULL && ui_results_on_path(ui, t);
	bool shadow = t != NULL && ui_results_shadowed(ui, t);

	attr = selected ? ui_text_attr(ui,
			      ui->focus == UI_FOCUS_TREE ? UI_STYLE_SELECTED
							 : UI_STYLE_TITLE)
	    : path      ? ui_text_attr(ui, UI_STYLE_PATH)
			: (int)A_NORMAL;
	ui_text_fill(y, x, w, selected ? attr : (int)A_NORMAL);
	/* Gutter: the test's marks, then the worst finding. */
	if (path)
		col += ui_text_puts(y, col, ">", 1,
		    ui_text_attr(ui, UI_STYLE_PATH));
	else if (shadow)
		col += ui_text_puts(y, col, ui->ascii ? "~" : "\xe2\x89\x88", 1,
		    ui_text_attr(ui, UI_STYLE_SHADOW));
	else
		col += ui_text_puts(y, col, " ", 1, attr);
	if (ui_tree_finding(ui, r->node, t, &sev))
		col += ui_text_puts(y, col, sev == LINT_INFO ? "i" : "!", 1,
		    ui_text_attr(ui,
			sev == LINT_ERROR         ? UI_STYLE_ERROR
			    : sev == LINT_WARNING ? UI_STYLE_WARNING
						  : UI_STYLE_DIM));
	else
		col += ui_text_puts(y, col, " ", 1, attr);
	if (t == NULL) {
		const struct spf_tree_totals *tot = spf_tree_totals(ui->tree);
		col += ui_text_puts(y, col, r->node->name, x + w - col,
		    attr | (int)A_BOLD);
		if (r->node->state == SPF_TREE_LOADED)
			snprintf(notes, sizeof notes,
			    "  %u lookups, %u "
			    "records%s",
			    tot->lookups, tot->records,
			    r->node->draft ? "  (draft)" : "");
		else if (r->node->state == SPF_TREE_BROKEN)
			snprintf(notes, sizeof notes, "  broken: %s",
			    r->node->err.msg);
		else
			snprintf(notes, sizeof notes, "  %s",
			    ui_tree_child_state(ui, r->node));
		ui_text_puts(y, col, notes, x + w - col, attr);
		return;
	}
	indent = (int)(r->depth - 1) * 2;
	if (indent > w / 2)
		indent = w / 2;
	col += indent;
	if (t->child != NULL)
		col += ui_text_puts(y, col,
		    ui_rows_is_expanded(ui, t)
			? (ui->ascii ? "- " : "\xe2\x96\xbe ")
			: (ui->ascii ? "+ " : "\xe2\x96\xb8 "),
		    x + w - col, attr);
	else
		col += 2;
	if (t->term->kind == SPF_MOD_UNKNOWN &&
	    str_prefix_ci(t->term->text, SPF_EDIT_OFF)) {
		/* A term switched off by a what-if edit. */
		size_t k = strlen(SPF_EDIT_OFF);
		col += ui_text_puts(y, col, "(off) ", x + w - col,
		    attr | (int)A_DIM);
		ui_text_put(y, col, t->term->text.p + k, t->term->text.len - k,
		    x + w - col, attr | (int)A_DIM);
		return;
	}
	/* The notes hold the limit mark: the term's text gives way to
	 * them when the line is short, down to half of it. */
	ui_tree_notes(ui, t, notes, sizeof notes);
	{
		int room = x + w - col - (int)strlen(notes);
		if (room < (x + w - col) / 2)
			room = (x + w - col) / 2;
		col += ui_text_put(y, col, t->term->text.p, t->term->text.len,
		    room, attr | (t->unreached ? (int)A_DIM : 0));
	}
	ui_text_puts(y, col, notes, x + w - col,
	    attr |
		(t->first_past_limit ? ui_text_attr(ui, UI_STYLE_ERROR) : 0));
}

void
ui_tree_draw(struct ui *ui, int y, int x, int h, int w)
{
	size_t i;
	int    row;

	if (ui->tree == NULL) {
		ui_text_puts(y, x + 1, "no domain: type 'domain NAME' below",
		    w - 1, ui_text_attr(ui, UI_STYLE_DIM));
		return;
	}
	/* Keep the selection in view, and no empty lines below the tree
	 * while lines above it are hidden (after a resize, a collapse). */
	if (h > 0 && ui->top + (size_t)h > ui->nrows)
		ui->top = ui->nrows > (size_t)h ? ui->nrows - (size_t)h : 0;
	if (ui->selected < ui->top)
		ui->top = ui->selected;
	if (h > 0 && ui->selected >= ui->top + (size_t)h)
		ui->top = ui->selected - (size_t)h + 1;
	for (row = 0, i = ui->top; row < h && i < ui->nrows; row++, i++)
		ui_tree_line(ui, &ui->rows[i], i == ui->selected, y + row, x,
		    w);
}
