/* ui_detail.c: the detail pane for the selected line: the term or record
 * in full, what it means and which check_host() rule applies, where it
 * came from, its DNS facts, every address, and its findings. Built as
 * lines, then drawn from detail_top (PgUp/PgDn scroll it). */
#include "ui.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_tree.h"
#include "spf_limits.h"
#include "ui_curses.h"
#include "vis.h"
#include "xmalloc.h"

#define UI_DETAIL_MAX_LINES 4096

struct ui_detail_line {
	char  *text; /* raw bytes (escaped when drawn): may hold NUL */
	size_t len;
	int    attr;
};

struct ui_detail {
	struct ui_detail_line *l;
	size_t                 n, cap;
	int                    width;
};

static void
ui_detail_add(struct ui_detail *d, int attr, const char *s, size_t len)
{
	if (d->n == UI_DETAIL_MAX_LINES)
		return;
	if (d->n == UI_DETAIL_MAX_LINES - 1) {
		/* The cap says so, rather than cut without a word. */
		s = "(more lines not shown)";
		len = strlen(s);
		attr = (int)A_DIM;
	}
	if (d->n == d->cap) {
		d->cap = d->cap == 0 ? 64 : d->cap * 2;
		d->l = xreallocarray(d->l, d->cap, sizeof *d->l);
	}
	d->l[d->n].text = xmemdup0(s, len);
	d->l[d->n].len = len;
	d->l[d->n++].attr = attr;
}

/* One unit of raw text (a character, or a byte that is not one) and the
 * columns it takes once ui_text_put() has escaped it. */
static size_t
ui_detail_unit(const char *p, size_t left, int *cols)
{
	mbstate_t st;
	wchar_t   wc;
	size_t    k;
	int       w = -1;

	memset(&st, 0, sizeof st);
	k = mbrtowc(&wc, p, left, &st);
	if (k == (size_t)-1 || k == (size_t)-2) {
		*cols = 4; /* \xNN */
		return 1;
	}
	if (k == 0)
		k = 1; /* NUL */
	if (wc >= 0x20 && wc != 0x7f && wc != '\\' &&
	    !(wc >= 0x80 && wc < 0xa0))
		w = wcwidth(wc);
	*cols = w >= 0 ? w : (int)vis_escape(NULL, 0, p, k);
	return k;
}

/* Adds raw text wrapped to the pane's width, at spaces where it can. The
 * width is counted as drawn, escapes included, so hostile text is cut
 * into lines that fit, never at the pane's edge out of reach. */
static void
ui_detail_wrap(struct ui_detail *d, int attr, const char *indent, const char *s,
    size_t len)
{
	int    width = d->width - (int)strlen(indent), cols, c;
	size_t i, start = 0, brk, k;
	char  *line;

	if (width < 8)
		width = 8;
	while (start < len) {
		cols = 0;
		brk = 0;
		for (i = start; i < len; i += k) {
			k = ui_detail_unit(s + i, len - i, &c);
			if (cols + c > width)
				break;
			cols += c;
			if (s[i] == ' ')
				brk = i + 1;
		}
		if (i < len && brk > start + (i - start) / 2)
			i = brk;
		if (i == start) /* a unit wider than the pane: alone */
			i += ui_detail_unit(s + i, len - i, &c);
		k = strlen(indent);
		line = xmalloc(k + (i - start) + 1);
		memcpy(line, indent, k);
		memcpy(line + k, s + start, i - start);
		ui_detail_add(d, attr, line, k + (i - start));
		free(line);
		start = i;
	}
}

static void ui_detail_printf(struct ui_detail *d, int attr, const char *fmt,
    ...) __attribute__((format(printf, 3, 4)));

static void
ui_detail_printf(struct ui_detail *d, int attr, const char *fmt, ...)
{
	char    buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	ui_detail_wrap(d, attr, "", buf, strlen(buf));
}

/* One plain sentence per kind: what it means, which rule applies. */
static const char *
ui_detail_meaning(enum spf_kind k)
{
	switch (k) {
	case SPF_MECH_ALL:
		return "all matches every client: whoever no earlier term "
		       "matched gets this qualifier's result (RFC 7208 5.1).";
	case SPF_MECH_INCLUDE:
		return "include only matches when the included record passes; "
		       "its -all or ~all does not decide for you: fail, "
		       "softfail and neutral just mean no match here (5.2).";
	case SPF_MECH_A:
		return "a matches when the client's address is an A (IPv4) or "
		       "AAAA (IPv6) record of the target, within the CIDR "
		       "length (5.3).";
	case SPF_MECH_MX:
		return "mx matches when the client is one of the target's mail "
		       "exchangers; more than 10 MX names is a permerror (5.4, "
		       "4.6.4).";
	case SPF_MECH_PTR:
		return "ptr matches when a reverse name of the client, checked "
		       "forward, ends in the target; slow, and the RFC says "
		       "not to use it (5.5).";
	case SPF_MECH_IP4:
	case SPF_MECH_IP6:
		return "matches clients in this network; ip4 never matches an "
		       "IPv6 client, nor ip6 an IPv4 one (5.6).";
	case SPF_MECH_EXISTS:
		return "exists matches when the target has any A record, "
		       "whatever the client; it is meant for macros (5.7).";
	case SPF_MOD_REDIRECT:
		return "redirect hands the whole decision to the target's "
		       "record, but only when no term here matched, and never "
		       "when the record has all (6.1).";
	case SPF_MOD_EXP:
		return "exp names the TXT record whose text explains a fail "
		       "to the sender (6.2).";
	case SPF_MOD_UNKNOWN:
		return "an unknown modifier: receivers ignore it (6).";
	}
	return "";
}

static void
ui_detail_answer(struct ui_detail *d, const char *what,
    const struct dns_answer *a)
{
	if (a == NULL)
		return;
	ui_detail_printf(d, A_NORMAL,
	    "%s %s: %s, %zu record%s, TTL %u, "
	    "%zu bytes, %s, %.1f ms",
	    dns_type_name(a->type), what, dns_strerror(a->status), a->nrr,
	    a->nrr == 1 ? "" : "s", a->ttl, a->size,
	    a->from_zone ? "zone file"
		: a->tcp ? "TCP"
			 : "UDP",
	    a->usec / 1000.0);
}

static void
ui_detail_findings(struct ui_detail *d, const struct ui *ui,
    const struct spf_tree_node *n, const struct spf_tree_term *t)
{
	size_t i;
	bool   head = false;

	for (i = 0; i < ui->lint.n; i++) {
		const struct lint_finding *f = &ui->lint.f[i];
		char                       line[512];
		if (t != NULL ? f->term != t
			      : (f->term != NULL || f->node != n))
			continue;
		if (!head)
			ui_detail_add(d, A_BOLD, "findings", 8);
		head = true;
		snprintf(line, sizeof line, "%s: %s",
		    lint_severity_name(f->severity), f->msg);
		ui_detail_wrap(d,
		    ui_text_attr(ui,
			f->severity == LINT_ERROR         ? UI_STYLE_ERROR
			    : f->severity == LINT_WARNING ? UI_STYLE_WARNING
							  : UI_STYLE_NORMAL),
		    "  ", line, strlen(line));
	}
}

static void
ui_detail_record(struct ui_detail *d, const struct ui *ui,
    const struct spf_tree_node *n)
{
	ui_detail_printf(d, A_BOLD, "%s", n->name);
	ui_detail_printf(d, A_NORMAL, "reached by %s, depth %u; %s%s",
	    spf_via_name(n->via), n->depth, spf_tree_state_name(n->state),
	    n->draft ? " (draft)" : "");
	ui_detail_answer(d, "of the record", n->txt);
	if (n->text != NULL) {
		ui_detail_add(d, A_BOLD, "record", 6);
		ui_detail_wrap(d, A_NORMAL, "  ", n->text, n->len);
	}
	if (n->state == SPF_TREE_BROKEN)
		ui_detail_printf(d, ui_text_attr(ui, UI_STYLE_ERROR), "%s",
		    n->err.msg);
	if (n->state == SPF_TREE_LOADED)
		ui_detail_printf(d, A_NORMAL,
		    "%u lookups in this record and "
		    "below",
		    n->cost);
	ui_detail_findings(d, ui, n, NULL);
}

static void
ui_detail_term(struct ui_detail *d, const struct ui *ui,
    const struct spf_tree_term *t)
{
	static const char *qual[] = { "+ pass", "- fail", "~ softfail",
		"? neutral" };
	char               net[64];
	size_t             i;

	ui_detail_wrap(d, A_BOLD, "", t->term->text.p, t->term->text.len);
	if (t->term->kind < SPF_MOD_REDIRECT)
		ui_detail_printf(d, A_NORMAL, "qualifier %s: a match gives %s",
		    qual[t->term->qual], qual[t->term->qual] + 2);
	ui_detail_printf(d, A_NORMAL, "in %s (%s), term %zu", t->node->name,
	    spf_via_name(t->node->via), t->index + 1);
	ui_detail_printf(d, ui_text_attr(ui, UI_STYLE_DIM), "%s",
	    ui_detail_meaning(t->term->kind));
	if (t->cost > 0)
		ui_detail_printf(d,
		    t->past_limit ? ui_text_attr(ui, UI_STYLE_ERROR)
				  : (int)A_NORMAL,
		    "lookup %u of %d%s; %u with "
		    "what it leads to",
		    t->order, SPF_MAX_DNS_TERMS,
		    t->first_past_limit ? ": receivers stop here with "
					  "permerror"
			: t->past_limit ? ": past the limit"
					: "",
		    t->subtree);
	if (t->unreached)
		ui_detail_printf(d, A_DIM,
		    "never evaluated: an earlier all "
		    "always matches");
	if (t->target != NULL)
		ui_detail_printf(d, A_NORMAL, "target %s", t->target);
	if (t->needs[0] != '\0')
		ui_detail_printf(d, A_NORMAL,
		    "depends on the client: needs "
		    "%%{%s}; give it with 'sender', 'helo' or a test",
		    t->needs);
	ui_detail_answer(d, "", t->ans);
	ui_detail_answer(d, "", t->ans6);
	for (i = 0; i < t->nhosts; i++)
		ui_detail_printf(d, A_NORMAL, "MX %u %s", t->hosts[i].pref,
		    t->hosts[i].name);
	if (t->voids > 0)
		ui_detail_printf(d, ui_text_attr(ui, UI_STYLE_WARNING),
		    "void lookup: no record found (at most %d allowed)",
		    SPF_MAX_VOID);
	if (t->nnets > 0)
		ui_detail_printf(d, A_BOLD, "%zu address%s", t->nnets,
		    t->nnets == 1 ? "" : "es");
	for (i = 0; i < t->nnets; i++) {
		report_tree_net(&t->nets[i], net, sizeof net);
		ui_detail_printf(d, A_NORMAL, "  %s", net);
	}
	ui_detail_findings(d, ui, t->node, t);
	if (t->child != NULL) {
		ui_detail_add(d, A_NORMAL, "", 0);
		ui_detail_record(d, ui, t->child);
	}
}

void
ui_detail_draw(struct ui *ui, int y, int x, int h, int w)
{
	struct ui_detail d;
	size_t           i;
	int              row;

	memset(&d, 0, sizeof d);
	d.width = w - 1;
	if (ui->tree != NULL && ui->selected < ui->nrows) {
		const struct ui_row *r = &ui->rows[ui->selected];
		if (r->term != NULL)
			ui_detail_term(&d, ui, r->term);
		else
			ui_detail_record(&d, ui, r->node);
	}
	if (ui->detail_top > 0 && ui->detail_top >= d.n)
		ui->detail_top = d.n > 0 ? d.n - 1 : 0;
	for (row = 0, i = ui->detail_top; row < h && i < d.n; row++, i++)
		ui_text_put(y + row, x + 1, d.l[i].text, d.l[i].len, w - 1,
		    d.l[i].attr);
	if (d.n > (size_t)h && h > 0)
		ui_text_puts(y + h - 1, x + w - 12,
		    i < d.n ? " PgDn: more " : " PgUp: back ", 12,
		    ui_text_attr(ui, UI_STYLE_DIM));
	for (i = 0; i < d.n; i++)
		free(d.l[i].text);
	free(d.l);
}
