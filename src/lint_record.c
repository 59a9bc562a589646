/* lint_record.c: what a record says by itself, once per record however
 * often the walk reaches it: a state other than loaded (no record, loop,
 * DNS error, cut: at the include or redirect= that names it, or at the
 * root), its syntax and number of SPF records, how its TXT strings and
 * answer are published, and whether it ends with neither "all" nor
 * redirect=. It reads the tree and adds findings to lint's report; it
 * owns nothing. */
#include "lint_int.h"

#include <string.h>

/* Why a name has no SPF record, from its TXT answer. */
static const char *
lint_record_none_why(const struct spf_tree_node *n)
{
	if (n->txt == NULL)
		return "no answer";
	if (n->txt->status == DNS_NXDOMAIN)
		return "NXDOMAIN";
	if (n->txt->status == DNS_BADNAME)
		return "not a valid name";
	if (n->txt->nrr == 0)
		return "no TXT record";
	return "no TXT record starts with v=spf1";
}

/* A target that did not load: attached to the term that names it. */
static void
lint_record_target(struct lint *l, const struct spf_tree_node *n,
    const struct spf_tree_term *from, size_t rank)
{
	bool        redir = from->term->kind == SPF_MOD_REDIRECT;
	char        q[LINT_QUOTE + 4], nm[LINT_QUOTE + 4];
	const char *name = lint_quote_name(nm, sizeof nm, n->name);

	lint_quote_term(q, sizeof q, from);
	switch (n->state) {
	case SPF_TREE_WAITING:
		lint_add(l, LINT_CUT, LINT_INFO, NULL, from, rank,
		    "'%s': %s is not loaded yet: its TXT answer has not "
		    "arrived",
		    q, name);
		break;
	case SPF_TREE_CUT:
		lint_add(l, LINT_CUT, LINT_INFO, NULL, from, rank,
		    "'%s': %s is not loaded: the tree stops at %d levels, "
		    "%d records, %d terms below the root and %d queries",
		    q, name, SPF_TREE_MAX_DEPTH, SPF_TREE_MAX_RECORDS,
		    SPF_TREE_MAX_TERMS, SPF_TREE_MAX_QUERIES);
		break;
	case SPF_TREE_LOOP:
		/* 4.6.4/1: the lookup limit is what ends the recursion. */
		lint_add(l, LINT_LOOP, LINT_ERROR, NULL, from, rank,
		    "'%s' loops back to %s, already on the path from the "
		    "root: check_host() gives permerror (RFC 7208 4.6.4/1)",
		    q, name);
		break;
	case SPF_TREE_NONE:
		lint_add(l, LINT_NO_RECORD, LINT_ERROR, NULL, from, rank,
		    "'%s': %s has no SPF record (%s): check_host() gives "
		    "permerror (RFC 7208 %s)",
		    q, name, lint_record_none_why(n),
		    redir ? "6.1/4" : "5.2/9");
		break;
	case SPF_TREE_DNSERR:
		lint_add(l, LINT_DNS_ERROR, LINT_ERROR, NULL, from, rank,
		    "'%s': TXT lookup of %s: %s: check_host() gives "
		    "temperror (RFC 7208 4.4/2)",
		    q, name,
		    dns_strerror(n->txt != NULL ? n->txt->status : DNS_NETERR));
		break;
	default:
		break;
	}
}

/* The root's state, when it is not a record. */
static void
lint_record_root(struct lint *l, const struct spf_tree_node *n, size_t rank)
{
	char nm[LINT_QUOTE + 4];

	lint_quote_name(nm, sizeof nm, n->name);
	switch (n->state) {
	case SPF_TREE_WAITING:
		lint_add(l, LINT_CUT, LINT_INFO, n, NULL, rank,
		    "%s is not loaded yet: its TXT answer has not arrived", nm);
		break;
	case SPF_TREE_NONE:
		/* CHOICE: a warning, not info: with no record, check_host()
		 * gives none and anyone can send as the domain (2.6.1). */
		lint_add(l, LINT_NO_RECORD, LINT_WARNING, n, NULL, rank,
		    "%s publishes no SPF record (%s): check_host() gives "
		    "none, so anyone can send as it (RFC 7208 2.6.1)",
		    nm, lint_record_none_why(n));
		break;
	case SPF_TREE_DNSERR:
		lint_add(l, LINT_DNS_ERROR, LINT_ERROR, n, NULL, rank,
		    "TXT lookup of %s: %s: check_host() gives temperror (RFC "
		    "7208 4.4/2)",
		    nm,
		    dns_strerror(n->txt != NULL ? n->txt->status : DNS_NETERR));
		break;
	default:
		break;
	}
}

/* The number (from 1) of a 255-byte TXT string that another follows,
 * or 0. A zone file may hold one quoted string over 255 bytes:
 * libzscanner splits it so, where BIND and NSD refuse the zone. */
static size_t
lint_record_split(const struct dns_rr *rr)
{
	size_t i = 0, idx = 0;

	while (i < rr->len) {
		size_t k = rr->data[i++];
		if (rr->len - i < k)
			return 0;
		i += k;
		idx++;
		if (k == 255 && i < rr->len)
			return idx;
	}
	return 0;
}

/* STRING_LONG and ANSWER_LARGE: how the record is published (3.3, 3.4). */
static void
lint_record_strings(struct lint *l, const struct spf_tree_node *n, size_t rank)
{
	char   nm[LINT_QUOTE + 4];
	size_t idx;

	lint_quote_name(nm, sizeof nm, n->name);
	if (n->draft && n->len > 255)
		lint_add(l, LINT_STRING_LONG, LINT_INFO, n, NULL, rank,
		    "the draft for %s is %zu bytes: publish it as strings of "
		    "at most 255 bytes, joined without spaces (RFC 7208 3.3)",
		    nm, n->len);
	/* From a network answer, 255 + more is an ordinary split. */
	if (n->rr != NULL && n->txt != NULL && n->txt->from_zone &&
	    (idx = lint_record_split(n->rr)) > 0)
		lint_add(l, LINT_STRING_LONG, LINT_INFO, n, NULL, rank,
		    "%s: TXT string %zu is 255 bytes and string %zu "
		    "continues it: BIND and NSD refuse a quoted string over "
		    "255 bytes; split it yourself (RFC 7208 3.3)",
		    nm, idx, idx + 1);
	if (n->txt != NULL && n->txt->size > 512) {
		lint_add(l, LINT_ANSWER_LARGE, LINT_WARNING, n, NULL, rank,
		    "the TXT answer for %s is %zu bytes, over 512: it needs "
		    "EDNS or TCP%s, and some receivers give temperror (RFC "
		    "7208 3.4)",
		    nm, n->txt->size, n->txt->tcp ? " (it came over TCP)" : "");
	} else if (n->draft) {
		/* Header, question, one TXT RR with its length bytes. */
		size_t est = 12 + strlen(n->name) + 2 + 4 + 12 + n->len +
		    (n->len + 254) / 255;
		if (est > 512)
			lint_add(l, LINT_ANSWER_LARGE, LINT_WARNING, n, NULL,
			    rank,
			    "the draft for %s makes a TXT answer of about "
			    "%zu bytes, over 512: it needs EDNS or TCP, and "
			    "some receivers give temperror (RFC 7208 3.4)",
			    nm, est);
	}
}

/* What a record says by itself: its state, its syntax, its strings. */
static void
lint_record_alone(struct lint *l, const struct spf_tree_node *n,
    const struct spf_tree_term *from, size_t rank)
{
	char nm[LINT_QUOTE + 4];

	lint_quote_name(nm, sizeof nm, n->name);
	switch (n->state) {
	case SPF_TREE_BROKEN:
		/* 4.5/6, 4.6: an included or redirected record that is
		 * broken makes the whole check a permerror (5.2, 6.1). */
		if (n->nspf > 1)
			lint_add(l, LINT_MULTIPLE_RECORDS, LINT_ERROR, n, NULL,
			    rank,
			    "%s publishes %zu SPF records: check_host() "
			    "gives permerror (RFC 7208 4.5/6)",
			    nm, n->nspf);
		else
			lint_add(l, LINT_SYNTAX, LINT_ERROR, n, NULL, rank,
			    "%s: %s: check_host() gives permerror (RFC 7208 "
			    "4.6)",
			    nm, n->err.msg);
		lint_record_strings(l, n, rank);
		break;
	case SPF_TREE_LOADED:
		lint_record_strings(l, n, rank);
		break;
	default:
		if (from != NULL)
			lint_record_target(l, n, from, rank);
		else
			lint_record_root(l, n, rank);
		break;
	}
}

/* A record reached through from (NULL for the root); true when it has
 * terms to walk. q is what its matches make of the root's result; a
 * repeat was linted before, and only its context is new. */
bool
lint_record_visit(struct lint *l, const struct spf_tree_node *n,
    const struct spf_tree_term *from, int q, size_t rank, bool repeat)
{
	char   nm[LINT_QUOTE + 4];
	size_t i;
	bool   has_all = false;

	if (!repeat)
		lint_record_alone(l, n, from, rank);
	if (n->state != SPF_TREE_LOADED)
		return false;
	for (i = 0; i < n->nterms; i++)
		if (n->terms[i].term->kind == SPF_MECH_ALL)
			has_all = true;
	/* 4.7/1: only the records whose result is the root's matter. */
	if (q == LINT_SELF && !has_all && n->rec->redirect < 0)
		lint_add(l, LINT_NO_ALL, LINT_WARNING, n, NULL, rank,
		    "%s has no 'all' and no 'redirect=': a client that "
		    "matches nothing gets neutral, which protects no one "
		    "(RFC 7208 4.7/1)",
		    lint_quote_name(nm, sizeof nm, n->name));
	return n->nterms > 0;
}

/* The record's first "all", following redirect= while there is none. */
const struct spf_tree_term *
lint_record_final_all(const struct spf_tree_node *n)
{
	unsigned hops;
	size_t   i;

	for (hops = 0; n != NULL && hops <= SPF_TREE_MAX_DEPTH; hops++) {
		if (n->state != SPF_TREE_LOADED)
			return NULL;
		for (i = 0; i < n->nterms; i++)
			if (n->terms[i].term->kind == SPF_MECH_ALL)
				return &n->terms[i];
		if (n->rec->redirect < 0)
			return NULL;
		n = n->terms[n->rec->redirect].child;
	}
	return NULL;
}
