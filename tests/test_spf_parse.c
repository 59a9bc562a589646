/* test_spf_parse.c: SPF record text to terms, src/spf_parse.c (RFC 7208
 * 4.5, 4.6, 5, 6, 7.1 and the ABNF of 12). Each table row is one cmocka
 * test named by its input. Records are copied to heap blocks of exactly
 * their length, with no NUL after them, so ASan sees any byte the parser
 * reads past the end. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ip.h"
#include "spf_err.h"
#include "spf_limits.h"
#include "spf_parse.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

#define P SPF_QUAL_PASS
#define F SPF_QUAL_FAIL
#define S SPF_QUAL_SOFTFAIL
#define N SPF_QUAL_NEUTRAL

/* A record that parses; the row checks one of its terms (idx). */
struct ok_row {
	const char        *txt;
	size_t             nterms;
	size_t             idx;
	size_t             off; /* byte offset of term idx */
	enum spf_kind      kind;
	enum spf_qualifier qual;
	bool               has_qual;
	const char        *name;   /* as written */
	const char        *domain; /* NULL: none (len 0) */
	int                cidr4;
	int                cidr6;
	const char        *net; /* ip4/ip6 network as text, or NULL */
};

static const struct ok_row ok_rows[] = {
	/* 4.6.2: every qualifier, written or not, on "all". */
	{ "v=spf1 all", 1, 0, 7, SPF_MECH_ALL, P, false, "all", NULL, -1, -1,
	    NULL },
	{ "v=spf1 +all", 1, 0, 7, SPF_MECH_ALL, P, true, "all", NULL, -1, -1,
	    NULL },
	{ "v=spf1 -all", 1, 0, 7, SPF_MECH_ALL, F, true, "all", NULL, -1, -1,
	    NULL },
	{ "v=spf1 ~all", 1, 0, 7, SPF_MECH_ALL, S, true, "all", NULL, -1, -1,
	    NULL },
	{ "v=spf1 ?all", 1, 0, 7, SPF_MECH_ALL, N, true, "all", NULL, -1, -1,
	    NULL },
	/* 5.2 include. */
	{ "v=spf1 include:_spf.example.com", 1, 0, 7, SPF_MECH_INCLUDE, P,
	    false, "include", "_spf.example.com", -1, -1, NULL },
	{ "v=spf1 -include:example.com", 1, 0, 7, SPF_MECH_INCLUDE, F, true,
	    "include", "example.com", -1, -1, NULL },
	{ "v=spf1 ?include:%{d}.example.com", 1, 0, 7, SPF_MECH_INCLUDE, N,
	    true, "include", "%{d}.example.com", -1, -1, NULL },
	/* 5.3 a, 5.4 mx: domain and dual-cidr-length in every combination. */
	{ "v=spf1 a", 1, 0, 7, SPF_MECH_A, P, false, "a", NULL, -1, -1, NULL },
	{ "v=spf1 +a", 1, 0, 7, SPF_MECH_A, P, true, "a", NULL, -1, -1, NULL },
	{ "v=spf1 ~a:mail.example.com", 1, 0, 7, SPF_MECH_A, S, true, "a",
	    "mail.example.com", -1, -1, NULL },
	{ "v=spf1 a/24//64", 1, 0, 7, SPF_MECH_A, P, false, "a", NULL, 24, 64,
	    NULL },
	{ "v=spf1 a/0", 1, 0, 7, SPF_MECH_A, P, false, "a", NULL, 0, -1, NULL },
	{ "v=spf1 a/32", 1, 0, 7, SPF_MECH_A, P, false, "a", NULL, 32, -1,
	    NULL },
	{ "v=spf1 a//64", 1, 0, 7, SPF_MECH_A, P, false, "a", NULL, -1, 64,
	    NULL },
	{ "v=spf1 a//128", 1, 0, 7, SPF_MECH_A, P, false, "a", NULL, -1, 128,
	    NULL },
	{ "v=spf1 -a:example.com/24//64", 1, 0, 7, SPF_MECH_A, F, true, "a",
	    "example.com", 24, 64, NULL },
	{ "v=spf1 a:example.com//0", 1, 0, 7, SPF_MECH_A, P, false, "a",
	    "example.com", -1, 0, NULL },
	{ "v=spf1 a:%{d}/24", 1, 0, 7, SPF_MECH_A, P, false, "a", "%{d}", 24,
	    -1, NULL },
	{ "v=spf1 mx", 1, 0, 7, SPF_MECH_MX, P, false, "mx", NULL, -1, -1,
	    NULL },
	{ "v=spf1 mx//0", 1, 0, 7, SPF_MECH_MX, P, false, "mx", NULL, -1, 0,
	    NULL },
	{ "v=spf1 ?mx:example.org/30", 1, 0, 7, SPF_MECH_MX, N, true, "mx",
	    "example.org", 30, -1, NULL },
	{ "v=spf1 -mx:example.org/0//0", 1, 0, 7, SPF_MECH_MX, F, true, "mx",
	    "example.org", 0, 0, NULL },
	/* 5.5 ptr. */
	{ "v=spf1 ptr", 1, 0, 7, SPF_MECH_PTR, P, false, "ptr", NULL, -1, -1,
	    NULL },
	{ "v=spf1 -ptr:example.com", 1, 0, 7, SPF_MECH_PTR, F, true, "ptr",
	    "example.com", -1, -1, NULL },
	/* 5.6 ip4, ip6: the network bytes, the prefix only when written. */
	{ "v=spf1 ip4:192.0.2.0/24", 1, 0, 7, SPF_MECH_IP4, P, false, "ip4",
	    "192.0.2.0", 24, -1, "192.0.2.0" },
	{ "v=spf1 ip4:192.0.2.1", 1, 0, 7, SPF_MECH_IP4, P, false, "ip4",
	    "192.0.2.1", -1, -1, "192.0.2.1" },
	{ "v=spf1 -ip4:0.0.0.0/0", 1, 0, 7, SPF_MECH_IP4, F, true, "ip4",
	    "0.0.0.0", 0, -1, "0.0.0.0" },
	{ "v=spf1 ip4:192.0.2.1/32", 1, 0, 7, SPF_MECH_IP4, P, false, "ip4",
	    "192.0.2.1", 32, -1, "192.0.2.1" },
	{ "v=spf1 ~ip4:255.255.255.255/1", 1, 0, 7, SPF_MECH_IP4, S, true,
	    "ip4", "255.255.255.255", 1, -1, "255.255.255.255" },
	{ "v=spf1 ip4:10.0.0.0/8", 1, 0, 7, SPF_MECH_IP4, P, false, "ip4",
	    "10.0.0.0", 8, -1, "10.0.0.0" },
	{ "v=spf1 +ip6:2001:db8::1/128", 1, 0, 7, SPF_MECH_IP6, P, true, "ip6",
	    "2001:db8::1", -1, 128, "2001:db8::1" },
	{ "v=spf1 ip6:2001:db8::/32", 1, 0, 7, SPF_MECH_IP6, P, false, "ip6",
	    "2001:db8::", -1, 32, "2001:db8::" },
	{ "v=spf1 ip6:::/0", 1, 0, 7, SPF_MECH_IP6, P, false, "ip6", "::", -1,
	    0, "::" },
	{ "v=spf1 ip6:::1", 1, 0, 7, SPF_MECH_IP6, P, false, "ip6", "::1", -1,
	    -1, "::1" },
	{ "v=spf1 ip6:::ffff:192.0.2.1", 1, 0, 7, SPF_MECH_IP6, P, false, "ip6",
	    "::ffff:192.0.2.1", -1, -1, "::ffff:192.0.2.1" },
	{ "v=spf1 ip6:2001:DB8:0:0:0:0:0:CB01/127", 1, 0, 7, SPF_MECH_IP6, P,
	    false, "ip6", "2001:DB8:0:0:0:0:0:CB01", -1, 127,
	    "2001:db8::cb01" },
	/* 5.7 exists, with the macros of 7.4. */
	{ "v=spf1 exists:%{ir}.%{v}._spf.%{d2}", 1, 0, 7, SPF_MECH_EXISTS, P,
	    false, "exists", "%{ir}.%{v}._spf.%{d2}", -1, -1, NULL },
	{ "v=spf1 -exists:%{l1r-}.%{i}.x.example", 1, 0, 7, SPF_MECH_EXISTS, F,
	    true, "exists", "%{l1r-}.%{i}.x.example", -1, -1, NULL },
	/* 6.1 redirect, 6.2 exp, 6/3 unknown modifiers. */
	{ "v=spf1 redirect=_spf.example.com", 1, 0, 7, SPF_MOD_REDIRECT, P,
	    false, "redirect", "_spf.example.com", -1, -1, NULL },
	{ "v=spf1 redirect=%{d}.x.example", 1, 0, 7, SPF_MOD_REDIRECT, P, false,
	    "redirect", "%{d}.x.example", -1, -1, NULL },
	{ "v=spf1 -all exp=explain._spf.%{d}", 2, 1, 12, SPF_MOD_EXP, P, false,
	    "exp", "explain._spf.%{d}", -1, -1, NULL },
	{ "v=spf1 -all moo.cow-far_out=man:dog/cat", 2, 1, 12, SPF_MOD_UNKNOWN,
	    P, false, "moo.cow-far_out", "man:dog/cat", -1, -1, NULL },
	{ "v=spf1 foo=", 1, 0, 7, SPF_MOD_UNKNOWN, P, false, "foo", NULL, -1,
	    -1, NULL },
	{ "v=spf1 x1=%{s}%%%_%-", 1, 0, 7, SPF_MOD_UNKNOWN, P, false, "x1",
	    "%{s}%%%_%-", -1, -1, NULL },
	/* 4.6.1: names are case-insensitive, the version too (4.5). */
	{ "V=SPF1 -ALL", 1, 0, 7, SPF_MECH_ALL, F, true, "ALL", NULL, -1, -1,
	    NULL },
	{ "v=SPF1 A:EXAMPLE.COM MX", 2, 0, 7, SPF_MECH_A, P, false, "A",
	    "EXAMPLE.COM", -1, -1, NULL },
	{ "v=spf1 Include:example.com", 1, 0, 7, SPF_MECH_INCLUDE, P, false,
	    "Include", "example.com", -1, -1, NULL },
	{ "v=spf1 REDIRECT=example.com", 1, 0, 7, SPF_MOD_REDIRECT, P, false,
	    "REDIRECT", "example.com", -1, -1, NULL },
	{ "v=spf1 Exp=example.com", 1, 0, 7, SPF_MOD_EXP, P, false, "Exp",
	    "example.com", -1, -1, NULL },
	/* 4.6.1: 1*SP between terms, *SP at the end. */
	{ "v=spf1  -all  ", 1, 0, 8, SPF_MECH_ALL, F, true, "all", NULL, -1, -1,
	    NULL },
	{ "v=spf1 a  mx   -all ", 3, 2, 15, SPF_MECH_ALL, F, true, "all", NULL,
	    -1, -1, NULL },
	{ "v=spf1 a  mx   -all ", 3, 1, 10, SPF_MECH_MX, P, false, "mx", NULL,
	    -1, -1, NULL },
	/* 7.1 domain-end: an xn-- top label, a final dot. */
	{ "v=spf1 a:foo.xn--zckzah", 1, 0, 7, SPF_MECH_A, P, false, "a",
	    "foo.xn--zckzah", -1, -1, NULL },
	{ "v=spf1 a:foo.bar.", 1, 0, 7, SPF_MECH_A, P, false, "a", "foo.bar.",
	    -1, -1, NULL },
	{ "v=spf1 a:1.2.3.com", 1, 0, 7, SPF_MECH_A, P, false, "a", "1.2.3.com",
	    -1, -1, NULL },
};

/* A record that does not parse: the status, the offset and a part of the
 * message after its "byte N: " prefix. */
struct err_row {
	const char *txt;
	size_t      len; /* 0: strlen(txt) */
	int         code;
	size_t      off;
	const char *msg;
};

static const struct err_row err_rows[] = {
	/* 4.5: not an SPF record at all. */
	{ "v=spf10 -all", 0, SPF_ESYNTAX, 0,
	    "record does not start with 'v=spf1'" },
	{ "v=spf1x", 0, SPF_ESYNTAX, 0, "record does not start with 'v=spf1'" },
	{ "v=spf1\t-all", 0, SPF_ESYNTAX, 0,
	    "record does not start with 'v=spf1'" },
	{ "v=spf", 0, SPF_ESYNTAX, 0, "record does not start with 'v=spf1'" },
	{ " v=spf1", 0, SPF_ESYNTAX, 0, "record does not start with 'v=spf1'" },
	/* 5.6: ip4-cidr-length = "/" ("0" / %x31-39 0*1DIGIT), <= 32. */
	{ "v=spf1 ip4:1.2.3.4/33", 0, SPF_ESYNTAX, 19,
	    "bad prefix length '33'" },
	{ "v=spf1 ip4:1.2.3.4/032", 0, SPF_ESYNTAX, 19,
	    "bad prefix length '032'" },
	{ "v=spf1 ip4:1.2.3.4/00", 0, SPF_ESYNTAX, 19,
	    "bad prefix length '00'" },
	{ "v=spf1 ip4:1.2.3.4/", 0, SPF_ESYNTAX, 19, "bad prefix length ''" },
	{ "v=spf1 ip4:1.2.3.4/-1", 0, SPF_ESYNTAX, 19,
	    "bad prefix length '-1'" },
	{ "v=spf1 ip4:1.2.3.4//24", 0, SPF_ESYNTAX, 19,
	    "bad prefix length '/24'" },
	{ "v=spf1 ip4:192.0.2.1 ip4:1.2.3.4/33", 0, SPF_ESYNTAX, 33,
	    "bad prefix length '33'" },
	/* 5.6: ip4-network = qnum "." qnum "." qnum "." qnum. */
	{ "v=spf1 ip4:01.2.3.4", 0, SPF_ESYNTAX, 11,
	    "'01.2.3.4' is not an IPv4 address" },
	{ "v=spf1 ip4:1.2.3.00", 0, SPF_ESYNTAX, 11,
	    "'1.2.3.00' is not an IPv4 address" },
	{ "v=spf1 ip4:1.2.3", 0, SPF_ESYNTAX, 11,
	    "'1.2.3' is not an IPv4 address" },
	{ "v=spf1 ip4:1.2.3.4.5", 0, SPF_ESYNTAX, 11,
	    "'1.2.3.4.5' is not an IPv4 address" },
	{ "v=spf1 ip4:1.2.3.4:8080", 0, SPF_ESYNTAX, 11,
	    "'1.2.3.4:8080' is not an IPv4 address" },
	{ "v=spf1 ip4:256.2.3.4", 0, SPF_ESYNTAX, 11,
	    "'256.2.3.4' is not an IPv4 address" },
	{ "v=spf1 ip4:1.2.3.1234", 0, SPF_ESYNTAX, 11,
	    "'1.2.3.1234' is not an IPv4 address" },
	{ "v=spf1 ip4:1..2.3", 0, SPF_ESYNTAX, 11,
	    "'1..2.3' is not an IPv4 address" },
	{ "v=spf1 ip4:example.com", 0, SPF_ESYNTAX, 11,
	    "'example.com' is not an IPv4 address" },
	{ "v=spf1 ip4:::1", 0, SPF_ESYNTAX, 11,
	    "'::1' is not an IPv4 address" },
	{ "v=spf1 ip4:", 0, SPF_ESYNTAX, 10,
	    "expected ':' and a network after 'ip4'" },
	{ "v=spf1 ip4", 0, SPF_ESYNTAX, 10,
	    "expected ':' and a network after 'ip4'" },
	{ "v=spf1 ip4/24", 0, SPF_ESYNTAX, 10,
	    "expected ':' and a network after 'ip4'" },
	/* 5.6: ip6-network (RFC 4291 2.2), ip6-cidr-length <= 128. */
	{ "v=spf1 ip6:2001:db8::g", 0, SPF_ESYNTAX, 11,
	    "'2001:db8::g' is not an IPv6 address" },
	{ "v=spf1 ip6:2001:db8:::1", 0, SPF_ESYNTAX, 11,
	    "'2001:db8:::1' is not an IPv6 address" },
	{ "v=spf1 ip6:1.2.3.4", 0, SPF_ESYNTAX, 11,
	    "'1.2.3.4' is not an IPv6 address" },
	{ "v=spf1 ip6:fe80::1%eth0", 0, SPF_ESYNTAX, 11,
	    "'fe80::1%eth0' is not an IPv6 address" },
	{ "v=spf1 ip6:[::1]", 0, SPF_ESYNTAX, 11,
	    "'[::1]' is not an IPv6 address" },
	{ "v=spf1 ip6:::ffff:1.2.3.04", 0, SPF_ESYNTAX, 11,
	    "'::ffff:1.2.3.04' is not an IPv6 address" },
	{ "v=spf1 ip6:", 0, SPF_ESYNTAX, 10,
	    "expected ':' and a network after 'ip6'" },
	{ "v=spf1 ip6:2001:db8::/129", 0, SPF_ESYNTAX, 22,
	    "bad prefix length '129'" },
	{ "v=spf1 ip6:::1/0128", 0, SPF_ESYNTAX, 15,
	    "bad prefix length '0128'" },
	{ "v=spf1 ip6:::1/064", 0, SPF_ESYNTAX, 15, "bad prefix length '064'" },
	/* A NUL inside the address: the text ends there for inet_pton(),
	 * not for the record. */
	{ "v=spf1 ip6:::1\0", 15, SPF_ESYNTAX, 11, "is not an IPv6 address" },
	{ "v=spf1 ip6:::1\0junk", 19, SPF_ESYNTAX, 11,
	    "is not an IPv6 address" },
	{ "v=spf1 ip4:1.2.3.4\0", 19, SPF_ESYNTAX, 11,
	    "is not an IPv4 address" },
	/* 5.3 dual-cidr-length on a and mx. */
	{ "v=spf1 a/33", 0, SPF_ESYNTAX, 9, "bad IPv4 prefix length '33'" },
	{ "v=spf1 a/032", 0, SPF_ESYNTAX, 9, "bad IPv4 prefix length '032'" },
	{ "v=spf1 a:example.com/24//129", 0, SPF_ESYNTAX, 25,
	    "bad IPv6 prefix length '129'" },
	{ "v=spf1 a//129", 0, SPF_ESYNTAX, 10, "bad IPv6 prefix length '129'" },
	{ "v=spf1 mx//064", 0, SPF_ESYNTAX, 11,
	    "bad IPv6 prefix length '064'" },
	{ "v=spf1 mx:example.com/99999999999999999999", 0, SPF_ESYNTAX, 22,
	    "bad IPv4 prefix length '99999999999999999999'" },
	{ "v=spf1 a-b", 0, SPF_ESYNTAX, 8, "expected ':' or '/' after 'a'" },
	/* 7.1 domain-end = ( "." toplabel [ "." ] ) / macro-expand. */
	{ "v=spf1 a:foo", 0, SPF_ESYNTAX, 9,
	    "'foo' does not end in a valid top label" },
	{ "v=spf1 a:111.222.33.44", 0, SPF_ESYNTAX, 9,
	    "'111.222.33.44' does not end in a valid top label" },
	{ "v=spf1 a:abc.123", 0, SPF_ESYNTAX, 9,
	    "'abc.123' does not end in a valid top label" },
	{ "v=spf1 a:example.-com", 0, SPF_ESYNTAX, 9,
	    "'example.-com' does not end in a valid top label" },
	{ "v=spf1 a:example.com-", 0, SPF_ESYNTAX, 9,
	    "'example.com-' does not end in a valid top label" },
	{ "v=spf1 a:museum", 0, SPF_ESYNTAX, 9,
	    "'museum' does not end in a valid top label" },
	{ "v=spf1 a:museum.", 0, SPF_ESYNTAX, 9,
	    "'museum.' does not end in a valid top label" },
	{ "v=spf1 a:example.com..", 0, SPF_ESYNTAX, 9,
	    "'example.com..' does not end in a valid top label" },
	{ "v=spf1 a:%{d}com", 0, SPF_ESYNTAX, 9,
	    "'%{d}com' does not end in a valid top label" },
	{ "v=spf1 exists:x.com/24", 0, SPF_ESYNTAX, 14,
	    "'x.com/24' does not end in a valid top label" },
	{ "v=spf1 include:x.com/24", 0, SPF_ESYNTAX, 15,
	    "'x.com/24' does not end in a valid top label" },
	{ "v=spf1 redirect=foo", 0, SPF_ESYNTAX, 16,
	    "'foo' does not end in a valid top label" },
	{ "v=spf1 -all exp=foo.123", 0, SPF_ESYNTAX, 16,
	    "'foo.123' does not end in a valid top label" },
	/* 5.1: "all" takes nothing after it. */
	{ "v=spf1 -all.", 0, SPF_ESYNTAX, 11, "'all' takes no argument" },
	{ "v=spf1 -all:foo", 0, SPF_ESYNTAX, 11, "'all' takes no argument" },
	{ "v=spf1 -all/8", 0, SPF_ESYNTAX, 11, "'all' takes no argument" },
	{ "v=spf1 all//0", 0, SPF_ESYNTAX, 10, "'all' takes no argument" },
	/* 5.2, 5.5, 5.7: no cidr on include, ptr, exists; a domain where
	 * one is required. */
	{ "v=spf1 ptr/0", 0, SPF_ESYNTAX, 10,
	    "expected ':' and a domain after 'ptr'" },
	{ "v=spf1 ptr:", 0, SPF_ESYNTAX, 11, "'ptr' needs a domain" },
	{ "v=spf1 include", 0, SPF_ESYNTAX, 14,
	    "expected ':' and a domain after 'include'" },
	{ "v=spf1 include -all", 0, SPF_ESYNTAX, 14,
	    "expected ':' and a domain after 'include'" },
	{ "v=spf1 include:", 0, SPF_ESYNTAX, 15, "'include' needs a domain" },
	{ "v=spf1 exists", 0, SPF_ESYNTAX, 13,
	    "expected ':' and a domain after 'exists'" },
	{ "v=spf1 exists:", 0, SPF_ESYNTAX, 14, "'exists' needs a domain" },
	{ "v=spf1 a:", 0, SPF_ESYNTAX, 9, "'a' needs a domain" },
	{ "v=spf1 mx:/24", 0, SPF_ESYNTAX, 10, "'mx' needs a domain" },
	/* 6/2: redirect and exp at most once each; no qualifier. */
	{ "v=spf1 redirect=a.com redirect=b.com", 0, SPF_ESYNTAX, 22,
	    "second 'redirect=' modifier" },
	{ "v=spf1 exp=a.com -all exp=b.com", 0, SPF_ESYNTAX, 22,
	    "second 'exp=' modifier" },
	{ "v=spf1 exp=a.com EXP=b.com", 0, SPF_ESYNTAX, 17,
	    "second 'EXP=' modifier" },
	{ "v=spf1 exp=", 0, SPF_ESYNTAX, 11, "'exp' needs a domain" },
	{ "v=spf1 redirect=", 0, SPF_ESYNTAX, 16, "'redirect' needs a domain" },
	{ "v=spf1 +redirect=x.com", 0, SPF_ESYNTAX, 7,
	    "a modifier takes no qualifier" },
	{ "v=spf1 -all ~foo=bar", 0, SPF_ESYNTAX, 12,
	    "a modifier takes no qualifier" },
	/* 4.6.1: name = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." ). */
	{ "v=spf1 1up=foo", 0, SPF_ESYNTAX, 7,
	    "expected a mechanism or modifier name" },
	{ "v=spf1 =all", 0, SPF_ESYNTAX, 7,
	    "expected a mechanism or modifier name" },
	{ "v=spf1 -", 0, SPF_ESYNTAX, 8,
	    "expected a mechanism or modifier name" },
	{ "v=spf1 -all +-all", 0, SPF_ESYNTAX, 13,
	    "expected a mechanism or modifier name" },
	{ "v=spf1 _x=y", 0, SPF_ESYNTAX, 7,
	    "expected a mechanism or modifier name" },
	{ "v=spf1 foo", 0, SPF_ESYNTAX, 7, "unknown mechanism 'foo'" },
	{ "v=spf1 -alll", 0, SPF_ESYNTAX, 7, "unknown mechanism 'alll'" },
	{ "v=spf1 ip:1.2.3.4", 0, SPF_ESYNTAX, 7, "unknown mechanism 'ip'" },
	{ "v=spf1 -all moo.cow/far_out=man:dog/cat", 0, SPF_ESYNTAX, 12,
	    "unknown mechanism 'moo'" },
	/* 7.1: macro syntax, offsets counted in the record. */
	{ "v=spf1 a:%{z}.com", 0, SPF_ESYNTAX, 11,
	    "'z' is not a macro letter" },
	{ "v=spf1 exists:%(ir).sbl.example.org", 0, SPF_ESYNTAX, 15,
	    "'(' after '%', expected '{', '%', '_' or '-'" },
	{ "v=spf1 a:foo%", 0, SPF_ESYNTAX, 12, "'%' at the end" },
	{ "v=spf1 include:%{c}.example.com", 0, SPF_ESYNTAX, 17,
	    "macro letter 'c' is allowed only in an explanation" },
	{ "v=spf1 a:%{d0}.example.com", 0, SPF_ESYNTAX, 12,
	    "digit transformer must be nonzero" },
	{ "v=spf1 redirect=%{d", 0, SPF_ESYNTAX, 19,
	    "unterminated macro, expected '}'" },
	{ "v=spf1 -all foo=%z", 0, SPF_ESYNTAX, 17, "'z' after '%'" },
	{ "v=spf1 -all moo.cow-far_out=man%:dog/cat", 0, SPF_ESYNTAX, 32,
	    "':' after '%'" },
	/* Hostile bytes: NUL, CR, controls and non-ASCII are not
	 * macro-literals (7.1); only SP splits terms. */
	{ "v=spf1 a:foo.com\0", 17, SPF_ESYNTAX, 16,
	    "0x00 is not allowed in a domain-spec" },
	{ "v=spf1 a:foo.com\0 -all", 22, SPF_ESYNTAX, 16,
	    "0x00 is not allowed in a domain-spec" },
	{ "v=spf1 a:foo\r.com", 0, SPF_ESYNTAX, 12,
	    "0x0d is not allowed in a domain-spec" },
	{ "v=spf1 a:foo.com\r\n", 0, SPF_ESYNTAX, 16,
	    "0x0d is not allowed in a domain-spec" },
	{ "v=spf1 a:foo\x1b.com", 0, SPF_ESYNTAX, 12,
	    "0x1b is not allowed in a domain-spec" },
	{ "v=spf1 a:foo\x80.com", 0, SPF_ESYNTAX, 12,
	    "0x80 is not allowed in a domain-spec" },
	{ "v=spf1 include:b\x96r.com", 0, SPF_ESYNTAX, 16,
	    "0x96 is not allowed in a domain-spec" },
	{ "v=spf1 -all x=caf\xc3\xa9", 0, SPF_ESYNTAX, 17,
	    "0xc3 is not allowed in an explanation" },
	{ "v=spf1 \200all", 0, SPF_ESYNTAX, 7, /* octal: 0x80 */
	    "expected a mechanism or modifier name" },
	{ "v=spf1 \0all", 11, SPF_ESYNTAX, 7,
	    "expected a mechanism or modifier name" },
	{ "v=spf1 a\tmx", 0, SPF_ESYNTAX, 8, "expected ':' or '/' after 'a'" },
	{ "v=spf1 -all\x96", 0, SPF_ESYNTAX, 11, "'all' takes no argument" },
};

/* domain-end (7.1) on its own. */
static const struct {
	const char *spec;
	bool        want;
} ends[] = {
	{ "foo.xn--zckzah", true },
	{ "%{d}", true },
	{ "x.%{d}", true },
	{ "foo.bar.", true },
	{ "foo.bar", true },
	{ "_spf.%{d}.example.com", true },
	{ "%{ir}.%{v}._spf.%{d2}", true },
	{ "a.1-2", true }, /* 1*alphanum "-" *( alphanum / "-" ) alphanum */
	{ "a.b--c", true },
	{ "a.7a", true },
	{ "x.%%", true }, /* macro-expand includes "%%" */
	{ "museum", false },
	{ "museum.", false },
	{ "a.-b", false },
	{ "a.b-", false },
	{ "a.123", false },
	{ "a.b_c", false },
	{ "a.b..", false },
	{ "", false },
	{ ".", false },
	{ "..", false },
	{ "%{d}com", false },
	{ "%{d}.", false },
	{ "a.%{d", false },
	{ "a.b/24", false },
};

/* Escapes bytes for a test name, cut at 56 bytes of input. */
static void
quote(char *buf, size_t size, const char *s, size_t len)
{
	size_t i, o = 0;

	for (i = 0; i < len && i < 56 && size - o > 8; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
			buf[o++] = (char)c;
		else
			o += (size_t)snprintf(buf + o, size - o, "\\x%02x", c);
	}
	snprintf(buf + o, size - o, "%s\"", i < len ? "..." : "");
}

/* Names a row's test: tag, number, and the input quoted by quote(). */
static void
row_name(char *buf, size_t size, const char *tag, size_t i, const char *s,
    size_t len)
{
	int k = snprintf(buf, size, "%s %03zu \"", tag, i);

	if (k > 0 && (size_t)k < size)
		quote(buf + k, size - (size_t)k, s, len);
}

static char *
exact_copy(const char *p, size_t len)
{
	char *q = malloc(len > 0 ? len : 1);

	assert_non_null(q);
	memcpy(q, p, len);
	return q;
}

/* Copies the bytes of s, without its NUL, to dst; returns how many. */
static size_t
put(char *dst, const char *s)
{
	size_t n;

	for (n = 0; s[n] != '\0'; n++)
		dst[n] = s[n];
	return n;
}

/* Checks what holds for every term of a parsed record. */
static void
check_layout(const struct spf_record *r, const char *txt, size_t len)
{
	size_t i;

	assert_non_null(r->text);
	assert_int_equal(r->len, len);
	assert_memory_equal(r->text, txt, len);
	assert_int_equal(r->text[len], '\0');
	for (i = 0; i < r->nterms; i++) {
		const struct spf_term *t = &r->terms[i];
		size_t                 end;

		/* The term starts after SP and runs to the next SP. */
		assert_true(t->off > 6 && t->off < len);
		assert_int_equal(txt[t->off - 1], ' ');
		assert_true(txt[t->off] != ' ');
		end = t->off;
		while (end < len && txt[end] != ' ')
			end++;
		assert_ptr_equal(t->text.p, r->text + t->off);
		assert_int_equal(t->text.len, end - t->off);
		if (i > 0)
			assert_true(t->off >
			    r->terms[i - 1].off + r->terms[i - 1].text.len);
		/* name and domain are slices of the term. */
		assert_true(t->name.p >= t->text.p && t->name.len > 0 &&
		    t->name.p + t->name.len <= t->text.p + t->text.len);
		if (t->domain.len > 0)
			assert_true(t->domain.p > t->name.p &&
			    t->domain.p + t->domain.len <=
				t->text.p + t->text.len);
		assert_int_equal(t->has_qual, t->text.p != t->name.p);
	}
}

static void
test_ok(void **state)
{
	const struct ok_row   *row = *state;
	size_t                 len = strlen(row->txt);
	char                  *txt = exact_copy(row->txt, len);
	struct spf_record     *r = NULL;
	struct spf_err         err;
	const struct spf_term *t;
	struct ip_addr         net;
	int                    rc;

	spf_err_clear(&err);
	rc = spf_parse_record(txt, len, &r, &err);
	if (rc != SPF_OK)
		fail_msg("status %d at byte %zu: %s", rc, err.off, err.msg);
	assert_non_null(r);
	check_layout(r, row->txt, len);
	assert_int_equal(r->nterms, row->nterms);
	t = &r->terms[row->idx];
	assert_int_equal(t->kind, row->kind);
	assert_int_equal(t->qual, row->qual);
	assert_int_equal(t->has_qual, row->has_qual);
	assert_int_equal(t->off, row->off);
	assert_int_equal(t->name.len, strlen(row->name));
	assert_memory_equal(t->name.p, row->name, t->name.len);
	if (row->domain == NULL) {
		assert_int_equal(t->domain.len, 0);
	} else {
		assert_int_equal(t->domain.len, strlen(row->domain));
		assert_memory_equal(t->domain.p, row->domain, t->domain.len);
	}
	assert_int_equal(t->cidr4, row->cidr4);
	assert_int_equal(t->cidr6, row->cidr6);
	if (row->net != NULL) {
		assert_true(ip_parse(row->net, strlen(row->net), &net));
		assert_memory_equal(t->net, net.b,
		    t->kind == SPF_MECH_IP4 ? 4 : 16);
	}
	if (t->kind == SPF_MOD_REDIRECT)
		assert_int_equal(r->redirect, (int)row->idx);
	if (t->kind == SPF_MOD_EXP)
		assert_int_equal(r->exp, (int)row->idx);
	spf_record_free(r);
	free(txt);
}

static void
test_err(void **state)
{
	const struct err_row *row = *state;
	size_t                len = row->len != 0 ? row->len : strlen(row->txt);
	char                 *txt = exact_copy(row->txt, len);
	struct spf_record    *r = (struct spf_record *)&r; /* not NULL */
	struct spf_err        err;
	char                  prefix[32];
	int                   rc;

	spf_err_clear(&err);
	rc = spf_parse_record(txt, len, &r, &err);
	free(txt);
	if (rc == SPF_OK) {
		/* Free before failing, so that LSan adds nothing. */
		size_t n = r != NULL ? r->nterms : 0;
		spf_record_free(r);
		fail_msg("parsed into %zu terms, expected status %d at byte "
			 "%zu: %s",
		    n, row->code, row->off, row->msg);
		return;
	}
	assert_int_equal(rc, row->code);
	assert_null(r);
	assert_int_equal(err.code, row->code);
	assert_int_equal(err.off, row->off);
	assert_true(err.off <= len);
	snprintf(prefix, sizeof prefix, "byte %zu: ", row->off);
	if (strncmp(err.msg, prefix, strlen(prefix)) != 0 ||
	    strstr(err.msg + strlen(prefix), row->msg) == NULL)
		fail_msg("message \"%s\", expected \"%s%s\"", err.msg, prefix,
		    row->msg);
	assert_null(strpbrk(err.msg, "\r\n"));
}

static void
test_domain_end(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(ends); i++) {
		size_t len = strlen(ends[i].spec);
		char  *spec = exact_copy(ends[i].spec, len);

		if (spf_parse_domain_end(str_make(spec, len)) != ends[i].want)
			fail_msg("spf_parse_domain_end(\"%s\") is not %s",
			    ends[i].spec, ends[i].want ? "true" : "false");
		free(spec);
	}
}

/* 4.5/2: "v=spf1" then SP or the end. */
static void
test_is_spf(void **state)
{
	static const struct {
		const char *txt;
		size_t      len;
		bool        want;
	} rows[] = {
		{ "v=spf1", 0, true },
		{ "v=spf1 ", 0, true },
		{ "v=spf1 -all", 0, true },
		{ "V=SpF1 -all", 0, true },
		{ "v=spf1 -all", 6, true },
		{ "v=spf10", 0, false },
		{ "v=spf1x", 0, false },
		{ "v=spf1-all", 0, false },
		{ "v=spf1\t-all", 0, false },
		{ "v=spf1\0", 7, false },
		{ "v=spf1", 5, false },
		{ "v=spf2.0/pra", 0, false },
		{ " v=spf1", 0, false },
		{ "spf1", 0, false },
		{ "", 0, false },
	};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(rows); i++) {
		size_t len =
		    rows[i].len != 0 ? rows[i].len : strlen(rows[i].txt);
		char *txt = exact_copy(rows[i].txt, len);

		if (spf_parse_is_spf(txt, len) != rows[i].want)
			fail_msg("spf_parse_is_spf(\"%s\", %zu) is not %s",
			    rows[i].txt, len, rows[i].want ? "true" : "false");
		free(txt);
	}
}

/* A record with no terms, and one where each term's place is checked. */
static void
test_layout(void **state)
{
	static const char   txt[] = "v=spf1 ip4:192.0.2.0/24  a mx:mx.example "
				    "exp=x.example -include:i.example "
				    "redirect=r.example foo=bar ?all";
	static const size_t offs[] = { 7, 25, 27, 41, 55, 74, 93, 101 };
	static const int    kinds[] = { SPF_MECH_IP4, SPF_MECH_A, SPF_MECH_MX,
		   SPF_MOD_EXP, SPF_MECH_INCLUDE, SPF_MOD_REDIRECT,
		   SPF_MOD_UNKNOWN, SPF_MECH_ALL };
	struct spf_record  *r;
	struct spf_err      err;
	size_t              i;

	(void)state;
	spf_err_clear(&err);
	assert_int_equal(spf_parse_record(txt, sizeof txt - 1, &r, &err),
	    SPF_OK);
	check_layout(r, txt, sizeof txt - 1);
	assert_int_equal(r->nterms, NELEM(offs));
	for (i = 0; i < NELEM(offs); i++) {
		assert_int_equal(r->terms[i].off, offs[i]);
		assert_int_equal(r->terms[i].kind, kinds[i]);
	}
	assert_int_equal(r->exp, 3);
	assert_int_equal(r->redirect, 5);
	spf_record_free(r);

	assert_int_equal(spf_parse_record("v=spf1", 6, &r, &err), SPF_OK);
	assert_int_equal(r->nterms, 0);
	assert_int_equal(r->redirect, -1);
	assert_int_equal(r->exp, -1);
	spf_record_free(r);
	assert_int_equal(spf_parse_record("v=spf1   ", 9, &r, &err), SPF_OK);
	assert_int_equal(r->nterms, 0);
	spf_record_free(r);
	spf_record_free(NULL);
}

/* 10,000 terms of five kinds: each one counted and in place. */
static void
test_many_terms(void **state)
{
	static const struct {
		const char   *txt;
		enum spf_kind kind;
	} cycle[] = {
		{ "a", SPF_MECH_A },
		{ "mx", SPF_MECH_MX },
		{ "-all", SPF_MECH_ALL },
		{ "ptr", SPF_MECH_PTR },
		{ "~a/8", SPF_MECH_A },
	};
	enum { NTERMS = 10000 };
	size_t            *offs = calloc(NTERMS, sizeof *offs);
	char              *txt = malloc(6 + NTERMS * 5);
	size_t             len = 6, i;
	struct spf_record *r;
	struct spf_err     err;

	(void)state;
	assert_non_null(offs);
	assert_non_null(txt);
	put(txt, "v=spf1");
	for (i = 0; i < NTERMS; i++) {
		const char *s = cycle[i % NELEM(cycle)].txt;

		txt[len++] = ' ';
		offs[i] = len;
		len += put(txt + len, s);
	}
	spf_err_clear(&err);
	assert_int_equal(spf_parse_record(txt, len, &r, &err), SPF_OK);
	assert_int_equal(r->nterms, NTERMS);
	for (i = 0; i < NTERMS; i++) {
		assert_int_equal(r->terms[i].off, offs[i]);
		assert_int_equal(r->terms[i].kind,
		    cycle[i % NELEM(cycle)].kind);
	}
	assert_int_equal(r->terms[NTERMS - 1].cidr4, 8);
	spf_record_free(r);
	free(txt);
	free(offs);
}

/* One term past SPF_MAX_TERMS: SPF_ELIMIT at that term, no record, no
 * crash; exactly SPF_MAX_TERMS parse. At 2 bytes a term, should
 * SPF_MAX_RECORD come first, the byte limit must stop it instead. */
static void
test_max_terms(void **state)
{
	size_t             n = (size_t)SPF_MAX_TERMS + 1, len, i;
	size_t             max = SPF_MAX_RECORD;
	char              *txt = malloc(6 + 2 * n);
	struct spf_record *r;
	struct spf_err     err;

	(void)state;
	assert_non_null(txt);
	put(txt, "v=spf1");
	for (len = 6, i = 0; i < n; i++) {
		txt[len++] = ' ';
		txt[len++] = 'a';
	}
	spf_err_clear(&err);
	r = (struct spf_record *)&r;
	assert_int_equal(spf_parse_record(txt, len, &r, &err), SPF_ELIMIT);
	assert_null(r);
	assert_int_equal(err.code, SPF_ELIMIT);
	if (len <= max) {
		char want[64];

		snprintf(want, sizeof want, "more than %d terms",
		    SPF_MAX_TERMS);
		assert_string_equal(err.msg, want);
		assert_int_equal(err.off, len - 1); /* the last "a" */
		spf_err_clear(&err);
		assert_int_equal(spf_parse_record(txt, len - 2, &r, &err),
		    SPF_OK);
		assert_int_equal(r->nterms, SPF_MAX_TERMS);
		assert_int_equal(r->terms[SPF_MAX_TERMS - 1].off, len - 3);
		spf_record_free(r);
	} else {
		assert_non_null(strstr(err.msg, "over the limit"));
	}
	free(txt);
}

/* Exactly SPF_MAX_RECORD bytes parse; one more is SPF_ELIMIT. */
static void
test_max_record(void **state)
{
	size_t             max = SPF_MAX_RECORD;
	char              *txt = malloc(max + 1);
	struct spf_record *r;
	struct spf_err     err;
	char               want[96];

	(void)state;
	assert_non_null(txt);
	memset(txt, ' ', max + 1);
	put(txt, "v=spf1");
	put(txt + max - 4, "-all");
	spf_err_clear(&err);
	assert_int_equal(spf_parse_record(txt, max, &r, &err), SPF_OK);
	assert_int_equal(r->nterms, 1);
	assert_int_equal(r->terms[0].off, max - 4);
	spf_record_free(r);
	spf_err_clear(&err);
	r = (struct spf_record *)&r;
	assert_int_equal(spf_parse_record(txt, max + 1, &r, &err), SPF_ELIMIT);
	assert_null(r);
	assert_int_equal(err.code, SPF_ELIMIT);
	snprintf(want, sizeof want,
	    "record of %zu bytes is over the limit of %zu", max + 1, max);
	assert_string_equal(err.msg, want);
	free(txt);
}

/* 4.6.4/1: include a mx ptr exists and redirect cost a lookup. */
static void
test_queries_dns(void **state)
{
	static const struct {
		enum spf_kind kind;
		bool          want;
		const char   *name;
	} kinds[] = {
		{ SPF_MECH_ALL, false, "all" },
		{ SPF_MECH_INCLUDE, true, "include" },
		{ SPF_MECH_A, true, "a" },
		{ SPF_MECH_MX, true, "mx" },
		{ SPF_MECH_PTR, true, "ptr" },
		{ SPF_MECH_IP4, false, "ip4" },
		{ SPF_MECH_IP6, false, "ip6" },
		{ SPF_MECH_EXISTS, true, "exists" },
		{ SPF_MOD_REDIRECT, true, "redirect" },
		{ SPF_MOD_EXP, false, "exp" },
		{ SPF_MOD_UNKNOWN, false, "modifier" },
	};
	struct spf_term t;
	size_t          i;

	(void)state;
	for (i = 0; i < NELEM(kinds); i++) {
		memset(&t, 0, sizeof t);
		t.kind = kinds[i].kind;
		if (spf_term_queries_dns(&t) != kinds[i].want)
			fail_msg("spf_term_queries_dns(%s) is not %d",
			    kinds[i].name, kinds[i].want);
		assert_string_equal(spf_kind_name(kinds[i].kind),
		    kinds[i].name);
	}
	assert_int_equal(spf_qual_char(SPF_QUAL_PASS), '+');
	assert_int_equal(spf_qual_char(SPF_QUAL_FAIL), '-');
	assert_int_equal(spf_qual_char(SPF_QUAL_SOFTFAIL), '~');
	assert_int_equal(spf_qual_char(SPF_QUAL_NEUTRAL), '?');
}

/* A NULL err is allowed: the status still comes back. */
static void
test_null_err(void **state)
{
	struct spf_record *r;

	(void)state;
	assert_int_equal(spf_parse_record("v=spf1 a:foo", 12, &r, NULL),
	    SPF_ESYNTAX);
	assert_null(r);
	assert_int_equal(spf_parse_record("v=spf1 -all", 11, &r, NULL), SPF_OK);
	spf_record_free(r);
}

static char ok_names[NELEM(ok_rows)][96];
static char err_names[NELEM(err_rows)][96];

int
main(void)
{
	static struct CMUnitTest tests[NELEM(ok_rows) + NELEM(err_rows) + 8];
	size_t                   i, n = 0;

	for (i = 0; i < NELEM(ok_rows); i++) {
		row_name(ok_names[i], sizeof ok_names[i], "ok", i,
		    ok_rows[i].txt, strlen(ok_rows[i].txt));
		tests[n++] = (struct CMUnitTest){ .name = ok_names[i],
			.test_func = test_ok,
			.initial_state = (void *)&ok_rows[i] };
	}
	for (i = 0; i < NELEM(err_rows); i++) {
		size_t len = err_rows[i].len != 0 ? err_rows[i].len
						  : strlen(err_rows[i].txt);

		row_name(err_names[i], sizeof err_names[i], "err", i,
		    err_rows[i].txt, len);
		tests[n++] = (struct CMUnitTest){ .name = err_names[i],
			.test_func = test_err,
			.initial_state = (void *)&err_rows[i] };
	}
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_domain_end);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_is_spf);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_layout);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_many_terms);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_max_terms);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_max_record);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_queries_dns);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_null_err);
	if (n != NELEM(tests)) {
		fprintf(stderr, "test_spf_parse: %zu tests, table of %zu\n", n,
		    NELEM(tests));
		return 1;
	}
	return cmocka_run_group_tests_name("spf_parse", tests, NULL, NULL);
}
