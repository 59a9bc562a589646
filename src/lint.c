/* lint.c: findings about an explored policy (DESIGN.md, "lint"). One walk
 * in evaluation order visits every record check_host() can reach and
 * every term it can try, worst case (a client that matches nothing), and
 * attaches each finding to the record and term it concerns; lint_net.c
 * then compares the networks the walk collected. The report owns its
 * findings, sorted in evaluation order: lint_report_free().
 *
 * Where a finding concerns the target of an include or redirect= that
 * did not load (none, loop, DNS error, cut), it is attached to that
 * include or redirect= term, in the record that names it: that is the
 * text to change. The root has no such term: its findings have term NULL.
 *
 * CHOICE: spf_tree_walk() visits children in text order and also behind
 * terms that are never evaluated; lint walks as check_host() does:
 * redirect= after every mechanism (6.1), nothing behind "all" (5.1) or an
 * ignored redirect=. What is never evaluated is reported once, at the
 * term, and not linted further. */
#include "lint_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spf_limits.h"
#include "xmalloc.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char *const lint_kind_names[LINT_KIND_COUNT] = {
	[LINT_LOOKUP_LIMIT] = "lookup-limit",
	[LINT_VOID_LIMIT] = "void-limit",
	[LINT_VOID_LOOKUP] = "void-lookup",
	[LINT_PASS_ALL] = "pass-all",
	[LINT_NEUTRAL_ALL] = "neutral-all",
	[LINT_NO_ALL] = "no-all",
	[LINT_PTR] = "ptr",
	[LINT_MULTIPLE_RECORDS] = "multiple-records",
	[LINT_REDIRECT_IGNORED] = "redirect-ignored",
	[LINT_AFTER_ALL] = "after-all",
	[LINT_INCLUDE_PASS_ALL] = "include-pass-all",
	[LINT_DUPLICATE_INCLUDE] = "duplicate-include",
	[LINT_NET_REPEATED] = "net-repeated",
	[LINT_NET_CONTAINED] = "net-contained",
	[LINT_HOST_BITS] = "host-bits",
	[LINT_STRING_LONG] = "string-long",
	[LINT_ANSWER_LARGE] = "answer-large",
	[LINT_SYNTAX] = "syntax",
	[LINT_LOOP] = "loop",
	[LINT_NO_RECORD] = "no-record",
	[LINT_DNS_ERROR] = "dns-error",
	[LINT_MX_LIMIT] = "mx-limit",
	[LINT_IP_DEPENDENT] = "ip-dependent",
	[LINT_WIDE_NETWORK] = "wide-network",
	[LINT_CUT] = "cut",
};

const char *
lint_kind_name(enum lint_kind k)
{
	if ((unsigned)k >= LINT_KIND_COUNT)
		return "?";
	return lint_kind_names[k];
}

const char *
lint_severity_name(enum lint_severity s)
{
	switch (s) {
	case LINT_ERROR:
		return "error";
	case LINT_WARNING:
		return "warning";
	case LINT_INFO:
		return "info";
	}
	return "?";
}

const char *
lint_qual_name(int q)
{
	static const char *const names[] = { "pass", "fail", "softfail",
		"neutral" };

	if (q < 0 || (size_t)q >= NELEM(names))
		return "no match";
	return names[q];
}

void
lint_report_free(struct lint_report *r)
{
	if (r == NULL)
		return;
	free(r->f);
	r->f = NULL;
	r->n = 0;
}

/* Copies at most size - 1 bytes of p, ending in "..." when cut. The bytes
 * stay raw (the reports escape them) except NUL, which would end the
 * message early. */
const char *
lint_quote(char *buf, size_t size, const char *p, size_t len)
{
	size_t i, n = len;

	if (size < 4) {
		if (size > 0)
			buf[0] = '\0';
		return buf;
	}
	if (n > size - 1)
		n = size - 4;
	for (i = 0; i < n; i++)
		buf[i] = p[i] == '\0' ? '?' : p[i];
	if (n < len)
		memcpy(buf + n, "...", 4);
	else
		buf[n] = '\0';
	return buf;
}

static const char *
lint_term_text(char *buf, size_t size, const struct spf_tree_term *tt)
{
	return lint_quote(buf, size, tt->term->text.p, tt->term->text.len);
}

static const char *
lint_name(char *buf, size_t size, const char *name)
{
	return lint_quote(buf, size, name, strlen(name));
}

static void lint_vpush(struct lint *l, enum lint_kind k, enum lint_severity s,
    const struct spf_tree_node *n, const struct spf_tree_term *tt, size_t rank,
    const char *fmt, va_list ap) __attribute__((format(printf, 7, 0)));

static void
lint_vpush(struct lint *l, enum lint_kind k, enum lint_severity s,
    const struct spf_tree_node *n, const struct spf_tree_term *tt, size_t rank,
    const char *fmt, va_list ap)
{
	struct lint_finding *f;

	if (l->out->n == l->cap) {
		l->cap = l->cap == 0 ? 16 : l->cap * 2;
		l->out->f = xreallocarray(l->out->f, l->cap, sizeof *l->out->f);
		l->rank = xreallocarray(l->rank, l->cap, sizeof *l->rank);
	}
	f = &l->out->f[l->out->n];
	memset(f, 0, sizeof *f);
	f->kind = k;
	f->severity = s;
	f->node = tt != NULL ? tt->node : n;
	f->term = tt;
	/* A message cut to fit is still one line. */
	vsnprintf(f->msg, sizeof f->msg, fmt, ap);
	l->rank[l->out->n++] = rank;
}

void
lint_add(struct lint *l, enum lint_kind k, enum lint_severity s,
    const struct spf_tree_node *n, const struct spf_tree_term *tt, size_t rank,
    const char *fmt, ...)
{
	va_list ap;

	if (l->out->n >= LINT_MAX_FINDINGS) {
		l->dropped++;
		return;
	}
	va_start(ap, fmt);
	lint_vpush(l, k, s, n, tt, rank, fmt, ap);
	va_end(ap);
}

static void lint_push(struct lint *l, enum lint_kind k, enum lint_severity s,
    const struct spf_tree_node *n, size_t rank, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

static void
lint_push(struct lint *l, enum lint_kind k, enum lint_severity s,
    const struct spf_tree_node *n, size_t rank, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	lint_vpush(l, k, s, n, NULL, rank, fmt, ap);
	va_end(ap);
}

/* One record of the walk, as check_host() would be inside it. */
struct lint_frame {
	const struct spf_tree_node *n;
	size_t                      next;       /* next term, in text order */
	bool                        redirected; /* redirect= visited */
	bool                        after_all;  /* AFTER_ALL reported */
	int                         q;    /* LINT_SELF, qualifier, NOMATCH */
	size_t                      rank; /* the record's visit */
};

/* What a record reached through tt makes of the root's result. */
static int
lint_child_q(int q, const struct spf_tree_term *tt)
{
	if (tt->term->kind == SPF_MOD_REDIRECT)
		return q; /* 6.1/4: its result is the record's */
	/* 5.2: an include matches only on pass, then gives its own
	 * qualifier to the record that holds it. */
	if (q == LINT_SELF)
		return (int)tt->term->qual;
	if (q == LINT_NOMATCH || tt->term->qual != SPF_QUAL_PASS)
		return LINT_NOMATCH;
	return q;
}

static int
lint_eff(int q, const struct spf_tree_term *tt)
{
	if (q == LINT_SELF)
		return (int)tt->term->qual;
	if (q == LINT_NOMATCH || tt->term->qual != SPF_QUAL_PASS)
		return LINT_NOMATCH;
	return q;
}

/* Why a name has no SPF record, from its TXT answer. */
static const char *
lint_none_why(const struct spf_tree_node *n)
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
lint_target(struct lint *l, const struct spf_tree_node *n,
    const struct spf_tree_term *from, size_t rank)
{
	bool        redir = from->term->kind == SPF_MOD_REDIRECT;
	char        q[LINT_QUOTE + 4], nm[LINT_QUOTE + 4];
	const char *name = lint_name(nm, sizeof nm, n->name);

	lint_term_text(q, sizeof q, from);
	switch (n->state) {
	case SPF_TREE_WAITING:
		lint_add(l, LINT_CUT, LINT_INFO, NULL, from, rank,
		    "'%s': %s is not loaded yet: its TXT answer has not "
		    "arrived",
		    q, name);
		break;
	case SPF_TREE_CUT:
		lint_add(l, LINT_CUT, LINT_INFO, NULL, from, rank,
		    "'%s': %s is not loaded: the tree stops at %d levels and "
		    "%d records",
		    q, name, SPF_TREE_MAX_DEPTH, SPF_TREE_MAX_RECORDS);
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
		    q, name, lint_none_why(n), redir ? "6.1/4" : "5.2/9");
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
lint_root(struct lint *l, const struct spf_tree_node *n, size_t rank)
{
	char nm[LINT_QUOTE + 4];

	lint_name(nm, sizeof nm, n->name);
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
		    nm, lint_none_why(n));
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

/* STRING_LONG and ANSWER_LARGE: how the record is published (3.3, 3.4). */
static void
lint_strings(struct lint *l, const struct spf_tree_node *n, size_t rank)
{
	const struct dns_rr *rr = n->rr;
	char                 nm[LINT_QUOTE + 4];
	size_t               i = 0, k, idx = 0, est;

	lint_name(nm, sizeof nm, n->name);
	if (n->draft && n->len > 255) {
		lint_add(l, LINT_STRING_LONG, LINT_INFO, n, NULL, rank,
		    "the draft for %s is %zu bytes: publish it as strings of "
		    "at most 255 bytes, joined without spaces (RFC 7208 3.3)",
		    nm, n->len);
	}
	/* A zone file may hold one quoted string over 255 bytes: libzscanner
	 * splits it, BIND and NSD refuse the zone. A 255-byte string that
	 * another continues is what that split leaves. */
	while (
	    rr != NULL && n->txt != NULL && n->txt->from_zone && i < rr->len) {
		k = rr->data[i++];
		if (rr->len - i < k)
			break;
		i += k;
		idx++;
		if (k == 255 && i < rr->len) {
			lint_add(l, LINT_STRING_LONG, LINT_INFO, n, NULL, rank,
			    "%s: TXT string %zu is 255 bytes and string %zu "
			    "continues it: BIND and NSD refuse a quoted "
			    "string over 255 bytes; split it yourself (RFC "
			    "7208 3.3)",
			    nm, idx, idx + 1);
			break;
		}
	}
	if (n->txt != NULL && n->txt->size > 512) {
		lint_add(l, LINT_ANSWER_LARGE, LINT_WARNING, n, NULL, rank,
		    "the TXT answer for %s is %zu bytes, over 512: it needs "
		    "EDNS or TCP%s, and some receivers give temperror (RFC "
		    "7208 3.4)",
		    nm, n->txt->size, n->txt->tcp ? " (it came over TCP)" : "");
	} else if (n->draft) {
		/* Header, question, one TXT RR with its length bytes. */
		est = 12 + strlen(n->name) + 2 + 4 + 12 + n->len +
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

/* A record's own findings; true when it has terms to walk. */
static bool
lint_node(struct lint *l, const struct spf_tree_node *n,
    const struct spf_tree_term *from, int q, size_t rank)
{
	char   nm[LINT_QUOTE + 4];
	size_t i;
	bool   has_all = false;

	lint_name(nm, sizeof nm, n->name);
	if (n->state == SPF_TREE_BROKEN) {
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
		lint_strings(l, n, rank);
		return false;
	}
	if (n->state != SPF_TREE_LOADED) {
		if (from != NULL)
			lint_target(l, n, from, rank);
		else
			lint_root(l, n, rank);
		return false;
	}
	lint_strings(l, n, rank);
	for (i = 0; i < n->nterms; i++)
		if (n->terms[i].term->kind == SPF_MECH_ALL)
			has_all = true;
	/* 4.7/1: only the records whose result is the root's matter. */
	if (q == LINT_SELF && !has_all && n->rec->redirect < 0)
		lint_add(l, LINT_NO_ALL, LINT_WARNING, n, NULL, rank,
		    "%s has no 'all' and no 'redirect=': a client that "
		    "matches nothing gets neutral, which protects no one "
		    "(RFC 7208 4.7/1)",
		    nm);
	return n->nterms > 0;
}

/* The record's first "all", following redirect= while there is none. */
static const struct spf_tree_term *
lint_final_all(const struct spf_tree_node *n)
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

/* A term check_host() never evaluates (5.1, 6.1). */
static void
lint_unreached(struct lint *l, struct lint_frame *f,
    const struct spf_tree_term *tt, size_t rank)
{
	const struct spf_tree_node *n = f->n;
	const struct spf_tree_term *all = lint_final_all(n);
	char                        q[LINT_QUOTE + 4], qa[LINT_QUOTE + 4];
	char                        more[48] = "";
	size_t                      i, count = 0;
	enum spf_kind               k = tt->term->kind;

	lint_term_text(q, sizeof q, tt);
	if (all != NULL)
		lint_term_text(qa, sizeof qa, all);
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
lint_voids(struct lint *l, const struct spf_tree_term *tt, size_t rank)
{
	const struct dns_answer *a = tt->ans;
	unsigned                 before = l->voids;
	enum spf_kind            k = tt->term->kind;
	char                     q[LINT_QUOTE + 4], nm[LINT_QUOTE + 4];
	const char              *what;

	if (tt->voids == 0)
		return;
	l->voids += tt->voids;
	lint_term_text(q, sizeof q, tt);
	if (before <= SPF_MAX_VOID && l->voids > SPF_MAX_VOID)
		lint_add(l, LINT_VOID_LIMIT, LINT_ERROR, NULL, tt, rank,
		    "'%s' is void lookup %u: check_host() stops here with "
		    "permerror (RFC 7208 4.6.4/7); %u void lookups in all",
		    q, l->voids, spf_tree_totals(l->t)->voids);
	/* NO_RECORD already tells of an include's or redirect's target. */
	if (k == SPF_MECH_INCLUDE || k == SPF_MOD_REDIRECT || a == NULL)
		return;
	lint_name(nm, sizeof nm, tt->target != NULL ? tt->target : "?");
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
lint_dns_failed(const struct dns_answer *a)
{
	return a != NULL && a->status != DNS_OK && a->status != DNS_NXDOMAIN &&
	    a->status != DNS_BADNAME;
}

/* 5/8: a lookup that fails makes the term a temperror when it is tried. */
static void
lint_dns_error(struct lint *l, const struct spf_tree_term *tt, size_t rank)
{
	const struct dns_answer *a = NULL;
	const char              *who = "";
	char                     q[LINT_QUOTE + 4], nm[LINT_QUOTE + 4];
	size_t                   i;

	switch (tt->term->kind) {
	case SPF_MECH_A:
		if (lint_dns_failed(tt->ans) && lint_dns_failed(tt->ans6)) {
			a = tt->ans;
		} else if (lint_dns_failed(tt->ans)) {
			a = tt->ans;
			who = " for IPv4 clients";
		} else if (lint_dns_failed(tt->ans6)) {
			a = tt->ans6;
			who = " for IPv6 clients";
		}
		break;
	case SPF_MECH_EXISTS:
		if (lint_dns_failed(tt->ans))
			a = tt->ans;
		break;
	case SPF_MECH_MX:
		if (lint_dns_failed(tt->ans))
			a = tt->ans;
		for (i = 0; a == NULL && i < tt->nhosts; i++) {
			if (lint_dns_failed(tt->hosts[i].a)) {
				a = tt->hosts[i].a;
				who = " for IPv4 clients";
			} else if (lint_dns_failed(tt->hosts[i].aaaa)) {
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
	lint_term_text(q, sizeof q, tt);
	lint_add(l, LINT_DNS_ERROR, LINT_ERROR, NULL, tt, rank,
	    "'%s': %s lookup of %s: %s: check_host() gives temperror%s (RFC "
	    "7208 5/8)",
	    q, dns_type_name(a->type), lint_name(nm, sizeof nm, a->name),
	    dns_strerror(a->status), who);
}

/* Macro letters the tree could not expand (7.3). */
static void
lint_needs(struct lint *l, const struct spf_tree_term *tt, size_t rank)
{
	char        q[LINT_QUOTE + 4], macros[96] = "";
	const char *p;
	size_t      o = 0;
	int         w;

	for (p = tt->needs; *p != '\0' && o < sizeof macros; p++) {
		w = snprintf(macros + o, sizeof macros - o, "%s%%{%c}",
		    o > 0 ? ", " : "", *p);
		if (w < 0 || (size_t)w >= sizeof macros - o)
			break;
		o += (size_t)w;
	}
	lint_term_text(q, sizeof q, tt);
	lint_add(l, LINT_IP_DEPENDENT, LINT_INFO, NULL, tt, rank,
	    "'%s' depends on %s, known only per test: shown unexpanded%s", q,
	    macros,
	    strchr(tt->needs, 'p') != NULL
		? "; %{p} SHOULD NOT be used (RFC 7208 7.3)"
		: "");
}

/* The widest network a pass term authorizes. */
static void
lint_wide(struct lint *l, const struct spf_tree_term *tt, int eff, size_t rank)
{
	const struct spf_tree_net *w = NULL;
	struct ip_addr             ip;
	char                       q[LINT_QUOTE + 4], addr[64], size[48];
	size_t                     i;
	unsigned                   max;

	if (tt->term->qual != SPF_QUAL_PASS || eff == LINT_NOMATCH)
		return;
	for (i = 0; i < tt->nnets; i++) {
		const struct spf_tree_net *x = &tt->nets[i];
		if (x->prefix <= (x->family == 4 ? 8 : 32) &&
		    (w == NULL || x->prefix < w->prefix))
			w = x;
	}
	if (w == NULL)
		return;
	max = w->family == 4 ? 32 : 128;
	memset(&ip, 0, sizeof ip);
	ip.family = w->family;
	memcpy(ip.b, w->b, sizeof ip.b);
	ip_format(&ip, addr, sizeof addr);
	if (w->family == 4)
		snprintf(size, sizeof size, "%llu", 1ULL << (max - w->prefix));
	else
		snprintf(size, sizeof size, "2^%u", max - w->prefix);
	lint_term_text(q, sizeof q, tt);
	lint_add(l, LINT_WIDE_NETWORK,
	    w->prefix == 0 ? LINT_WARNING : LINT_INFO, NULL, tt, rank,
	    "'%s' passes %s/%u, %s addresses%s", q, addr, w->prefix, size,
	    w->prefix == 0 ? (w->family == 4 ? ": every IPv4 client, as '+all'"
					     : ": every IPv6 client, as "
					       "'+all'")
			   : ": does all of it send this mail?");
}

/* ip4/ip6 written with bits past the prefix length (5.6). */
static void
lint_host_bits(struct lint *l, const struct spf_tree_term *tt, size_t rank)
{
	const struct spf_term *t = tt->term;
	struct ip_addr         ip;
	char                   q[LINT_QUOTE + 4], addr[64];
	int    cidr = t->kind == SPF_MECH_IP4 ? t->cidr4 : t->cidr6;
	size_t len = t->kind == SPF_MECH_IP4 ? 4 : 16;

	if (cidr < 0 || tt->nnets == 0 ||
	    memcmp(t->net, tt->nets[0].b, len) == 0)
		return;
	memset(&ip, 0, sizeof ip);
	ip.family = tt->nets[0].family;
	memcpy(ip.b, tt->nets[0].b, sizeof ip.b);
	lint_add(l, LINT_HOST_BITS, LINT_INFO, NULL, tt, rank,
	    "'%s' has host bits set: it means %s/%d",
	    lint_term_text(q, sizeof q, tt), ip_format(&ip, addr, sizeof addr),
	    cidr);
}

static void
lint_include(struct lint *l, const struct spf_tree_term *tt, size_t rank)
{
	const struct spf_tree_term *all = lint_final_all(tt->child);
	char q[LINT_QUOTE + 4], qa[LINT_QUOTE + 4], nm[LINT_QUOTE + 4];

	if (tt->target != NULL) {
		if (l->nincl == l->capincl) {
			l->capincl = l->capincl == 0 ? 16 : l->capincl * 2;
			l->incl =
			    xreallocarray(l->incl, l->capincl, sizeof *l->incl);
		}
		l->incl[l->nincl].tt = tt;
		l->incl[l->nincl++].rank = rank;
	}
	if (all == NULL || all->term->qual != SPF_QUAL_PASS)
		return;
	lint_add(l, LINT_INCLUDE_PASS_ALL, LINT_WARNING, NULL, tt, rank,
	    "'%s' matches every client: %s ends in '%s', so it gives %s to "
	    "anyone",
	    lint_term_text(q, sizeof q, tt),
	    lint_name(nm, sizeof nm, all->node->name),
	    lint_term_text(qa, sizeof qa, all), lint_qual_name(tt->term->qual));
}

static void
lint_term(struct lint *l, struct lint_frame *f, const struct spf_tree_term *tt,
    size_t rank)
{
	const struct spf_term *t = tt->term;
	int                    eff = lint_eff(f->q, tt);
	char                   q[LINT_QUOTE + 4], nm[LINT_QUOTE + 4];

	if (tt->unreached) {
		lint_unreached(l, f, tt, rank);
		return;
	}
	lint_term_text(q, sizeof q, tt);
	if (tt->first_past_limit)
		lint_add(l, LINT_LOOKUP_LIMIT, LINT_ERROR, NULL, tt, rank,
		    "'%s' is lookup %u: check_host() stops here with "
		    "permerror (RFC 7208 4.6.4/1); %u lookups in all",
		    q, tt->order, spf_tree_totals(l->t)->lookups);
	lint_voids(l, tt, rank);
	switch (t->kind) {
	case SPF_MECH_ALL:
		if (f->q == LINT_SELF && t->qual == SPF_QUAL_PASS)
			lint_add(l, LINT_PASS_ALL, LINT_WARNING, NULL, tt, rank,
			    "'%s' passes every client: anyone can send mail "
			    "as %s",
			    q, lint_name(nm, sizeof nm, f->n->name));
		else if (f->q == LINT_SELF && t->qual == SPF_QUAL_NEUTRAL)
			lint_add(l, LINT_NEUTRAL_ALL, LINT_WARNING, NULL, tt,
			    rank,
			    "'%s' says nothing of other clients: neutral is "
			    "treated as none (RFC 7208 2.6.2), which "
			    "protects no one",
			    q);
		break;
	case SPF_MECH_PTR:
		lint_add(l, LINT_PTR, LINT_WARNING, NULL, tt, rank,
		    "'%s' SHOULD NOT be used: it is slow, fails on DNS "
		    "errors and loads the .arpa servers (RFC 7208 5.5)",
		    q);
		break;
	case SPF_MECH_IP4:
	case SPF_MECH_IP6:
		lint_host_bits(l, tt, rank);
		break;
	case SPF_MECH_MX:
		if (tt->ans != NULL && tt->ans->status == DNS_OK &&
		    tt->ans->nrr > SPF_MAX_MX_NAMES)
			lint_add(l, LINT_MX_LIMIT, LINT_ERROR, NULL, tt, rank,
			    "'%s': %s has %zu MX records, over %d: the mx "
			    "mechanism gives permerror (RFC 7208 4.6.4/2)",
			    q, lint_name(nm, sizeof nm, tt->ans->name),
			    tt->ans->nrr, SPF_MAX_MX_NAMES);
		break;
	case SPF_MECH_INCLUDE:
		lint_include(l, tt, rank);
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
	lint_dns_error(l, tt, rank);
	if (tt->needs[0] != '\0' && t->kind != SPF_MECH_PTR &&
	    t->kind != SPF_MOD_EXP && t->kind != SPF_MOD_UNKNOWN)
		lint_needs(l, tt, rank);
	if (t->kind == SPF_MECH_IP4 || t->kind == SPF_MECH_IP6 ||
	    t->kind == SPF_MECH_A || t->kind == SPF_MECH_MX) {
		lint_wide(l, tt, eff, rank);
		if (tt->nnets > 0)
			lint_net_add(l, tt, rank, f->rank, eff);
	}
}

/* The next term check_host() tries: mechanisms in text order, then
 * redirect= (6.1), wherever it is written. */
static const struct spf_tree_term *
lint_next(struct lint_frame *f)
{
	const struct spf_tree_node *n = f->n;
	int                         redir = n->rec->redirect;

	while (f->next < n->nterms) {
		size_t i = f->next++;
		if (redir < 0 || i != (size_t)redir)
			return &n->terms[i];
	}
	if (redir >= 0 && !f->redirected) {
		f->redirected = true;
		return &n->terms[redir];
	}
	return NULL;
}

/* Iterative: the stack is bounded by the tree's depth. */
static void
lint_walk(struct lint *l)
{
	struct lint_frame           st[SPF_TREE_MAX_DEPTH + 2];
	const struct spf_tree_node *root = spf_tree_root(l->t);
	size_t                      d = 0, rank;

	rank = l->seq++;
	if (lint_node(l, root, NULL, LINT_SELF, rank)) {
		memset(&st[0], 0, sizeof st[0]);
		st[0].n = root;
		st[0].q = LINT_SELF;
		st[0].rank = rank;
		d = 1;
	}
	while (d > 0) {
		struct lint_frame          *f = &st[d - 1];
		const struct spf_tree_term *tt = lint_next(f);
		int                         q;

		if (tt == NULL) {
			d--;
			continue;
		}
		lint_term(l, f, tt, l->seq++);
		if (tt->unreached || tt->child == NULL)
			continue;
		q = lint_child_q(f->q, tt);
		rank = l->seq++;
		/* The tree cuts records deeper than SPF_TREE_MAX_DEPTH, so
		 * the stack cannot fill; if it did, the rest is skipped. */
		if (lint_node(l, tt->child, tt, q, rank) && d < NELEM(st)) {
			f = &st[d++];
			memset(f, 0, sizeof *f);
			f->n = tt->child;
			f->q = q;
			f->rank = rank;
		}
	}
}

/* Target names compared as the cache does: A-Z folded, as bytes. */
static int
lint_name_cmp(const char *a, const char *b)
{
	unsigned char x, y;

	for (;; a++, b++) {
		x = (unsigned char)*a;
		y = (unsigned char)*b;
		if (x >= 'A' && x <= 'Z')
			x = (unsigned char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (unsigned char)(y - 'A' + 'a');
		if (x != y || x == '\0')
			return x < y ? -1 : x > y;
	}
}

static int
lint_incl_cmp(const void *a, const void *b)
{
	const struct lint_incl *x = a, *y = b;
	int                     c = lint_name_cmp(x->tt->target, y->tt->target);

	if (c != 0)
		return c;
	return x->rank < y->rank ? -1 : x->rank > y->rank;
}

/* The same target included twice: the second costs its lookups again
 * and can match nothing the first did not. */
static void
lint_includes(struct lint *l)
{
	size_t i, first = 0;
	char   q[LINT_QUOTE + 4], q1[LINT_QUOTE + 4], nm[LINT_QUOTE + 4];
	char   where[LINT_QUOTE + 8];

	if (l->nincl < 2)
		return;
	qsort(l->incl, l->nincl, sizeof *l->incl, lint_incl_cmp);
	for (i = 1; i < l->nincl; i++) {
		const struct spf_tree_term *tt = l->incl[i].tt;
		const struct spf_tree_term *ft = l->incl[first].tt;
		if (lint_name_cmp(ft->target, tt->target) != 0) {
			first = i;
			continue;
		}
		where[0] = '\0';
		if (ft->node != tt->node)
			snprintf(where, sizeof where, " in %s",
			    lint_name(nm, sizeof nm, ft->node->name));
		lint_add(l, LINT_DUPLICATE_INCLUDE, LINT_INFO, NULL, tt,
		    l->incl[i].rank,
		    "'%s' repeats '%s'%s: %u more lookup%s for nothing new",
		    lint_term_text(q, sizeof q, tt),
		    lint_term_text(q1, sizeof q1, ft), where, tt->subtree,
		    tt->subtree == 1 ? "" : "s");
	}
}

struct lint_key {
	size_t rank, i;
};

static int
lint_key_cmp(const void *a, const void *b)
{
	const struct lint_key *x = a, *y = b;

	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* Evaluation order; findings of one term keep the order they came in. */
static void
lint_sort(struct lint *l)
{
	struct lint_report  *r = l->out;
	struct lint_key     *key;
	struct lint_finding *f;
	size_t               i;

	if (r->n < 2)
		return;
	key = xcalloc(r->n, sizeof *key);
	for (i = 0; i < r->n; i++) {
		key[i].rank = l->rank[i];
		key[i].i = i;
	}
	qsort(key, r->n, sizeof *key, lint_key_cmp);
	f = xcalloc(l->cap, sizeof *f);
	for (i = 0; i < r->n; i++)
		f[i] = r->f[key[i].i];
	free(r->f);
	r->f = f;
	free(key);
}

void
lint_tree(const struct spf_tree *t, struct lint_report *out)
{
	struct lint l;

	memset(out, 0, sizeof *out);
	memset(&l, 0, sizeof l);
	l.t = t;
	l.out = out;
	lint_walk(&l);
	lint_net_check(&l);
	lint_includes(&l);
	lint_sort(&l);
	if (l.dropped > 0)
		lint_push(&l, LINT_CUT, LINT_INFO, spf_tree_root(t), l.seq,
		    "%zu more findings dropped: at most %d are kept", l.dropped,
		    LINT_MAX_FINDINGS);
	free(l.rank);
	free(l.nets);
	free(l.flagged);
	free(l.incl);
}
