/* test_spf_eval.c: check_host() of RFC 7208, src/spf_eval*.c, over zones
 * given inline (dns_zone_load_string) and a fake asynchronous source. One
 * table of scenarios, each row a cmocka test that checks the result, the
 * reason, the explanation and the lookup and void counts; then the
 * deciding path, drafts, usage errors, and SPF_EVAL_PENDING with answers
 * delivered by hand. The client is 1.2.3.4, the sender foo@example.com
 * and the HELO mail.example.com unless a row says otherwise; the default
 * explanation is "DEFAULT". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dns.h"
#include "dns_cache.h"
#include "dns_zone.h"
#include "ip.h"
#include "spf_err.h"
#include "spf_eval.h"
#include "spf_limits.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

#define DEF_IP "1.2.3.4"
#define DEF_SENDER "foo@example.com"
#define DEF_HELO "mail.example.com"
#define DEF_EXP "DEFAULT"
#define MAX_RUNS 4 /* a zone answers at once: one run should do */

/* Zone lines. Owners are absolute; \DDD escapes are the zone file's. */
#define TXT(owner, s) owner " TXT \"" s "\"\n"
#define ADDR(owner, a) owner " A " a "\n"
#define AAAA(owner, a) owner " AAAA " a "\n"
#define MXR(owner, n, host) owner " MX " #n " " host "\n"
#define PTR(owner, host) owner " PTR " host "\n"
#define CNAME(owner, to) owner " CNAME " to "\n"
#define FAULT(what, name) "; spfscope: " what " " name "\n"

#define REV4 "4.3.2.1.in-addr.arpa."
/* 2001:db8::1 */
#define REV6                                                                   \
	"1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0."                     \
	"8.b.d.0.1.0.0.2.ip6.arpa."

#define X10(c) c c c c c c c c c c
#define L63(c) X10(c) X10(c) X10(c) X10(c) X10(c) X10(c) c c c
#define L64(c) L63(c) c

/* h1 to h11: hosts that never hold the client's address. */
#define H(n) ADDR("h" #n ".example.com.", "9.9.9." #n)
#define HOSTS H(1) H(2) H(3) H(4) H(5) H(6) H(7) H(8) H(9) H(10) H(11)
#define A1_9                                                                   \
	"a:h1.example.com a:h2.example.com a:h3.example.com "                  \
	"a:h4.example.com a:h5.example.com a:h6.example.com "                  \
	"a:h7.example.com a:h8.example.com a:h9.example.com"

/* Eleven MX hosts; the last given ones hold the address. */
#define MX10                                                                   \
	MXR("example.com.", 1, "m1.example.com.")                              \
	MXR("example.com.", 2, "m2.example.com.")                              \
	MXR("example.com.", 3, "m3.example.com.")                              \
	MXR("example.com.", 4, "m4.example.com.")                              \
	MXR("example.com.", 5, "m5.example.com.")                              \
	MXR("example.com.", 6, "m6.example.com.")                              \
	MXR("example.com.", 7, "m7.example.com.")                              \
	MXR("example.com.", 8, "m8.example.com.")                              \
	MXR("example.com.", 9, "m9.example.com.")                              \
	MXR("example.com.", 10, "m10.example.com.")
#define M(n, a) ADDR("m" #n ".example.com.", a)
#define MXHOSTS                                                                \
	M(1, "9.9.8.1")                                                        \
	M(2, "9.9.8.2")                                                        \
	M(3, "9.9.8.3")                                                        \
	M(4, "9.9.8.4")                                                        \
	M(5, "9.9.8.5")                                                        \
	M(6, "9.9.8.6")                                                        \
	M(7, "9.9.8.7")                                                        \
	M(8, "9.9.8.8")                                                        \
	M(9, "9.9.8.9")                                                        \
	M(10, "1.2.3.4")                                                       \
	M(11, "1.2.3.4")

#define ROOT(s) TXT("example.com.", s)
#define EXPTXT(s) TXT("e.example.com.", s)
#define NOCHECK (-1)

static const struct row {
	const char     *name;
	const char     *zone;
	const char     *ip;          /* NULL: DEF_IP */
	const char     *sender;      /* NULL: DEF_SENDER */
	const char     *helo;        /* NULL: DEF_HELO */
	const char     *domain;      /* opts.domain */
	const char     *record;      /* opts.record */
	const char     *default_exp; /* NULL: DEF_EXP */
	const char     *reason;      /* a substring of it, or NULL */
	const char     *exp;         /* the explanation; NULL: none */
	const char     *checked;     /* out->domain, or NULL */
	enum spf_result result;
	unsigned        lookups;
	int             voids;       /* NOCHECK: not checked */
	bool            exp_default; /* implied when exp is DEF_EXP */
} rows[] = {
	/* Results of one record (RFC 7208 2.6, 4.7). */
	{ .name = "ip4 matches: pass",
	    .zone = ROOT("v=spf1 ip4:1.2.3.4 -all"),
	    .result = SPF_PASS,
	    .reason = "matched",
	    .checked = "example.com" },
	{ .name = "-all: fail with the default explanation",
	    .zone = ROOT("v=spf1 ip4:9.9.9.9 -all"),
	    .result = SPF_FAIL,
	    .exp = DEF_EXP },
	{ .name = "~all: softfail has no explanation",
	    .zone = ROOT("v=spf1 ~all exp=e.example.com") EXPTXT("no"),
	    .result = SPF_SOFTFAIL },
	{ .name = "?all: neutral",
	    .zone = ROOT("v=spf1 ?all"),
	    .result = SPF_NEUTRAL },
	{ .name = "no term matches: neutral (4.7)",
	    .zone = ROOT("v=spf1 ip4:9.9.9.9"),
	    .result = SPF_NEUTRAL,
	    .reason = "no term matched" },
	{ .name = "the bare version tag: neutral",
	    .zone = ROOT("v=spf1"),
	    .result = SPF_NEUTRAL },
	{ .name = "pass on a match explains nothing",
	    .zone = ROOT("v=spf1 +all exp=e.example.com") EXPTXT("no"),
	    .result = SPF_PASS },

	/* Record selection (4.4, 4.5, 3.3). */
	{ .name = "no TXT at the domain: none",
	    .zone = ADDR("example.com.", "1.2.3.4"),
	    .result = SPF_NONE,
	    .reason = "no SPF record" },
	{ .name = "NXDOMAIN for the domain: none",
	    .zone = ADDR("other.example.", "1.2.3.4"),
	    .result = SPF_NONE,
	    .reason = "NXDOMAIN" },
	{ .name = "TXT records that are not SPF only: none",
	    .zone = ROOT("v=spf10 ip4:1.2.3.4 -all") ROOT("v=spf1-all")
		ROOT("spf1 -all") ROOT("hello"),
	    .result = SPF_NONE },
	{ .name = "TXT records that are not SPF are ignored",
	    .zone = ROOT("v=spf10 -all") ROOT("v=spf1-all") ROOT("hello")
		ROOT("v=spf1 ip4:1.2.3.4 -all") ROOT("v=spf2.0/pra -all"),
	    .result = SPF_PASS },
	{ .name = "type SPF (99) records are not consulted",
	    .zone = "example.com. SPF \"v=spf1 ip4:1.2.3.4 -all\"\n",
	    .result = SPF_NONE },
	{ .name = "two SPF records: permerror (4.5)",
	    .zone = ROOT("v=spf1 ip4:1.2.3.4 -all") ROOT("v=spf1 -all"),
	    .result = SPF_PERMERROR,
	    .reason = "2 SPF records" },
	{ .name = "the version tag is case-insensitive: two records",
	    .zone = ROOT("V=SpF1 ip4:1.2.3.4 -all") ROOT("v=spf1 -all"),
	    .result = SPF_PERMERROR,
	    .reason = "2 SPF records" },
	{ .name = "strings of a record are joined without spaces",
	    .zone = ROOT("v=spf1 ip4:1.2\" \".3.4 -all"),
	    .result = SPF_PASS },
	{ .name = "the version tag split over two strings",
	    .zone = ROOT("v=spf\" \"1 ip4:1.2.3.4 -all"),
	    .result = SPF_PASS },
	{ .name = "a split record next to a non-SPF one",
	    .zone = ROOT("v=spf1 \" \"ip4:1.2.3.4\" \" -all") ROOT("v=spf1x"),
	    .result = SPF_PASS },
	{ .name = "a CNAME to the record is followed",
	    .zone = CNAME("example.com.", "spf.example.net.")
		TXT("spf.example.net.", "v=spf1 ip4:1.2.3.4 -all"),
	    .result = SPF_PASS },

	/* 4.3/1: a domain that is not a valid name gives none, unasked. */
	{ .name = "a label of 64 bytes: none",
	    .sender = "foo@" L64("a") ".example.com",
	    .zone = ROOT("v=spf1 -all"),
	    .result = SPF_NONE,
	    .reason = "label over 63" },
	{ .name = "a label of 63 bytes is fine",
	    .sender = "foo@" L63("a") ".example.com",
	    .zone = TXT(L63("a") ".example.com.", "v=spf1 ip4:1.2.3.4 -all"),
	    .result = SPF_PASS },
	{ .name = "an empty label inside: none",
	    .sender = "foo@example..com",
	    .zone = ROOT("v=spf1 -all"),
	    .result = SPF_NONE,
	    .reason = "empty label" },
	{ .name = "a leading empty label: none",
	    .sender = "foo@.example.com",
	    .zone = ROOT("v=spf1 -all"),
	    .result = SPF_NONE,
	    .reason = "empty label" },
	{ .name = "a single-label domain: none",
	    .sender = "foo@com",
	    .zone = TXT("com.", "v=spf1 ip4:1.2.3.4 -all"),
	    .result = SPF_NONE,
	    .reason = "not a multi-label" },
	{ .name = "a single label with its trailing dot: none",
	    .domain = "com.",
	    .zone = TXT("com.", "v=spf1 ip4:1.2.3.4 -all"),
	    .result = SPF_NONE,
	    .reason = "not a multi-label" },
	{ .name = "a trailing dot is no label",
	    .domain = "example.com.",
	    .zone = ROOT("v=spf1 ip4:1.2.3.4 -all"),
	    .result = SPF_PASS,
	    .checked = "example.com" },
	{ .name = "a domain of 255 bytes: none",
	    .domain = L63("a") "." L63("b") "." L63("c") "." L63("d"),
	    .zone = ROOT("v=spf1 -all"),
	    .result = SPF_NONE,
	    .reason = "over 253 bytes" },
	{ .name = "an empty sender domain: none",
	    .sender = "foo@",
	    .zone = ROOT("v=spf1 -all"),
	    .result = SPF_NONE,
	    .reason = "empty domain name" },
	{ .name = "an address literal: none",
	    .sender = "foo@[1.2.3.4]",
	    .zone = ROOT("v=spf1 -all"),
	    .result = SPF_NONE,
	    .reason = "address literal" },
	{ .name = "the domain option beats the sender's domain",
	    .domain = "other.example",
	    .zone = ROOT("v=spf1 -all")
		TXT("other.example.", "v=spf1 ip4:1.2.3.4 -all"),
	    .result = SPF_PASS,
	    .checked = "other.example" },

	/* 5.6: CIDR lengths, families, IPv4-mapped clients. */
	{ .name = "a/0 matches any IPv4 client",
	    .zone = ROOT("v=spf1 a/0 -all") ADDR("example.com.", "9.9.9.9"),
	    .result = SPF_PASS,
	    .lookups = 1 },
	{ .name = "ip4:0.0.0.0/0 matches 255.255.255.255",
	    .ip = "255.255.255.255",
	    .zone = ROOT("v=spf1 ip4:0.0.0.0/0 -all"),
	    .result = SPF_PASS },
	{ .name = "ip4:0.0.0.0/0 matches 0.0.0.0",
	    .ip = "0.0.0.0",
	    .zone = ROOT("v=spf1 ip4:0.0.0.0/0 -all"),
	    .result = SPF_PASS },
	{ .name = "ip4:1.2.3.0/24 does not match 1.2.4.4",
	    .ip = "1.2.4.4",
	    .zone = ROOT("v=spf1 ip4:1.2.3.0/24 -all"),
	    .result = SPF_FAIL,
	    .exp = DEF_EXP },
	{ .name = "ip4:1.2.3.4/31 matches 1.2.3.5",
	    .ip = "1.2.3.5",
	    .zone = ROOT("v=spf1 ip4:1.2.3.4/31 -all"),
	    .result = SPF_PASS },
	{ .name = "ip6:::/0 never matches an IPv4 client",
	    .zone = ROOT("v=spf1 ip6:::/0 -all"),
	    .result = SPF_FAIL,
	    .exp = DEF_EXP },
	{ .name = "ip6:::/0 matches an IPv6 client",
	    .ip = "2001:db8::1",
	    .zone = ROOT("v=spf1 ip6:::/0 -all"),
	    .result = SPF_PASS },
	{ .name = "ip4:0.0.0.0/0 never matches an IPv6 client",
	    .ip = "2001:db8::1",
	    .zone = ROOT("v=spf1 ip4:0.0.0.0/0 -all"),
	    .result = SPF_FAIL,
	    .exp = DEF_EXP },
	{ .name = "an IPv4-mapped client matches ip4",
	    .ip = "::ffff:1.2.3.4",
	    .zone = ROOT("v=spf1 ip4:1.2.3.4 -all"),
	    .result = SPF_PASS },
	{ .name = "an IPv4-mapped client is no IPv6 client",
	    .ip = "::ffff:1.2.3.4",
	    .zone = ROOT("v=spf1 ip6:::ffff:0:0/96 -all"),
	    .result = SPF_FAIL,
	    .exp = DEF_EXP },
	{ .name = "an IPv4-mapped client looks up A for a",
	    .ip = "::ffff:1.2.3.4",
	    .zone = ROOT("v=spf1 a -all") ADDR("example.com.", "1.2.3.4")
		AAAA("example.com.", "::ffff:9.9.9.9"),
	    .result = SPF_PASS,
	    .lookups = 1 },
	{ .name = "an IPv4-mapped client shows as IPv4 in %{i} and %{v}",
	    .ip = "::ffff:1.2.3.4",
	    .zone =
		ROOT("v=spf1 -all exp=e.example.com") EXPTXT("%{i} %{v} %{c}"),
	    .result = SPF_FAIL,
	    .exp = "1.2.3.4 in-addr 1.2.3.4" },
	{ .name = "an IPv6 client in %{i}, %{v} and %{c}",
	    .ip = "2001:db8::1",
	    .zone =
		ROOT("v=spf1 -all exp=e.example.com") EXPTXT("%{i} %{v} %{c}"),
	    .result = SPF_FAIL,
	    .exp = "2.0.0.1.0.D.B.8.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0"
		   ".0.0.0.1 ip6 2001:db8::1" },
	{ .name = "a with an IPv4 CIDR",
	    .zone = ROOT("v=spf1 a:h.example.com/24//64 -all")
		ADDR("h.example.com.", "1.2.3.99"),
	    .result = SPF_PASS,
	    .lookups = 1 },
	{ .name = "a with an IPv6 CIDR asks AAAA",
	    .ip = "2001:db8::1",
	    .zone = ROOT("v=spf1 a:h.example.com/24//64 -all")
		ADDR("h.example.com.", "1.2.3.4")
		    AAAA("h.example.com.", "2001:db8::ffff:1"),
	    .result = SPF_PASS,
	    .lookups = 1 },
	{ .name = "a for an IPv4 client ignores AAAA: void",
	    .zone = ROOT("v=spf1 a -all") AAAA("example.com.", "::1.2.3.4"),
	    .result = SPF_FAIL,
	    .exp = DEF_EXP,
	    .lookups = 1,
	    .voids = 1 },
	{ .name = "exists asks A even for an IPv6 client",
	    .ip = "2001:db8::1",
	    .zone = ROOT("v=spf1 exists:h.example.com -all")
		ADDR("h.example.com.", "127.0.0.2"),
	    .result = SPF_PASS,
	    .lookups = 1 },
	{ .name = "a follows a CNAME",
	    .zone = ROOT("v=spf1 a:alias.example.com -all")
		CNAME("alias.example.com.", "real.example.net.")
		    ADDR("real.example.net.", "1.2.3.4"),
	    .result = SPF_PASS,
	    .lookups = 1 },

	{ .name = "a/24 is no IPv6 prefix",
	    .ip = "2001:db8::1",
	    .zone =
		ROOT("v=spf1 a/24 -all") AAAA("example.com.", "2001:db8::2"),
	    .result = SPF_FAIL,
	    .exp = DEF_EXP,
	    .lookups = 1 },
	{ .name = "a domain-spec may end in a dot",
	    .zone = ROOT("v=spf1 a:h.example.com. -all")
		ADDR("h.example.com.", "1.2.3.4"),
	    .result = SPF_PASS,
	    .lookups = 1 },
	{ .name = "a long expansion loses labels on the left (7.3)",
	    .sender =
		L63("a") "." L63("b") "." L63("c") "." L63("d") "@example.com",
	    .zone = ROOT("v=spf1 exists:%{l}.x.example.com -all")
		ADDR(L63("b") "." L63("c") "." L63("d") ".x.example.com.",
		    "127.0.0.2"),
	    .result = SPF_PASS,
	    .lookups = 1 },
	{ .name = "names of mechanisms are case-insensitive",
	    .zone = ROOT("V=SPF1 IP4:1.2.3.4 -ALL"),
	    .result = SPF_PASS },

	/* 5.4 and 4.6.4/3: mx. */
	{ .name = "mx: ten names, the tenth matches",
	    .zone = ROOT("v=spf1 mx -all") MX10 MXHOSTS,
	    .result = SPF_PASS,
	    .lookups = 1 },
	{ .name = "mx: eleven names is permerror, even on a match",
	    .ip = "9.9.8.1",
	    .zone = ROOT("v=spf1 mx -all")
		MX10 MXR("example.com.", 11, "m11.example.com.") MXHOSTS,
	    .result = SPF_PERMERROR,
	    .reason = "11 MX names",
	    .lookups = 1 },
	{ .name = "mx: the null MX names no host",
	    .zone = ROOT("v=spf1 mx -all") MXR("example.com.", 0, "."),
	    .result = SPF_FAIL,
	    .exp = DEF_EXP,
	    .lookups = 1 },
	{ .name = "mx: no MX records is a void lookup",
	    .zone = ROOT("v=spf1 mx -all") ADDR("example.com.", "1.2.3.4"),
	    .result = SPF_FAIL,
	    .exp = DEF_EXP,
	    .lookups = 1,
	    .voids = 1 },
	{ .name = "mx: an MX host's SERVFAIL is temperror (5/8)",
	    .zone =
		ROOT("v=spf1 mx -all") MXR("example.com.", 1, "m1.example.com.")
		    MXR("example.com.", 2, "m2.example.com.") FAULT("servfail",
			"m1.example.com.") ADDR("m2.example.com.", "1.2.3.4"),
	    .result = SPF_TEMPERROR,
	    .reason = "SERVFAIL",
	    .lookups = 1 },
	{ .name = "mx:domain/cidr",
	    .zone = ROOT("v=spf1 mx:other.example/24 -all")
		MXR("other.example.", 5, "mx.other.example.")
		    ADDR("mx.other.example.", "1.2.3.200"),
	    .result = SPF_PASS,
	    .lookups = 1 },

	/* 4.6.4/7: void lookups. */
	{ .name = "two void lookups are allowed",
	    .zone =
		ROOT("v=spf1 a:nx1.example.com mx:nodata.example.com "
		     "ip4:1.2.3.4 -all") ADDR("nodata.example.com.", "9.9.9.9"),
	    .result = SPF_PASS,
	    .lookups = 2,
	    .voids = 2 },
	{ .name = "a third void lookup is permerror",
	    .zone = ROOT("v=spf1 a:nx1.example.com a:nx2.example.com "
			 "exists:nx3.example.com ip4:1.2.3.4 -all"),
	    .result = SPF_PERMERROR,
	    .reason = "more than 2 void lookups",
	    .lookups = 3,
	    .voids = 3 },
	{ .name = "void lookups add up across includes",
	    .zone = ROOT("v=spf1 a:nx1.example.com include:i.example.com "
			 "ip4:1.2.3.4 -all") TXT("i.example.com.",
		"v=spf1 a:nx2.example.com "
		"a:nx3.example.com"),
	    .result = SPF_PERMERROR,
	    .reason = "more than 2 void lookups",
	    .lookups = 4,
	    .voids = 3 },

	/* 4.6.4/1: ten DNS-querying terms. */
	{ .name = "ten a: terms pass; ip4, ip6 and all are free",
	    .zone = ROOT("v=spf1 " A1_9 " a:h10.example.com ip6:::1 "
			 "ip4:1.2.3.4 -all") HOSTS,
	    .result = SPF_PASS,
	    .lookups = 10 },
	{ .name = "the eleventh a: is permerror",
	    .zone = ROOT("v=spf1 " A1_9 " a:h10.example.com a:h11.example.com "
			 "ip4:1.2.3.4 -all") HOSTS,
	    .result = SPF_PERMERROR,
	    .reason = "'a:h11.example.com' would be DNS lookup 11",
	    .lookups = 10 },
	{ .name = "terms after the match are never counted",
	    .zone = ROOT("v=spf1 ip4:1.2.3.4 " A1_9 " a:h10.example.com "
			 "a:h11.example.com -all") HOSTS,
	    .result = SPF_PASS },
	{ .name = "ten terms with includes nested pass",
	    .zone = ROOT("v=spf1 include:n1.example.com a:h9.example.com "
			 "ip4:1.2.3.4 -all") TXT("n1.example.com.",
		"v=spf1 a:h1.example.com "
		"a:h2.example.com include:n2.example.com")
		TXT("n2.example.com.",
		    "v=spf1 a:h3.example.com "
		    "a:h4.example.com a:h5.example.com a:h6.example.com "
		    "mx:m.example.com")
		    MXR("m.example.com.", 10, "h8.example.com.") HOSTS,
	    .result = SPF_PASS,
	    .lookups = 10 },
	{ .name = "the eleventh term after nested includes",
	    .zone = ROOT("v=spf1 include:n1.example.com a:h9.example.com "
			 "ip4:1.2.3.4 -all") TXT("n1.example.com.",
		"v=spf1 a:h1.example.com "
		"a:h2.example.com include:n2.example.com")
		TXT("n2.example.com.",
		    "v=spf1 a:h3.example.com "
		    "a:h4.example.com a:h5.example.com a:h6.example.com "
		    "a:h7.example.com mx:m.example.com")
		    MXR("m.example.com.", 10, "h8.example.com.") HOSTS,
	    .result = SPF_PERMERROR,
	    .reason = "'a:h9.example.com' would be DNS lookup 11",
	    .lookups = 10 },
	{ .name = "the eleventh term inside a nested include",
	    .zone = ROOT("v=spf1 include:n1.example.com ip4:1.2.3.4 -all")
		TXT("n1.example.com.",
		    "v=spf1 a:h1.example.com "
		    "a:h2.example.com include:n2.example.com")
		    TXT("n2.example.com.",
			"v=spf1 a:h3.example.com "
			"a:h4.example.com a:h5.example.com a:h6.example.com "
			"a:h7.example.com a:h8.example.com mx:m.example.com")
			MXR("m.example.com.", 10, "h8.example.com.") HOSTS,
	    .result = SPF_PERMERROR,
	    .reason = "'mx:m.example.com' would be DNS lookup 11",
	    .lookups = 10 },
	{ .name = "redirect is the tenth lookup",
	    .zone = ROOT("v=spf1 " A1_9 " redirect=r.example.com")
		TXT("r.example.com.", "v=spf1 ip4:1.2.3.4 -all") HOSTS,
	    .result = SPF_PASS,
	    .lookups = 10 },
	{ .name = "redirect as the eleventh lookup",
	    .zone = ROOT("v=spf1 " A1_9 " a:h10.example.com "
			 "redirect=r.example.com")
		TXT("r.example.com.", "v=spf1 ip4:1.2.3.4 -all") HOSTS,
	    .result = SPF_PERMERROR,
	    .reason = "'redirect=r.example.com' would be DNS lookup 11",
	    .lookups = 10 },
	{ .name = "the exp= lookup is not counted",
	    .zone = ROOT("v=spf1 " A1_9 " a:h10.example.com -all "
			 "exp=e.example.com") EXPTXT("ten and out") HOSTS,
	    .result = SPF_FAIL,
	    .exp = "ten and out",
	    .lookups = 10 },
	{ .name = "ptr and exists count",
	    .zone =
		ROOT("v=spf1 " A1_9 " ptr exists:h1.example.com -all") HOSTS,
	    .result = SPF_PERMERROR,
	    .reason = "'exists:h1.example.com' would be DNS lookup 11",
	    .lookups = 10,
	    .voids = 1 },

	/* Loops end at the lookup limit. */
	{ .name = "a record that includes itself",
	    .zone = ROOT("v=spf1 include:example.com -all"),
	    .result = SPF_PERMERROR,
	    .reason = "DNS lookup 11",
	    .lookups = 10 },
	{ .name = "two records that include each other",
	    .zone = ROOT("v=spf1 include:a.example.com -all")
		TXT("a.example.com.", "v=spf1 include:b.example.com")
		    TXT("b.example.com.", "v=spf1 include:a.example.com"),
	    .result = SPF_PERMERROR,
	    .reason = "DNS lookup 11",
	    .lookups = 10 },
	{ .name = "a record that redirects to itself",
	    .zone = ROOT("v=spf1 redirect=example.com"),
	    .result = SPF_PERMERROR,
	    .reason = "DNS lookup 11",
	    .lookups = 10 },
	{ .name = "two records that redirect to each other",
	    .zone = ROOT("v=spf1 redirect=a.example.com")
		TXT("a.example.com.", "v=spf1 redirect=b.example.com")
		    TXT("b.example.com.", "v=spf1 redirect=a.example.com"),
	    .result = SPF_PERMERROR,
	    .reason = "DNS lookup 11",
	    .lookups = 10 },

	/* 5.2: include. */
	{ .name = "include: the included pass matches",
	    .zone = ROOT("v=spf1 include:i.example.com -all")
		TXT("i.example.com.", "v=spf1 ip4:1.2.3.4 -all"),
	    .result = SPF_PASS,
	    .lookups = 1 },
	{ .name = "~include: an included pass gives softfail",
	    .zone = ROOT("v=spf1 ~include:i.example.com -all")
		TXT("i.example.com.", "v=spf1 ip4:1.2.3.4 -all"),
	    .result = SPF_SOFTFAIL,
	    .lookups = 1 },
	{ .name = "-include: an included pass gives fail",
	    .zone = ROOT("v=spf1 -include:i.example.com +all")
		TXT("i.example.com.", "v=spf1 ip4:1.2.3.4 -all"),
	    .result = SPF_FAIL,
	    .exp = DEF_EXP,
	    .lookups = 1 },
	{ .name = "include: an included fail is no match",
	    .zone = ROOT("v=spf1 include:i.example.com ip4:1.2.3.4 -all")
		TXT("i.example.com.", "v=spf1 -all"),
	    .result = SPF_PASS,
	    .lookups = 1 },
	{ .name = "include: softfail, neutral, and no match are no match",
	    .zone = ROOT("v=spf1 include:i1.example.com include:i2.example.com "
			 "include:i3.example.com ?all") TXT("i1.example.com.",
		"v=spf1 ~all") TXT("i2.example.com.", "v=spf1 ?all")
		TXT("i3.example.com.", "v=spf1 ip4:9.9.9.9"),
	    .result = SPF_NEUTRAL,
	    .lookups = 3 },
	{ .name = "include: an included fail does not stop the record",
	    .zone = ROOT("v=spf1 include:i.example.com -all")
		TXT("i.example.com.", "v=spf1 -all"),
	    .result = SPF_FAIL,
	    .exp = DEF_EXP,
	    .lookups = 1 },
	{ .name = "include: temperror propagates",
	    .zone = ROOT("v=spf1 include:i.example.com +all")
		FAULT("servfail", "i.example.com. TXT"),
	    .result = SPF_TEMPERROR,
	    .reason = "SERVFAIL",
	    .lookups = 1 },
	{ .name = "include: a temperror inside propagates",
	    .zone = ROOT("v=spf1 include:i.example.com +all")
		TXT("i.example.com.", "v=spf1 a:t.example.com")
		    FAULT("timeout", "t.example.com."),
	    .result = SPF_TEMPERROR,
	    .reason = "timeout",
	    .lookups = 2 },
	{ .name = "include: permerror propagates",
	    .zone = ROOT("v=spf1 include:i.example.com +all")
		TXT("i.example.com.", "v=spf1 ip4:1.2.3.4/33"),
	    .result = SPF_PERMERROR,
	    .reason = "i.example.com: byte 19",
	    .lookups = 1 },
	{ .name = "include: NXDOMAIN (none) is permerror",
	    .zone = ROOT("v=spf1 include:i.example.com +all"),
	    .result = SPF_PERMERROR,
	    .reason = "has no SPF record",
	    .lookups = 1,
	    .voids = NOCHECK },
	{ .name = "include: no SPF among the TXT (none) is permerror",
	    .zone = ROOT("v=spf1 include:i.example.com +all")
		TXT("i.example.com.", "hello"),
	    .result = SPF_PERMERROR,
	    .reason = "has no SPF record",
	    .lookups = 1,
	    .voids = NOCHECK },
	{ .name = "include: a target that is no valid name is permerror",
	    .sender = "a..b@example.com",
	    .zone = ROOT("v=spf1 include:%{l}.example.com +all"),
	    .result = SPF_PERMERROR,
	    .lookups = 1,
	    .voids = NOCHECK },

	{ .name = "include: %{d} is the included domain, %{o} the sender's",
	    .zone = ROOT("v=spf1 include:i.example.com -all") TXT(
		"i.example.com.", "v=spf1 exists:%{d}.%{o}.x.example.net")
		ADDR("i.example.com.example.com.x.example.net.", "127.0.0.2"),
	    .result = SPF_PASS,
	    .lookups = 2 },
	{ .name = "include: ptr checks against the included domain",
	    .zone = ROOT("v=spf1 include:i.example.com -all") TXT(
		"i.example.com.", "v=spf1 ptr") PTR(REV4, "mail.i.example.com.")
		ADDR("mail.i.example.com.", "1.2.3.4"),
	    .result = SPF_PASS,
	    .lookups = 2 },
	{ .name = "include: a target with a trailing dot",
	    .zone = ROOT("v=spf1 include:i.example.com. -all")
		TXT("i.example.com.", "v=spf1 +all"),
	    .result = SPF_PASS,
	    .lookups = 1 },
	{ .name = "include: the included redirect decides",
	    .zone = ROOT("v=spf1 include:i.example.com -all")
		TXT("i.example.com.", "v=spf1 redirect=r.example.com")
		    TXT("r.example.com.", "v=spf1 ip4:1.2.3.4 -all"),
	    .result = SPF_PASS,
	    .lookups = 2 },
	{ .name = "exp: the decider is the redirect target above an include",
	    .zone = ROOT("v=spf1 redirect=r.example.com exp=re.example.com")
		TXT("r.example.com.",
		    "v=spf1 -include:i.example.com "
		    "exp=rx.example.com")
		    TXT("i.example.com.", "v=spf1 +all exp=ie.example.com")
			TXT("re.example.com.", "from the root")
			    TXT("rx.example.com.", "from the target")
				TXT("ie.example.com.", "from the include"),
	    .result = SPF_FAIL,
	    .exp = "from the target",
	    .lookups = 2 },

	/* 6.1: redirect. */
	{ .name = "redirect: ignored after a match",
	    .zone = ROOT("v=spf1 -all redirect=r.example.com")
		TXT("r.example.com.", "v=spf1 ip4:1.2.3.4 -all"),
	    .result = SPF_FAIL,
	    .exp = DEF_EXP },
	{ .name = "redirect: used when nothing matched",
	    .zone = ROOT("v=spf1 ip4:9.9.9.9 redirect=r.example.com")
		TXT("r.example.com.", "v=spf1 ip4:1.2.3.4 -all"),
	    .result = SPF_PASS,
	    .lookups = 1 },
	{ .name = "redirect: written first, it still comes last",
	    .zone = ROOT("v=spf1 redirect=r.example.com ip4:1.2.3.4")
		TXT("r.example.com.", "v=spf1 -all"),
	    .result = SPF_PASS },
	{ .name = "redirect: the target's neutral is the result",
	    .zone = ROOT("v=spf1 redirect=r.example.com")
		TXT("r.example.com.", "v=spf1 ip4:9.9.9.9"),
	    .result = SPF_NEUTRAL,
	    .lookups = 1 },
	{ .name = "redirect: the target's softfail is the result",
	    .zone = ROOT("v=spf1 redirect=r.example.com")
		TXT("r.example.com.", "v=spf1 ~all"),
	    .result = SPF_SOFTFAIL,
	    .lookups = 1 },
	{ .name = "redirect: to NXDOMAIN is permerror",
	    .zone = ROOT("v=spf1 redirect=r.example.com"),
	    .result = SPF_PERMERROR,
	    .reason = "has no SPF record",
	    .lookups = 1,
	    .voids = NOCHECK },
	{ .name = "redirect: to a domain without SPF is permerror",
	    .zone = ROOT("v=spf1 redirect=r.example.com")
		TXT("r.example.com.", "v=spf2.0/mfrom -all"),
	    .result = SPF_PERMERROR,
	    .reason = "has no SPF record",
	    .lookups = 1,
	    .voids = NOCHECK },
	{ .name = "redirect: the target's temperror",
	    .zone = ROOT("v=spf1 redirect=r.example.com")
		FAULT("timeout", "r.example.com. TXT"),
	    .result = SPF_TEMPERROR,
	    .reason = "timeout",
	    .lookups = 1 },
	{ .name = "redirect: %{d} is the target's domain there",
	    .zone = ROOT("v=spf1 redirect=r.example.com") TXT("r.example.com.",
		"v=spf1 a:%{d} -all") ADDR("r.example.com.", "1.2.3.4"),
	    .result = SPF_PASS,
	    .lookups = 2 },

	/* 6.2: explanations. */
	{ .name = "exp: %{i} %{d} %{l} %{s} %{o} %{h}",
	    .zone = ROOT("v=spf1 -all exp=e.example.com")
		EXPTXT("%{i} %{d} %{l} %{s} %{o} %{h}"),
	    .result = SPF_FAIL,
	    .exp = "1.2.3.4 example.com foo "
		   "foo@example.com example.com mail.example.com" },
	{ .name = "exp: escapes, transformers and URL-escaping",
	    .sender = "a+b@example.com",
	    .zone = ROOT("v=spf1 -all exp=e.example.com")
		EXPTXT("a%%b%_c%-d %{ir} %{d1} %{L}"),
	    .result = SPF_FAIL,
	    .exp = "a%b c%20d 4.3.2.1 com a%2Bb" },
	{ .name = "exp: a macro in the exp name",
	    .zone = ROOT("v=spf1 -all exp=%{l}._exp.%{d}")
		TXT("foo._exp.example.com.", "for %{l}"),
	    .result = SPF_FAIL,
	    .exp = "for foo" },
	{ .name = "exp: its strings are joined without spaces",
	    .zone = ROOT("v=spf1 -all exp=e.example.com") EXPTXT("ab\" \"cd"),
	    .result = SPF_FAIL,
	    .exp = "abcd" },
	{ .name = "exp: %{r} is unknown when not given",
	    .zone = ROOT("v=spf1 -all exp=e.example.com") EXPTXT("at %{r}"),
	    .result = SPF_FAIL,
	    .exp = "at unknown" },
	{ .name = "exp: NXDOMAIN gives the default",
	    .zone = ROOT("v=spf1 -all exp=e.example.com"),
	    .result = SPF_FAIL,
	    .exp = DEF_EXP },
	{ .name = "exp: no TXT gives the default",
	    .zone = ROOT("v=spf1 -all exp=e.example.com")
		ADDR("e.example.com.", "1.2.3.4"),
	    .result = SPF_FAIL,
	    .exp = DEF_EXP },
	{ .name = "exp: two TXT records give the default",
	    .zone = ROOT("v=spf1 -all exp=e.example.com") EXPTXT("one")
		EXPTXT("two"),
	    .result = SPF_FAIL,
	    .exp = DEF_EXP },
	{ .name = "exp: a macro syntax error gives the default",
	    .zone =
		ROOT("v=spf1 -all exp=e.example.com") EXPTXT("bad %{z} macro"),
	    .result = SPF_FAIL,
	    .exp = DEF_EXP },
	{ .name = "exp: a lone % gives the default",
	    .zone = ROOT("v=spf1 -all exp=e.example.com") EXPTXT("100%"),
	    .result = SPF_FAIL,
	    .exp = DEF_EXP },
	{ .name = "exp: non-ASCII bytes give the default",
	    .zone =
		ROOT("v=spf1 -all exp=e.example.com") EXPTXT("caf\\195\\169"),
	    .result = SPF_FAIL,
	    .exp = DEF_EXP },
	{ .name = "exp: a timeout gives the default",
	    .zone = ROOT("v=spf1 -all exp=e.example.com") EXPTXT("late")
		FAULT("timeout", "e.example.com. TXT"),
	    .result = SPF_FAIL,
	    .exp = DEF_EXP },
	{ .name = "exp: SERVFAIL gives the default",
	    .zone = ROOT("v=spf1 -all exp=e.example.com")
		FAULT("servfail", "e.example.com."),
	    .result = SPF_FAIL,
	    .exp = DEF_EXP },
	{ .name = "exp: a target that is no valid name gives the default",
	    .sender = "a..b@example.com",
	    .zone = ROOT("v=spf1 -all exp=%{l}.example.com"),
	    .result = SPF_FAIL,
	    .exp = DEF_EXP },
	{ .name = "exp: the included record's exp= is ignored",
	    .zone = ROOT("v=spf1 -include:i.example.com")
		TXT("i.example.com.", "v=spf1 ip4:1.2.3.4 exp=ie.example.com")
		    TXT("ie.example.com.", "from the include"),
	    .result = SPF_FAIL,
	    .exp = DEF_EXP,
	    .lookups = 1 },
	{ .name = "exp: the root's exp= after an included fail",
	    .zone = ROOT("v=spf1 include:i.example.com -all "
			 "exp=re.example.com") TXT("i.example.com.",
		"v=spf1 -all exp=ie.example.com") TXT("ie.example.com.",
		"from the include") TXT("re.example.com.", "from the root"),
	    .result = SPF_FAIL,
	    .exp = "from the root",
	    .lookups = 1 },
	{ .name = "exp: the redirect target's exp= is used",
	    .zone = ROOT("v=spf1 exp=re.example.com redirect=r.example.com")
		TXT("r.example.com.", "v=spf1 -all exp=rx.example.com")
		    TXT("re.example.com.", "from the root")
			TXT("rx.example.com.", "from %{d} for %{o}"),
	    .result = SPF_FAIL,
	    .exp = "from r.example.com for example.com",
	    .lookups = 1 },
	{ .name = "exp: the original's exp= is not used after redirect",
	    .zone = ROOT("v=spf1 exp=re.example.com redirect=r.example.com")
		TXT("r.example.com.", "v=spf1 -all")
		    TXT("re.example.com.", "from the root"),
	    .result = SPF_FAIL,
	    .exp = DEF_EXP,
	    .lookups = 1 },
	{ .name = "exp: the default explanation is expanded",
	    .default_exp = "%{i} may not send for %{d} as %{l}",
	    .zone = ROOT("v=spf1 -all"),
	    .result = SPF_FAIL,
	    .exp = "1.2.3.4 may not send for example.com "
		   "as foo",
	    .exp_default = true },
	{ .name = "exp: %{p} is the validated name",
	    .zone = ROOT("v=spf1 -all exp=e.example.com") EXPTXT("via %{p}")
		PTR(REV4, "mail.example.com.")
		    ADDR("mail.example.com.", "1.2.3.4"),
	    .result = SPF_FAIL,
	    .exp = "via mail.example.com" },
	{ .name = "exp: %{p} is unknown when no name validates",
	    .zone = ROOT("v=spf1 -all exp=e.example.com") EXPTXT("via %{p}")
		PTR(REV4, "mail.example.com.")
		    ADDR("mail.example.com.", "9.9.9.9"),
	    .result = SPF_FAIL,
	    .exp = "via unknown" },
	{ .name = "exp: %{p} prefers a name under the domain",
	    .zone = ROOT("v=spf1 -all exp=e.example.com") EXPTXT("via %{p}")
		PTR(REV4, "other.example.net.") PTR(REV4, "mail.example.com.")
		    ADDR("other.example.net.", "1.2.3.4")
			ADDR("mail.example.com.", "1.2.3.4"),
	    .result = SPF_FAIL,
	    .exp = "via mail.example.com" },

	/* 2.3, 2.4, 4.3: identities. */
	{ .name = "null sender: postmaster@HELO, the HELO is the domain",
	    .sender = "",
	    .zone = TXT("mail.example.com.", "v=spf1 -all exp=e.example.com")
		EXPTXT("%{s}|%{l}|%{o}|%{d}|%{h}") ROOT("v=spf1 +all"),
	    .result = SPF_FAIL,
	    .exp = "postmaster@mail.example.com|postmaster|"
		   "mail.example.com|mail.example.com|mail.example.com",
	    .checked = "mail.example.com" },
	{ .name = "null sender: a HELO that passes",
	    .sender = "",
	    .helo = "out.example.net",
	    .zone = TXT("out.example.net.", "v=spf1 ip4:1.2.3.4 -all")
		ROOT("v=spf1 -all"),
	    .result = SPF_PASS,
	    .checked = "out.example.net" },
	{ .name = "null sender: an address literal HELO is none",
	    .sender = "",
	    .helo = "[1.2.3.4]",
	    .zone = ROOT("v=spf1 -all"),
	    .result = SPF_NONE,
	    .reason = "address literal" },
	{ .name = "null sender: a single-label HELO is none",
	    .sender = "",
	    .helo = "localhost",
	    .zone = TXT("localhost.", "v=spf1 -all"),
	    .result = SPF_NONE,
	    .reason = "not a multi-label" },
	{ .name = "a sender without @ is postmaster@ it",
	    .sender = "example.com",
	    .zone = ROOT("v=spf1 -all exp=e.example.com") EXPTXT("%{l} %{s}"),
	    .result = SPF_FAIL,
	    .exp = "postmaster postmaster@example.com" },
	{ .name = "an empty local part is postmaster",
	    .sender = "@example.com",
	    .zone = ROOT("v=spf1 -all exp=e.example.com") EXPTXT("%{l} %{s}"),
	    .result = SPF_FAIL,
	    .exp = "postmaster postmaster@example.com" },
	{ .name = "the last @ splits the sender",
	    .sender = "a@b@example.com",
	    .zone = ROOT("v=spf1 -all exp=e.example.com") EXPTXT("%{l} %{o}"),
	    .result = SPF_FAIL,
	    .exp = "a@b example.com" },
	{ .name = "the local part in a domain-spec",
	    .sender = "postmaster@example.com",
	    .zone = ROOT("v=spf1 exists:%{l}.u.example.com -all")
		ADDR("postmaster.u.example.com.", "127.0.0.2"),
	    .result = SPF_PASS,
	    .lookups = 1 },

	/* Names are bytes: A-Z fold, nothing else does; no IDNA. */
	{ .name = "names: A-Z case differences match",
	    .zone = ROOT("v=spf1 include:mIXED.example.COM -all")
		TXT("MiXeD.Example.com.", "v=spf1 ip4:1.2.3.4"),
	    .result = SPF_PASS,
	    .lookups = 1 },
	{ .name = "names: an upper-case sender domain",
	    .sender = "foo@EXAMPLE.Com",
	    .zone = ROOT("v=spf1 ip4:1.2.3.4 -all"),
	    .result = SPF_PASS,
	    .checked = "EXAMPLE.Com" },
	{ .name = "names: a raw UTF-8 domain is found as bytes",
	    .sender = "foo@caf\xc3\xa9.example",
	    .zone = TXT("caf\\195\\169.example.", "v=spf1 ip4:1.2.3.4 -all"),
	    .result = SPF_PASS,
	    .checked = "caf\xc3\xa9.example" },
	{ .name = "names: upper-case ASCII in a UTF-8 domain folds",
	    .sender = "foo@CAF\xc3\xa9.EXAMPLE",
	    .zone = TXT("caf\\195\\169.example.", "v=spf1 ip4:1.2.3.4 -all"),
	    .result = SPF_PASS },
	{ .name = "names: no folding beyond A-Z",
	    .sender = "foo@caf\xc3\x89.example",
	    .zone = TXT("caf\\195\\169.example.", "v=spf1 ip4:1.2.3.4 -all"),
	    .result = SPF_NONE },
	{ .name = "names: the punycode name is another name",
	    .sender = "foo@xn--caf-dma.example",
	    .zone = TXT("caf\\195\\169.example.", "v=spf1 ip4:1.2.3.4 -all"),
	    .result = SPF_NONE },
	{ .name = "names: a UTF-8 include target reached by macro",
	    .sender = "foo@caf\xc3\xa9.example",
	    .zone =
		TXT("caf\\195\\169.example.", "v=spf1 include:_spf.%{d} -all")
		    TXT("_spf.caf\\195\\169.example.", "v=spf1 ip4:1.2.3.4")
			TXT("_spf.xn--caf-dma.example.", "v=spf1 -all"),
	    .result = SPF_PASS,
	    .lookups = 1 },
	{ .name = "names: non-ASCII in the record text is permerror (3.1)",
	    .zone = ROOT("v=spf1 include:caf\\195\\169.example -all")
		TXT("caf\\195\\169.example.", "v=spf1 ip4:1.2.3.4"),
	    .result = SPF_PERMERROR,
	    .reason = "byte 18" },

	/* 4.4 and 5/8: DNS errors. */
	{ .name = "dns: the root TXT times out: temperror",
	    .zone = ROOT("v=spf1 +all") FAULT("timeout", "example.com. TXT"),
	    .result = SPF_TEMPERROR,
	    .reason = "timeout" },
	{ .name = "dns: the root TXT SERVFAIL: temperror",
	    .zone = ROOT("v=spf1 +all") FAULT("servfail", "example.com."),
	    .result = SPF_TEMPERROR,
	    .reason = "SERVFAIL" },
	{ .name = "dns: the root TXT REFUSED: temperror",
	    .zone = ROOT("v=spf1 +all") FAULT("refused", "example.com. TXT"),
	    .result = SPF_TEMPERROR,
	    .reason = "REFUSED" },
	{ .name = "dns: the root TXT NXDOMAIN: none",
	    .zone = ROOT("v=spf1 +all") FAULT("nxdomain", "example.com."),
	    .result = SPF_NONE },
	{ .name = "dns: SERVFAIL on an a: target: temperror",
	    .zone = ROOT("v=spf1 a:s.example.com +all") ADDR("s.example.com.",
		"1.2.3.4") FAULT("servfail", "s.example.com. A"),
	    .result = SPF_TEMPERROR,
	    .reason = "SERVFAIL",
	    .lookups = 1 },
	{ .name = "dns: a timeout on an exists: target: temperror",
	    .zone = ROOT("v=spf1 exists:s.example.com +all")
		FAULT("timeout", "s.example.com."),
	    .result = SPF_TEMPERROR,
	    .reason = "timeout",
	    .lookups = 1 },
	{ .name = "dns: SERVFAIL on an mx: lookup: temperror",
	    .zone = ROOT("v=spf1 mx:s.example.com +all")
		FAULT("servfail", "s.example.com. MX"),
	    .result = SPF_TEMPERROR,
	    .reason = "SERVFAIL",
	    .lookups = 1 },
	{ .name = "dns: an error after the match is never seen",
	    .zone = ROOT("v=spf1 ip4:1.2.3.4 a:s.example.com -all")
		FAULT("servfail", "s.example.com."),
	    .result = SPF_PASS },

	/* 5.5: ptr. */
	{ .name = "ptr: a validated name under the domain",
	    .zone = ROOT("v=spf1 ptr -all") PTR(REV4, "mail.example.com.")
		ADDR("mail.example.com.", "1.2.3.4"),
	    .result = SPF_PASS,
	    .lookups = 1 },
	{ .name = "ptr: the name does not resolve back",
	    .zone = ROOT("v=spf1 ptr -all") PTR(REV4, "mail.example.com.")
		ADDR("mail.example.com.", "9.9.9.9"),
	    .result = SPF_FAIL,
	    .exp = DEF_EXP,
	    .lookups = 1 },
	{ .name = "ptr: a label boundary is needed",
	    .zone = ROOT("v=spf1 ptr:example.com -all") PTR(REV4,
		"mailexample.com.") ADDR("mailexample.com.", "1.2.3.4"),
	    .result = SPF_FAIL,
	    .exp = DEF_EXP,
	    .lookups = 1 },
	{ .name = "ptr: the domain itself matches",
	    .zone = ROOT("v=spf1 ptr:other.example -all")
		PTR(REV4, "OTHER.example.") ADDR("other.example.", "1.2.3.4"),
	    .result = SPF_PASS,
	    .lookups = 1 },
	{ .name = "ptr: no PTR record is a void lookup",
	    .zone = ROOT("v=spf1 ptr -all"),
	    .result = SPF_FAIL,
	    .exp = DEF_EXP,
	    .lookups = 1,
	    .voids = 1 },
	{ .name = "ptr: a PTR SERVFAIL is no match",
	    .zone = ROOT("v=spf1 ptr -all") FAULT("servfail", REV4),
	    .result = SPF_FAIL,
	    .exp = DEF_EXP,
	    .lookups = 1 },
	{ .name = "ptr: a name whose A fails is skipped",
	    .zone = ROOT("v=spf1 ptr -all") PTR(REV4, "bad.example.com.")
		PTR(REV4, "mail.example.com.") FAULT("servfail",
		    "bad.example.com.") ADDR("mail.example.com.", "1.2.3.4"),
	    .result = SPF_PASS,
	    .lookups = 1 },
	{ .name = "ptr: an IPv6 client",
	    .ip = "2001:db8::1",
	    .zone = ROOT("v=spf1 ptr -all") PTR(REV6, "mail.example.com.")
		AAAA("mail.example.com.", "2001:db8::1"),
	    .result = SPF_PASS,
	    .lookups = 1 },

	/* Syntax: permerror, with the byte of the fault. */
	{ .name = "syntax: an unknown mechanism",
	    .zone = ROOT("v=spf1 ip4:1.2.3.4 foo:bar -all"),
	    .result = SPF_PERMERROR,
	    .reason = "byte 19" },
	{ .name = "syntax: an error after the matching term",
	    .zone = ROOT("v=spf1 ip4:1.2.3.4 -all ip4:1.2.3.4/33"),
	    .result = SPF_PERMERROR,
	    .reason = "byte 36" },
	{ .name = "syntax: two redirect= modifiers",
	    .zone =
		ROOT("v=spf1 redirect=a.example.com redirect=b.example.com"),
	    .result = SPF_PERMERROR,
	    .reason = "byte 30" },
	{ .name = "syntax: an unknown modifier is ignored",
	    .zone = ROOT("v=spf1 foo=bar ip4:1.2.3.4 -all"),
	    .result = SPF_PASS },
	{ .name = "syntax: several spaces between terms",
	    .zone = ROOT("v=spf1  ip4:1.2.3.4   -all "),
	    .result = SPF_PASS },

	/* --record: a draft replaces the checked domain's record. */
	{ .name = "draft: the record option replaces DNS",
	    .record = "v=spf1 ip4:1.2.3.4 -all",
	    .zone = ROOT("v=spf1 -all"),
	    .result = SPF_PASS },
	{ .name = "draft: the record option without a DNS record",
	    .record = "v=spf1 -all exp=e.example.com",
	    .zone = EXPTXT("drafted %{d}"),
	    .result = SPF_FAIL,
	    .exp = "drafted example.com" },
	{ .name = "draft: a syntax error in the record option",
	    .record = "v=spf1 ip4:1.2.3.4/33",
	    .zone = ROOT("v=spf1 ip4:1.2.3.4 -all"),
	    .result = SPF_PERMERROR,
	    .reason = "byte 19" },
};

/* What a test holds, freed by teardown() even when an assertion jumped
 * out of the test (LSan runs at exit). */
static struct {
	struct spf_eval  *ev;
	struct dns_cache *c;
} held;

static void
release(void)
{
	spf_eval_free(held.ev);
	dns_cache_free(held.c);
	held.ev = NULL;
	held.c = NULL;
}

static int
teardown(void **state)
{
	(void)state;
	release();
	return 0;
}

/* The trace, for a failing row. */
static void
dump(const struct spf_outcome *out)
{
	size_t i;

	print_message("    result %s: %s\n", spf_result_name(out->result),
	    out->reason);
	for (i = 0; i < out->ntrace; i++) {
		const struct spf_trace_entry *e = &out->trace[i];
		print_message("    %u %s %s%s %s '%s' %s\n", e->depth,
		    e->domain, e->matched ? "match " : "",
		    spf_result_name(e->result), spf_via_name(e->via),
		    e->text != NULL ? e->text : "", e->note);
	}
}

/* Runs to the end: a source that answers at once needs one run. */
static const struct spf_outcome *
eval_finish(struct spf_eval *ev)
{
	int i;

	for (i = 0; i < MAX_RUNS; i++)
		if (spf_eval_run(ev) == SPF_EVAL_DONE)
			return spf_eval_outcome(ev);
	fail_msg("still pending after %d runs", MAX_RUNS);
	return NULL;
}

static struct dns_cache *
zone_cache(const char *name, const char *text)
{
	struct dns_zone *z = dns_zone_new();
	struct spf_err   err;
	int              rc;

	spf_err_clear(&err);
	rc = dns_zone_load_string(z, name, text, strlen(text), &err);
	if (rc != SPF_OK) {
		dns_zone_free(z);
		fail_msg("zone: %s", err.msg);
	}
	held.c = dns_cache_new(dns_zone_source(z));
	return held.c;
}

static void
opts_init(struct spf_eval_opts *o, const char *ip)
{
	memset(o, 0, sizeof *o);
	if (!ip_parse(ip, strlen(ip), &o->ip))
		fail_msg("bad address '%s'", ip);
	o->sender = DEF_SENDER;
	o->helo = DEF_HELO;
	o->default_exp = DEF_EXP;
}

static void
test_row(void **state)
{
	const struct row         *r = *state;
	const struct spf_outcome *out;
	struct spf_eval_opts      o;
	struct spf_eval          *ev;
	struct dns_cache         *c;
	struct spf_err            err;

	c = zone_cache(r->name, r->zone);
	opts_init(&o, r->ip != NULL ? r->ip : DEF_IP);
	if (r->sender != NULL)
		o.sender = r->sender;
	if (r->helo != NULL)
		o.helo = r->helo;
	if (r->default_exp != NULL)
		o.default_exp = r->default_exp;
	o.domain = r->domain;
	o.record = r->record;
	spf_err_clear(&err);
	held.ev = ev = spf_eval_new(c, &o, &err);
	if (ev == NULL)
		fail_msg("spf_eval_new: %s", err.msg);
	out = eval_finish(ev);
	if (out->result != r->result) {
		dump(out);
		fail_msg("result %s, expected %s", spf_result_name(out->result),
		    spf_result_name(r->result));
	}
	if (r->reason != NULL && strstr(out->reason, r->reason) == NULL) {
		dump(out);
		fail_msg("reason '%s' lacks '%s'", out->reason, r->reason);
	}
	if (r->exp == NULL) {
		if (out->explanation != NULL)
			fail_msg("explanation '%s', expected none",
			    out->explanation);
	} else {
		if (out->explanation == NULL) {
			dump(out);
			fail_msg("no explanation, expected '%s'", r->exp);
		}
		assert_string_equal(out->explanation, r->exp);
		assert_int_equal(out->explanation_is_default,
		    r->exp_default || strcmp(r->exp, DEF_EXP) == 0);
	}
	if (out->lookups != r->lookups) {
		dump(out);
		fail_msg("lookups %u, expected %u", out->lookups, r->lookups);
	}
	if (r->voids != NOCHECK && out->voids != (unsigned)r->voids) {
		dump(out);
		fail_msg("voids %u, expected %d", out->voids, r->voids);
	}
	if (r->checked != NULL)
		assert_string_equal(out->domain, r->checked);
}

/* One evaluation over a zone, kept for the special tests. */
struct run {
	struct dns_cache         *c;
	struct spf_eval          *ev;
	const struct spf_outcome *out;
};

static void
run_start(struct run *x, const char *zone, const struct spf_eval_opts *o)
{
	struct spf_err err;

	x->c = zone_cache("special", zone);
	spf_err_clear(&err);
	held.ev = x->ev = spf_eval_new(x->c, o, &err);
	if (x->ev == NULL)
		fail_msg("spf_eval_new: %s", err.msg);
	x->out = eval_finish(x->ev);
}

static void
run_end(struct run *x)
{
	(void)x;
	release();
}

struct step {
	const char  *domain;
	enum spf_via via;
	const char  *term; /* NULL: no term */
};

static void
check_path(const struct spf_outcome *out, const struct step *want, size_t n)
{
	size_t i;

	if (out->npath != n) {
		for (i = 0; i < out->npath; i++)
			print_message("    step %zu: %s %s '%s'\n", i,
			    out->path[i].domain, spf_via_name(out->path[i].via),
			    out->path[i].term != NULL ? out->path[i].term
						      : "(none)");
		fail_msg("path of %zu steps, expected %zu", out->npath, n);
	}
	for (i = 0; i < n; i++) {
		const struct spf_step *s = &out->path[i];
		if (strcmp(s->domain, want[i].domain) != 0 ||
		    s->via != want[i].via ||
		    (s->term == NULL) != (want[i].term == NULL) ||
		    (s->term != NULL && strcmp(s->term, want[i].term) != 0))
			fail_msg("step %zu: %s %s '%s', expected %s %s '%s'", i,
			    s->domain, spf_via_name(s->via),
			    s->term != NULL ? s->term : "(none)",
			    want[i].domain, spf_via_name(want[i].via),
			    want[i].term != NULL ? want[i].term : "(none)");
	}
}

static const struct path_case {
	const char     *name;
	const char     *zone;
	enum spf_result result;
	struct step     steps[4];
	size_t          nsteps;
} paths[] = {
	{ "path: pass through an include",
	    ROOT("v=spf1 include:a.example -all")
		TXT("a.example.", "v=spf1 ip4:1.2.3.4 -all"),
	    SPF_PASS,
	    { { "example.com", SPF_VIA_ROOT, "include:a.example" },
		{ "a.example", SPF_VIA_INCLUDE, "ip4:1.2.3.4" } },
	    2 },
	{ "path: an included fail is not on the path",
	    ROOT("v=spf1 include:a.example ip4:1.2.3.4 -all")
		TXT("a.example.", "v=spf1 -all"),
	    SPF_PASS, { { "example.com", SPF_VIA_ROOT, "ip4:1.2.3.4" } }, 1 },
	{ "path: redirect, then include",
	    ROOT("v=spf1 ip4:9.9.9.9 redirect=r.example")
		TXT("r.example.", "v=spf1 ?include:i.example -all")
		    TXT("i.example.", "v=spf1 ip4:1.2.3.0/24"),
	    SPF_NEUTRAL,
	    { { "example.com", SPF_VIA_ROOT, "redirect=r.example" },
		{ "r.example", SPF_VIA_REDIRECT, "?include:i.example" },
		{ "i.example", SPF_VIA_INCLUDE, "ip4:1.2.3.0/24" } },
	    3 },
	{ "path: no term matched", ROOT("v=spf1 ip4:9.9.9.9"), SPF_NEUTRAL,
	    { { "example.com", SPF_VIA_ROOT, NULL } }, 1 },
	{ "path: a redirect that matched nothing",
	    ROOT("v=spf1 redirect=r.example")
		TXT("r.example.", "v=spf1 ip4:9.9.9.9"),
	    SPF_NEUTRAL,
	    { { "example.com", SPF_VIA_ROOT, "redirect=r.example" },
		{ "r.example", SPF_VIA_REDIRECT, NULL } },
	    2 },
	{ "path: where a temperror stopped",
	    ROOT("v=spf1 include:i.example -all")
		TXT("i.example.", "v=spf1 ip4:9.9.9.9 a:s.example")
		    FAULT("servfail", "s.example."),
	    SPF_TEMPERROR,
	    { { "example.com", SPF_VIA_ROOT, "include:i.example" },
		{ "i.example", SPF_VIA_INCLUDE, "a:s.example" } },
	    2 },
	{ "path: none has no step", ADDR("example.com.", "1.2.3.4"), SPF_NONE,
	    { { NULL, 0, NULL } }, 0 },
};

static void
test_path(void **state)
{
	const struct path_case *p = *state;
	struct spf_eval_opts    o;
	struct run              x;

	opts_init(&o, DEF_IP);
	run_start(&x, p->zone, &o);
	if (x.out->result != p->result) {
		dump(x.out);
		fail_msg("result %s, expected %s",
		    spf_result_name(x.out->result), spf_result_name(p->result));
	}
	check_path(x.out, p->steps, p->nsteps);
	run_end(&x);
}

/* The trace tells why an include did not match, and ends with the
 * result. */
static void
test_trace(void **state)
{
	struct spf_eval_opts          o;
	struct run                    x;
	const struct spf_trace_entry *e;
	size_t                        i;
	bool                          seen = false;

	(void)state;
	opts_init(&o, DEF_IP);
	run_start(&x,
	    ROOT("v=spf1 include:a.example ip4:1.2.3.4 -all")
		TXT("a.example.", "v=spf1 ~all"),
	    &o);
	assert_int_equal(x.out->result, SPF_PASS);
	assert_true(x.out->ntrace > 0);
	assert_int_equal(x.out->trace[0].kind, SPF_TRACE_NOTE);
	for (i = 0; i < x.out->ntrace; i++) {
		e = &x.out->trace[i];
		if (e->kind == SPF_TRACE_TERM && e->text != NULL &&
		    strcmp(e->text, "include:a.example") == 0 && !e->matched &&
		    strstr(e->note, "softfail") != NULL) {
			assert_int_equal(e->depth, 0);
			assert_string_equal(e->domain, "example.com");
			seen = true;
		}
	}
	if (!seen) {
		dump(x.out);
		fail_msg("no trace entry for the include that gave softfail");
	}
	e = &x.out->trace[x.out->ntrace - 1];
	assert_int_equal(e->kind, SPF_TRACE_RESULT);
	assert_int_equal(e->result, SPF_PASS);
	run_end(&x);
}

/* Each run starts again from the cache and gives the same outcome. */
static void
test_rerun(void **state)
{
	struct spf_eval_opts o;
	struct run           x;
	unsigned             asked;

	(void)state;
	opts_init(&o, DEF_IP);
	run_start(&x,
	    ROOT("v=spf1 include:a.example -all exp=e.example")
		TXT("a.example.", "v=spf1 ip4:9.9.9.9")
		    TXT("e.example.", "%{d}"),
	    &o);
	asked = dns_cache_asked(x.c);
	assert_int_equal(x.out->result, SPF_FAIL);
	assert_int_equal(spf_eval_run(x.ev), SPF_EVAL_DONE);
	x.out = spf_eval_outcome(x.ev);
	assert_int_equal(x.out->result, SPF_FAIL);
	assert_string_equal(x.out->explanation, "example.com");
	assert_int_equal(x.out->lookups, 1);
	assert_int_equal(x.out->npath, 1);
	assert_int_equal(dns_cache_asked(x.c), asked);
	run_end(&x);
}

/* With no default given, the built-in one, expanded. */
static void
test_builtin_exp(void **state)
{
	struct spf_eval_opts o;
	struct run           x;

	(void)state;
	opts_init(&o, DEF_IP);
	o.default_exp = NULL;
	run_start(&x, ROOT("v=spf1 -all"), &o);
	assert_int_equal(x.out->result, SPF_FAIL);
	assert_non_null(x.out->explanation);
	assert_true(x.out->explanation_is_default);
	assert_string_equal(x.out->explanation,
	    "1.2.3.4 is not permitted to send mail as foo@example.com");
	run_end(&x);
}

/* %{t} and %{r} come from the options. */
static void
test_exp_now(void **state)
{
	struct spf_eval_opts o;
	struct run           x;

	(void)state;
	opts_init(&o, DEF_IP);
	o.now = 1700000000;
	o.receiver = "mx.example.org";
	run_start(&x,
	    ROOT("v=spf1 -all exp=e.example") TXT("e.example.", "%{t} %{r}"),
	    &o);
	assert_int_equal(x.out->result, SPF_FAIL);
	assert_non_null(x.out->explanation);
	assert_string_equal(x.out->explanation, "1700000000 mx.example.org");
	assert_false(x.out->explanation_is_default);
	run_end(&x);
}

/* Identities that cannot be checked are usage errors. */
static void
test_usage(void **state)
{
	struct spf_eval_opts o;
	struct spf_eval     *ev;
	struct dns_cache    *c;
	struct spf_err       err;

	(void)state;
	c = zone_cache("usage", ROOT("v=spf1 -all"));
	opts_init(&o, DEF_IP);
	o.sender = "";
	o.helo = NULL;
	spf_err_clear(&err);
	held.ev = ev = spf_eval_new(c, &o, &err);
	assert_null(ev);
	assert_int_equal(err.code, SPF_EUSAGE);
	assert_non_null(strstr(err.msg, "--helo"));

	o.sender = NULL;
	spf_err_clear(&err);
	held.ev = ev = spf_eval_new(c, &o, &err);
	assert_null(ev);
	assert_int_equal(err.code, SPF_EUSAGE);
	assert_non_null(strstr(err.msg, "no domain"));

	/* No sender but a domain: postmaster@DOMAIN. */
	o.domain = "example.com";
	held.ev = ev = spf_eval_new(c, &o, &err);
	assert_non_null(ev);
	assert_string_equal(eval_finish(ev)->sender, "postmaster@example.com");
	assert_int_equal(spf_eval_outcome(ev)->result, SPF_FAIL);
}

/* The null sender's identity is postmaster@HELO. */
static void
test_helo_identity(void **state)
{
	struct spf_eval_opts o;
	struct run           x;

	(void)state;
	opts_init(&o, DEF_IP);
	o.sender = "";
	run_start(&x, TXT("mail.example.com.", "v=spf1 ip4:1.2.3.4 -all"), &o);
	assert_int_equal(x.out->result, SPF_PASS);
	assert_string_equal(x.out->sender, "postmaster@mail.example.com");
	assert_string_equal(x.out->domain, "mail.example.com");
	run_end(&x);
}

/* --draft: drafts replace an included record, by name as DNS compares
 * them; other names still come from DNS. */
static void
test_drafts(void **state)
{
	static const struct spf_draft drafts[] = {
		{ "I.Example.COM.", "v=spf1 ip4:1.2.3.4" },
		{ "new.example.com", "v=spf1 ip4:1.2.3.5" },
		{ "bad.example.com", "v=spf1 ip4:1.2.3.4 bogus" },
	};
	static const struct {
		const char     *ip;
		const char     *root;
		enum spf_result result;
		const char     *reason;
	} cases[] = {
		{ "1.2.3.4", "v=spf1 include:i.example.com -all", SPF_PASS,
		    NULL },
		{ "1.2.3.5", "v=spf1 include:new.example.com -all", SPF_PASS,
		    NULL },
		{ "1.2.3.6", "v=spf1 include:o.example.com -all", SPF_PASS,
		    NULL },
		{ "1.2.3.4", "v=spf1 include:bad.example.com -all",
		    SPF_PERMERROR, "byte 19" },
	};
	struct spf_eval_opts o;
	struct run           x;
	size_t               i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		opts_init(&o, cases[i].ip);
		o.drafts = drafts;
		o.ndrafts = NELEM(drafts);
		o.record = cases[i].root;
		run_start(&x,
		    ROOT("v=spf1 +all") TXT("i.example.com.", "v=spf1 -all")
			TXT("o.example.com.", "v=spf1 ip4:1.2.3.6")
			    TXT("bad.example.com.", "v=spf1 +all"),
		    &o);
		if (x.out->result != cases[i].result) {
			dump(x.out);
			fail_msg("case %zu: result %s, expected %s", i,
			    spf_result_name(x.out->result),
			    spf_result_name(cases[i].result));
		}
		if (cases[i].reason != NULL &&
		    strstr(x.out->reason, cases[i].reason) == NULL)
			fail_msg("case %zu: reason '%s' lacks '%s'", i,
			    x.out->reason, cases[i].reason);
		assert_int_equal(x.out->lookups, 1);
		run_end(&x);
	}
}

/*
 * An asynchronous source: ask() only writes the question down; the test
 * hands answers over with dns_cache_put() when it likes.
 */
#define FAKE_MAX 64

struct fake {
	struct dns_source src;
	size_t            n;
	struct {
		char     name[256];
		uint16_t type;
	} q[FAKE_MAX];
};

static void
fake_ask(struct dns_source *src, struct dns_cache *c, const char *name,
    uint16_t type)
{
	struct fake *f = (struct fake *)src;

	(void)c;
	if (f->n == FAKE_MAX)
		fail_msg("more than %d questions", FAKE_MAX);
	snprintf(f->q[f->n].name, sizeof f->q[f->n].name, "%s", name);
	f->q[f->n++].type = type;
}

static void
fake_free(struct dns_source *src)
{
	free(src);
}

static struct fake *
fake_new(void)
{
	struct fake *f = calloc(1, sizeof *f);

	assert_non_null(f);
	f->src.ask = fake_ask;
	f->src.free = fake_free;
	return f;
}

/* Was (name, type) asked among questions [from, f->n)? */
static bool
fake_asked(const struct fake *f, size_t from, const char *name, uint16_t type)
{
	size_t i;

	for (i = from; i < f->n; i++)
		if (f->q[i].type == type && dns_name_eq(f->q[i].name, name))
			return true;
	return false;
}

static void
fake_dump(const struct fake *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		print_message("    asked %zu: %s %s\n", i, f->q[i].name,
		    dns_type_name(f->q[i].type));
}

static void
expect_asked(const struct fake *f, size_t from, const char *name, uint16_t type)
{
	if (!fake_asked(f, from, name, type)) {
		fake_dump(f);
		fail_msg("%s %s not asked since question %zu", name,
		    dns_type_name(type), from);
	}
}

/* TXT rdata is <len><bytes> per string; strings are separated by '|'
 * here. */
static void
put_txt(struct dns_cache *c, const char *name, const char *text)
{
	struct dns_answer *a;
	unsigned char      rd[512];
	size_t             n = 0;
	const char        *p = text, *bar;

	for (;;) {
		size_t k;
		bar = strchr(p, '|');
		k = bar != NULL ? (size_t)(bar - p) : strlen(p);
		assert_true(k < 256 && n + 1 + k <= sizeof rd);
		rd[n++] = (unsigned char)k;
		memcpy(rd + n, p, k);
		n += k;
		if (bar == NULL)
			break;
		p = bar + 1;
	}
	a = dns_answer_new(name, DNS_TXT);
	a->rcode = 0;
	dns_answer_add_rr(a, DNS_TXT, 300, 0, rd, n);
	dns_cache_put(c, a);
}

static void
put_a(struct dns_cache *c, const char *name, const char *addr)
{
	struct dns_answer *a = dns_answer_new(name, DNS_A);
	struct ip_addr     ip;

	assert_true(ip_parse(addr, strlen(addr), &ip));
	a->rcode = 0;
	dns_answer_add_rr(a, DNS_A, 300, 0, ip.b, 4);
	dns_cache_put(c, a);
}

static void
put_mx(struct dns_cache *c, const char *name, const char *const *hosts,
    size_t n)
{
	struct dns_answer *a = dns_answer_new(name, DNS_MX);
	size_t             i;

	a->rcode = 0;
	for (i = 0; i < n; i++)
		dns_answer_add_rr(a, DNS_MX, 300, (uint16_t)(10 * i), hosts[i],
		    strlen(hosts[i]));
	dns_cache_put(c, a);
}

static void
put_status(struct dns_cache *c, const char *name, uint16_t type,
    enum dns_status st)
{
	struct dns_answer *a = dns_answer_new(name, type);

	a->status = st;
	a->rcode = st == DNS_TIMEOUT ? -1 : st == DNS_NXDOMAIN ? 3 : 2;
	dns_cache_put(c, a);
}

struct async {
	struct fake         *f;
	struct dns_cache    *c;
	struct spf_eval     *ev;
	struct spf_eval_opts o;
};

static void
async_start(struct async *x)
{
	struct spf_err err;

	x->f = fake_new();
	held.c = x->c = dns_cache_new(&x->f->src);
	spf_err_clear(&err);
	held.ev = x->ev = spf_eval_new(x->c, &x->o, &err);
	if (x->ev == NULL)
		fail_msg("spf_eval_new: %s", err.msg);
}

static void
async_end(struct async *x)
{
	(void)x;
	release();
}

static void
expect_state(struct async *x, enum spf_eval_state want)
{
	enum spf_eval_state got = spf_eval_run(x->ev);

	if (got != want) {
		fake_dump(x->f);
		dump(spf_eval_outcome(x->ev));
		fail_msg("run: %s, expected %s",
		    got == SPF_EVAL_DONE ? "done" : "pending",
		    want == SPF_EVAL_DONE ? "done" : "pending");
	}
}

/* Everything a record needs is asked in the run that sees the record, and
 * nothing is decided before the answers ahead of the match are in. */
static void
test_async_parallel(void **state)
{
	struct async              x;
	const struct spf_outcome *out;
	size_t                    mark;
	static const struct step  want[] = {
		 { "example.com", SPF_VIA_ROOT, "a:c.example" },
	};

	(void)state;
	opts_init(&x.o, DEF_IP);
	async_start(&x);
	expect_state(&x, SPF_EVAL_PENDING);
	assert_int_equal(x.f->n, 1);
	expect_asked(x.f, 0, "example.com", DNS_TXT);

	/* Asking again while nothing came changes nothing. */
	expect_state(&x, SPF_EVAL_PENDING);
	assert_int_equal(x.f->n, 1);

	put_txt(x.c, "example.com",
	    "v=spf1 include:a.example "
	    "include:b.example a:c.example -all");
	mark = x.f->n;
	expect_state(&x, SPF_EVAL_PENDING);
	expect_asked(x.f, mark, "a.example", DNS_TXT);
	expect_asked(x.f, mark, "b.example", DNS_TXT);
	expect_asked(x.f, mark, "c.example", DNS_A);
	assert_int_equal(x.f->n, mark + 3);
	assert_int_equal(dns_cache_asked(x.c), x.f->n);

	/* The matching answer first: a.example still decides before. */
	put_a(x.c, "c.example", "1.2.3.4");
	put_txt(x.c, "b.example", "v=spf1 ip4:9.9.9.9 ?all");
	expect_state(&x, SPF_EVAL_PENDING);
	assert_int_equal(x.f->n, mark + 3);

	put_txt(x.c, "a.example", "v=spf1 ip4:9.9.9.9 -all");
	expect_state(&x, SPF_EVAL_DONE);
	out = spf_eval_outcome(x.ev);
	assert_int_equal(out->result, SPF_PASS);
	assert_int_equal(out->lookups, 3);
	check_path(out, want, NELEM(want));
	assert_int_equal(x.f->n, mark + 3);
	async_end(&x);
}

/* An included record that matches stops the check: a later answer is not
 * needed, and a temperror ahead of the match would have won. */
static void
test_async_include_first(void **state)
{
	struct async x;

	(void)state;
	opts_init(&x.o, DEF_IP);
	async_start(&x);
	expect_state(&x, SPF_EVAL_PENDING);
	put_txt(x.c, "example.com",
	    "v=spf1 include:a.example "
	    "a:slow.example -all");
	expect_state(&x, SPF_EVAL_PENDING);
	expect_asked(x.f, 0, "slow.example", DNS_A);
	put_txt(x.c, "a.example", "v=spf1 ip4:1.2.3.4");
	expect_state(&x, SPF_EVAL_DONE);
	assert_int_equal(spf_eval_outcome(x.ev)->result, SPF_PASS);
	async_end(&x);

	opts_init(&x.o, DEF_IP);
	async_start(&x);
	expect_state(&x, SPF_EVAL_PENDING);
	put_txt(x.c, "example.com",
	    "v=spf1 include:a.example "
	    "a:slow.example -all");
	expect_state(&x, SPF_EVAL_PENDING);
	put_status(x.c, "a.example", DNS_TXT, DNS_TIMEOUT);
	put_a(x.c, "slow.example", "1.2.3.4");
	expect_state(&x, SPF_EVAL_DONE);
	assert_int_equal(spf_eval_outcome(x.ev)->result, SPF_TEMPERROR);
	assert_non_null(strstr(spf_eval_outcome(x.ev)->reason, "timeout"));
	async_end(&x);
}

/* The MX hosts' addresses are asked together. */
static void
test_async_mx(void **state)
{
	static const char *const hosts[] = { "m1.example", "m2.example",
		"m3.example" };
	struct async             x;
	size_t                   mark, i;

	(void)state;
	opts_init(&x.o, DEF_IP);
	async_start(&x);
	expect_state(&x, SPF_EVAL_PENDING);
	put_txt(x.c, "example.com", "v=spf1 mx -all");
	expect_state(&x, SPF_EVAL_PENDING);
	expect_asked(x.f, 0, "example.com", DNS_MX);
	put_mx(x.c, "example.com", hosts, NELEM(hosts));
	mark = x.f->n;
	expect_state(&x, SPF_EVAL_PENDING);
	for (i = 0; i < NELEM(hosts); i++)
		expect_asked(x.f, mark, hosts[i], DNS_A);
	put_a(x.c, "m1.example", "9.9.9.1");
	put_a(x.c, "m3.example", "1.2.3.4");
	expect_state(&x, SPF_EVAL_PENDING);
	put_status(x.c, "m2.example", DNS_A, DNS_NXDOMAIN);
	expect_state(&x, SPF_EVAL_DONE);
	assert_int_equal(spf_eval_outcome(x.ev)->result, SPF_PASS);
	assert_int_equal(spf_eval_outcome(x.ev)->lookups, 1);
	async_end(&x);
}

/* A fail waits for its exp= text. */
static void
test_async_exp(void **state)
{
	struct async              x;
	const struct spf_outcome *out;

	(void)state;
	opts_init(&x.o, DEF_IP);
	async_start(&x);
	expect_state(&x, SPF_EVAL_PENDING);
	put_txt(x.c, "example.com", "v=spf1 -all exp=e.example");
	expect_state(&x, SPF_EVAL_PENDING);
	expect_asked(x.f, 0, "e.example", DNS_TXT);
	put_txt(x.c, "e.example", "bye|%{d}");
	expect_state(&x, SPF_EVAL_DONE);
	out = spf_eval_outcome(x.ev);
	assert_int_equal(out->result, SPF_FAIL);
	assert_non_null(out->explanation);
	assert_string_equal(out->explanation, "byeexample.com");
	assert_false(out->explanation_is_default);
	async_end(&x);
}

/* Names given as drafts replace DNS: they are never asked. */
static void
test_async_drafts(void **state)
{
	static const struct spf_draft drafts[] = {
		{ "d.example", "v=spf1 ip4:1.2.3.4" },
	};
	struct async x;

	(void)state;
	opts_init(&x.o, DEF_IP);
	x.o.record = "v=spf1 a:w.example include:d.example -all";
	x.o.drafts = drafts;
	x.o.ndrafts = NELEM(drafts);
	async_start(&x);
	expect_state(&x, SPF_EVAL_PENDING);
	expect_asked(x.f, 0, "w.example", DNS_A);
	put_a(x.c, "w.example", "9.9.9.9");
	expect_state(&x, SPF_EVAL_DONE);
	assert_int_equal(spf_eval_outcome(x.ev)->result, SPF_PASS);
	if (fake_asked(x.f, 0, "example.com", DNS_TXT) ||
	    fake_asked(x.f, 0, "d.example", DNS_TXT)) {
		fake_dump(x.f);
		fail_msg("a name with a draft was asked");
	}
	async_end(&x);
}

#define T(f) cmocka_unit_test_teardown(f, teardown)

static const struct CMUnitTest specials[] = {
	T(test_trace),
	T(test_rerun),
	T(test_builtin_exp),
	T(test_exp_now),
	T(test_usage),
	T(test_helo_identity),
	T(test_drafts),
	T(test_async_parallel),
	T(test_async_include_first),
	T(test_async_mx),
	T(test_async_exp),
	T(test_async_drafts),
};

static char row_names[NELEM(rows)][96];

int
main(void)
{
	static struct CMUnitTest
	       tests[NELEM(rows) + NELEM(paths) + NELEM(specials)];
	size_t i, n = 0;

	for (i = 0; i < NELEM(rows); i++) {
		snprintf(row_names[i], sizeof row_names[i], "%s", rows[i].name);
		tests[n++] = (struct CMUnitTest){ .name = row_names[i],
			.test_func = test_row,
			.teardown_func = teardown,
			.initial_state = (void *)&rows[i] };
	}
	for (i = 0; i < NELEM(paths); i++)
		tests[n++] = (struct CMUnitTest){ .name = paths[i].name,
			.test_func = test_path,
			.teardown_func = teardown,
			.initial_state = (void *)&paths[i] };
	for (i = 0; i < NELEM(specials); i++)
		tests[n++] = specials[i];
	return cmocka_run_group_tests(tests, NULL, NULL);
}
