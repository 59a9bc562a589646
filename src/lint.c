/* lint.c: findings about an explored policy (DESIGN.md, "lint"): the
 * walk and the report. One walk in evaluation order visits every record
 * check_host() can reach and every term it can try, worst case (a client
 * that matches nothing): lint_record.c says what each record says by
 * itself, lint_term.c what each term does when tried. Then lint_net.c
 * compares the networks and lint_incl.c the includes the walk collected.
 * This file also names the kinds, quotes names and terms for messages and
 * sorts the findings in evaluation order. struct lint is lint_tree()'s
 * and everything it points to is freed there; the report owns its
 * findings: lint_report_free().
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
 * term, and not linted further. A record reached a second time (included
 * twice) counts again for the limits, but its own findings are not
 * repeated: DUPLICATE_INCLUDE tells of it. */
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
	for (i = 0; i < n; i++) {
		buf[i] = p[i];
		if (buf[i] == '\0')
			buf[i] = '?';
	}
	if (n < len)
		memcpy(buf + n, "...", 4);
	else
		buf[n] = '\0';
	return buf;
}

const char *
lint_quote_term(char *buf, size_t size, const struct spf_tree_term *tt)
{
	return lint_quote(buf, size, tt->term->text.p, tt->term->text.len);
}

const char *
lint_quote_name(char *buf, size_t size, const char *name)
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

/* Hash of a name as the cache compares it: A-Z folded (FNV-1a). */
static uint32_t
lint_hash(const char *name)
{
	uint32_t h = 2166136261u;

	for (; *name != '\0'; name++) {
		unsigned char c = (unsigned char)*name;
		if (c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		h = (h ^ c) * 16777619u;
	}
	return h;
}

/* Has a record of this name been linted already? If not, it is now.
 * A record included twice is walked twice, for the limits, but its
 * findings are told once (DUPLICATE_INCLUDE says the rest). */
static bool
lint_seen(struct lint *l, const struct spf_tree_node *n)
{
	size_t i, k, mask;

	if (2 * (l->nseen + 1) > l->capseen) {
		const struct spf_tree_node **old = l->seen;
		size_t                       oldcap = l->capseen;
		l->capseen = oldcap == 0 ? 64 : oldcap * 2;
		l->seen =
		    xcalloc(l->capseen, sizeof(const struct spf_tree_node *));
		for (i = 0; i < oldcap; i++) {
			if (old[i] == NULL)
				continue;
			mask = l->capseen - 1;
			k = lint_hash(old[i]->name) & mask;
			while (l->seen[k] != NULL)
				k = (k + 1) & mask;
			l->seen[k] = old[i];
		}
		free(old);
	}
	mask = l->capseen - 1;
	for (k = lint_hash(n->name) & mask; l->seen[k] != NULL;
	     k = (k + 1) & mask)
		if (dns_name_eq(l->seen[k]->name, n->name))
			return true;
	l->seen[k] = n;
	l->nseen++;
	return false;
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
	if (root->state == SPF_TREE_LOADED || root->state == SPF_TREE_BROKEN)
		lint_seen(l, root);
	if (lint_record_visit(l, root, NULL, LINT_SELF, rank, false)) {
		memset(&st[0], 0, sizeof st[0]);
		st[0].n = root;
		st[0].q = LINT_SELF;
		st[0].rank = rank;
		d = 1;
	}
	while (d > 0) {
		struct lint_frame          *f = &st[d - 1];
		const struct spf_tree_term *tt = lint_next(f);
		const struct spf_tree_node *c;
		int                         q;
		bool                        rep;

		if (tt == NULL) {
			d--;
			continue;
		}
		lint_term_visit(l, f, tt, l->seq++);
		if (tt->unreached || (c = tt->child) == NULL)
			continue;
		q = lint_child_q(f->q, tt);
		rep = f->repeat ||
		    ((c->state == SPF_TREE_LOADED ||
			 c->state == SPF_TREE_BROKEN) &&
			lint_seen(l, c));
		rank = l->seq++;
		/* The tree cuts records deeper than SPF_TREE_MAX_DEPTH, so
		 * the stack cannot fill; if it did, the rest is skipped. */
		if (lint_record_visit(l, c, tt, q, rank, rep) &&
		    d < NELEM(st)) {
			f = &st[d++];
			memset(f, 0, sizeof *f);
			f->n = c;
			f->q = q;
			f->rank = rank;
			f->repeat = rep;
		}
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

/* out is overwritten: free what it held first. */
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
	lint_incl_check(&l);
	lint_sort(&l);
	if (l.dropped > 0)
		lint_push(&l, LINT_CUT, LINT_INFO, spf_tree_root(t), l.seq,
		    "%zu more findings dropped: at most %d are kept", l.dropped,
		    LINT_MAX_FINDINGS);
	free(l.rank);
	free(l.nets);
	free(l.flagged);
	free(l.incl);
	free(l.seen);
}
