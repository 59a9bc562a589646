/* ui_results.c: the tested IPs. Each test is a check_host() run against
 * the same cache as the tree, resumed every turn of the loop until done;
 * its deciding path is then found in the tree, opened and highlighted,
 * and every other term whose networks hold the IP is marked as a
 * shadowed match. The results own their evals. */
#include "ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ui_curses.h"
#include "xmalloc.h"

static void
ui_results_set_add(const void ***set, size_t *n, size_t *cap, const void *p)
{
	if (*n == *cap) {
		*cap = *cap == 0 ? 16 : *cap * 2;
		*set = xreallocarray(*set, *cap, sizeof **set);
	}
	(*set)[(*n)++] = p;
}

static bool
ui_results_set_has(const void *const *set, size_t n, const void *p)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (set[i] == p)
			return true;
	return false;
}

bool
ui_results_on_path(const struct ui *ui, const void *term)
{
	return ui_results_set_has(ui->path_terms, ui->npath, term);
}

bool
ui_results_shadowed(const struct ui *ui, const void *term)
{
	return ui_results_set_has(ui->shadow_terms, ui->nshadow, term);
}

static struct spf_eval *
ui_results_eval(struct ui *ui, const char *ip)
{
	struct spf_eval_opts o;
	struct spf_err       err;

	memset(&o, 0, sizeof o);
	if (!ip_parse(ip, strlen(ip), &o.ip))
		return NULL;
	o.sender = ui->has_sender ? ui->sender : NULL;
	o.helo = ui->has_helo ? ui->helo : NULL;
	o.domain = ui->domain;
	o.default_exp = ui->opts.default_exp;
	o.now = (uint64_t)time(NULL);
	o.drafts = ui->draft_view;
	o.ndrafts = ui->ndrafts;
	spf_err_clear(&err);
	return spf_eval_new(ui->cache, &o, &err);
}

static void
ui_results_summarize(struct ui_result *r)
{
	const struct spf_outcome *o = spf_eval_outcome(r->ev);
	size_t                    i, len = 0;
	int                       n;

	r->summary[0] = '\0';
	if (o->npath > 0 && o->path[o->npath - 1].term != NULL &&
	    o->result != SPF_PERMERROR && o->result != SPF_TEMPERROR) {
		/* The root's term and the deciding one; the middle of a
		 * long path is in the tree, highlighted. */
		for (i = 0; i < o->npath && len < sizeof r->summary; i++) {
			if (i > 0 && i + 1 < o->npath && o->npath > 3) {
				if (i == 1)
					len += (size_t)snprintf(r->summary +
						len,
					    sizeof r->summary - len, " > ...");
				continue;
			}
			n = snprintf(r->summary + len, sizeof r->summary - len,
			    "%s%s", i == 0 ? "" : " > ",
			    o->path[i].term != NULL ? o->path[i].term : "?");
			if (n > 0)
				len += (size_t)n;
		}
		if (len >= sizeof r->summary)
			len = sizeof r->summary - 1;
	} else {
		snprintf(r->summary, sizeof r->summary, "%s", o->reason);
	}
	if (len < sizeof r->summary)
		snprintf(r->summary + len, sizeof r->summary - len,
		    "  [%u lookups]", o->lookups);
}

/* A short word for what a typical receiver does (receiver.h). */
static const char *
ui_results_receiver(enum spf_result r, enum dmarc_policy p, bool forwarded)
{
	(void)forwarded;
	switch (r) {
	case SPF_PASS:
		return "delivered";
	case SPF_FAIL:
		return p == DMARC_REJECT ? "rejected" : "rejected/spam";
	case SPF_SOFTFAIL:
		return p == DMARC_REJECT    ? "rejected*"
		    : p == DMARC_QUARANTINE ? "spam*"
					    : "spam folder";
	case SPF_TEMPERROR:
		return "retried (451)";
	case SPF_PERMERROR:
		return "fail or none";
	default:
		return p == DMARC_REJECT    ? "rejected*"
		    : p == DMARC_QUARANTINE ? "spam*"
					    : "delivered";
	}
}

void
ui_results_add(struct ui *ui, const char *ip)
{
	struct ui_result *r;

	if (ui->nresults == ui->capres) {
		ui->capres = ui->capres == 0 ? 16 : ui->capres * 2;
		ui->results =
		    xreallocarray(ui->results, ui->capres, sizeof *ui->results);
	}
	r = &ui->results[ui->nresults];
	memset(r, 0, sizeof *r);
	snprintf(r->ip, sizeof r->ip, "%s", ip);
	ui->hold_selection = false;
	if ((r->ev = ui_results_eval(ui, ip)) == NULL) {
		ui_message(ui, true, "'%.64s' cannot be checked", ip);
		return;
	}
	ui->nresults++;
	ui->rselected = ui->nresults - 1;
	ui_results_resume(ui);
}

void
ui_results_clear(struct ui *ui)
{
	size_t i;

	for (i = 0; i < ui->nresults; i++)
		spf_eval_free(ui->results[i].ev);
	ui->nresults = ui->rselected = ui->rtop = 0;
	ui->npath = ui->nshadow = 0;
	ui->dirty = true;
}

/* After the domain, sender or drafts changed: every test again. */
void
ui_results_rerun(struct ui *ui)
{
	size_t i;

	for (i = 0; i < ui->nresults; i++) {
		struct ui_result *r = &ui->results[i];
		/* Keep what it was, to show before -> after. */
		r->has_prev = r->done;
		if (r->done)
			r->prev = spf_eval_outcome(r->ev)->result;
		spf_eval_free(r->ev);
		r->ev = ui_results_eval(ui, r->ip);
		r->done = false;
	}
	ui->npath = ui->nshadow = 0;
	ui_results_resume(ui);
}

bool
ui_results_resume(struct ui *ui)
{
	bool   changed = false;
	size_t i;

	for (i = 0; i < ui->nresults; i++) {
		struct ui_result *r = &ui->results[i];
		if (r->done || r->ev == NULL)
			continue;
		if (spf_eval_run(r->ev) != SPF_EVAL_DONE)
			continue;
		r->done = true;
		ui_results_summarize(r);
		if (strncmp(ui->message, "testing ", 8) == 0)
			ui->message[0] = '\0'; /* the result says it now */
		if (i == ui->rselected)
			ui_results_show(ui, i);
		changed = true;
	}
	if (changed)
		ui->dirty = true;
	return changed;
}

/* Marks terms whose networks hold ip (other than the deciding path). */
static void /* NOLINTNEXTLINE(misc-no-recursion): depth <= SPF_TREE_MAX_DEPTH */
ui_results_shadow(struct ui *ui, const struct spf_tree_node *n,
    const struct ip_addr *ip, unsigned depth)
{
	size_t i, k;

	if (n == NULL || n->state != SPF_TREE_LOADED ||
	    depth > SPF_TREE_MAX_DEPTH)
		return;
	for (i = 0; i < n->nterms; i++) {
		const struct spf_tree_term *t = &n->terms[i];
		for (k = 0; k < t->nnets; k++) {
			if (ip_in_net(ip, t->nets[k].b, t->nets[k].family,
				t->nets[k].prefix) &&
			    !ui_results_on_path(ui, t)) {
				ui_results_set_add(&ui->shadow_terms,
				    &ui->nshadow, &ui->capshadow, t);
				break;
			}
		}
		ui_results_shadow(ui, t->child, ip, depth + 1);
	}
}

/* Shows test i's path in the tree: found step by step, opened and
 * highlighted; the deciding term becomes the selection. */
void
ui_results_show(struct ui *ui, size_t i)
{
	const struct spf_outcome   *o;
	const struct spf_tree_node *n;
	const struct spf_tree_term *last = NULL;
	struct ip_addr              ip;
	size_t                      s, k;

	ui->npath = ui->nshadow = 0;
	ui->dirty = true;
	if (i >= ui->nresults || !ui->results[i].done || ui->tree == NULL)
		return;
	o = spf_eval_outcome(ui->results[i].ev);
	n = spf_tree_root(ui->tree);
	for (s = 0; s < o->npath && n != NULL; s++) {
		const struct spf_step      *st = &o->path[s];
		const struct spf_tree_term *t = NULL;
		if (st->term == NULL || !dns_name_eq(st->domain, n->name) ||
		    n->state != SPF_TREE_LOADED)
			break;
		for (k = 0; k < n->nterms && t == NULL; k++)
			if (n->terms[k].term->text.len == strlen(st->term) &&
			    memcmp(n->terms[k].term->text.p, st->term,
				strlen(st->term)) == 0)
				t = &n->terms[k];
		if (t == NULL)
			break;
		ui_results_set_add(&ui->path_terms, &ui->npath, &ui->cappath,
		    t);
		if (t->child != NULL && s + 1 < o->npath)
			ui_rows_set_expanded(ui, t, true);
		last = t;
		n = t->child;
	}
	if (ip_parse(ui->results[i].ip, strlen(ui->results[i].ip), &ip)) {
		ip_unmap(&ip);
		ui_results_shadow(ui, spf_tree_root(ui->tree), &ip, 0);
	}
	if (last != NULL && !ui->hold_selection)
		ui_rows_select_term(ui, last);
	else
		ui_rows_build(ui);
}

const char *
ui_results_meaning(enum spf_result r)
{
	return spf_result_name(r);
}

void
ui_results_draw(struct ui *ui, int y, int x, int h, int w)
{
	size_t i;
	int    row, col;

	if (ui->nresults == 0) {
		ui_text_puts(y, x + 1,
		    "no tests yet: type an IPv4 or IPv6 "
		    "address at the prompt and press Enter",
		    w - 1, ui_text_attr(ui, UI_STYLE_DIM));
		return;
	}
	if (ui->rselected < ui->rtop)
		ui->rtop = ui->rselected;
	if (h > 0 && ui->rselected >= ui->rtop + (size_t)h)
		ui->rtop = ui->rselected - (size_t)h + 1;
	for (row = 0, i = ui->rtop; row < h && i < ui->nresults; row++, i++) {
		const struct ui_result *r = &ui->results[i];
		bool                    sel = i == ui->rselected;
		int                     attr = sel
					? ui_text_attr(ui,
                          ui->focus == UI_FOCUS_RESULTS ? UI_STYLE_SELECTED
									    : UI_STYLE_PATH)
					: (int)A_NORMAL;
		ui_text_fill(y + row, x, w, sel ? attr : (int)A_NORMAL);
		col = x + 1;
		col += ui_text_puts(y + row, col, r->ip, 40, attr);
		col = col < x + 18 ? x + 18 : col + 1;
		if (!r->done) {
			ui_text_puts(y + row, col, "checking...", x + w - col,
			    ui_text_attr(ui, UI_STYLE_DIM));
			continue;
		}
		{
			enum spf_result res = spf_eval_outcome(r->ev)->result;
			char            recv[48];
			/* After an edit: what it was -> what it is. */
			if (r->has_prev && r->prev != res) {
				col += ui_text_puts(y + row, col,
				    spf_result_name(r->prev), 10,
				    ui_text_attr(ui,
					ui_text_result_style(r->prev)));
				col += ui_text_puts(y + row, col, " -> ", 4,
				    (int)A_BOLD);
			}
			col += ui_text_puts(y + row, col, spf_result_name(res),
			    10, ui_text_attr(ui, ui_text_result_style(res)));
			col = col < x + 40 ? x + 40 : col + 1;
			/* The receiver column: what is done with it; "*" when
			 * only DKIM alignment can save it under DMARC. */
			snprintf(recv, sizeof recv, "%-14s",
			    ui_results_receiver(res, ui->dmarc, r->forwarder));
			col += ui_text_puts(y + row, col, recv, x + w - col,
			    ui_text_attr(ui, UI_STYLE_DIM));
			col++;
		}
		if (r->forwarder)
			col += ui_text_puts(y + row, col, "(forwarder) ",
			    x + w - col, ui_text_attr(ui, UI_STYLE_WARNING));
		if (r->label[0] != '\0' && !r->forwarder) {
			col += ui_text_puts(y + row, col, r->label, x + w - col,
			    ui_text_attr(ui, UI_STYLE_TITLE));
			col++;
		}
		ui_text_puts(y + row, col, r->summary, x + w - col, attr);
	}
}
