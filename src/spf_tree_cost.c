/* spf_tree_cost.c: what the loaded tree costs and authorizes. Costs follow
 * RFC 7208 4.6.4: include, a, mx, ptr, exists and redirect cost one lookup
 * each. The worst-case order is the order check_host() would ask them in
 * for a client that matches nothing: terms in record order, an included
 * record where its include stands, redirect last, nothing after "all". */
#include "spf_tree_int.h"

#include <stdlib.h>
#include <string.h>

#include "spf_limits.h"
#include "xmalloc.h"

void
spf_tree_add_net(struct spf_tree_term *tt, const uint8_t *addr, int family)
{
	int      cidr = family == 4 ? tt->term->cidr4 : tt->term->cidr6;
	unsigned max = family == 4 ? 32 : 128, i;
	struct spf_tree_net *net;

	if (cidr < 0 || (unsigned)cidr > max)
		cidr = (int)max;
	tt->nets = xreallocarray(tt->nets, tt->nnets + 1, sizeof *tt->nets);
	net = &tt->nets[tt->nnets++];
	memset(net, 0, sizeof *net);
	net->family = (uint8_t)family;
	net->prefix = (uint8_t)cidr;
	memcpy(net->b, addr, family == 4 ? 4 : 16);
	for (i = (unsigned)cidr; i < max; i++) /* host bits off */
		net->b[i / 8] &= (uint8_t) ~(0x80 >> (i % 8));
}

static void
spf_tree_add_answer(struct spf_tree_term *tt, const struct dns_answer *a)
{
	size_t i;

	if (a == NULL || a->status != DNS_OK)
		return;
	for (i = 0; i < a->nrr; i++) {
		if (a->rr[i].type == DNS_A && a->rr[i].len == 4)
			spf_tree_add_net(tt, a->rr[i].data, 4);
		else if (a->rr[i].type == DNS_AAAA && a->rr[i].len == 16)
			spf_tree_add_net(tt, a->rr[i].data, 6);
	}
}

/* The networks of a and mx terms, with their CIDR lengths (5.3, 5.4). */
static void
spf_tree_term_nets(struct spf_tree_term *tt)
{
	size_t i;

	/* Once, when every answer is here: a resume may come half way. */
	if (tt->nnets > 0)
		return;
	if (tt->term->kind == SPF_MECH_A && tt->ans != NULL &&
	    tt->ans6 != NULL) {
		spf_tree_add_answer(tt, tt->ans);
		spf_tree_add_answer(tt, tt->ans6);
	} else if (tt->term->kind == SPF_MECH_MX && tt->node->resolved) {
		for (i = 0; i < tt->nhosts; i++) {
			spf_tree_add_answer(tt, tt->hosts[i].a);
			spf_tree_add_answer(tt, tt->hosts[i].aaaa);
		}
	}
}

/* 4.6.4/7: a lookup with no answer (NXDOMAIN or no records). An a term
 * is void when neither family has an address: whichever the client has,
 * its query finds nothing. */
static unsigned
spf_tree_term_voids(const struct spf_tree_term *tt)
{
	switch (tt->term->kind) {
	case SPF_MECH_A:
		return tt->ans != NULL && tt->ans6 != NULL &&
		    dns_answer_is_void(tt->ans) && dns_answer_is_void(tt->ans6);
	case SPF_MECH_MX:
	case SPF_MECH_EXISTS:
		return tt->ans != NULL && dns_answer_is_void(tt->ans);
	case SPF_MECH_INCLUDE:
	case SPF_MOD_REDIRECT:
		return tt->child != NULL && tt->child->txt != NULL &&
		    tt->child->txt->status == DNS_NXDOMAIN;
	default:
		return 0;
	}
}

struct spf_tree_walk_state {
	struct spf_tree *t;
	unsigned         order;
	bool             crossed;
	/* Pass-qualified networks reached before the limit. */
	struct spf_tree_net *auth;
	size_t               nauth, cap;
};

static void
spf_tree_authorize(struct spf_tree_walk_state *w,
    const struct spf_tree_term                *tt)
{
	const struct spf_tree_term *p;
	size_t                      n = tt->nnets;

	if (tt->term->qual != SPF_QUAL_PASS || tt->beyond || tt->unreached ||
	    n == 0)
		return;
	/* An include passes on its record's pass only with its own "+". */
	for (p = tt->node->parent; p != NULL; p = p->node->parent)
		if (p->term->kind == SPF_MECH_INCLUDE &&
		    p->term->qual != SPF_QUAL_PASS)
			return;
	if (w->cap - w->nauth < n) {
		while (w->cap - w->nauth < n)
			w->cap = w->cap == 0 ? 64 : w->cap * 2;
		w->auth = xreallocarray(w->auth, w->cap, sizeof *w->auth);
	}
	memcpy(w->auth + w->nauth, tt->nets, n * sizeof *tt->nets);
	w->nauth += n;
}

static void spf_tree_cost_node(struct spf_tree_walk_state *w,
    struct spf_tree_node                                  *n);

static void /* NOLINTNEXTLINE(misc-no-recursion): depth <= SPF_TREE_MAX_DEPTH */
spf_tree_cost_term(struct spf_tree_walk_state *w, struct spf_tree_term *tt)
{
	tt->cost = spf_term_queries_dns(tt->term) ? 1 : 0;
	tt->beyond = w->crossed;
	if (tt->cost > 0) {
		tt->order = ++w->order;
		tt->past_limit = tt->order > SPF_MAX_DNS_TERMS;
		tt->first_past_limit = tt->order == SPF_MAX_DNS_TERMS + 1;
		if (tt->past_limit)
			w->crossed = tt->beyond = true;
	}
	tt->voids = spf_tree_term_voids(tt);
	w->t->totals.voids += tt->voids;
	if (tt->term->kind == SPF_MECH_MX && tt->ans != NULL &&
	    tt->ans->status == DNS_OK)
		w->t->totals.mx_names += (unsigned)tt->ans->nrr;
	if (tt->term->kind == SPF_MECH_PTR)
		w->t->totals.ptr_terms++;
	spf_tree_term_nets(tt);
	spf_tree_authorize(w, tt);
	tt->subtree = tt->cost;
	if (tt->child != NULL && tt->child->depth <= SPF_TREE_MAX_DEPTH) {
		spf_tree_cost_node(w, tt->child);
		tt->subtree += tt->child->cost;
	}
}

/* Everything below a term that is never evaluated is never evaluated
 * either: no order, no cost, marked unreached. */
static void /* NOLINTNEXTLINE(misc-no-recursion): depth <= SPF_TREE_MAX_DEPTH */
spf_tree_unreach(struct spf_tree_node *n, unsigned depth)
{
	size_t i;

	if (n == NULL || depth > SPF_TREE_MAX_DEPTH)
		return;
	n->cost = 0;
	for (i = 0; i < n->nterms; i++) {
		struct spf_tree_term *tt = &n->terms[i];
		tt->unreached = true;
		tt->order = 0;
		tt->subtree = 0;
		tt->past_limit = tt->first_past_limit = false;
		spf_tree_unreach(tt->child, depth + 1);
	}
}

static void /* NOLINTNEXTLINE(misc-no-recursion): depth <= SPF_TREE_MAX_DEPTH */
spf_tree_cost_node(struct spf_tree_walk_state *w, struct spf_tree_node *n)
{
	size_t i, all = SIZE_MAX;

	n->cost = 0;
	w->t->totals.records++;
	if (n->depth + 1 > w->t->totals.depth)
		w->t->totals.depth = n->depth + 1;
	if (n->state != SPF_TREE_LOADED)
		return;
	for (i = 0; i < n->nterms; i++) {
		struct spf_tree_term *tt = &n->terms[i];
		tt->unreached = all != SIZE_MAX;
		if (tt->unreached)
			spf_tree_unreach(tt->child, 0);
		if (tt->term->kind == SPF_MOD_REDIRECT ||
		    tt->term->kind == SPF_MOD_EXP ||
		    tt->term->kind == SPF_MOD_UNKNOWN || tt->unreached)
			continue;
		spf_tree_cost_term(w, tt);
		n->cost += tt->subtree;
		if (tt->term->kind == SPF_MECH_ALL)
			all = i;
	}
	/* 6.1: redirect only when no mechanism matched; "all" always
	 * does, so a record with "all" never redirects. */
	if (n->rec->redirect >= 0) {
		struct spf_tree_term *tt = &n->terms[n->rec->redirect];
		tt->unreached = all != SIZE_MAX;
		if (!tt->unreached) {
			spf_tree_cost_term(w, tt);
			n->cost += tt->subtree;
		} else {
			spf_tree_unreach(tt->child, 0);
		}
	}
}

struct spf_tree_range {
	unsigned __int128 lo, hi;
};

static int
spf_tree_range_cmp(const void *a, const void *b)
{
	const struct spf_tree_range *x = a, *y = b;

	return x->lo < y->lo ? -1 : x->lo > y->lo ? 1 : 0;
}

/* Addresses covered by the networks of one family, overlaps once. */
static double
spf_tree_count(const struct spf_tree_net *nets, size_t n, int family)
{
	struct spf_tree_range *r = xcalloc(n, sizeof *r);
	unsigned __int128      lo, hi, size;
	double                 total = 0;
	size_t                 i, k, m = 0;
	unsigned               bits = family == 4 ? 32 : 128;

	for (i = 0; i < n; i++) {
		if (nets[i].family != family)
			continue;
		lo = 0;
		for (k = 0; k < bits / 8; k++)
			lo = lo << 8 | nets[i].b[k];
		size = nets[i].prefix == 0 && bits == 128
		    ? ~(unsigned __int128)0
		    : ((unsigned __int128)1 << (bits - nets[i].prefix)) - 1;
		r[m].lo = lo;
		r[m++].hi = lo + size;
	}
	qsort(r, m, sizeof *r, spf_tree_range_cmp);
	for (i = 0; i < m; i = k) {
		lo = r[i].lo;
		hi = r[i].hi;
		for (k = i + 1; k < m && r[k].lo <= hi; k++)
			if (r[k].hi > hi)
				hi = r[k].hi;
		total += (double)(hi - lo) + 1.0;
	}
	free(r);
	return total;
}

void
spf_tree_cost(struct spf_tree *t)
{
	struct spf_tree_walk_state w;

	memset(&w, 0, sizeof w);
	w.t = t;
	memset(&t->totals, 0, sizeof t->totals);
	spf_tree_cost_node(&w, t->nodes[0]);
	t->totals.lookups = w.order;
	t->totals.v4_addrs = (uint64_t)spf_tree_count(w.auth, w.nauth, 4);
	t->totals.v6_addrs = spf_tree_count(w.auth, w.nauth, 6);
	free(w.auth);
}

/* The child that evaluation reaches at step i of node n: terms in record
 * order, then (i == nterms) the redirect, none behind an unreached term. */
static const struct spf_tree_node *
spf_tree_walk_child(const struct spf_tree_node *n, size_t i)
{
	const struct spf_tree_term *tt;

	if (n->state != SPF_TREE_LOADED)
		return NULL;
	if (i < n->nterms) {
		tt = &n->terms[i];
		return tt->term->kind == SPF_MOD_REDIRECT || tt->unreached
		    ? NULL
		    : tt->child;
	}
	if (n->rec->redirect < 0)
		return NULL;
	tt = &n->terms[n->rec->redirect];
	return tt->unreached ? NULL : tt->child;
}

void
spf_tree_walk(const struct spf_tree *t,
    bool (*fn)(const struct spf_tree_node *n, void *arg), void *arg)
{
	struct {
		const struct spf_tree_node *n;
		size_t                      next;
	} stack[SPF_TREE_MAX_DEPTH + 2];
	size_t depth = 0;

	if (!fn(t->nodes[0], arg))
		return;
	stack[depth].n = t->nodes[0];
	stack[depth++].next = 0;
	while (depth > 0) {
		const struct spf_tree_node *n = stack[depth - 1].n;
		size_t                      i = stack[depth - 1].next++;
		const struct spf_tree_node *c;
		if (i > n->nterms) {
			depth--;
			continue;
		}
		if ((c = spf_tree_walk_child(n, i)) == NULL)
			continue;
		if (!fn(c, arg))
			return;
		if (depth < sizeof stack / sizeof stack[0]) {
			stack[depth].n = c;
			stack[depth++].next = 0;
		}
	}
}
