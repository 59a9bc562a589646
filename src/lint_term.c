/* lint_term.c: what a term does when check_host() tries it, in the
 * walk's order: the lookup and void-lookup limits, "all" that passes or
 * says nothing, terms never evaluated (after "all", an ignored
 * redirect=), ptr, an mx over the MX name limit, a target that is not a
 * domain, failed lookups and macros known only per test. It hands
 * networks to lint_net.c and includes to lint_incl.c. It reads the tree
 * and the walk's frame and adds findings to lint's report; it owns
 * nothing. */
#include "lint_int.h"

#include <stdio.h>
#include <string.h>

#include "spf_limits.h"

static int
lint_term_eff(int q, const struct spf_tree_term *tt)
{
	if (q == LINT_SELF)
		return (int)tt->term->qual;
	if (q == LINT_NOMATCH || tt->term->qual != SPF_QUAL_PASS)
		return LINT_NOMATCH;
	return q;
}

/* A term check_host() never evaluates (5.1, 6.1). */
static void
lint_term_unreached(struct lint *l, struct lint_frame *f,
    const struct spf_tree_term *tt, size_t rank)
{
	const struct spf_tree_node *n = f->n;
	const struct spf_tree_term *all = lint_record_final_all(n);
	char                        q[LINT_QUOTE + 4], qa[LINT_QUOTE + 4];
	char                        more[48] = "";
	size_t                      i, count = 0;
	enum spf_kind               k = tt->term->kind;

	lint_quote_term(q, sizeof q, tt);
	if (all != NULL)
		lint_quote_term(qa, sizeof qa, all);
	else
		str_lcpy(qa, "all", sizeof qa);
	if (k == SPF_MOD_REDIRECT) {
		lint_add(l, LINT_REDIRECT_IGNORED, LINT_WARNING, NULL, tt, rank,
		    "'%s' is ignored: the record has '%s', which always "
		    "matches (RFC 7208 6.1)",
		    q, qa);
		return;
	}
	if (k == SPF_MOD_EXP || k == SPF_MOD_UNKNOWN || f->after_all)
		return;
	f->after_all = true;
	for (i = tt->index + 1; i < n->nterms; i++) {
		k = n->terms[i].term->kind;
		if (k != SPF_MOD_REDIRECT && k != SPF_MOD_EXP &&
		    k != SPF_MOD_UNKNOWN)
			count++;
	}
	if (count > 0)
		snprintf(more, sizeof more, " and %zu more terms", count);
	lint_add(l, LINT_AFTER_ALL, LINT_WARNING, NULL, tt, rank,
	    "'%s'%s after '%s' %s never evaluated: 'all' always matches (RFC "
	    "7208 5.1)",
	    q, more, qa, count > 0 ? "are" : "is");
}

/* 4.6.4/7: void lookups, counted in evaluation order. */
static void
lint_term_voids(struct lint *l, const struct spf_tree_term *tt, size_t rank,
    bool repeat)
{
	const struct dns_answer *a = tt->ans;
	unsigned                 before = l->voids;
	enum spf_kind            k = tt->term->kind;
	char                     q[LINT_QUOTE + 4], nm[LINT_QUOTE + 4];
	const char              *what;

	if (tt->voids == 0)
		return;
	l->voids += tt->voids;
	lint_quote_term(q, sizeof q, tt);
	if (before <= SPF_MAX_VOID && l->voids > SPF_MAX_VOID)
		lint_add(l, LINT_VOID_LIMIT, LINT_ERROR, NULL, tt, rank,
		    "'%s' is void lookup %u: check_host() stops here with "
		    "permerror (RFC 7208 4.6.4/7); %u void lookups in all",
		    q, l->voids, spf_tree_totals(l->t)->voids);
	/* NO_RECORD already tells of an include's or redirect's target. */
	if (repeat || k == SPF_MECH_INCLUDE || k == SPF_MOD_REDIRECT ||
	    a == NULL)
		return;
	lint_quote_name(nm, sizeof nm, tt->target != NULL ? tt->target : "?");
	if (a->status == DNS_NXDOMAIN)
		what = "does not exist";
	else if (k == SPF_MECH_A)
		what = "has no A or AAAA record";
	else if (k == SPF_MECH_MX)
		what = "has no MX record";
	else
		what = "has no A record";
	lint_add(l, LINT_VOID_LOOKUP, LINT_WARNING, NULL, tt, rank,
	    "'%s': %s %s: void lookup %u, more than %d is a permerror (RFC "
	    "7208 4.6.4/7)",
	    q, nm, what, l->voids, SPF_MAX_VOID);
}

static bool
lint_term_dns_failed(const struct dns_answer *a)
{
	return a != NULL && a->status != DNS_OK && a->status != DNS_NXDOMAIN &&
	    a->status != DNS_BADNAME;
}

/* 5/8: a lookup that fails makes the term a temperror when it is tried. */
static void
lint_term_dns_error(struct lint *l, const struct spf_tree_term *tt, size_t rank)
{
	const struct dns_answer *a = NULL;
	const char              *who = "";
	char                     q[LINT_QUOTE + 4], nm[LINT_QUOTE + 4];
	size_t                   i;

	switch (tt->term->kind) {
	case SPF_MECH_A:
		if (lint_term_dns_failed(tt->ans) &&
		    lint_term_dns_failed(tt->ans6)) {
			a = tt->ans;
		} else if (lint_term_dns_failed(tt->ans)) {
			a = tt->ans;
			who = " for IPv4 clients";
		} else if (lint_term_dns_failed(tt->ans6)) {
			a = tt->ans6;
			who = " for IPv6 clients";
		}
		break;
	case SPF_MECH_EXISTS:
		if (lint_term_dns_failed(tt->ans))
			a = tt->ans;
		break;
	case SPF_MECH_MX:
		if (lint_term_dns_failed(tt->ans))
			a = tt->ans;
		for (i = 0; a == NULL && i < tt->nhosts; i++) {
			if (lint_term_dns_failed(tt->hosts[i].a)) {
				a = tt->hosts[i].a;
				who = " for IPv4 clients";
			} else if (lint_term_dns_failed(tt->hosts[i].aaaa)) {
				a = tt->hosts[i].aaaa;
				who = " for IPv6 clients";
			}
		}
		break;
	default:
		break;
	}
	if (a == NULL)
		return;
	lint_quote_term(q, sizeof q, tt);
	lint_add(l, LINT_DNS_ERROR, LINT_ERROR, NULL, tt, rank,
	    "'%s': %s lookup of %s: %s: check_host() gives temperror%s (RFC "
	    "7208 5/8)",
	    q, dns_type_name(a->type), lint_quote_name(nm, sizeof nm, a->name),
	    dns_strerror(a->status), who);
}

/* Macro letters the tree could not expand (7.3). */
static void
lint_term_needs(struct lint *l, const struct spf_tree_term *tt, size_t rank)
{
	char        q[LINT_QUOTE + 4], macros[96] = "";
	const char *p;
	size_t      o = 0;

	for (p = tt->needs; *p != '\0' && o < sizeof macros; p++) {
		int w = snprintf(macros + o, sizeof macros - o, "%s%%{%c}",
		    o > 0 ? ", " : "", *p);
		if (w < 0 || (size_t)w >= sizeof macros - o)
			break;
		o += (size_t)w;
	}
	lint_quote_term(q, sizeof q, tt);
	lint_add(l, LINT_IP_DEPENDENT, LINT_INFO, NULL, tt, rank,
	    "'%s' depends on %s, known only per test: shown unexpanded%s", q,
	    macros,
	    strchr(tt->needs, 'p') != NULL
		? "; %{p} SHOULD NOT be used (RFC 7208 7.3)"
		: "");
}

void
lint_term_visit(struct lint *l, struct lint_frame *f,
    const struct spf_tree_term *tt, size_t rank)
{
	const struct spf_term *t = tt->term;
	int                    eff = lint_term_eff(f->q, tt);
	char                   q[LINT_QUOTE + 4], nm[LINT_QUOTE + 4];

	if (tt->unreached) {
		if (!f->repeat)
			lint_term_unreached(l, f, tt, rank);
		return;
	}
	lint_quote_term(q, sizeof q, tt);
	if (tt->first_past_limit)
		lint_add(l, LINT_LOOKUP_LIMIT, LINT_ERROR, NULL, tt, rank,
		    "'%s' is lookup %u: check_host() stops here with "
		    "permerror (RFC 7208 4.6.4/1); %u lookups in all",
		    q, tt->order, spf_tree_totals(l->t)->lookups);
	lint_term_voids(l, tt, rank, f->repeat);
	/* Only in the records whose result is the root's. */
	if (t->kind == SPF_MECH_ALL && f->q == LINT_SELF &&
	    t->qual == SPF_QUAL_PASS)
		lint_add(l, LINT_PASS_ALL, LINT_WARNING, NULL, tt, rank,
		    "'%s' passes every client: anyone can send mail as %s", q,
		    lint_quote_name(nm, sizeof nm, f->n->name));
	if (t->kind == SPF_MECH_ALL && f->q == LINT_SELF &&
	    t->qual == SPF_QUAL_NEUTRAL)
		lint_add(l, LINT_NEUTRAL_ALL, LINT_WARNING, NULL, tt, rank,
		    "'%s' says nothing of other clients: neutral is treated "
		    "as none (RFC 7208 2.6.2), which protects no one",
		    q);
	if (f->repeat)
		return;
	switch (t->kind) {
	case SPF_MECH_PTR:
		lint_add(l, LINT_PTR, LINT_WARNING, NULL, tt, rank,
		    "'%s' SHOULD NOT be used: it is slow, fails on DNS "
		    "errors and loads the .arpa servers (RFC 7208 5.5)",
		    q);
		break;
	case SPF_MECH_IP4:
	case SPF_MECH_IP6:
		lint_net_host_bits(l, tt, rank);
		break;
	case SPF_MECH_MX:
		if (tt->ans != NULL && tt->ans->status == DNS_OK &&
		    tt->ans->nrr > SPF_MAX_MX_NAMES)
			lint_add(l, LINT_MX_LIMIT, LINT_ERROR, NULL, tt, rank,
			    "'%s': %s has %zu MX records, over %d: the mx "
			    "mechanism gives permerror (RFC 7208 4.6.4/2)",
			    q, lint_quote_name(nm, sizeof nm, tt->ans->name),
			    tt->ans->nrr, SPF_MAX_MX_NAMES);
		break;
	case SPF_MECH_INCLUDE:
		lint_incl_add(l, tt, rank);
		break;
	default:
		break;
	}
	if ((t->kind == SPF_MECH_INCLUDE || t->kind == SPF_MOD_REDIRECT) &&
	    tt->target == NULL && tt->needs[0] == '\0')
		lint_add(l, LINT_NO_RECORD, LINT_ERROR, NULL, tt, rank,
		    "'%s': its target is not a valid domain name: "
		    "check_host() gives permerror (RFC 7208 %s)",
		    q, t->kind == SPF_MOD_REDIRECT ? "6.1/4" : "5.2/9");
	lint_term_dns_error(l, tt, rank);
	if (tt->needs[0] != '\0' && t->kind != SPF_MECH_PTR &&
	    t->kind != SPF_MOD_EXP && t->kind != SPF_MOD_UNKNOWN)
		lint_term_needs(l, tt, rank);
	if (t->kind == SPF_MECH_IP4 || t->kind == SPF_MECH_IP6 ||
	    t->kind == SPF_MECH_A || t->kind == SPF_MECH_MX) {
		lint_net_wide(l, tt, eff, rank);
		if (tt->nnets > 0)
			lint_net_add(l, tt, rank, f->rank, eff);
	}
}
