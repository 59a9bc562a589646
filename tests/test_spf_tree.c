/* test_spf_tree.c: the explored tree over zone data: costs against
 * hand-counted policies, the worst-case order and the limit, loops, a huge
 * record, faults inside nested includes, IP-dependent terms, and the
 * dataflow (children asked in the same turn as their parent's answer). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dns_zone.h"
#include "spf_tree.h"
#include "xmalloc.h"

struct fixture {
	struct dns_cache *cache;
	struct spf_tree  *tree;
};

static void
tree_load(struct fixture *fx, const char *zone, const char *domain,
    const struct spf_tree_opts *opts)
{
	struct spf_tree_opts o;
	struct spf_err       err;
	struct dns_zone     *z = dns_zone_new();
	int                  turns = 0;

	memset(&err, 0, sizeof err);
	assert_int_equal(dns_zone_load_string(z, "t", zone, strlen(zone), &err),
	    SPF_OK);
	fx->cache = dns_cache_new(dns_zone_source(z));
	if (opts != NULL)
		o = *opts;
	else
		memset(&o, 0, sizeof o);
	o.domain = domain;
	fx->tree = spf_tree_new(fx->cache, &o, &err);
	assert_non_null(fx->tree);
	while (!spf_tree_resume(fx->tree))
		assert_true(++turns < 5); /* a zone answers at once */
}

static void
tree_free(struct fixture *fx)
{
	spf_tree_free(fx->tree);
	dns_cache_free(fx->cache);
}

/* The term of node n whose text is text. */
static const struct spf_tree_term *
term_of(const struct spf_tree_node *n, const char *text)
{
	size_t i;

	for (i = 0; i < n->nterms; i++)
		if (n->terms[i].term->text.len == strlen(text) &&
		    memcmp(n->terms[i].term->text.p, text, strlen(text)) == 0)
			return &n->terms[i];
	fail_msg("no term '%s' in %s", text, n->name);
	return NULL;
}

static const char enterprise_like[] =
    "$ORIGIN example.\n"
    "corp TXT \"v=spf1 ip4:192.0.2.0/28 a mx include:inc1.example "
    "include:inc2.example -all\"\n"
    "corp A 192.0.2.10\n"
    "corp AAAA 2001:db8::10\n"
    "corp MX 10 mx1.corp.example.\n"
    "corp MX 20 mx2.corp.example.\n"
    "mx1.corp A 192.0.2.11\n"
    "mx2.corp A 192.0.2.12\n"
    "mx2.corp AAAA 2001:db8::12\n"
    "inc1 TXT \"v=spf1 ip4:198.51.100.0/24 include:inc3.example ~all\"\n"
    "inc2 TXT \"v=spf1 a:host.inc2.example ?all\"\n"
    "host.inc2 A 203.0.113.5\n"
    "inc3 TXT \"v=spf1 ip6:2001:db8:100::/48 -all\"\n";

/* Hand count: a=1 mx=2 include:inc1=3 include:inc3=4 include:inc2=5
 * a:host.inc2=6; inc1's subtree is 2, inc2's 2; 6 in all. */
static void
test_costs_hand_counted(void **state)
{
	struct fixture                fx;
	const struct spf_tree_node   *root;
	const struct spf_tree_term   *t;
	const struct spf_tree_totals *tot;

	(void)state;
	tree_load(&fx, enterprise_like, "corp.example", NULL);
	root = spf_tree_root(fx.tree);
	tot = spf_tree_totals(fx.tree);
	assert_int_equal(root->state, SPF_TREE_LOADED);
	assert_int_equal(tot->lookups, 6);
	assert_int_equal(root->cost, 6);
	assert_int_equal(tot->records, 4);
	assert_int_equal(tot->depth, 3);
	assert_int_equal(tot->mx_names, 2);
	assert_int_equal(term_of(root, "ip4:192.0.2.0/28")->cost, 0);
	assert_int_equal(term_of(root, "a")->order, 1);
	assert_int_equal(term_of(root, "mx")->order, 2);
	t = term_of(root, "include:inc1.example");
	assert_int_equal(t->order, 3);
	assert_int_equal(t->subtree, 2);
	assert_int_equal(term_of(t->child, "include:inc3.example")->order, 4);
	t = term_of(root, "include:inc2.example");
	assert_int_equal(t->order, 5);
	assert_int_equal(t->subtree, 2);
	assert_int_equal(term_of(t->child, "a:host.inc2.example")->order, 6);
	/* Addresses: a has two, mx's hosts three. */
	assert_int_equal(term_of(root, "a")->nnets, 2);
	assert_int_equal(term_of(root, "mx")->nhosts, 2);
	assert_int_equal(term_of(root, "mx")->nnets, 3);
	/* Authorized: pass terms under "+" includes, overlaps once: the
	 * /28 (16) already holds a's 192.0.2.10 and the MX hosts' .11 and
	 * .12; then inc1's /24 (256) and host.inc2 (1). */
	assert_int_equal(tot->v4_addrs, 16 + 256 + 1);
	assert_false(term_of(root, "a")->past_limit);
	tree_free(&fx);
}

static void
test_limit_marked(void **state)
{
	struct fixture              fx;
	const struct spf_tree_node *root;
	char                        zone[4096] = "$ORIGIN example.\n"
						 "big TXT \"v=spf1";
	int                         i;

	(void)state;
	for (i = 1; i <= 12; i++) {
		char term[32];
		snprintf(term, sizeof term, " a:h%d.example", i);
		strcat(zone, term);
	}
	strcat(zone, " -all\"\n");
	for (i = 1; i <= 12; i++) {
		char line[64];
		snprintf(line, sizeof line, "h%d A 192.0.2.%d\n", i, i);
		strcat(zone, line);
	}
	tree_load(&fx, zone, "big.example", NULL);
	root = spf_tree_root(fx.tree);
	assert_int_equal(spf_tree_totals(fx.tree)->lookups, 12);
	assert_false(term_of(root, "a:h10.example")->past_limit);
	assert_true(term_of(root, "a:h11.example")->first_past_limit);
	assert_true(term_of(root, "a:h11.example")->past_limit);
	assert_false(term_of(root, "a:h12.example")->first_past_limit);
	assert_true(term_of(root, "a:h12.example")->past_limit);
	tree_free(&fx);
}

static void
test_loop(void **state)
{
	struct fixture              fx;
	const struct spf_tree_node *root, *b;

	(void)state;
	tree_load(&fx,
	    "$ORIGIN example.\n"
	    "a TXT \"v=spf1 include:b.example -all\"\n"
	    "b TXT \"v=spf1 include:a.example ~all\"\n",
	    "a.example", NULL);
	root = spf_tree_root(fx.tree);
	b = term_of(root, "include:b.example")->child;
	assert_int_equal(b->state, SPF_TREE_LOADED);
	assert_int_equal(term_of(b, "include:a.example")->child->state,
	    SPF_TREE_LOOP);
	assert_int_equal(spf_tree_totals(fx.tree)->records, 3);
	tree_free(&fx);
}

static void
test_huge_record(void **state)
{
	struct fixture fx;
	size_t         cap = 10000 * 24 + 256, len = 0;
	char          *zone = xmalloc(cap), *rec = xmalloc(10000 * 20 + 16);
	size_t         rlen = 0, i, k;
	int            n;

	(void)state;
	rlen = (size_t)sprintf(rec, "v=spf1");
	for (i = 0; i < 10000; i++)
		rlen += (size_t)sprintf(rec + rlen, " ip4:10.%zu.%zu.0/24",
		    i / 256, i % 256);
	/* One TXT RR holds at most 65535 bytes: a draft carries the rest. */
	n = snprintf(zone, cap, "$ORIGIN example.\nhuge TXT \"v=spf1 -all\"\n");
	len = (size_t)n;
	{
		struct spf_tree_opts o;
		memset(&o, 0, sizeof o);
		o.record = rec;
		tree_load(&fx, zone, "huge.example", &o);
	}
	assert_int_equal(spf_tree_root(fx.tree)->nterms, 10000);
	for (k = 0; k < 3; k++)
		assert_int_equal(spf_tree_root(fx.tree)->terms[k].nnets, 1);
	assert_int_equal(spf_tree_totals(fx.tree)->v4_addrs, 10000 * 256);
	tree_free(&fx);
	free(zone);
	free(rec);
	(void)len;
}

static const char faults[] =
    "$ORIGIN example.\n"
    "; spfscope: timeout slow.example. TXT\n"
    "; spfscope: servfail broken.example.\n"
    "root TXT \"v=spf1 include:mid.example include:ok.example -all\"\n"
    "mid TXT \"v=spf1 include:slow.example include:broken.example "
    "a:gone.example ~all\"\n"
    "ok TXT \"v=spf1 ip4:192.0.2.1 -all\"\n";

static void
test_faults_in_nested_include(void **state)
{
	struct fixture              fx;
	const struct spf_tree_node *root, *mid;

	(void)state;
	tree_load(&fx, faults, "root.example", NULL);
	root = spf_tree_root(fx.tree);
	mid = term_of(root, "include:mid.example")->child;
	assert_int_equal(mid->state, SPF_TREE_LOADED);
	assert_int_equal(term_of(mid, "include:slow.example")->child->state,
	    SPF_TREE_DNSERR);
	assert_int_equal(
	    term_of(mid, "include:slow.example")->child->txt->status,
	    DNS_TIMEOUT);
	assert_int_equal(term_of(mid, "include:broken.example")->child->state,
	    SPF_TREE_DNSERR);
	assert_int_equal(
	    term_of(mid, "include:broken.example")->child->txt->status,
	    DNS_SERVFAIL);
	/* The rest still loads. */
	assert_int_equal(term_of(root, "include:ok.example")->child->state,
	    SPF_TREE_LOADED);
	assert_int_equal(term_of(mid, "a:gone.example")->voids, 1);
	assert_int_equal(spf_tree_totals(fx.tree)->voids, 1);
	tree_free(&fx);
}

static void
test_after_all_and_redirect(void **state)
{
	struct fixture              fx;
	const struct spf_tree_node *root;

	(void)state;
	tree_load(&fx,
	    "$ORIGIN example.\n"
	    "r TXT \"v=spf1 a -all mx redirect=t.example\"\n"
	    "r A 192.0.2.1\n"
	    "t TXT \"v=spf1 ip4:192.0.2.2 -all\"\n",
	    "r.example", NULL);
	root = spf_tree_root(fx.tree);
	assert_true(term_of(root, "mx")->unreached);
	assert_true(term_of(root, "redirect=t.example")->unreached);
	assert_int_equal(term_of(root, "mx")->order, 0);
	assert_int_equal(spf_tree_totals(fx.tree)->lookups, 1);
	tree_free(&fx);
}

struct walk_log {
	char   names[8][64];
	size_t n;
};

static bool
walk_note(const struct spf_tree_node *n, void *arg)
{
	struct walk_log *w = arg;

	if (w->n < 8)
		snprintf(w->names[w->n++], sizeof w->names[0], "%s", n->name);
	return true;
}

/* The walk follows evaluation: a redirect last, and an ignored redirect
 * (the record has all) never; what lies behind it is unreached. */
static void
test_walk_order(void **state)
{
	struct fixture              fx;
	struct walk_log             w;
	const struct spf_tree_node *r;

	(void)state;
	memset(&w, 0, sizeof w);
	tree_load(&fx,
	    "$ORIGIN example.\n"
	    "root TXT \"v=spf1 redirect=r.example include:i.example -all\"\n"
	    "r TXT \"v=spf1 a:r.example -all\"\n"
	    "r A 192.0.2.1\n"
	    "i TXT \"v=spf1 ip4:192.0.2.2 -all\"\n",
	    "root.example", NULL);
	spf_tree_walk(fx.tree, walk_note, &w);
	assert_int_equal(w.n, 2);
	assert_string_equal(w.names[0], "root.example");
	assert_string_equal(w.names[1], "i.example");
	r = term_of(spf_tree_root(fx.tree), "redirect=r.example")->child;
	assert_true(term_of(r, "a:r.example")->unreached);
	assert_int_equal(term_of(r, "a:r.example")->order, 0);
	assert_int_equal(spf_tree_totals(fx.tree)->lookups, 1);
	tree_free(&fx);

	memset(&w, 0, sizeof w);
	tree_load(&fx,
	    "$ORIGIN example.\n"
	    "root TXT \"v=spf1 redirect=r.example include:i.example\"\n"
	    "r TXT \"v=spf1 -all\"\n"
	    "i TXT \"v=spf1 ip4:192.0.2.2 -all\"\n",
	    "root.example", NULL);
	spf_tree_walk(fx.tree, walk_note, &w);
	assert_int_equal(w.n, 3);
	assert_string_equal(w.names[1], "i.example");
	assert_string_equal(w.names[2], "r.example");
	tree_free(&fx);
}

/* The tree's own bounds: terms below the root, and queries. */
static void
test_bounds(void **state)
{
	struct fixture              fx;
	struct spf_tree_opts        o;
	struct spf_draft            d[3];
	static char                 big[3][8000 * 16 + 16];
	static char                 wide[2100 * 16 + 16];
	const struct spf_tree_node *root;
	size_t                      i, k, o1, unasked = 0;

	(void)state;
	for (k = 0; k < 3; k++) {
		o1 = (size_t)sprintf(big[k], "v=spf1");
		for (i = 0; i < 8000; i++)
			o1 += (size_t)sprintf(big[k] + o1,
			    " ip4:10.%zu.%zu.%zu", k, i / 256, i % 256);
		d[k].text = big[k];
	}
	d[0].name = "i1.example";
	d[1].name = "i2.example";
	d[2].name = "i3.example";
	memset(&o, 0, sizeof o);
	o.record = "v=spf1 include:i1.example include:i2.example "
		   "include:i3.example -all";
	o.drafts = d;
	o.ndrafts = 3;
	tree_load(&fx, "$ORIGIN example.\nroot TXT \"v=spf1 -all\"\n",
	    "root.example", &o);
	root = spf_tree_root(fx.tree);
	/* 8,000 + 8,000 fit under SPF_TREE_MAX_TERMS; the third does not. */
	assert_int_equal(term_of(root, "include:i1.example")->child->state,
	    SPF_TREE_LOADED);
	assert_int_equal(term_of(root, "include:i2.example")->child->state,
	    SPF_TREE_LOADED);
	assert_int_equal(term_of(root, "include:i3.example")->child->state,
	    SPF_TREE_CUT);
	tree_free(&fx);

	o1 = (size_t)sprintf(wide, "v=spf1");
	for (i = 0; i < 2100; i++)
		o1 += (size_t)sprintf(wide + o1, " a:h%zu.example", i);
	memset(&o, 0, sizeof o);
	o.record = wide;
	tree_load(&fx, "$ORIGIN example.\nroot TXT \"v=spf1 -all\"\n",
	    "root.example", &o);
	root = spf_tree_root(fx.tree);
	for (i = 0; i < root->nterms; i++)
		if (root->terms[i].unasked)
			unasked++;
	/* Two queries (A, AAAA) a term: the bound stops the last ones. */
	assert_true(dns_cache_asked(fx.cache) <= SPF_TREE_MAX_QUERIES + 2);
	assert_true(unasked >= 2100 - SPF_TREE_MAX_QUERIES / 2 - 1);
	assert_false(root->terms[0].unasked);
	tree_free(&fx);
}

static void
test_ip_dependent(void **state)
{
	struct fixture              fx;
	struct spf_tree_opts        o;
	struct ip_addr              ip;
	const struct spf_tree_term *t;

	(void)state;
	tree_load(&fx,
	    "$ORIGIN example.\n"
	    "d TXT \"v=spf1 exists:%{ir}.%{l}._spf.%{d} ptr -all\"\n",
	    "d.example", NULL);
	t = term_of(spf_tree_root(fx.tree), "exists:%{ir}.%{l}._spf.%{d}");
	assert_null(t->target);
	assert_string_equal(t->needs, "li");
	assert_string_equal(term_of(spf_tree_root(fx.tree), "ptr")->needs, "i");
	tree_free(&fx);

	memset(&o, 0, sizeof o);
	assert_true(ip_parse("192.0.2.7", 9, &ip));
	o.ip = &ip;
	o.sender = "alice@d.example";
	tree_load(&fx,
	    "$ORIGIN example.\n"
	    "d TXT \"v=spf1 exists:%{ir}.%{l}._spf.%{d} -all\"\n",
	    "d.example", &o);
	t = term_of(spf_tree_root(fx.tree), "exists:%{ir}.%{l}._spf.%{d}");
	assert_string_equal(t->needs, "");
	assert_string_equal(t->target, "7.2.0.192.alice._spf.d.example");
	tree_free(&fx);
}

/* The dataflow: a fake source that answers only when the test says. */
struct fake {
	struct dns_source base;
	struct dns_zone  *zone;
	char              asked[64][128];
	uint16_t          types[64];
	size_t            n;
};

static void
fake_ask(struct dns_source *src, struct dns_cache *c, const char *name,
    uint16_t type)
{
	struct fake *f = (struct fake *)src;

	(void)c;
	assert_true(f->n < 64);
	snprintf(f->asked[f->n], sizeof f->asked[0], "%s", name);
	f->types[f->n++] = type;
}

static void
fake_free(struct dns_source *src)
{
	struct fake *f = (struct fake *)src;

	dns_zone_free(f->zone);
	free(f);
}

static void
test_dataflow(void **state)
{
	struct fake         *f = xcalloc(1, sizeof *f);
	struct dns_cache    *c;
	struct spf_tree     *t;
	struct spf_tree_opts o;
	struct spf_err       err;
	size_t               i, sent = 0, round;

	(void)state;
	memset(&err, 0, sizeof err);
	f->base.ask = fake_ask;
	f->base.free = fake_free;
	f->zone = dns_zone_new();
	assert_int_equal(dns_zone_load_string(f->zone, "t", enterprise_like,
			     strlen(enterprise_like), &err),
	    SPF_OK);
	c = dns_cache_new(&f->base);
	memset(&o, 0, sizeof o);
	o.domain = "corp.example";
	t = spf_tree_new(c, &o, &err);
	/* Round by round, answer everything asked so far; the number of
	 * rounds is the tree's depth in round trips. */
	for (round = 0; !spf_tree_resume(t); round++) {
		size_t n = f->n;
		assert_true(round < 10);
		for (i = sent; i < n; i++)
			dns_cache_put(c,
			    dns_zone_lookup(f->zone, f->asked[i], f->types[i]));
		sent = n;
		if (round == 0) /* the root's TXT alone */
			assert_int_equal(n, 1);
	}
	/* Round 1: the root's TXT. Round 2: A and AAAA of corp, its MX,
	 * the TXT of inc1 and inc2 (5). Round 3: inc3's TXT, A and AAAA of
	 * both MX hosts and of host.inc2 (7). Each query asked once. */
	assert_int_equal(round, 3);
	for (i = 0; i < f->n; i++) {
		size_t k;
		for (k = i + 1; k < f->n; k++)
			assert_false(strcmp(f->asked[i], f->asked[k]) == 0 &&
			    f->types[i] == f->types[k]);
	}
	assert_int_equal(f->n, 1 + 5 + 7);
	spf_tree_free(t);
	dns_cache_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_costs_hand_counted),
		cmocka_unit_test(test_limit_marked),
		cmocka_unit_test(test_loop),
		cmocka_unit_test(test_huge_record),
		cmocka_unit_test(test_faults_in_nested_include),
		cmocka_unit_test(test_after_all_and_redirect),
		cmocka_unit_test(test_walk_order),
		cmocka_unit_test(test_bounds),
		cmocka_unit_test(test_ip_dependent),
		cmocka_unit_test(test_dataflow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
