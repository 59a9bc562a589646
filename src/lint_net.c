/* lint_net.c: the networks of ip4, ip6, a and mx terms: each alone
 * (HOST_BITS, WIDE_NETWORK), and compared within each record and across
 * the tree (NET_REPEATED, NET_CONTAINED). CIDR networks either nest or do
 * not meet, so after a sort by (family, address, prefix) the networks
 * that contain one are exactly those on a stack of open ones, at most one
 * per prefix length: O(n log n), for LINT_MAX_NETS networks at most.
 * lint_term.c hands them over in evaluation order; the arrays are lint's,
 * freed by lint_tree(). */
#include "lint_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* "192.0.2.0/24"; with bare, a whole address without its length. */
static const char *
lint_net_str(char *buf, size_t size, const struct spf_tree_net *net, bool bare)
{
	struct ip_addr ip;
	char           addr[64];

	memset(&ip, 0, sizeof ip);
	ip.family = net->family;
	memcpy(ip.b, net->b, sizeof ip.b);
	ip_format(&ip, addr, sizeof addr);
	if (bare && net->prefix == (net->family == 4 ? 32 : 128))
		snprintf(buf, size, "%s", addr);
	else
		snprintf(buf, size, "%s/%u", addr, net->prefix);
	return buf;
}

static const char *
lint_net_term(char *buf, size_t size, const struct spf_tree_term *tt)
{
	return lint_quote(buf, size, tt->term->text.p, tt->term->text.len);
}

/* The widest network a pass term authorizes: /8 or wider for IPv4, /32
 * or wider for IPv6. */
void
lint_net_wide(struct lint *l, const struct spf_tree_term *tt, int eff,
    size_t rank)
{
	const struct spf_tree_net *w = NULL;
	char                       q[LINT_QUOTE + 4], net[80], size[48];
	size_t                     i;
	unsigned                   bits;

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
	bits = (w->family == 4 ? 32u : 128u) - w->prefix;
	if (w->family == 4)
		snprintf(size, sizeof size, "%llu", 1ULL << bits);
	else
		snprintf(size, sizeof size, "2^%u", bits);
	if (w->prefix == 0)
		lint_add(l, LINT_WIDE_NETWORK, LINT_WARNING, NULL, tt, rank,
		    "'%s' passes %s, %s addresses: every IPv%d client, as "
		    "'+all' does",
		    lint_net_term(q, sizeof q, tt),
		    lint_net_str(net, sizeof net, w, false), size, w->family);
	else
		lint_add(l, LINT_WIDE_NETWORK, LINT_INFO, NULL, tt, rank,
		    "'%s' passes %s, %s addresses: does all of it send this "
		    "mail?",
		    lint_net_term(q, sizeof q, tt),
		    lint_net_str(net, sizeof net, w, false), size);
}

/* ip4/ip6 written with bits past the prefix length (5.6): the tree's
 * network is masked, the term's address is as written. */
void
lint_net_host_bits(struct lint *l, const struct spf_tree_term *tt, size_t rank)
{
	const struct spf_term *t = tt->term;
	char                   q[LINT_QUOTE + 4], net[80];
	int    cidr = t->kind == SPF_MECH_IP4 ? t->cidr4 : t->cidr6;
	size_t len = t->kind == SPF_MECH_IP4 ? 4 : 16;

	if (cidr < 0 || tt->nnets == 0 ||
	    memcmp(t->net, tt->nets[0].b, len) == 0)
		return;
	lint_add(l, LINT_HOST_BITS, LINT_INFO, NULL, tt, rank,
	    "'%s' has host bits set: it means %s",
	    lint_net_term(q, sizeof q, tt),
	    lint_net_str(net, sizeof net, &tt->nets[0], false));
}

void
lint_net_add(struct lint *l, const struct spf_tree_term *tt, size_t rank,
    size_t nrank, int eff)
{
	size_t i, slot;

	if (l->nets_cut)
		return;
	if (l->nslots == l->capslots) {
		l->capslots = l->capslots == 0 ? 16 : l->capslots * 2;
		l->flagged =
		    xreallocarray(l->flagged, l->capslots, sizeof *l->flagged);
	}
	slot = l->nslots++;
	l->flagged[slot] = false;
	for (i = 0; i < tt->nnets; i++) {
		struct lint_net *e;
		if (l->nnets == LINT_MAX_NETS) {
			char q[LINT_QUOTE + 4];
			l->nets_cut = true;
			lint_add(l, LINT_CUT, LINT_INFO, NULL, tt, rank,
			    "only the first %d networks are compared: '%s' "
			    "and the terms after it are left out",
			    LINT_MAX_NETS, lint_net_term(q, sizeof q, tt));
			return;
		}
		if (l->nnets == l->capnets) {
			l->capnets = l->capnets == 0 ? 64 : l->capnets * 2;
			l->nets =
			    xreallocarray(l->nets, l->capnets, sizeof *l->nets);
		}
		e = &l->nets[l->nnets++];
		memset(e, 0, sizeof *e);
		e->net = tt->nets[i];
		e->tt = tt;
		e->rank = rank;
		e->nrank = nrank;
		e->slot = slot;
		e->eff = eff;
	}
}

static int
lint_net_cmp_net(const struct lint_net *x, const struct lint_net *y)
{
	int c;

	if (x->net.family != y->net.family)
		return x->net.family < y->net.family ? -1 : 1;
	if ((c = memcmp(x->net.b, y->net.b, sizeof x->net.b)) != 0)
		return c;
	if (x->net.prefix != y->net.prefix)
		return x->net.prefix < y->net.prefix ? -1 : 1;
	return x->rank < y->rank ? -1 : x->rank > y->rank;
}

/* Whole tree: containers before what they contain, then by rank. */
static int
lint_net_cmp_tree(const void *a, const void *b)
{
	return lint_net_cmp_net(a, b);
}

/* The same, record by record. */
static int
lint_net_cmp_record(const void *a, const void *b)
{
	const struct lint_net *x = a, *y = b;

	if (x->nrank != y->nrank)
		return x->nrank < y->nrank ? -1 : 1;
	return lint_net_cmp_net(x, y);
}

static bool
lint_net_same(const struct spf_tree_net *a, const struct spf_tree_net *b)
{
	return a->family == b->family && a->prefix == b->prefix &&
	    memcmp(a->b, b->b, sizeof a->b) == 0;
}

/* Does a contain b (or equal it)? */
static bool
lint_net_contains(const struct spf_tree_net *a, const struct spf_tree_net *b)
{
	unsigned full = a->prefix / 8, rest = a->prefix % 8;
	uint8_t  mask;

	if (a->family != b->family || a->prefix > b->prefix)
		return false;
	if (memcmp(a->b, b->b, full) != 0)
		return false;
	if (rest == 0)
		return true;
	mask = (uint8_t)(0xff << (8 - rest));
	return (a->b[full] & mask) == (b->b[full] & mask);
}

/* "'ip4:...'" or "'mx' (192.0.2.25)", and " in NAME" when the record is
 * not the one of the finding. */
static const char *
lint_net_desc(char *buf, size_t size, const struct lint_net *x,
    const struct spf_tree_node *here)
{
	const struct spf_tree_node *n = x->tt->node;
	enum spf_kind               k = x->tt->term->kind;
	char                        q[LINT_QUOTE + 4], net[80] = "";
	char                        where[LINT_QUOTE + 8] = "";

	if (k != SPF_MECH_IP4 && k != SPF_MECH_IP6) {
		char addr[64];
		snprintf(net, sizeof net, " (%s)",
		    lint_net_str(addr, sizeof addr, &x->net, true));
	}
	if (n != here) {
		char nm[LINT_QUOTE + 4];
		snprintf(where, sizeof where, " in %s",
		    lint_quote(nm, sizeof nm, n->name, strlen(n->name)));
	}
	snprintf(buf, size, "'%s'%s%s", lint_net_term(q, sizeof q, x->tt), net,
	    where);
	return buf;
}

/* e against d, the first-evaluated network that holds e's. Within one
 * record the qualifiers compare; across records, what each match makes
 * of the root's result (lint_int.h). One finding per term at most. */
static void
lint_net_report(struct lint *l, const struct lint_net *e,
    const struct lint_net *d, bool within)
{
	const struct spf_tree_node *here = e->tt->node;
	char ds[2 * LINT_QUOTE + 112], es[2 * LINT_QUOTE + 112];
	int  qe = within ? (int)e->tt->term->qual : e->eff;
	int  qd = within ? (int)d->tt->term->qual : d->eff;

	if (d->tt == e->tt || l->flagged[e->slot])
		return;
	if (!within && d->nrank == e->nrank)
		return; /* the record pass saw it */
	lint_net_desc(ds, sizeof ds, d, here);
	lint_net_desc(es, sizeof es, e, here);
	if (d->rank > e->rank) {
		/* e comes first: an exception carved out of d is what a
		 * different result means, and is no finding. */
		if (qe != qd)
			return;
		lint_add(l, LINT_NET_CONTAINED, LINT_INFO, NULL, e->tt, e->rank,
		    "%s lies inside %s, evaluated later with the same "
		    "result: one of them is likely redundant",
		    es, ds);
	} else if (lint_net_same(&d->net, &e->net)) {
		if (qe == qd)
			lint_add(l, LINT_NET_REPEATED, LINT_INFO, NULL, e->tt,
			    e->rank,
			    "%s repeats the network of %s, evaluated first: "
			    "it adds nothing",
			    es, ds);
		else
			lint_add(l, LINT_NET_REPEATED, LINT_WARNING, NULL,
			    e->tt, e->rank,
			    "%s repeats the network of %s: the first to "
			    "match wins, so it never gives %s (RFC 7208 "
			    "4.6.2)",
			    es, ds, lint_qual_name(qe));
	} else {
		if (qe == qd)
			lint_add(l, LINT_NET_CONTAINED, LINT_INFO, NULL, e->tt,
			    e->rank,
			    "%s contains %s and is evaluated first: the "
			    "second adds nothing",
			    ds, es);
		else
			lint_add(l, LINT_NET_CONTAINED, LINT_WARNING, NULL,
			    e->tt, e->rank,
			    "%s contains %s: the first to match wins, so the "
			    "second never gives %s (RFC 7208 4.6.2)",
			    ds, es, lint_qual_name(qe));
	}
	l->flagged[e->slot] = true;
}

/* One sweep over sorted networks. stack[] holds the open networks, each
 * containing the next; low[k] is the first-evaluated of stack[0..k]. */
static void
lint_net_sweep(struct lint *l, const struct lint_net *v, size_t n, bool within)
{
	size_t stack[130], low[130], d = 0, i;

	for (i = 0; i < n; i++) {
		const struct lint_net *e = &v[i];
		bool                   dup;
		if (i > 0 &&
		    (v[i - 1].net.family != e->net.family ||
			(within && v[i - 1].nrank != e->nrank)))
			d = 0;
		dup = d > 0 && lint_net_same(&v[stack[d - 1]].net, &e->net);
		while (!dup && d > 0 &&
		    !lint_net_contains(&v[stack[d - 1]].net, &e->net))
			d--;
		if (d > 0)
			lint_net_report(l, e, &v[low[d - 1]], within);
		/* Distinct nested networks differ in prefix: at most 129
		 * are open, one per length. */
		if (!dup && d < NELEM(stack)) {
			stack[d] = i;
			low[d] = d > 0 && v[low[d - 1]].rank < e->rank
			    ? low[d - 1]
			    : i;
			d++;
		}
	}
}

void
lint_net_check(struct lint *l)
{
	struct lint_net *v;
	size_t           i, n = 0;

	if (l->nnets < 2)
		return;
	qsort(l->nets, l->nnets, sizeof *l->nets, lint_net_cmp_record);
	lint_net_sweep(l, l->nets, l->nnets, true);
	/* Across records only the terms whose match decides the root's
	 * result take part. */
	v = xcalloc(l->nnets, sizeof *v);
	for (i = 0; i < l->nnets; i++)
		if (l->nets[i].eff != LINT_NOMATCH)
			v[n++] = l->nets[i];
	qsort(v, n, sizeof *v, lint_net_cmp_tree);
	lint_net_sweep(l, v, n, false);
	free(v);
}
