/* ui_draft.c: what-if edits. A draft is the text that replaces a record
 * published at a name; the tree and every test are built over the drafts
 * (spf_tree_opts.drafts, spf_eval_opts.drafts). Editing a term rewrites
 * its record's text at the term's byte offset, so the parser stays the
 * one judge of what the record says. The ui owns its drafts. */
#include "ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spf_edit.h"
#include "spf_limits.h"
#include "xmalloc.h"

static void
ui_draft_view(struct ui *ui)
{
	size_t i;

	ui->draft_view = xreallocarray(ui->draft_view, ui->ndrafts + 1,
	    sizeof *ui->draft_view);
	for (i = 0; i < ui->ndrafts; i++) {
		ui->draft_view[i].name = ui->drafts[i].name;
		ui->draft_view[i].text = ui->drafts[i].text;
	}
}

bool
ui_draft_is(const struct ui *ui, const char *name)
{
	size_t i;

	for (i = 0; i < ui->ndrafts; i++)
		if (dns_name_eq(ui->drafts[i].name, name))
			return true;
	return false;
}

/* Remembers which records are open, by name, to open them again once the
 * new tree has loaded: pointers do not survive a reload. */
static void
ui_draft_remember_open(struct ui *ui)
{
	size_t i, n = 0;

	for (i = 0; i < ui->nreopen; i++)
		free(ui->reopen[i]);
	ui->reopen =
	    xreallocarray(ui->reopen, ui->nexpanded + 1, sizeof *ui->reopen);
	for (i = 0; i < ui->nexpanded; i++) {
		const struct spf_tree_term *t = ui->expanded[i];
		char                        buf[600];
		if (t->child == NULL)
			continue;
		snprintf(buf, sizeof buf, "%s|%s", t->node->name,
		    t->child->name);
		ui->reopen[n++] = xstrdup(buf);
	}
	ui->nreopen = n;
}

/* The tree again over the drafts; every test again, before -> after. */
static void
ui_draft_apply(struct ui *ui)
{
	size_t i, changed = 0;

	ui_draft_view(ui);
	ui_draft_remember_open(ui);
	ui->reselect[0] = '\0';
	ui->hold_selection = true;
	if (ui->selected < ui->nrows) {
		const struct ui_row *r = &ui->rows[ui->selected];
		snprintf(ui->reselect, sizeof ui->reselect, "%s",
		    r->node->name);
		ui->reselect_index =
		    r->term != NULL ? (long)r->term->index : -1;
	}
	if (ui->domain[0] != '\0')
		ui_load_domain(ui, ui->domain);
	ui_results_rerun(ui);
	for (i = 0; i < ui->nresults; i++)
		if (ui->results[i].has_prev && ui->results[i].done &&
		    spf_eval_outcome(ui->results[i].ev)->result !=
			ui->results[i].prev)
			changed++;
	if (ui->nresults > 0)
		ui_message(ui, false, "%zu of %zu test%s changed", changed,
		    ui->nresults, ui->nresults == 1 ? "" : "s");
}

void
ui_draft_add(struct ui *ui, const char *name, const char *text)
{
	if (ui->ndrafts == ui->capdrafts) {
		ui->capdrafts = ui->capdrafts == 0 ? 8 : ui->capdrafts * 2;
		ui->drafts = xreallocarray(ui->drafts, ui->capdrafts,
		    sizeof *ui->drafts);
	}
	ui->drafts[ui->ndrafts].name = xstrdup(name);
	ui->drafts[ui->ndrafts++].text = xstrdup(text);
	ui_draft_view(ui);
}

void
ui_draft_set(struct ui *ui, const char *name, const char *text)
{
	size_t i;

	for (i = 0; i < ui->ndrafts; i++) {
		if (dns_name_eq(ui->drafts[i].name, name)) {
			free(ui->drafts[i].text);
			ui->drafts[i].text = xstrdup(text);
			ui_draft_apply(ui);
			return;
		}
	}
	ui_draft_add(ui, name, text);
	ui_draft_apply(ui);
}

void
ui_draft_revert(struct ui *ui, const char *name)
{
	size_t i = 0, n = ui->ndrafts;

	while (i < ui->ndrafts) {
		struct ui_draft *d = &ui->drafts[i];
		if (name != NULL && !dns_name_eq(d->name, name)) {
			i++;
			continue;
		}
		free(d->name);
		free(d->text);
		/* The last draft fills the hole, and its old slot is cleared:
		 * no freed pointer stays behind. */
		*d = ui->drafts[--ui->ndrafts];
		memset(&ui->drafts[ui->ndrafts], 0, sizeof *d);
	}
	if (ui->ndrafts == n) {
		ui_message(ui, true, "%s is not a draft",
		    name != NULL ? name : "nothing");
		return;
	}
	ui_draft_apply(ui);
}

/* The qualifier of a mechanism (RFC 7208 4.6.2), in the order a lesson
 * wants it: ~ -> - -> + -> ? -> ~, so that one press turns the usual
 * ~all into -all. Indexed by enum spf_qualifier (+ - ~ ?). */
void
ui_draft_cycle(struct ui *ui, const struct spf_tree_term *t)
{
	static const char      next[] = { '?', '+', '-', '~' };
	const struct spf_term *term = t->term;
	char                  *s;

	if (term->kind >= SPF_MOD_REDIRECT) {
		ui_message(ui, true, "a modifier has no qualifier");
		return;
	}
	s = spf_edit_qualifier(t->node->text, t->node->len, term,
	    next[term->qual]);
	ui_draft_set(ui, t->node->name, s);
	free(s);
}

void
ui_draft_toggle(struct ui *ui, const struct spf_tree_term *t)
{
	char *s = spf_edit_toggle(t->node->text, t->node->len, t->term);

	ui_draft_set(ui, t->node->name, s);
	free(s);
}

/* A draft as a zone-file line: switched-off terms left out, strings of at
 * most 255 bytes (RFC 7208 3.3), quotes and backslashes escaped, other
 * bytes outside printable ASCII as \DDD (RFC 1035 5.1). */
static size_t
ui_draft_line(const struct ui_draft *d, char *buf, size_t size)
{
	char  *text = spf_edit_publishable(d->text, strlen(d->text));
	size_t i, o = 0, run = 0;
	int    n;

	n = snprintf(buf, size, "%s. 300 IN TXT \"", d->name);
	o = n > 0 && (size_t)n < size ? (size_t)n : 0;
	for (i = 0; text[i] != '\0' && o + 8 < size; i++) {
		unsigned char c = (unsigned char)text[i];
		if (run == 255) { /* a new character-string */
			o += (size_t)snprintf(buf + o, size - o, "\" \"");
			run = 0;
		}
		if (c == '"' || c == '\\')
			o += (size_t)snprintf(buf + o, size - o, "\\%c", c);
		else if (c < 0x20 || c > 0x7e)
			o += (size_t)snprintf(buf + o, size - o, "\\%03u", c);
		else
			buf[o++] = (char)c;
		run++;
	}
	free(text);
	if (o + 3 < size)
		o += (size_t)snprintf(buf + o, size - o, "\"\n");
	return o < size ? o : size - 1;
}

bool
ui_draft_write(struct ui *ui, const char *path)
{
	FILE  *f;
	char  *line;
	size_t i, n, size, big = 0;
	bool   ok;

	if (ui->ndrafts == 0) {
		ui_message(ui, true, "no drafts to write: edit a record first");
		return false;
	}
	if ((f = fopen(path, "w")) == NULL) {
		ui_message(ui, true, "%s: cannot write it", path);
		return false;
	}
	ok = fprintf(f,
		 "; drafts written by spfscope: the records to "
		 "publish\n") >= 0;
	for (i = 0; ok && i < ui->ndrafts; i++) {
		/* Each line sized for its record: \DDD is 4 bytes a byte,
		 * and a string break 3 every 255. */
		size = strlen(ui->drafts[i].name) +
		    5 * strlen(ui->drafts[i].text) + 64;
		line = xmalloc(size);
		n = ui_draft_line(&ui->drafts[i], line, size);
		ok = fwrite(line, 1, n, f) == n;
		free(line);
		if (strlen(ui->drafts[i].text) > DNS_MAX_TXT)
			big++;
	}
	if (fclose(f) != 0 || !ok) {
		ui_message(ui, true, "%s: cannot write it", path);
		return false;
	}
	ui_message(ui, big > 0, "%zu draft%s written to %s%s", ui->ndrafts,
	    ui->ndrafts == 1 ? "" : "s", path,
	    big > 0 ? "; one is over "
		      "65,535 bytes: too long for a TXT record"
		    : "");
	return true;
}

void
ui_draft_free(struct ui *ui)
{
	size_t i;

	for (i = 0; i < ui->ndrafts; i++) {
		free(ui->drafts[i].name);
		free(ui->drafts[i].text);
	}
	for (i = 0; i < ui->nreopen; i++)
		free(ui->reopen[i]);
	free(ui->drafts);
	free(ui->draft_view);
	free(ui->reopen);
}
