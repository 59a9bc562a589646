/* ui_rows.c: the tree pane's lines. The explored tree is flattened in
 * record order: the root record, its terms, and under an include or
 * redirect term that is open, the terms of the record it leads to. Which
 * terms are open is a set of term pointers, valid for one tree. */
#include "ui.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "xmalloc.h"

static bool
ui_rows_in(const void *const *set, size_t n, const void *p)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (set[i] == p)
			return true;
	return false;
}

bool
ui_rows_is_expanded(const struct ui *ui, const void *term)
{
	return ui_rows_in(ui->expanded, ui->nexpanded, term);
}

void
ui_rows_set_expanded(struct ui *ui, const void *term, bool on)
{
	size_t i;

	for (i = 0; i < ui->nexpanded; i++) {
		if (ui->expanded[i] == term) {
			if (!on)
				ui->expanded[i] = ui->expanded[--ui->nexpanded];
			return;
		}
	}
	if (!on)
		return;
	if (ui->nexpanded == ui->capexp) {
		ui->capexp = ui->capexp == 0 ? 32 : ui->capexp * 2;
		ui->expanded = xreallocarray(ui->expanded, ui->capexp,
		    sizeof *ui->expanded);
	}
	ui->expanded[ui->nexpanded++] = term;
}

static void
ui_rows_add(struct ui *ui, const struct spf_tree_node *n,
    const struct spf_tree_term *t, unsigned depth)
{
	if (ui->nrows == ui->caprows) {
		ui->caprows = ui->caprows == 0 ? 64 : ui->caprows * 2;
		ui->rows =
		    xreallocarray(ui->rows, ui->caprows, sizeof *ui->rows);
	}
	ui->rows[ui->nrows].node = n;
	ui->rows[ui->nrows].term = t;
	ui->rows[ui->nrows++].depth = depth;
}

/* Lines of node n's terms; open includes recurse. `all` opens every
 * record (search uses it), otherwise only the expanded set. */
static void /* NOLINTNEXTLINE(misc-no-recursion): depth <= SPF_TREE_MAX_DEPTH */
ui_rows_node(struct ui *ui, const struct spf_tree_node *n, unsigned depth,
    bool all)
{
	size_t i;

	if (n->state != SPF_TREE_LOADED || depth > SPF_TREE_MAX_DEPTH + 1)
		return;
	for (i = 0; i < n->nterms; i++) {
		const struct spf_tree_term *t = &n->terms[i];
		ui_rows_add(ui, n, t, depth);
		if (t->child != NULL && (all || ui_rows_is_expanded(ui, t)))
			ui_rows_node(ui, t->child, depth + 1, all);
	}
}

static void
ui_rows_fill(struct ui *ui, bool all)
{
	const struct spf_tree_node *root;

	ui->nrows = 0;
	if (ui->tree == NULL)
		return;
	root = spf_tree_root(ui->tree);
	ui_rows_add(ui, root, NULL, 0);
	ui_rows_node(ui, root, 1, all);
}

void
ui_rows_build(struct ui *ui)
{
	const void *keep = NULL;
	size_t      i;

	/* Keep the selection on the same line when lines come and go. */
	if (ui->selected < ui->nrows)
		keep = ui->rows[ui->selected].term;
	ui_rows_fill(ui, false);
	for (i = 0; keep != NULL && i < ui->nrows; i++) {
		if (ui->rows[i].term == keep) {
			ui->selected = i;
			break;
		}
	}
	if (ui->selected >= ui->nrows)
		ui->selected = ui->nrows > 0 ? ui->nrows - 1 : 0;
	ui->dirty = true;
}

/* Opens every record on the way from the root down to t. */
static void
ui_rows_open_to(struct ui *ui, const struct spf_tree_term *t)
{
	const struct spf_tree_term *p;

	for (p = t->node->parent; p != NULL; p = p->node->parent)
		ui_rows_set_expanded(ui, p, true);
}

void
ui_rows_select_term(struct ui *ui, const struct spf_tree_term *t)
{
	size_t i;

	ui_rows_open_to(ui, t);
	ui_rows_build(ui);
	for (i = 0; i < ui->nrows; i++) {
		if (ui->rows[i].term == t) {
			ui->selected = i;
			break;
		}
	}
	ui->detail_top = 0;
}

void
ui_rows_expand_all(struct ui *ui, bool on)
{
	size_t i;

	if (!on) {
		ui->nexpanded = 0;
	} else {
		ui_rows_fill(ui, true);
		for (i = 0; i < ui->nrows; i++)
			if (ui->rows[i].term != NULL &&
			    ui->rows[i].term->child != NULL)
				ui_rows_set_expanded(ui, ui->rows[i].term,
				    true);
	}
	ui_rows_build(ui);
}

static bool
ui_rows_matches(const struct ui_row *r, const char *needle)
{
	size_t      n = strlen(needle), i;
	const char *hay[3] = { NULL, NULL, NULL };
	size_t      len[3] = { 0, 0, 0 };
	size_t      k;

	if (r->term == NULL) {
		hay[0] = r->node->name;
		len[0] = strlen(r->node->name);
	} else {
		hay[0] = r->term->term->text.p;
		len[0] = r->term->term->text.len;
		if (r->term->target != NULL) {
			hay[1] = r->term->target;
			len[1] = strlen(r->term->target);
		}
		if (r->term->child != NULL) {
			hay[2] = r->term->child->name;
			len[2] = strlen(r->term->child->name);
		}
	}
	for (k = 0; k < 3; k++)
		for (i = 0; hay[k] != NULL && n <= len[k] && i + n <= len[k];
		     i++)
			if (strncasecmp(hay[k] + i, needle, n) == 0)
				return true;
	return false;
}

/* Search terms and names in the whole tree (closed records too), from
 * the selected line on; the match's records are opened. */
bool
ui_rows_search(struct ui *ui, const char *needle, bool forward,
    bool skip_current)
{
	const struct spf_tree_term *cur = NULL, *hit = NULL;
	size_t                      i, start = 0, n;

	if (needle[0] == '\0' || ui->tree == NULL)
		return false;
	if (ui->selected < ui->nrows)
		cur = ui->rows[ui->selected].term;
	ui_rows_fill(ui, true);
	n = ui->nrows;
	for (i = 0; i < n; i++)
		if (ui->rows[i].term == cur)
			start = i;
	for (i = 0; i < n && hit == NULL; i++) {
		size_t k = forward
		    ? (start + i + (skip_current ? 1 : 0)) % n
		    : (start + n - i - (skip_current ? 1 : 0)) % n;
		if (ui->rows[k].term != NULL &&
		    ui_rows_matches(&ui->rows[k], needle))
			hit = ui->rows[k].term;
	}
	/* Back to the visible lines, the selection where it was. */
	ui_rows_fill(ui, false);
	ui->selected = 0;
	for (i = 0; i < ui->nrows; i++)
		if (ui->rows[i].term == cur)
			ui->selected = i;
	ui->dirty = true;
	if (hit == NULL)
		return false;
	ui_rows_select_term(ui, hit);
	return true;
}
