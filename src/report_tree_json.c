/* report_tree_json.c: the whole explored policy as JSON (schema in
 * README.md). Strings from DNS pass through report_json_str(). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "report_json.h"
#include "report_tree.h"
#include "spf_limits.h"
#include "xmalloc.h"

static json_t *
report_tree_json_finding(const struct lint_finding *f)
{
	return json_pack("{s:s,s:s,s:o}", "kind", lint_kind_name(f->kind),
	    "severity", lint_severity_name(f->severity), "message",
	    report_json_str(f->msg));
}

/* Findings about key (a term, or a node with term NULL). */
static json_t *
report_tree_json_findings(const struct lint_report *r, const void *node,
    const void *term)
{
	json_t *a = json_array();
	size_t  i;

	for (i = 0; r != NULL && i < r->n; i++)
		if ((term != NULL && r->f[i].term == term) ||
		    (term == NULL && r->f[i].term == NULL &&
			r->f[i].node == node))
			json_array_append_new(a,
			    report_tree_json_finding(&r->f[i]));
	return a;
}

static json_t *
report_tree_json_answer(const struct dns_answer *a)
{
	if (a == NULL)
		return json_null();
	return json_pack("{s:s,s:i,s:i,s:I,s:b,s:b,s:f}", "status",
	    dns_strerror(a->status), "rcode", a->rcode, "ttl", (int)a->ttl,
	    "size", (json_int_t)a->size, "tcp", a->tcp, "zone_file",
	    a->from_zone, "ms", a->usec / 1000.0);
}

static json_t *
report_tree_json_nets(const struct spf_tree_net *nets, size_t n)
{
	json_t *a = json_array();
	char    buf[64];
	size_t  i;

	for (i = 0; i < n; i++) {
		report_tree_net(&nets[i], buf, sizeof buf);
		json_array_append_new(a, json_string(buf));
	}
	return a;
}

static json_t *report_tree_json_node(const struct spf_tree_node *n,
    const struct lint_report                                    *r);

/* NOLINTBEGIN(misc-no-recursion): depth <= SPF_TREE_MAX_DEPTH */
static json_t *
report_tree_json_term(const struct spf_tree_term *tt,
    const struct lint_report                     *r)
{
	static const char     *quals[] = { "+", "-", "~", "?" };
	const struct spf_term *t = tt->term;
	json_t                *j, *hosts = json_array();
	size_t                 i;

	for (i = 0; i < tt->nhosts; i++)
		json_array_append_new(hosts,
		    json_pack("{s:o,s:i,s:o,s:o}", "name",
			report_json_str(tt->hosts[i].name), "preference",
			tt->hosts[i].pref, "a",
			report_tree_json_answer(tt->hosts[i].a), "aaaa",
			report_tree_json_answer(tt->hosts[i].aaaa)));
	j = json_pack("{s:o,s:s,s:s,s:I,s:o,s:o}", "text",
	    report_json_strn(t->text.p, t->text.len), "kind",
	    spf_kind_name(t->kind), "qualifier", quals[t->qual], "offset",
	    (json_int_t)t->off, "target",
	    tt->target != NULL ? report_json_str(tt->target) : json_null(),
	    "needs",
	    tt->needs[0] != '\0' ? json_string(tt->needs) : json_null());
	json_object_set_new(j, "cost", json_integer(tt->cost));
	json_object_set_new(j, "subtree", json_integer(tt->subtree));
	json_object_set_new(j, "order",
	    tt->order > 0 ? json_integer(tt->order) : json_null());
	json_object_set_new(j, "past_limit", json_boolean(tt->past_limit));
	json_object_set_new(j, "first_past_limit",
	    json_boolean(tt->first_past_limit));
	json_object_set_new(j, "unreached", json_boolean(tt->unreached));
	json_object_set_new(j, "voids", json_integer(tt->voids));
	json_object_set_new(j, "unasked", json_boolean(tt->unasked));
	json_object_set_new(j, "dns", report_tree_json_answer(tt->ans));
	if (tt->ans6 != NULL)
		json_object_set_new(j, "dns_aaaa",
		    report_tree_json_answer(tt->ans6));
	json_object_set_new(j, "networks",
	    report_tree_json_nets(tt->nets, tt->nnets));
	json_object_set_new(j, "mx_hosts", hosts);
	json_object_set_new(j, "findings",
	    report_tree_json_findings(r, tt->node, tt));
	json_object_set_new(j, "record",
	    tt->child != NULL && tt->child->depth <= SPF_TREE_MAX_DEPTH
		? report_tree_json_node(tt->child, r)
		: json_null());
	return j;
}

static json_t *
report_tree_json_node(const struct spf_tree_node *n,
    const struct lint_report                     *r)
{
	json_t *j, *terms = json_array(), *strings = json_array();
	size_t  i = 0;

	if (n->rr != NULL) {
		/* The strings as published: RFC 7208 3.3 joins them. */
		while (i < n->rr->len) {
			size_t k = n->rr->data[i++];
			if (n->rr->len - i < k)
				break;
			json_array_append_new(strings,
			    report_json_strn((const char *)n->rr->data + i, k));
			i += k;
		}
	}
	for (i = 0; n->state == SPF_TREE_LOADED && i < n->nterms; i++)
		json_array_append_new(terms,
		    report_tree_json_term(&n->terms[i], r));
	j = json_pack("{s:o,s:s,s:i,s:s,s:b}", "name", report_json_str(n->name),
	    "via", spf_via_name(n->via), "depth", (int)n->depth, "state",
	    spf_tree_state_name(n->state), "draft", n->draft);
	json_object_set_new(j, "text",
	    n->text != NULL ? report_json_strn(n->text, n->len) : json_null());
	json_object_set_new(j, "strings", strings);
	json_object_set_new(j, "spf_records",
	    json_integer((json_int_t)n->nspf));
	json_object_set_new(j, "dns", report_tree_json_answer(n->txt));
	json_object_set_new(j, "error",
	    n->state == SPF_TREE_BROKEN
		? json_pack("{s:o,s:I}", "message", report_json_str(n->err.msg),
		      "offset", (json_int_t)n->err.off)
		: json_null());
	json_object_set_new(j, "cost", json_integer(n->cost));
	json_object_set_new(j, "findings",
	    report_tree_json_findings(r, n, NULL));
	json_object_set_new(j, "terms", terms);
	return j;
}
/* NOLINTEND(misc-no-recursion) */

char *
report_tree_json(const struct report_tree_in *in)
{
	const struct spf_tree_totals *t = spf_tree_totals(in->tree);
	json_t                       *root, *all = json_array();
	char                         *s, *r;
	size_t                        i, n;

	for (i = 0; in->lint != NULL && i < in->lint->n; i++) {
		const struct lint_finding *f = &in->lint->f[i];
		json_t                    *j = report_tree_json_finding(f);
		json_object_set_new(j, "record",
		    report_json_str(f->node->name));
		json_object_set_new(j, "term",
		    f->term != NULL ? report_json_strn(f->term->term->text.p,
					  f->term->term->text.len)
				    : json_null());
		json_array_append_new(all, j);
	}
	root = json_pack("{s:o,s:{s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:I,s:f}}",
	    "domain", report_json_str(spf_tree_root(in->tree)->name), "totals",
	    "lookups", (int)t->lookups, "lookup_limit", SPF_MAX_DNS_TERMS,
	    "void_lookups", (int)t->voids, "void_limit", SPF_MAX_VOID,
	    "mx_names", (int)t->mx_names, "ptr_terms", (int)t->ptr_terms,
	    "records", (int)t->records, "depth", (int)t->depth,
	    "ipv4_addresses", (json_int_t)t->v4_addrs, "ipv6_addresses",
	    t->v6_addrs);
	json_object_set_new(root, "dns_queries", json_integer(in->queries));
	json_object_set_new(root, "load_ms", json_real(in->ms));
	json_object_set_new(root, "root",
	    report_tree_json_node(spf_tree_root(in->tree), in->lint));
	json_object_set_new(root, "findings", all);
	/* ENSURE_ASCII: C1 controls never reach a terminal raw. */
	s = json_dumps(root,
	    JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
	json_decref(root);
	if (s == NULL)
		return xstrdup("{}\n");
	n = strlen(s);
	r = xmalloc(n + 2);
	memcpy(r, s, n);
	r[n] = '\n';
	r[n + 1] = '\0';
	free(s);
	return r;
}
