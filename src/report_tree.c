/* report_tree.c: the explored policy as text (a drawn tree, one line per
 * term) and as JSON (the whole model; schema in README.md). Every string
 * from DNS goes through vis_escape (text) or report_json_str (JSON). */
#include "report_tree.h"

#include <arpa/inet.h>
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_buf.h"
#include "report_json.h"
#include "spf_limits.h"
#include "str.h"
#include "xmalloc.h"

#define REPORT_TREE_NETS_SHOWN 3 /* addresses on a term's line */

/* Findings sorted by the term (or node) they concern, for lookup. */
struct report_tree_index {
	const struct lint_finding **f;
	size_t                      n;
};

static const void *
report_tree_key(const struct lint_finding *f)
{
	return f->term != NULL ? (const void *)f->term : (const void *)f->node;
}

/* By key, compared as integers: terms and nodes are separate objects, and
 * C defines < only between pointers into one array. Then by place in the
 * report (one array), so that qsort, which is not stable, keeps the
 * findings about one term in the order lint gave them. */
static int
report_tree_cmp(const void *a, const void *b)
{
	const struct lint_finding *fa = *(const struct lint_finding *const *)a;
	const struct lint_finding *fb = *(const struct lint_finding *const *)b;
	uintptr_t                  x = (uintptr_t)report_tree_key(fa);
	uintptr_t                  y = (uintptr_t)report_tree_key(fb);

	if (x != y)
		return x < y ? -1 : 1;
	return fa < fb ? -1 : fa > fb ? 1 : 0;
}

static void
report_tree_index(const struct lint_report *r, struct report_tree_index *ix)
{
	size_t i;

	ix->n = r != NULL ? r->n : 0;
	ix->f = xcalloc(ix->n, sizeof(const struct lint_finding *));
	for (i = 0; i < ix->n; i++)
		ix->f[i] = &r->f[i];
	qsort(ix->f, ix->n, sizeof(const struct lint_finding *),
	    report_tree_cmp);
}

/* The first finding about key, and how many there are. */
static size_t
report_tree_find(const struct report_tree_index *ix, const void *key,
    size_t *count)
{
	size_t lo = 0, hi = ix->n, k;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (report_tree_key(ix->f[mid]) < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	k = lo;
	while (k < ix->n && report_tree_key(ix->f[k]) == key)
		k++;
	*count = k - lo;
	return lo;
}

void
report_tree_net(const struct spf_tree_net *n, char *buf, size_t size)
{
	char a[INET6_ADDRSTRLEN];

	inet_ntop(n->family == 4 ? AF_INET : AF_INET6, n->b, a, sizeof a);
	if (n->prefix == (n->family == 4 ? 32 : 128))
		snprintf(buf, size, "%s", a);
	else
		snprintf(buf, size, "%s/%u", a, n->prefix);
}

static void
report_tree_dns_facts(struct report_buf *b, const struct spf_tree_node *n)
{
	if (n->draft) {
		report_buf_add(b, "draft", 5);
		return;
	}
	if (n->txt == NULL)
		return;
	report_buf_printf(b, "TXT %s", dns_strerror(n->txt->status));
	if (n->txt->status == DNS_OK || n->txt->status == DNS_NXDOMAIN)
		report_buf_printf(b,
		    ", TTL %u, %zu-byte answer over %s, %.1f ms", n->txt->ttl,
		    n->txt->size,
		    n->txt->from_zone ? "zone file"
			: n->txt->tcp ? "TCP"
				      : "UDP",
		    n->txt->usec / 1000.0);
}

struct report_tree_text {
	struct report_buf               b;
	const struct report_tree_index *ix;
	bool                            ascii;
	char prefix[4 * (SPF_TREE_MAX_DEPTH + 2) * 3 + 1];
};

static void
report_tree_findings(struct report_tree_text *w, const void *key,
    const char *indent)
{
	size_t i, n, first = report_tree_find(w->ix, key, &n);

	for (i = first; i < first + n; i++) {
		const struct lint_finding *f = w->ix->f[i];
		report_buf_printf(&w->b, "%s%s! %s: ", w->prefix, indent,
		    lint_severity_name(f->severity));
		report_buf_vis(&w->b, f->msg);
		report_buf_printf(&w->b, " [%s]\n", lint_kind_name(f->kind));
	}
}

static void
report_tree_term_line(struct report_tree_text *w,
    const struct spf_tree_term                *tt)
{
	const struct spf_term *t = tt->term;
	char                   net[64];
	size_t                 i;

	report_buf_visn(&w->b, t->text.p, t->text.len);
	if (tt->cost > 0)
		report_buf_printf(&w->b, "  [lookup %u/%d%s]", tt->order,
		    SPF_MAX_DNS_TERMS,
		    tt->first_past_limit ? ": PERMERROR HERE, over the limit"
			: tt->past_limit ? ", past the limit"
					 : "");
	if (tt->subtree > tt->cost)
		report_buf_printf(&w->b, "  subtree %u", tt->subtree);
	if (tt->unreached)
		report_buf_add(&w->b, "  (never reached)", 17);
	if (tt->needs[0] != '\0')
		report_buf_printf(&w->b, "  (needs %%{%s}: per sender)",
		    tt->needs);
	if (tt->voids > 0)
		report_buf_add(&w->b, "  (void lookup)", 15);
	if (tt->unasked)
		report_buf_printf(&w->b,
		    "  (not resolved: the tree asked %d "
		    "queries already)",
		    SPF_TREE_MAX_QUERIES);
	if (t->kind == SPF_MECH_MX && tt->ans != NULL)
		report_buf_printf(&w->b, "  %zu MX host%s", tt->nhosts,
		    tt->nhosts == 1 ? "" : "s");
	if (t->kind != SPF_MECH_IP4 && t->kind != SPF_MECH_IP6 &&
	    tt->nnets > 0) {
		report_buf_add(&w->b, "  ->", 4);
		for (i = 0; i < tt->nnets && i < REPORT_TREE_NETS_SHOWN; i++) {
			report_tree_net(&tt->nets[i], net, sizeof net);
			report_buf_printf(&w->b, " %s", net);
		}
		if (tt->nnets > REPORT_TREE_NETS_SHOWN)
			report_buf_printf(&w->b, " (+%zu more)",
			    tt->nnets - REPORT_TREE_NETS_SHOWN);
	}
	if (tt->target == NULL && tt->needs[0] == '\0' &&
	    (t->kind == SPF_MECH_A || t->kind == SPF_MECH_MX ||
		t->kind == SPF_MECH_INCLUDE || t->kind == SPF_MECH_EXISTS ||
		t->kind == SPF_MOD_REDIRECT))
		report_buf_add(&w->b, "  (not a valid name)", 20);
	report_buf_add(&w->b, "\n", 1);
}

static void report_tree_node_text(struct report_tree_text *w,
    const struct spf_tree_node                            *n);

/* One term and, under it, the record it leads to. */
static void /* NOLINTNEXTLINE(misc-no-recursion): depth <= SPF_TREE_MAX_DEPTH */
report_tree_term_text(struct report_tree_text *w,
    const struct spf_tree_term *tt, bool last)
{
	size_t plen = strlen(w->prefix);

	report_buf_printf(&w->b, "%s%s", w->prefix,
	    last ? (w->ascii ? "`-- " : "└── ") : (w->ascii ? "|-- " : "├── "));
	report_tree_term_line(w, tt);
	if (plen + 8 >= sizeof w->prefix)
		return;
	str_lcpy(w->prefix + plen, last ? "    " : (w->ascii ? "|   " : "│   "),
	    sizeof w->prefix - plen);
	report_tree_findings(w, tt, "");
	if (tt->child != NULL && tt->child->depth <= SPF_TREE_MAX_DEPTH)
		report_tree_node_text(w, tt->child);
	w->prefix[plen] = '\0';
}

static void /* NOLINTNEXTLINE(misc-no-recursion): depth <= SPF_TREE_MAX_DEPTH */
report_tree_node_text(struct report_tree_text *w, const struct spf_tree_node *n)
{
	size_t i, last = 0;

	report_buf_add(&w->b, w->prefix, strlen(w->prefix));
	report_buf_vis(&w->b, n->name);
	if (n->via != SPF_VIA_ROOT)
		report_buf_printf(&w->b, " (%s)", spf_via_name(n->via));
	report_buf_add(&w->b, "  ", 2);
	switch (n->state) {
	case SPF_TREE_LOADED:
		report_buf_printf(&w->b, "%u lookup%s; ", n->cost,
		    n->cost == 1 ? "" : "s");
		report_tree_dns_facts(&w->b, n);
		break;
	case SPF_TREE_WAITING:
		report_buf_add(&w->b, "resolving...", 12);
		break;
	case SPF_TREE_NONE:
		report_buf_add(&w->b, "no SPF record; ", 15);
		report_tree_dns_facts(&w->b, n);
		break;
	case SPF_TREE_DNSERR:
		report_buf_add(&w->b, "DNS error: ", 11);
		report_tree_dns_facts(&w->b, n);
		break;
	case SPF_TREE_BROKEN:
		report_buf_add(&w->b, "broken: ", 8);
		report_buf_vis(&w->b, n->err.msg);
		break;
	case SPF_TREE_LOOP:
		report_buf_add(&w->b, "loop: already on the path above", 31);
		break;
	case SPF_TREE_CUT:
		report_buf_add(&w->b, "not loaded: the tree's bound", 28);
		break;
	}
	report_buf_add(&w->b, "\n", 1);
	report_tree_findings(w, n, "  ");
	if (n->state == SPF_TREE_BROKEN && n->text != NULL) {
		size_t col = vis_escape(NULL, 0, n->text,
		    n->err.off < n->len ? n->err.off : n->len);
		report_buf_printf(&w->b, "%s  ", w->prefix);
		report_buf_visn(&w->b, n->text, n->len);
		report_buf_printf(&w->b, "\n%s  %*s^\n", w->prefix, (int)col,
		    "");
	}
	if (n->state != SPF_TREE_LOADED)
		return;
	for (i = 0; i < n->nterms; i++)
		last = i;
	for (i = 0; i < n->nterms; i++)
		report_tree_term_text(w, &n->terms[i], i == last);
}

char *
report_tree_text(const struct report_tree_in *in)
{
	const struct spf_tree_totals *tot = spf_tree_totals(in->tree);
	struct report_tree_index      ix;
	struct report_tree_text       w;
	size_t                        i, sev[3] = { 0, 0, 0 };

	memset(&w, 0, sizeof w);
	report_tree_index(in->lint, &ix);
	w.ix = &ix;
	w.ascii = in->ascii;
	report_tree_node_text(&w, spf_tree_root(in->tree));
	report_buf_printf(&w.b, "\nlookups      %u of %d%s\n", tot->lookups,
	    SPF_MAX_DNS_TERMS,
	    tot->lookups > SPF_MAX_DNS_TERMS
		? ": OVER THE LIMIT, receivers give permerror"
		: "");
	report_buf_printf(&w.b, "void lookups %u of %d%s\n", tot->voids,
	    SPF_MAX_VOID, tot->voids > SPF_MAX_VOID ? ": OVER THE LIMIT" : "");
	report_buf_printf(&w.b,
	    "records      %u, %u level%s deep; %u MX "
	    "name%s, %u ptr term%s\n",
	    tot->records, tot->depth, tot->depth == 1 ? "" : "s", tot->mx_names,
	    tot->mx_names == 1 ? "" : "s", tot->ptr_terms,
	    tot->ptr_terms == 1 ? "" : "s");
	report_buf_printf(&w.b, "authorized   %llu IPv4 address%s, ",
	    (unsigned long long)tot->v4_addrs, tot->v4_addrs == 1 ? "" : "es");
	if (tot->v6_addrs >= 1.0)
		report_buf_printf(&w.b, "2^%.1f IPv6 addresses\n",
		    log2(tot->v6_addrs));
	else
		report_buf_add(&w.b, "no IPv6 address\n", 16);
	for (i = 0; in->lint != NULL && i < in->lint->n; i++)
		sev[in->lint->f[i].severity]++;
	report_buf_printf(&w.b,
	    "findings     %zu error%s, %zu warning%s, "
	    "%zu note%s\n",
	    sev[LINT_ERROR], sev[LINT_ERROR] == 1 ? "" : "s", sev[LINT_WARNING],
	    sev[LINT_WARNING] == 1 ? "" : "s", sev[LINT_INFO],
	    sev[LINT_INFO] == 1 ? "" : "s");
	free(ix.f);
	return w.b.p;
}
