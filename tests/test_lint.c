/* test_lint.c: findings over explored policies, src/lint.c and
 * src/lint_net.c. Each table row loads a small zone, lints the tree and
 * checks one finding: kind, severity, the record and term it is attached
 * to, and a piece of its message. Then what must not be found (a clean
 * policy, exactly 10 lookups, carve-outs), evaluation order, and bounds:
 * a 10,000-term record, include cycles, the caps on findings and on
 * networks compared. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dns_zone.h"
#include "lint.h"
#include "spf_tree.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

#define ZHEAD "$ORIGIN example.com.\n$TTL 300\n"
#define E LINT_ERROR
#define W LINT_WARNING
#define I LINT_INFO

struct fixture {
	struct dns_cache  *cache;
	struct spf_tree   *tree;
	struct lint_report r;
	double             lint_ms;
};

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Loads zone, explores domain (record: a draft of it, or NULL), lints. */
static void
fx_load(struct fixture *fx, const char *zone, const char *record)
{
	struct spf_tree_opts o;
	struct spf_err       err;
	struct dns_zone     *z = dns_zone_new();
	int                  turns = 0;
	double               t0;

	memset(fx, 0, sizeof *fx);
	memset(&err, 0, sizeof err);
	if (dns_zone_load_string(z, "t.zone", zone, strlen(zone), &err) !=
	    SPF_OK)
		fail_msg("zone: %s", err.msg);
	fx->cache = dns_cache_new(dns_zone_source(z));
	memset(&o, 0, sizeof o);
	o.domain = "example.com";
	o.record = record;
	fx->tree = spf_tree_new(fx->cache, &o, &err);
	assert_non_null(fx->tree);
	/* The zone answers at once: one turn per level at most. */
	while (!spf_tree_resume(fx->tree))
		if (++turns > 40)
			fail_msg("the tree did not complete");
	t0 = now_ms();
	lint_tree(fx->tree, &fx->r);
	fx->lint_ms = now_ms() - t0;
}

static void
fx_free(struct fixture *fx)
{
	lint_report_free(&fx->r);
	assert_null(fx->r.f);
	assert_int_equal(fx->r.n, 0);
	spf_tree_free(fx->tree);
	dns_cache_free(fx->cache);
}

static bool
term_is(const struct spf_tree_term *tt, const char *text)
{
	if (text == NULL || tt == NULL)
		return text == NULL && tt == NULL;
	return tt->term->text.len == strlen(text) &&
	    memcmp(tt->term->text.p, text, strlen(text)) == 0;
}

static void
dump(const struct lint_report *r)
{
	size_t i;

	for (i = 0; i < r->n && i < 40; i++) {
		const struct lint_finding *f = &r->f[i];
		print_message("  %s %s at %s '%.*s': %s\n",
		    lint_severity_name(f->severity), lint_kind_name(f->kind),
		    f->node->name,
		    f->term != NULL ? (int)f->term->term->text.len : 4,
		    f->term != NULL ? f->term->term->text.p : "NULL", f->msg);
	}
}

static size_t
count_kind(const struct lint_report *r, enum lint_kind k)
{
	size_t i, n = 0;

	for (i = 0; i < r->n; i++)
		n += r->f[i].kind == k;
	return n;
}

/* The finding of kind k at node and term (NULL: the whole record). */
static const struct lint_finding *
find(const struct lint_report *r, enum lint_kind k, const char *node,
    const char *term)
{
	static const struct lint_finding none;
	size_t                           i;

	for (i = 0; i < r->n; i++) {
		const struct lint_finding *f = &r->f[i];
		if (f->kind == k && strcmp(f->node->name, node) == 0 &&
		    term_is(f->term, term))
			return f;
	}
	dump(r);
	fail_msg("no %s finding at %s '%s'", lint_kind_name(k), node,
	    term != NULL ? term : "NULL");
	return &none; /* not reached: cmocka's _fail() is not noreturn */
}

static void
expect_msg(const struct lint_finding *f, const char *part)
{
	if (part != NULL && strstr(f->msg, part) == NULL)
		fail_msg("message \"%s\" lacks \"%s\"", f->msg, part);
}

struct row {
	const char        *name;
	const char        *zone; /* ZHEAD is put before it */
	enum lint_kind     kind;
	enum lint_severity sev;
	const char        *node;
	const char        *term; /* NULL: the whole record */
	const char        *msg;  /* a piece of the message */
	const char        *msg2; /* another, or NULL */
};

static const struct row rows[] = {
	{ "lookup-limit",
	    "@ TXT \"v=spf1 include:_spf.example.com a:h1.example.com "
	    "a:h2.example.com a:h3.example.com a:h4.example.com "
	    "a:h5.example.com -all\"\n"
	    "_spf TXT \"v=spf1 a:h6.example.com a:h7.example.com "
	    "a:h8.example.com a:h9.example.com a:h10.example.com ~all\"\n"
	    "h1 A 192.0.2.1\nh2 A 192.0.2.2\nh3 A 192.0.2.3\nh4 A 192.0.2.4\n"
	    "h5 A 192.0.2.5\nh6 A 192.0.2.6\nh7 A 192.0.2.7\nh8 A 192.0.2.8\n"
	    "h9 A 192.0.2.9\nh10 A 192.0.2.10\n",
	    LINT_LOOKUP_LIMIT, E, "example.com", "a:h5.example.com",
	    "'a:h5.example.com' is lookup 11: check_host() stops here with "
	    "permerror (RFC 7208 4.6.4/1)",
	    "11 lookups in all" },
	{ "void-limit",
	    "@ TXT \"v=spf1 a:v1.example.com mx:v2.example.com "
	    "exists:v3.example.com -all\"\n",
	    LINT_VOID_LIMIT, E, "example.com", "exists:v3.example.com",
	    "is void lookup 3: check_host() stops here with permerror (RFC "
	    "7208 4.6.4/7)",
	    "3 void lookups in all" },
	/* The redirect= written first is tried last (6.1). */
	{ "void-limit-order",
	    "@ TXT \"v=spf1 redirect=_r.example.com a:g1.example.com\"\n"
	    "_r TXT \"v=spf1 a:g2.example.com a:g3.example.com -all\"\n",
	    LINT_VOID_LIMIT, E, "_r.example.com", "a:g3.example.com",
	    "void lookup 3", NULL },
	{ "void-lookup-nxdomain", "@ TXT \"v=spf1 a:v1.example.com -all\"\n",
	    LINT_VOID_LOOKUP, W, "example.com", "a:v1.example.com",
	    "v1.example.com does not exist: void lookup 1", "4.6.4/7" },
	{ "void-lookup-nodata",
	    "@ TXT \"v=spf1 a:t.example.com mx -all\"\n"
	    "t TXT \"not an address\"\n@ MX 10 mail\nmail A 192.0.2.25\n",
	    LINT_VOID_LOOKUP, W, "example.com", "a:t.example.com",
	    "t.example.com has no A or AAAA record", NULL },
	{ "pass-all", "@ TXT \"v=spf1 ip4:192.0.2.1 +all\"\n", LINT_PASS_ALL, W,
	    "example.com", "+all",
	    "passes every client: anyone can send mail as example.com", NULL },
	{ "pass-all-bare", "@ TXT \"v=spf1 ip4:192.0.2.1 all\"\n",
	    LINT_PASS_ALL, W, "example.com", "all", "passes every client",
	    NULL },
	{ "pass-all-redirected",
	    "@ TXT \"v=spf1 redirect=_r.example.com\"\n"
	    "_r TXT \"v=spf1 +all\"\n",
	    LINT_PASS_ALL, W, "_r.example.com", "+all", "anyone", NULL },
	{ "neutral-all", "@ TXT \"v=spf1 ip4:192.0.2.1 ?all\"\n",
	    LINT_NEUTRAL_ALL, W, "example.com", "?all",
	    "neutral is treated as none (RFC 7208 2.6.2)", NULL },
	{ "no-all", "@ TXT \"v=spf1 ip4:192.0.2.1\"\n", LINT_NO_ALL, W,
	    "example.com", NULL, "no 'all' and no 'redirect='", "4.7/1" },
	{ "ptr", "@ TXT \"v=spf1 ptr -all\"\n", LINT_PTR, W, "example.com",
	    "ptr", "'ptr' SHOULD NOT be used", "5.5" },
	{ "ptr-domain", "@ TXT \"v=spf1 ?ptr:example.com -all\"\n", LINT_PTR, W,
	    "example.com", "?ptr:example.com", "SHOULD NOT", NULL },
	{ "multiple-records", "@ TXT \"v=spf1 -all\"\n@ TXT \"v=spf1 ~all\"\n",
	    LINT_MULTIPLE_RECORDS, E, "example.com", NULL,
	    "example.com publishes 2 SPF records", "4.5/6" },
	{ "multiple-records-included",
	    "@ TXT \"v=spf1 include:_m.example.com -all\"\n"
	    "_m TXT \"v=spf1 -all\"\n_m TXT \"v=spf1 ip4:192.0.2.1 -all\"\n",
	    LINT_MULTIPLE_RECORDS, E, "_m.example.com", NULL,
	    "publishes 2 SPF records", NULL },
	{ "redirect-ignored",
	    "@ TXT \"v=spf1 redirect=_spf.example.com -all\"\n",
	    LINT_REDIRECT_IGNORED, W, "example.com",
	    "redirect=_spf.example.com", "is ignored: the record has '-all'",
	    "6.1" },
	{ "after-all", "@ TXT \"v=spf1 -all ip4:192.0.2.1 a\"\n",
	    LINT_AFTER_ALL, W, "example.com", "ip4:192.0.2.1",
	    "'ip4:192.0.2.1' and 1 more terms after '-all' are never "
	    "evaluated",
	    "5.1" },
	{ "include-pass-all",
	    "@ TXT \"v=spf1 include:_open.example.com -all\"\n"
	    "_open TXT \"v=spf1 redirect=_open2.example.com\"\n"
	    "_open2 TXT \"v=spf1 ip4:192.0.2.1 +all\"\n",
	    LINT_INCLUDE_PASS_ALL, W, "example.com",
	    "include:_open.example.com",
	    "matches every client: _open2.example.com ends in '+all'",
	    "gives pass to anyone" },
	{ "duplicate-include",
	    "@ TXT \"v=spf1 include:_a.example.com include:_b.example.com "
	    "-all\"\n_a TXT \"v=spf1 include:_b.example.com ~all\"\n"
	    "_b TXT \"v=spf1 ip4:192.0.2.0/24 ~all\"\n",
	    LINT_DUPLICATE_INCLUDE, I, "example.com", "include:_b.example.com",
	    "'include:_b.example.com' repeats 'include:_b.example.com' in "
	    "_a.example.com",
	    "1 more lookup" },
	{ "net-repeated",
	    "@ TXT \"v=spf1 ip4:192.0.2.10 a:mail.example.com -all\"\n"
	    "mail A 192.0.2.10\n",
	    LINT_NET_REPEATED, I, "example.com", "a:mail.example.com",
	    "'a:mail.example.com' (192.0.2.10) repeats the network of "
	    "'ip4:192.0.2.10'",
	    "adds nothing" },
	{ "net-repeated-qualifiers",
	    "@ TXT \"v=spf1 -ip4:192.0.2.10 ~ip4:192.0.2.10 -all\"\n",
	    LINT_NET_REPEATED, W, "example.com", "~ip4:192.0.2.10",
	    "the first to match wins, so it never gives softfail", NULL },
	{ "net-contained-qualifiers",
	    "@ TXT \"v=spf1 -ip4:198.51.100.0/24 ~ip4:198.51.100.7 -all\"\n",
	    LINT_NET_CONTAINED, W, "example.com", "~ip4:198.51.100.7",
	    "'-ip4:198.51.100.0/24' contains '~ip4:198.51.100.7': the first "
	    "to match wins",
	    NULL },
	{ "net-contained-first",
	    "@ TXT \"v=spf1 ip4:192.0.2.0/24 ip4:192.0.2.9 -all\"\n",
	    LINT_NET_CONTAINED, I, "example.com", "ip4:192.0.2.9",
	    "'ip4:192.0.2.0/24' contains 'ip4:192.0.2.9' and is evaluated "
	    "first",
	    NULL },
	{ "net-contained-later",
	    "@ TXT \"v=spf1 ip4:192.0.2.9 ip4:192.0.2.0/24 -all\"\n",
	    LINT_NET_CONTAINED, I, "example.com", "ip4:192.0.2.9",
	    "'ip4:192.0.2.9' lies inside 'ip4:192.0.2.0/24', evaluated later",
	    NULL },
	{ "net-contained-ip6",
	    "@ TXT \"v=spf1 ip6:2001:db8::/32 ~ip6:2001:db8:1::/48 -all\"\n",
	    LINT_NET_CONTAINED, W, "example.com", "~ip6:2001:db8:1::/48",
	    "never gives softfail", NULL },
	/* Across records: the include passes, so its network gives pass
	 * before the root's fail is tried. */
	{ "net-contained-across",
	    "@ TXT \"v=spf1 include:_spf.example.com -ip4:192.0.2.9 ~all\"\n"
	    "_spf TXT \"v=spf1 ip4:192.0.2.0/24 -all\"\n",
	    LINT_NET_CONTAINED, W, "example.com", "-ip4:192.0.2.9",
	    "'ip4:192.0.2.0/24' in _spf.example.com contains '-ip4:192.0.2.9'",
	    "never gives fail" },
	{ "net-mx-across",
	    "@ TXT \"v=spf1 include:_spf.example.com mx -all\"\n"
	    "@ MX 10 mail\nmail A 192.0.2.25\n"
	    "_spf TXT \"v=spf1 ip4:192.0.2.0/24 -all\"\n",
	    LINT_NET_CONTAINED, I, "example.com", "mx",
	    "contains 'mx' (192.0.2.25)", "adds nothing" },
	{ "host-bits", "@ TXT \"v=spf1 ip4:192.0.2.1/24 -all\"\n",
	    LINT_HOST_BITS, I, "example.com", "ip4:192.0.2.1/24",
	    "has host bits set: it means 192.0.2.0/24", NULL },
	{ "host-bits-ip6", "@ TXT \"v=spf1 ip6:2001:db8::1/64 -all\"\n",
	    LINT_HOST_BITS, I, "example.com", "ip6:2001:db8::1/64",
	    "it means 2001:db8::/64", NULL },
	{ "syntax", "@ TXT \"v=spf1 ip4:192.0.2.1/33 -all\"\n", LINT_SYNTAX, E,
	    "example.com", NULL, "bad prefix length '33'",
	    "permerror (RFC 7208 4.6)" },
	{ "syntax-included",
	    "@ TXT \"v=spf1 include:_bad.example.com -all\"\n"
	    "_bad TXT \"v=spf1 foo:bar -all\"\n",
	    LINT_SYNTAX, E, "_bad.example.com", NULL, "unknown mechanism 'foo'",
	    NULL },
	{ "loop",
	    "@ TXT \"v=spf1 include:_a.example.com -all\"\n"
	    "_a TXT \"v=spf1 include:example.com ~all\"\n",
	    LINT_LOOP, E, "_a.example.com", "include:example.com",
	    "loops back to example.com", "permerror" },
	{ "loop-redirect",
	    "@ TXT \"v=spf1 redirect=_r.example.com\"\n"
	    "_r TXT \"v=spf1 redirect=example.com\"\n",
	    LINT_LOOP, E, "_r.example.com", "redirect=example.com",
	    "loops back", NULL },
	{ "no-record-include",
	    "@ TXT \"v=spf1 include:_none.example.com -all\"\n"
	    "_none TXT \"hello\"\n",
	    LINT_NO_RECORD, E, "example.com", "include:_none.example.com",
	    "_none.example.com has no SPF record (no TXT record starts with "
	    "v=spf1)",
	    "permerror (RFC 7208 5.2/9)" },
	{ "no-record-redirect", "@ TXT \"v=spf1 redirect=_gone.example.com\"\n",
	    LINT_NO_RECORD, E, "example.com", "redirect=_gone.example.com",
	    "(NXDOMAIN)", "6.1/4" },
	{ "no-record-root", "www A 192.0.2.1\n", LINT_NO_RECORD, W,
	    "example.com", NULL, "example.com publishes no SPF record",
	    "gives none" },
	{ "dns-error-include",
	    "; spfscope: servfail _bad.example.com.\n"
	    "@ TXT \"v=spf1 include:_bad.example.com -all\"\n",
	    LINT_DNS_ERROR, E, "example.com", "include:_bad.example.com",
	    "TXT lookup of _bad.example.com: SERVFAIL", "temperror" },
	{ "dns-error-root",
	    "; spfscope: timeout example.com. TXT\n@ TXT \"v=spf1 -all\"\n",
	    LINT_DNS_ERROR, E, "example.com", NULL,
	    "TXT lookup of example.com: timeout: check_host() gives temperror",
	    NULL },
	{ "dns-error-term",
	    "; spfscope: servfail h.example.com. A\n"
	    "@ TXT \"v=spf1 a:h.example.com -all\"\nh AAAA 2001:db8::1\n",
	    LINT_DNS_ERROR, E, "example.com", "a:h.example.com",
	    "A lookup of h.example.com: SERVFAIL: check_host() gives "
	    "temperror for IPv4 clients",
	    NULL },
	{ "dns-error-mx-host",
	    "; spfscope: refused m2.example.com.\n@ TXT \"v=spf1 mx -all\"\n"
	    "@ MX 10 m1\n@ MX 20 m2\nm1 A 192.0.2.1\nm2 A 192.0.2.2\n",
	    LINT_DNS_ERROR, E, "example.com", "mx",
	    "lookup of m2.example.com: REFUSED", NULL },
	{ "mx-limit",
	    "@ TXT \"v=spf1 mx -all\"\n@ MX 1 m1\n@ MX 2 m2\n@ MX 3 m3\n"
	    "@ MX 4 m4\n@ MX 5 m5\n@ MX 6 m6\n@ MX 7 m7\n@ MX 8 m8\n"
	    "@ MX 9 m9\n@ MX 10 m10\n@ MX 11 m11\n",
	    LINT_MX_LIMIT, E, "example.com", "mx",
	    "example.com has 11 MX records, over 10", "4.6.4/2" },
	{ "ip-dependent",
	    "@ TXT \"v=spf1 exists:%{i}._spf.example.com -all\"\n",
	    LINT_IP_DEPENDENT, I, "example.com", "exists:%{i}._spf.example.com",
	    "depends on %{i}", "shown unexpanded" },
	{ "ip-dependent-p", "@ TXT \"v=spf1 a:%{p}.example.com -all\"\n",
	    LINT_IP_DEPENDENT, I, "example.com", "a:%{p}.example.com",
	    "%{p} SHOULD NOT be used", NULL },
	{ "wide-network", "@ TXT \"v=spf1 ip4:10.0.0.0/8 -all\"\n",
	    LINT_WIDE_NETWORK, I, "example.com", "ip4:10.0.0.0/8",
	    "passes 10.0.0.0/8, 16777216 addresses", NULL },
	{ "wide-network-all", "@ TXT \"v=spf1 +ip4:0.0.0.0/0 -all\"\n",
	    LINT_WIDE_NETWORK, W, "example.com", "+ip4:0.0.0.0/0",
	    "every IPv4 client", NULL },
	{ "wide-network-ip6",
	    "@ TXT \"v=spf1 a//24 -all\"\n@ AAAA 2001:4800::1\n"
	    "@ A 192.0.2.1\n",
	    LINT_WIDE_NETWORK, I, "example.com", "a//24",
	    "passes 2001:4800::/24, 2^104 addresses", NULL },
};

static void
test_row(void **state)
{
	const struct row          *row = *state;
	struct fixture             fx;
	const struct lint_finding *f;
	char                       zone[4096];

	snprintf(zone, sizeof zone, "%s%s", ZHEAD, row->zone);
	fx_load(&fx, zone, NULL);
	f = find(&fx.r, row->kind, row->node, row->term);
	if (f->severity != row->sev) {
		dump(&fx.r);
		fail_msg("severity %s, not %s", lint_severity_name(f->severity),
		    lint_severity_name(row->sev));
	}
	expect_msg(f, row->msg);
	expect_msg(f, row->msg2);
	assert_true(f->term == NULL || f->term->node == f->node);
	assert_non_null(memchr(f->msg, '\0', sizeof f->msg));
	assert_null(strchr(f->msg, '\n'));
	fx_free(&fx);
}

/* Policies with nothing to say, or nothing of one kind. */
struct quiet {
	const char *name;
	const char *zone;
	int         kind; /* -1: no finding at all */
};

static const struct quiet quiets[] = {
	{ "clean",
	    "@ TXT \"v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/48 mx "
	    "include:_spf.example.com -all\"\n@ MX 10 mail\n"
	    "mail A 198.51.100.25\n"
	    "_spf TXT \"v=spf1 ip4:203.0.113.0/24 ?all\"\n",
	    -1 },
	{ "at-limit",
	    "@ TXT \"v=spf1 include:_spf.example.com a:h1.example.com "
	    "a:h2.example.com a:h3.example.com a:h4.example.com -all\"\n"
	    "_spf TXT \"v=spf1 a:h6.example.com a:h7.example.com "
	    "a:h8.example.com a:h9.example.com a:h10.example.com ~all\"\n"
	    "h1 A 192.0.2.1\nh2 A 192.0.2.2\nh3 A 192.0.2.3\nh4 A 192.0.2.4\n"
	    "h6 A 192.0.2.6\nh7 A 192.0.2.7\nh8 A 192.0.2.8\nh9 A 192.0.2.9\n"
	    "h10 A 192.0.2.10\n",
	    -1 },
	{ "two-voids",
	    "@ TXT \"v=spf1 a:v1.example.com a:v2.example.com -all\"\n",
	    LINT_VOID_LIMIT },
	/* An exception carved out first is deliberate. */
	{ "carve-out",
	    "@ TXT \"v=spf1 -ip4:192.0.2.9 ip4:192.0.2.0/24 -all\"\n", -1 },
	/* A fail inside an include only ends that include: no match. */
	{ "include-fail-no-match",
	    "@ TXT \"v=spf1 include:_x.example.com ip4:192.0.2.9 -all\"\n"
	    "_x TXT \"v=spf1 -ip4:192.0.2.0/24 ~all\"\n",
	    LINT_NET_CONTAINED },
	/* Nothing behind an ignored redirect= is linted. */
	{ "ignored-redirect-target",
	    "@ TXT \"v=spf1 redirect=_gone.example.com -all\"\n",
	    LINT_NO_RECORD },
	{ "ignored-redirect-loop",
	    "@ TXT \"v=spf1 redirect=example.com -all\"\n", LINT_LOOP },
	/* Included records need no all; ?all there is harmless. */
	{ "include-no-all",
	    "@ TXT \"v=spf1 include:_i.example.com -all\"\n"
	    "_i TXT \"v=spf1 ip4:192.0.2.1\"\n",
	    -1 },
	{ "include-neutral-all",
	    "@ TXT \"v=spf1 include:_i.example.com -all\"\n"
	    "_i TXT \"v=spf1 ip4:192.0.2.1 ?all\"\n",
	    -1 },
	/* A fail network is not a wide authorization. */
	{ "wide-fail", "@ TXT \"v=spf1 -ip4:10.0.0.0/8 ~all\"\n",
	    LINT_WIDE_NETWORK },
	{ "ip-exact",
	    "@ TXT \"v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/64 -all\"\n",
	    LINT_HOST_BITS },
	{ "string-from-network-size", "@ TXT \"v=spf1 -all\"\n",
	    LINT_ANSWER_LARGE },
};

static void
test_quiet(void **state)
{
	const struct quiet *q = *state;
	struct fixture      fx;
	char                zone[4096];

	snprintf(zone, sizeof zone, "%s%s", ZHEAD, q->zone);
	fx_load(&fx, zone, NULL);
	if ((q->kind < 0 && fx.r.n != 0) ||
	    (q->kind >= 0 && count_kind(&fx.r, (enum lint_kind)q->kind) != 0)) {
		dump(&fx.r);
		fail_msg("unexpected findings");
	}
	fx_free(&fx);
}

/* A zone string of exactly 255 bytes that another continues, and an
 * answer over 512 bytes. */
static void
test_strings(void **state)
{
	struct fixture             fx;
	const struct lint_finding *f;
	char                       zone[2048], pad[300];
	size_t                     n;

	(void)state;
	n = 255 - strlen("v=spf1 x=");
	memset(pad, 'a', n);
	pad[n] = '\0';
	snprintf(zone, sizeof zone, "%s@ TXT \"v=spf1 x=%s\" \" -all\"\n",
	    ZHEAD, pad);
	fx_load(&fx, zone, NULL);
	f = find(&fx.r, LINT_STRING_LONG, "example.com", NULL);
	assert_int_equal(f->severity, LINT_INFO);
	expect_msg(f, "TXT string 1 is 255 bytes and string 2 continues it");
	assert_int_equal(count_kind(&fx.r, LINT_ANSWER_LARGE), 0);
	fx_free(&fx);

	/* 600 bytes in strings of 200: no 255, but over 512. */
	memset(pad, 'b', 200);
	pad[200] = '\0';
	snprintf(zone, sizeof zone,
	    "%s@ TXT \"v=spf1 x=%.*s\" \"%s\" \"%.*s -all\"\n", ZHEAD, 191, pad,
	    pad, 195, pad);
	fx_load(&fx, zone, NULL);
	f = find(&fx.r, LINT_ANSWER_LARGE, "example.com", NULL);
	assert_int_equal(f->severity, LINT_WARNING);
	expect_msg(f, "bytes, over 512");
	expect_msg(f, "3.4");
	assert_int_equal(count_kind(&fx.r, LINT_STRING_LONG), 0);
	fx_free(&fx);
}

/* A draft has no TXT answer: its length decides. */
static void
test_draft_strings(void **state)
{
	struct fixture             fx;
	const struct lint_finding *f;
	char                       rec[700];

	(void)state;
	memset(rec, 'c', sizeof rec - 1);
	rec[sizeof rec - 1] = '\0';
	memcpy(rec, "v=spf1 -all x=", 14);
	fx_load(&fx, ZHEAD "@ TXT \"v=spf1 ~all\"\n", rec);
	f = find(&fx.r, LINT_STRING_LONG, "example.com", NULL);
	expect_msg(f, "the draft for example.com is 699 bytes");
	f = find(&fx.r, LINT_ANSWER_LARGE, "example.com", NULL);
	expect_msg(f, "makes a TXT answer of about");
	fx_free(&fx);

	fx_load(&fx, ZHEAD, "v=spf1 -all");
	assert_int_equal(fx.r.n, 0);
	fx_free(&fx);
}

/* Includes nested past SPF_TREE_MAX_DEPTH: the tree cuts, lint says so
 * at the include that was not followed. */
static void
test_cut(void **state)
{
	struct fixture             fx;
	const struct lint_finding *f;
	char                       zone[8192], node[64], term[64];
	size_t                     o;
	int                        i;

	(void)state;
	o = (size_t)snprintf(zone, sizeof zone,
	    "%s@ TXT \"v=spf1 include:d1.example.com -all\"\n", ZHEAD);
	for (i = 1; i <= SPF_TREE_MAX_DEPTH + 2; i++)
		o += (size_t)snprintf(zone + o, sizeof zone - o,
		    "d%d TXT \"v=spf1 include:d%d.example.com ~all\"\n", i,
		    i + 1);
	assert_true(o < sizeof zone);
	fx_load(&fx, zone, NULL);
	snprintf(node, sizeof node, "d%d.example.com", SPF_TREE_MAX_DEPTH - 1);
	snprintf(term, sizeof term, "include:d%d.example.com",
	    SPF_TREE_MAX_DEPTH);
	f = find(&fx.r, LINT_CUT, node, term);
	assert_int_equal(f->severity, LINT_INFO);
	expect_msg(f, "is not loaded: the tree stops at");
	f = find(&fx.r, LINT_LOOKUP_LIMIT, "d10.example.com",
	    "include:d11.example.com");
	expect_msg(f, "lookup 11");
	assert_int_equal(count_kind(&fx.r, LINT_LOOKUP_LIMIT), 1);
	fx_free(&fx);
}

/* Cycles: through includes, to itself, and through redirects; each is
 * found once, where it closes, and the lint ends. */
static void
test_cycles(void **state)
{
	static const char *const zones[] = {
		ZHEAD
		"@ TXT \"v=spf1 include:_a.example.com -all\"\n"
		"_a TXT \"v=spf1 include:_b.example.com ~all\"\n"
		"_b TXT \"v=spf1 include:_a.example.com include:example.com "
		"~all\"\n",
		ZHEAD "@ TXT \"v=spf1 include:example.com -all\"\n",
		ZHEAD "@ TXT \"v=spf1 include:EXAMPLE.com. -all\"\n",
		ZHEAD "@ TXT \"v=spf1 redirect=_a.example.com\"\n"
		      "_a TXT \"v=spf1 include:_a.example.com "
		      "redirect=example.com\"\n",
	};
	static const size_t loops[] = { 2, 1, 1, 2 };
	struct fixture      fx;
	size_t              i;

	(void)state;
	for (i = 0; i < NELEM(zones); i++) {
		fx_load(&fx, zones[i], NULL);
		if (count_kind(&fx.r, LINT_LOOP) != loops[i]) {
			dump(&fx.r);
			fail_msg("zone %zu: %zu loops, not %zu", i,
			    count_kind(&fx.r, LINT_LOOP), loops[i]);
		}
		assert_true(fx.lint_ms < 100);
		fx_free(&fx);
	}
}

/* Findings come in evaluation order: a record's own before its terms',
 * an include's before the included record's, redirect= last. */
static void
test_order(void **state)
{
	static const char *const want[][2] = {
		{ "example.com", "ptr" },
		{ "_i.example.com", "ptr:example.com" },
		{ "example.com", "?ptr" },
		{ "_r.example.com", "ptr" },
	};
	struct fixture fx;
	size_t         i, k = 0;

	(void)state;
	fx_load(&fx,
	    ZHEAD "@ TXT \"v=spf1 redirect=_r.example.com ptr "
		  "include:_i.example.com ?ptr\"\n"
		  "_i TXT \"v=spf1 ptr:example.com\"\n"
		  "_r TXT \"v=spf1 ptr +all\"\n",
	    NULL);
	assert_int_equal(count_kind(&fx.r, LINT_PTR), NELEM(want));
	for (i = 0; i < fx.r.n; i++) {
		if (fx.r.f[i].kind != LINT_PTR)
			continue;
		assert_string_equal(fx.r.f[i].node->name, want[k][0]);
		assert_true(term_is(fx.r.f[i].term, want[k][1]));
		k++;
	}
	find(&fx.r, LINT_PASS_ALL, "_r.example.com", "+all");
	fx_free(&fx);
}

/* A record included twice is linted once, but counts twice for the
 * limits; a record both included and redirected to is final the second
 * time. */
static void
test_repeat(void **state)
{
	struct fixture             fx;
	const struct lint_finding *f;

	(void)state;
	fx_load(&fx,
	    ZHEAD "@ TXT \"v=spf1 include:_d.example.com "
		  "include:_d.example.com redirect=_f.example.com\"\n"
		  "_d TXT \"v=spf1 ptr a:gone.example.com "
		  "a:gone2.example.com include:_f.example.com ?all\"\n"
		  "_f TXT \"v=spf1 ip4:192.0.2.1\"\n",
	    NULL);
	assert_int_equal(count_kind(&fx.r, LINT_PTR), 1);
	assert_int_equal(count_kind(&fx.r, LINT_VOID_LOOKUP), 2);
	f = find(&fx.r, LINT_DUPLICATE_INCLUDE, "example.com",
	    "include:_d.example.com");
	expect_msg(f, "5 more lookups"); /* itself, ptr, a, a, include */
	/* The third void lookup is in the second copy of _d. */
	f = find(&fx.r, LINT_VOID_LIMIT, "_d.example.com",
	    "a:gone.example.com");
	assert_ptr_not_equal(f->node, spf_tree_root(fx.tree)->terms[0].child);
	assert_ptr_equal(f->node, spf_tree_root(fx.tree)->terms[1].child);
	/* _f: included (no finding), then final through redirect=. */
	find(&fx.r, LINT_NO_ALL, "_f.example.com", NULL);
	assert_int_equal(count_kind(&fx.r, LINT_NO_ALL), 1);
	assert_int_equal(count_kind(&fx.r, LINT_NET_REPEATED), 0);
	fx_free(&fx);
}

/* Names and severities: one kebab-case name per kind. */
static void
test_names(void **state)
{
	int i, k;

	(void)state;
	assert_string_equal(lint_kind_name(LINT_LOOKUP_LIMIT), "lookup-limit");
	assert_string_equal(lint_kind_name(LINT_NET_CONTAINED),
	    "net-contained");
	assert_string_equal(lint_kind_name(LINT_CUT), "cut");
	assert_string_equal(lint_kind_name(LINT_KIND_COUNT), "?");
	assert_string_equal(lint_severity_name(LINT_ERROR), "error");
	assert_string_equal(lint_severity_name(LINT_WARNING), "warning");
	assert_string_equal(lint_severity_name(LINT_INFO), "info");
	for (i = 0; i < LINT_KIND_COUNT; i++) {
		const char *n = lint_kind_name((enum lint_kind)i);
		assert_non_null(n);
		assert_true(strlen(n) > 1);
		assert_null(strpbrk(n, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_ "));
		for (k = 0; k < i; k++)
			assert_string_not_equal(n,
			    lint_kind_name((enum lint_kind)k));
	}
}

/* Every kind has a row: a kind without a test is caught here. */
static void
test_rows_cover_kinds(void **state)
{
	bool   seen[LINT_KIND_COUNT] = { false };
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(rows); i++)
		seen[rows[i].kind] = true;
	seen[LINT_STRING_LONG] = seen[LINT_ANSWER_LARGE] = true; /* above */
	seen[LINT_CUT] = true;                                   /* test_cut */
	for (i = 0; i < LINT_KIND_COUNT; i++)
		if (!seen[i])
			fail_msg("no row for %s",
			    lint_kind_name((enum lint_kind)i));
}

/* A draft of n terms built by term(i, buf, size). */
static char *
big_record(size_t n, void (*term)(size_t, char *, size_t))
{
	size_t cap = 65535, o;
	char  *rec = malloc(cap + 1), t[64];
	size_t i;

	assert_non_null(rec);
	o = (size_t)snprintf(rec, cap + 1, "v=spf1");
	for (i = 0; i < n; i++) {
		size_t len;
		term(i, t, sizeof t);
		len = strlen(t);
		if (cap - o < len + 1)
			fail_msg("record over 65535 bytes at term %zu", i);
		rec[o++] = ' ';
		memcpy(rec + o, t, len);
		o += len;
	}
	rec[o] = '\0';
	return rec;
}

/* 1,000 /24 networks, each followed by a /32 inside it, and 8,000 "a"
 * terms. */
static void
mixed_term(size_t i, char *buf, size_t size)
{
	if (i % 10 == 0)
		snprintf(buf, size, "ip4:10.%zu.%zu.0/24", i / 2560,
		    i / 10 % 256);
	else if (i % 10 == 1)
		snprintf(buf, size, "ip4:10.%zu.%zu.%zu", i / 2560,
		    i / 10 % 256, i % 10 + 1);
	else
		snprintf(buf, size, "a");
}

static void
test_big_record(void **state)
{
	struct fixture fx;
	char          *rec = big_record(10000, mixed_term);

	(void)state;
	fx_load(&fx, ZHEAD "@ A 192.0.2.1\n@ TXT \"v=spf1 -all\"\n", rec);
	assert_int_equal(spf_tree_root(fx.tree)->nterms, 10000);
	print_message("  10,000 terms: %zu findings in %.1f ms\n", fx.r.n,
	    fx.lint_ms);
	assert_true(fx.lint_ms < 1000);
	assert_int_equal(count_kind(&fx.r, LINT_LOOKUP_LIMIT), 1);
	find(&fx.r, LINT_NO_ALL, "example.com", NULL);
	/* Each /32 lies in the /24 before it; the a terms repeat. */
	find(&fx.r, LINT_NET_CONTAINED, "example.com", "ip4:10.0.0.2");
	assert_int_equal(count_kind(&fx.r, LINT_NET_CONTAINED), 1000);
	assert_int_equal(count_kind(&fx.r, LINT_NET_REPEATED), 7999);
	fx_free(&fx);
	free(rec);
}

static void
a_term(size_t i, char *buf, size_t size)
{
	(void)i;
	snprintf(buf, size, "a");
}

static void
ptr_term(size_t i, char *buf, size_t size)
{
	(void)i;
	snprintf(buf, size, "ptr");
}

/* Over LINT_MAX_FINDINGS: the rest are counted in one last finding.
 * A draft of 10,001 ptr terms: too long for one string and for 512
 * bytes, no "all", the lookup limit and 10,001 ptr: 10,005 findings. */
static void
test_findings_cap(void **state)
{
	struct fixture             fx;
	char                      *rec = big_record(10001, ptr_term);
	const struct lint_finding *f;

	(void)state;
	fx_load(&fx, ZHEAD, rec);
	assert_int_equal(fx.r.n, 10001);
	f = &fx.r.f[fx.r.n - 1];
	assert_int_equal(f->kind, LINT_CUT);
	assert_null(f->term);
	assert_string_equal(f->node->name, "example.com");
	expect_msg(f, "5 more findings dropped: at most 10000 are kept");
	assert_int_equal(count_kind(&fx.r, LINT_LOOKUP_LIMIT), 1);
	assert_true(fx.lint_ms < 1000);
	fx_free(&fx);
	free(rec);
}

/* Over LINT_MAX_NETS networks: the comparison stops and says so. */
static void
test_nets_cap(void **state)
{
	struct fixture             fx;
	char                      *rec = big_record(10000, a_term);
	const struct lint_finding *f;

	(void)state;
	fx_load(&fx,
	    ZHEAD "@ A 192.0.2.1\n@ A 192.0.2.2\n@ A 192.0.2.3\n"
		  "@ A 192.0.2.4\n@ A 192.0.2.5\n@ AAAA 2001:db8::1\n"
		  "@ TXT \"v=spf1 -all\"\n",
	    rec);
	f = find(&fx.r, LINT_CUT, "example.com", "a");
	expect_msg(f, "only the first 50000 networks are compared");
	assert_int_equal(count_kind(&fx.r, LINT_CUT), 1);
	/* 6 networks a term: the 8,334th term crosses; those before it
	 * repeat the first. */
	assert_int_equal(f->term->index, 50000 / 6);
	assert_int_equal(count_kind(&fx.r, LINT_NET_REPEATED), 50000 / 6);
	print_message("  60,000 networks: %.1f ms\n", fx.lint_ms);
	assert_true(fx.lint_ms < 1000);
	fx_free(&fx);
	free(rec);
}

/* A tree still loading: what is not there yet is said, not guessed. */
static void
test_waiting(void **state)
{
	struct fixture       fx;
	struct spf_tree_opts o;
	struct spf_err       err;
	struct dns_zone     *z = dns_zone_new();
	static const char    zone[] =
	    ZHEAD "@ TXT \"v=spf1 include:_i.example.com -all\"\n"
		  "_i TXT \"v=spf1 -all\"\n";

	(void)state;
	memset(&fx, 0, sizeof fx);
	memset(&err, 0, sizeof err);
	assert_int_equal(dns_zone_load_string(z, "t", zone, strlen(zone), &err),
	    SPF_OK);
	fx.cache = dns_cache_new(dns_zone_source(z));
	memset(&o, 0, sizeof o);
	o.domain = "example.com";
	fx.tree = spf_tree_new(fx.cache, &o, &err);
	assert_non_null(fx.tree);
	/* Before any resume, the root itself is waiting. */
	lint_tree(fx.tree, &fx.r);
	assert_int_equal(fx.r.n, 1);
	assert_int_equal(fx.r.f[0].kind, LINT_CUT);
	expect_msg(&fx.r.f[0], "not loaded yet");
	fx_free(&fx);
}

int
main(void)
{
	static struct CMUnitTest tests[NELEM(rows) + NELEM(quiets) + 12];
	static char              names[NELEM(rows) + NELEM(quiets)][64];
	size_t                   i, n = 0;

	for (i = 0; i < NELEM(rows); i++) {
		snprintf(names[n], sizeof names[n], "%s", rows[i].name);
		tests[n] = (struct CMUnitTest){ .name = names[n],
			.test_func = test_row,
			.initial_state = (void *)&rows[i] };
		n++;
	}
	for (i = 0; i < NELEM(quiets); i++) {
		snprintf(names[n], sizeof names[n], "quiet %s", quiets[i].name);
		tests[n] = (struct CMUnitTest){ .name = names[n],
			.test_func = test_quiet,
			.initial_state = (void *)&quiets[i] };
		n++;
	}
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_strings);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_draft_strings);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_cut);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_cycles);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_order);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_repeat);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_names);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_rows_cover_kinds);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_big_record);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_findings_cap);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_nets_cap);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_waiting);
	if (n > NELEM(tests)) {
		fprintf(stderr, "test_lint: %zu tests, table of %zu\n", n,
		    NELEM(tests));
		return 1;
	}
	return _cmocka_run_group_tests("lint", tests, n, NULL, NULL);
}
