/* test_spf_macro.c: RFC 7208 section 7 macros, src/spf_macro.c. One table
 * of specs, each row run through spf_macro_check() and spf_macro_expand()
 * with an out buffer and a spec copy of exactly the stated size on the
 * heap, so that ASan sees any byte read or written past either; then long
 * inputs checked against a naive model, and random specs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spf_limits.h"
#include "spf_macro.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

#define X10(c) c c c c c c c c c c
#define X60(c) X10(c) X10(c) X10(c) X10(c) X10(c) X10(c)
#define L61(c) X60(c) c
#define L63(c) X60(c) c c c
/* A name of exactly SPF_MAX_NAME bytes, four labels. */
#define N253 L63("a") "." L63("b") "." L63("c") "." L61("d")
#define N253_TAIL3 L63("b") "." L63("c") "." L61("d")

/* The contexts: RFC 7208 7.4's sender and addresses, and some of ours. */
enum {
	CTX_RFC4, /* strong-bad@email.example.com from 192.0.2.3 */
	CTX_RFC6, /* the same from 2001:db8::cb01 */
	CTX_BARE, /* no validated name, no receiver name */
	CTX_URL,  /* a local-part full of reserved characters */
	CTX_PART, /* local-parts with odd delimiters */
	CTX_253,  /* a <domain> of exactly 253 bytes */
	CTX_LONG  /* a 300-byte local-part with no dot */
};

struct ctxdef {
	const char *sender, *local, *o, *d, *ip, *helo, *p, *r;
	uint64_t    now;
};

static const struct ctxdef ctxdefs[] = {
	[CTX_RFC4] = { "strong-bad@email.example.com", "strong-bad",
	    "email.example.com", "email.example.com", "192.0.2.3",
	    "mail.example.net", "mx.example.org", "mx.example.net",
	    1700000000 },
	[CTX_RFC6] = { "strong-bad@email.example.com", "strong-bad",
	    "email.example.com", "email.example.com", "2001:db8::cb01",
	    "mail.example.net", "mx.example.org", "mx.example.net",
	    1700000000 },
	[CTX_BARE] = { "a@b.example", "a", "b.example", "b.example",
	    "198.51.100.7", "", "", "", 0 },
	[CTX_URL] = { "x@u.example", "a&b=c d~e_f.g/h+i", "u.example",
	    "u.example", "203.0.113.9", "[203.0.113.9]", "", "", 0 },
	[CTX_PART] = { "x@p.example", "foo-bar+baz+qux", "..p.example", "a..b",
	    "203.0.113.10", "-lead", "", "", UINT64_MAX },
	[CTX_253] = { "x@" N253, "x", N253, N253, "192.0.2.1", "h.example", "",
	    "", 0 },
	[CTX_LONG] = { "", X10(X10("l")) X10(X10("l")) X10(X10("l")),
	    "o.example", "d.example", "192.0.2.1", "", "", "", 0 },
};

static void
ctx_build(int id, struct ip_addr *ip, struct spf_macro_ctx *ctx)
{
	const struct ctxdef *c = &ctxdefs[id];

	assert_true(ip_parse(c->ip, strlen(c->ip), ip));
	memset(ctx, 0, sizeof *ctx);
	ctx->sender = str_from(c->sender);
	ctx->local = str_from(c->local);
	ctx->sender_domain = str_from(c->o);
	ctx->domain = str_from(c->d);
	ctx->ip = ip;
	ctx->helo = str_from(c->helo);
	ctx->validated = str_from(c->p);
	ctx->receiver = str_from(c->r);
	ctx->now = c->now;
}

#define D SPF_MACRO_DOMAIN
#define E SPF_MACRO_EXPLAIN

struct row {
	const char         *spec;
	size_t              len; /* 0: strlen(spec) */
	enum spf_macro_mode mode;
	int                 ctx;
	size_t              outsize; /* 0: 1024 */
	int                 status;
	const char         *want; /* the expansion, or the message */
	size_t              off;  /* err.off when status != SPF_OK */
};

static struct row rows[] = {
	/* RFC 7208 7.4, first table. */
	{ "%{s}", 0, D, CTX_RFC4, 0, SPF_OK, "strong-bad@email.example.com",
	    0 },
	{ "%{o}", 0, D, CTX_RFC4, 0, SPF_OK, "email.example.com", 0 },
	{ "%{d}", 0, D, CTX_RFC4, 0, SPF_OK, "email.example.com", 0 },
	{ "%{d4}", 0, D, CTX_RFC4, 0, SPF_OK, "email.example.com", 0 },
	{ "%{d3}", 0, D, CTX_RFC4, 0, SPF_OK, "email.example.com", 0 },
	{ "%{d2}", 0, D, CTX_RFC4, 0, SPF_OK, "example.com", 0 },
	{ "%{d1}", 0, D, CTX_RFC4, 0, SPF_OK, "com", 0 },
	{ "%{dr}", 0, D, CTX_RFC4, 0, SPF_OK, "com.example.email", 0 },
	{ "%{d2r}", 0, D, CTX_RFC4, 0, SPF_OK, "example.email", 0 },
	{ "%{l}", 0, D, CTX_RFC4, 0, SPF_OK, "strong-bad", 0 },
	{ "%{l-}", 0, D, CTX_RFC4, 0, SPF_OK, "strong.bad", 0 },
	{ "%{lr}", 0, D, CTX_RFC4, 0, SPF_OK, "strong-bad", 0 },
	{ "%{lr-}", 0, D, CTX_RFC4, 0, SPF_OK, "bad.strong", 0 },
	{ "%{l1r-}", 0, D, CTX_RFC4, 0, SPF_OK, "strong", 0 },
	/* RFC 7208 7.4, second table. */
	{ "%{ir}.%{v}._spf.%{d2}", 0, D, CTX_RFC4, 0, SPF_OK,
	    "3.2.0.192.in-addr._spf.example.com", 0 },
	{ "%{lr-}.lp._spf.%{d2}", 0, D, CTX_RFC4, 0, SPF_OK,
	    "bad.strong.lp._spf.example.com", 0 },
	{ "%{lr-}.lp.%{ir}.%{v}._spf.%{d2}", 0, D, CTX_RFC4, 0, SPF_OK,
	    "bad.strong.lp.3.2.0.192.in-addr._spf.example.com", 0 },
	{ "%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}", 0, D, CTX_RFC4, 0, SPF_OK,
	    "3.2.0.192.in-addr.strong.lp._spf.example.com", 0 },
	{ "%{d2}.trusted-domains.example.net", 0, D, CTX_RFC4, 0, SPF_OK,
	    "example.com.trusted-domains.example.net", 0 },
	/* The RFC writes these nibbles in lower case; we follow the
	 * openspf suite (v-macro-ip6) in upper case: see ip.c CHOICE. */
	{ "%{ir}.%{v}._spf.%{d2}", 0, D, CTX_RFC6, 0, SPF_OK,
	    "1.0.B.C.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.B.D.0.1.0.0.2"
	    ".ip6._spf.example.com",
	    0 },

	/* 7.3/2: "i" of IPv6 is 32 dotted nibbles (upper case, ip.c),
	 * upper-case "I" changes nothing (all unreserved), "c" is RFC 5952
	 * text. */
	{ "%{i}", 0, D, CTX_RFC6, 0, SPF_OK,
	    "2.0.0.1.0.D.B.8.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.C.B.0.1",
	    0 },
	{ "%{I}", 0, D, CTX_RFC6, 0, SPF_OK,
	    "2.0.0.1.0.D.B.8.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.C.B.0.1",
	    0 },
	{ "%{i}", 0, D, CTX_RFC4, 0, SPF_OK, "192.0.2.3", 0 },
	{ "%{v}", 0, D, CTX_RFC6, 0, SPF_OK, "ip6", 0 },
	{ "%{V}", 0, D, CTX_RFC4, 0, SPF_OK, "in-addr", 0 },
	{ "%{c}", 0, E, CTX_RFC4, 0, SPF_OK, "192.0.2.3", 0 },
	{ "%{c}", 0, E, CTX_RFC6, 0, SPF_OK, "2001:db8::cb01", 0 },
	{ "%{C}", 0, E, CTX_RFC6, 0, SPF_OK, "2001%3Adb8%3A%3Acb01", 0 },
	{ "%{h}", 0, D, CTX_RFC4, 0, SPF_OK, "mail.example.net", 0 },
	{ "%{H}", 0, D, CTX_URL, 0, SPF_OK, "%5B203.0.113.9%5D", 0 },
	{ "%{p}", 0, D, CTX_RFC4, 0, SPF_OK, "mx.example.org", 0 },
	{ "%{p}", 0, D, CTX_BARE, 0, SPF_OK, "unknown", 0 },
	{ "%{r}", 0, E, CTX_RFC4, 0, SPF_OK, "mx.example.net", 0 },
	{ "%{r}", 0, E, CTX_BARE, 0, SPF_OK, "unknown", 0 },
	{ "%{t}", 0, E, CTX_RFC4, 0, SPF_OK, "1700000000", 0 },
	{ "%{T}", 0, E, CTX_PART, 0, SPF_OK, "18446744073709551615", 0 },
	{ "%{t1}", 0, E, CTX_BARE, 0, SPF_OK, "0", 0 },
	{ "%{h}", 0, D, CTX_BARE, 0, SPF_OK, "", 0 },

	/* 7.3/7: upper case URL-escapes all but RFC 3986 unreserved, in
	 * upper-case hex; the lower-case letter does not. */
	{ "%{L}", 0, D, CTX_URL, 0, SPF_OK, "a%26b%3Dc%20d~e_f.g%2Fh%2Bi", 0 },
	{ "%{l}", 0, E, CTX_URL, 0, SPF_OK, "a&b=c d~e_f.g/h+i", 0 },
	{ "%{S}", 0, D, CTX_RFC4, 0, SPF_OK, "strong-bad%40email.example.com",
	    0 },
	{ "%{D2}", 0, D, CTX_RFC4, 0, SPF_OK, "example.com", 0 },
	/* CHOICE: escaping follows the transformers, so "+" still splits. */
	{ "%{Lr+}", 0, D, CTX_URL, 0, SPF_OK, "i.a%26b%3Dc%20d~e_f.g%2Fh", 0 },
	/* CHOICE: "R" is the reverse transformer too. */
	{ "%{d2R}", 0, D, CTX_RFC4, 0, SPF_OK, "example.email", 0 },

	/* 7.2: several delimiters, reversal, empty parts kept. */
	{ "%{l+-}", 0, D, CTX_PART, 0, SPF_OK, "foo.bar.baz.qux", 0 },
	{ "%{l2r+-}", 0, D, CTX_PART, 0, SPF_OK, "bar.foo", 0 },
	{ "%{l2-+++}", 0, D, CTX_PART, 0, SPF_OK, "baz.qux", 0 },
	{ "%{l=,/_}", 0, D, CTX_PART, 0, SPF_OK, "foo-bar+baz+qux", 0 },
	{ "%{dr}", 0, D, CTX_PART, 0, SPF_OK, "b..a", 0 },
	{ "%{d2}", 0, D, CTX_PART, 0, SPF_OK, ".b", 0 },
	{ "%{d1r}", 0, D, CTX_PART, 0, SPF_OK, "a", 0 },
	{ "%{o}", 0, D, CTX_PART, 0, SPF_OK, "..p.example", 0 },
	{ "%{o3}", 0, D, CTX_PART, 0, SPF_OK, ".p.example", 0 },
	{ "%{or}", 0, D, CTX_PART, 0, SPF_OK, "example.p..", 0 },
	{ "%{h-}", 0, D, CTX_PART, 0, SPF_OK, ".lead", 0 },
	{ "%{h1r-}", 0, D, CTX_PART, 0, SPF_OK, "", 0 },
	{ "%{d1}", 0, D, CTX_BARE, 0, SPF_OK, "example", 0 },
	{ "%{h1}", 0, D, CTX_BARE, 0, SPF_OK, "", 0 },
	{ "%{hr}", 0, D, CTX_BARE, 0, SPF_OK, "", 0 },
	/* DIGIT: leading zeros, and counts too big for any integer. */
	{ "%{d01}", 0, D, CTX_RFC4, 0, SPF_OK, "com", 0 },
	{ "%{d99999999999999999999999999999999}", 0, D, CTX_RFC4, 0, SPF_OK,
	    "email.example.com", 0 },
	{ "%{d18446744073709551616r}", 0, D, CTX_RFC4, 0, SPF_OK,
	    "com.example.email", 0 },

	/* 7.1: the escapes, in both modes, and literals around them. */
	{ "%%", 0, D, CTX_RFC4, 0, SPF_OK, "%", 0 },
	{ "%_", 0, D, CTX_RFC4, 0, SPF_OK, " ", 0 },
	{ "%-", 0, D, CTX_RFC4, 0, SPF_OK, "%20", 0 },
	{ "a%%b%_c%-d.example.com", 0, D, CTX_RFC4, 0, SPF_OK,
	    "a%b c%20d.example.com", 0 },
	{ "%%{d}", 0, D, CTX_RFC4, 0, SPF_OK, "%{d}", 0 },
	{ "%%%{d1}", 0, E, CTX_RFC4, 0, SPF_OK, "%com", 0 },
	{ "100%% sure", 0, E, CTX_RFC4, 0, SPF_OK, "100% sure", 0 },
	{ "{}~!$&'()*+,;=:@[]^`|\"#", 0, D, CTX_RFC4, 0, SPF_OK,
	    "{}~!$&'()*+,;=:@[]^`|\"#", 0 },
	{ "", 0, D, CTX_RFC4, 0, SPF_OK, "", 0 },
	{ "", 0, E, CTX_RFC4, 0, SPF_OK, "", 0 },
	/* A trailing dot is the caller's to strip; explanations keep it. */
	{ "%{d}.", 0, D, CTX_RFC4, 0, SPF_OK, "email.example.com.", 0 },
	{ "The end.", 0, E, CTX_RFC4, 0, SPF_OK, "The end.", 0 },
	/* 6.2, 7.1: an explanation has spaces and every letter. */
	{ "  %{c} is not one of %{d}'s hosts (%{r}, %{t})  ", 0, E, CTX_RFC4, 0,
	    SPF_OK,
	    "  192.0.2.3 is not one of email.example.com's hosts "
	    "(mx.example.net, 1700000000)  ",
	    0 },

	/* 7.1, 7.2: syntax errors, with the byte they point at. */
	{ "%{d0}", 0, D, CTX_RFC4, 0, SPF_ESYNTAX,
	    "byte 3: digit transformer must be nonzero", 3 },
	{ "x.%{l000r-}", 0, E, CTX_RFC4, 0, SPF_ESYNTAX,
	    "byte 5: digit transformer must be nonzero", 5 },
	{ "ab.%{z}", 0, D, CTX_RFC4, 0, SPF_ESYNTAX,
	    "byte 5: 'z' is not a macro letter", 5 },
	{ "%{a}.example.com", 0, E, CTX_RFC4, 0, SPF_ESYNTAX,
	    "byte 2: 'a' is not a macro letter", 2 },
	{ "%{ }", 0, E, CTX_RFC4, 0, SPF_ESYNTAX,
	    "byte 2: ' ' is not a macro letter", 2 },
	{ "%{\xff}", 0, D, CTX_RFC4, 0, SPF_ESYNTAX,
	    "byte 2: 0xff is not a macro letter", 2 },
	{ "%(ir).sbl.example.org", 0, D, CTX_RFC4, 0, SPF_ESYNTAX,
	    "byte 1: '(' after '%', expected '{', '%', '_' or '-'", 1 },
	{ "foo%.sbl.example.org", 0, D, CTX_RFC4, 0, SPF_ESYNTAX,
	    "byte 4: '.' after '%', expected '{', '%', '_' or '-'", 4 },
	{ "%", 0, D, CTX_RFC4, 0, SPF_ESYNTAX,
	    "byte 0: '%' at the end, expected '{', '%', '_' or '-' after it",
	    0 },
	{ "example.com%", 0, E, CTX_RFC4, 0, SPF_ESYNTAX,
	    "byte 11: '%' at the end, expected '{', '%', '_' or '-' after it",
	    11 },
	{ "%%%", 0, D, CTX_RFC4, 0, SPF_ESYNTAX,
	    "byte 2: '%' at the end, expected '{', '%', '_' or '-' after it",
	    2 },
	{ "%{", 0, D, CTX_RFC4, 0, SPF_ESYNTAX,
	    "byte 2: unterminated macro, expected a macro letter", 2 },
	{ "%{d", 0, D, CTX_RFC4, 0, SPF_ESYNTAX,
	    "byte 3: unterminated macro, expected '}'", 3 },
	{ "%{d2r.", 0, D, CTX_RFC4, 0, SPF_ESYNTAX,
	    "byte 6: unterminated macro, expected '}'", 6 },
	{ "%{d2x}", 0, D, CTX_RFC4, 0, SPF_ESYNTAX,
	    "byte 4: 'x' in a macro, expected a digit, 'r', a delimiter or '}'",
	    4 },
	{ "%{dr2}", 0, D, CTX_RFC4, 0, SPF_ESYNTAX,
	    "byte 4: '2' in a macro, expected a delimiter or '}'", 4 },
	{ "%{d.2}", 0, D, CTX_RFC4, 0, SPF_ESYNTAX,
	    "byte 4: '2' in a macro, expected a delimiter or '}'", 4 },
	{ "%{drr}", 0, D, CTX_RFC4, 0, SPF_ESYNTAX,
	    "byte 4: 'r' in a macro, expected a delimiter or '}'", 4 },
	{ "%{s@}", 0, D, CTX_RFC4, 0, SPF_ESYNTAX,
	    "byte 3: '@' in a macro, expected a digit, 'r', a delimiter or '}'",
	    3 },
	{ "%{d}%{i}%{", 0, D, CTX_RFC4, 0, SPF_ESYNTAX,
	    "byte 10: unterminated macro, expected a macro letter", 10 },
	/* 7.2: c, r and t only in explanations, whatever their case. */
	{ "%{c}", 0, D, CTX_RFC4, 0, SPF_ESYNTAX,
	    "byte 2: macro letter 'c' is allowed only in an explanation", 2 },
	{ "x.%{R}", 0, D, CTX_RFC4, 0, SPF_ESYNTAX,
	    "byte 4: macro letter 'R' is allowed only in an explanation", 4 },
	{ "%{t10}.example.com", 0, D, CTX_RFC4, 0, SPF_ESYNTAX,
	    "byte 2: macro letter 't' is allowed only in an explanation", 2 },
	/* Bytes outside macro-literal; SP only in explanations. */
	{ "a b", 0, D, CTX_RFC4, 0, SPF_ESYNTAX,
	    "byte 1: ' ' is not allowed in a domain-spec", 1 },
	{ "a\tb", 0, E, CTX_RFC4, 0, SPF_ESYNTAX,
	    "byte 1: 0x09 is not allowed in an explanation", 1 },
	{ "caf\xc3\xa9", 0, E, CTX_RFC4, 0, SPF_ESYNTAX,
	    "byte 3: 0xc3 is not allowed in an explanation", 3 },
	{ "x%{d}\x1b]0;pwned\x07", 0, D, CTX_RFC4, 0, SPF_ESYNTAX,
	    "byte 5: 0x1b is not allowed in a domain-spec", 5 },
	{ "a\x7f", 0, D, CTX_RFC4, 0, SPF_ESYNTAX,
	    "byte 1: 0x7f is not allowed in a domain-spec", 1 },
	{ "ab\0%{z}", 4, D, CTX_RFC4, 0, SPF_ESYNTAX,
	    "byte 2: 0x00 is not allowed in a domain-spec", 2 },
	{ "%{d\0}", 5, D, CTX_RFC4, 0, SPF_ESYNTAX,
	    "byte 3: 0x00 in a macro, expected a digit, 'r', a delimiter or "
	    "'}'",
	    3 },
	{ "%{d}\n", 0, E, CTX_RFC4, 0, SPF_ESYNTAX,
	    "byte 4: 0x0a is not allowed in an explanation", 4 },
	/* A syntax error wins over an out buffer too small. */
	{ "%{s}%{z}", 0, E, CTX_RFC4, 4, SPF_ESYNTAX,
	    "byte 6: 'z' is not a macro letter", 6 },

	/* 7.3/6: truncation from the left, whole labels only. */
	{ "%{d}", 0, D, CTX_253, 0, SPF_OK, N253, 0 },
	{ "%{d}.", 0, D, CTX_253, 0, SPF_OK, N253, 0 },
	{ "x.%{d}", 0, D, CTX_253, 0, SPF_OK, N253, 0 },
	{ "x.%{d}.", 0, D, CTX_253, 0, SPF_OK, N253, 0 },
	{ "%{d}.x", 0, D, CTX_253, 0, SPF_OK, N253_TAIL3 ".x", 0 },
	{ "xy%{d}", 0, D, CTX_253, 0, SPF_OK, N253_TAIL3, 0 },
	{ "%{o}.%{d}", 0, D, CTX_253, 0, SPF_OK, N253, 0 },
	{ "%{d}.%{d}.%{d}.%{d}.e", 0, D, CTX_253, 0, SPF_OK, N253_TAIL3 ".e",
	    0 },
	{ "%{s}", 0, D, CTX_253, 0, SPF_OK, N253_TAIL3, 0 },
	/* 7.3/6 does not apply to explanations. */
	{ "x.%{d}", 0, E, CTX_253, 0, SPF_OK, "x." N253, 0 },
	/* CHOICE: no label boundary in the last 253 bytes: SPF_ELIMIT. */
	{ "%{l}", 0, D, CTX_LONG, 0, SPF_ELIMIT,
	    "expanded name ends in a label longer than 253 bytes", 0 },
	{ "%{l}.", 0, D, CTX_LONG, 0, SPF_ELIMIT,
	    "expanded name ends in a label longer than 253 bytes", 0 },
	{ "%{l}.example.com", 0, D, CTX_LONG, 0, SPF_OK, "example.com", 0 },
	{ "%{l}", 0, E, CTX_LONG, 0, SPF_OK,
	    X10(X10("l")) X10(X10("l")) X10(X10("l")), 0 },

	/* Out buffers: exactly enough, and one byte short. */
	{ "%{d}", 0, D, CTX_RFC4, 18, SPF_OK, "email.example.com", 0 },
	{ "%{d}", 0, D, CTX_RFC4, 17, SPF_ELIMIT,
	    "expanded name is 17 bytes, the buffer holds 16", 0 },
	{ "%{d}", 0, E, CTX_RFC4, 18, SPF_OK, "email.example.com", 0 },
	{ "%{d}", 0, E, CTX_RFC4, 17, SPF_ELIMIT,
	    "expanded explanation is longer than 16 bytes", 0 },
	{ "ok %{S}", 0, E, CTX_RFC4, 20, SPF_ELIMIT,
	    "expanded explanation is longer than 19 bytes", 3 },
	{ "%{d}", 0, D, CTX_253, 254, SPF_OK, N253, 0 },
	{ "%{d}", 0, D, CTX_253, 253, SPF_ELIMIT,
	    "expanded name is 253 bytes, the buffer holds 252", 0 },
	{ "", 0, E, CTX_RFC4, 1, SPF_OK, "", 0 },
};

static char names[NELEM(rows)][80];

/* Copies len bytes to a heap block of exactly len bytes, no NUL. */
static char *
exact_copy(const char *p, size_t len)
{
	char *q = malloc(len > 0 ? len : 1);

	assert_non_null(q);
	memcpy(q, p, len);
	return q;
}

static void
test_row(void **state)
{
	const struct row    *r = *state;
	size_t               len = r->len != 0 ? r->len : strlen(r->spec);
	size_t               size = r->outsize != 0 ? r->outsize : 1024;
	char                *spec = exact_copy(r->spec, len);
	char                *out = malloc(size);
	struct ip_addr       ip;
	struct spf_macro_ctx ctx;
	struct spf_err       err;
	size_t               outlen = 12345;
	int                  rc;

	assert_non_null(out);
	ctx_build(r->ctx, &ip, &ctx);

	spf_err_clear(&err);
	rc = spf_macro_check(str_make(spec, len), r->mode, &err);
	if (r->status == SPF_ESYNTAX) {
		assert_int_equal(rc, SPF_ESYNTAX);
		assert_int_equal(err.code, SPF_ESYNTAX);
		assert_int_equal(err.off, r->off);
		assert_string_equal(err.msg, r->want);
	} else
		assert_int_equal(rc, SPF_OK);

	spf_err_clear(&err);
	memset(out, 'Z', size);
	rc = spf_macro_expand(&ctx, str_make(spec, len), r->mode, out, size,
	    &outlen, &err);
	assert_int_equal(rc, r->status);
	if (r->status == SPF_OK) {
		assert_string_equal(out, r->want);
		assert_int_equal(outlen, strlen(r->want));
	} else {
		assert_int_equal(err.code, r->status);
		assert_int_equal(err.off, r->off);
		assert_string_equal(err.msg, r->want);
		assert_int_equal(outlen, 0);
		assert_int_equal(out[0], '\0');
	}
	free(out);
	free(spec);
}

static const struct {
	const char *spec;
	char        letter;
	bool        want;
} uses[] = {
	{ "%{ir}.%{v}._spf.%{d2}", 'i', true },
	{ "%{ir}.%{v}._spf.%{d2}", 'v', true },
	{ "%{ir}.%{v}._spf.%{d2}", 'p', false },
	{ "%{P}.example.com", 'p', true },
	{ "%{p}.example.com", 'P', true },
	{ "%%{p}.example.com", 'p', false },
	{ "%%%{p}", 'p', true },
	{ "p.example.com", 'p', false },
	{ "%{", 'p', false },
	{ "%", 'p', false },
	{ "", 'd', false },
	{ "%-{p}", 'p', false },
	{ "%_p.example.com", 'p', false },
	{ "%{dr}.%{i}", 'I', true },
};

static void
test_uses(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(uses); i++) {
		char *spec = exact_copy(uses[i].spec, strlen(uses[i].spec));
		if (spf_macro_uses(str_make(spec, strlen(uses[i].spec)),
			uses[i].letter) != uses[i].want)
			fail_msg("spf_macro_uses(\"%s\", '%c') is not %d",
			    uses[i].spec, uses[i].letter, uses[i].want);
		free(spec);
	}
}

/* Appends the string s to buf (size bytes, no NUL kept) at *len. */
static void
put(char *buf, size_t size, size_t *len, const char *s)
{
	size_t n = strlen(s), i;

	assert_true(size - *len >= n);
	for (i = 0; i < n; i++)
		buf[*len + i] = s[i];
	*len += n;
}

/* The naive model of 7.3/6, plus our trailing-dot CHOICE. */
static size_t
naive_truncate(const char *s, size_t len, size_t *start)
{
	*start = 0;
	if (len <= SPF_MAX_NAME)
		return len;
	if (s[len - 1] == '.')
		len--;
	while (len - *start > SPF_MAX_NAME) {
		const char *dot = memchr(s + *start, '.', len - *start);
		assert_non_null(dot);
		*start = (size_t)(dot - s) + 1;
	}
	return len - *start;
}

/* Expansions far longer than the window, checked against the model. */
static void
test_long_domain(void **state)
{
	static const struct {
		const char *spec, *model;
	} parts[] = {
		{ "%{o}", "email.example.com" },
		{ "%{O}.", "email.example.com." },
		{ "%{l}.", "strong-bad." },
		{ "%{d2}-", "example.com-" },
		{ "%{ir}.", "3.2.0.192." },
		{ "x", "x" },
		{ "%{lr-}", "bad.strong" },
		{ ".", "." },
		{ "%%%_%-", "% %20" },
	};
	struct ip_addr       ip;
	struct spf_macro_ctx ctx;
	struct spf_err       err;
	char                 spec[16384], model[65536], out[SPF_MAX_NAME + 1];
	size_t               k, j, outlen, start;

	(void)state;
	ctx_build(CTX_RFC4, &ip, &ctx);
	for (k = 1; k < 1200; k += 7) {
		size_t slen = 0, mlen = 0, n;

		for (j = 0; j < k; j++) {
			put(spec, sizeof spec, &slen,
			    parts[(j * 5 + k) % NELEM(parts)].spec);
			put(model, sizeof model, &mlen,
			    parts[(j * 5 + k) % NELEM(parts)].model);
		}
		put(spec, sizeof spec, &slen, "example.com");
		put(model, sizeof model, &mlen, "example.com");

		n = naive_truncate(model, mlen, &start);
		spf_err_clear(&err);
		assert_int_equal(spf_macro_expand(&ctx, str_make(spec, slen),
				     SPF_MACRO_DOMAIN, out, sizeof out, &outlen,
				     &err),
		    SPF_OK);
		assert_int_equal(outlen, n);
		assert_memory_equal(out, model + start, n);
		assert_true(outlen <= SPF_MAX_NAME);
	}
}

/* Long specs and long values: no overflow, exact limits. */
static void
test_long_inputs(void **state)
{
	struct ip_addr       ip;
	struct spf_macro_ctx ctx;
	struct spf_err       err;
	size_t               n = 100000, i, outlen;
	char                *spec = malloc(n), *out = malloc(3 * n + 1);
	char                *val = malloc(n);

	(void)state;
	assert_non_null(spec);
	assert_non_null(out);
	assert_non_null(val);
	ctx_build(CTX_RFC4, &ip, &ctx);

	/* A 100000-byte explanation fits n + 1 bytes, not n. */
	for (i = 0; i < n; i++) {
		if (i % 7 == 3)
			spec[i] = ' ';
		else
			spec[i] = "abcdefghijklmnopqrstuvwxyz"[i % 26];
	}
	assert_int_equal(
	    spf_macro_check(str_make(spec, n), SPF_MACRO_EXPLAIN, &err),
	    SPF_OK);
	assert_int_equal(spf_macro_expand(&ctx, str_make(spec, n),
			     SPF_MACRO_EXPLAIN, out, n + 1, &outlen, &err),
	    SPF_OK);
	assert_int_equal(outlen, n);
	assert_memory_equal(out, spec, n);
	assert_int_equal(spf_macro_expand(&ctx, str_make(spec, n),
			     SPF_MACRO_EXPLAIN, out, n, &outlen, &err),
	    SPF_ELIMIT);
	/* The same text as a domain-spec: SP is refused at byte 3. */
	assert_int_equal(
	    spf_macro_check(str_make(spec, n), SPF_MACRO_DOMAIN, &err),
	    SPF_ESYNTAX);
	assert_int_equal(err.off, 3);

	/* A 100000-byte value, every byte escaped: 300000 bytes out. */
	memset(val, '&', n);
	ctx.local = str_make(val, n);
	assert_int_equal(spf_macro_expand(&ctx, str_make("%{L}", 4),
			     SPF_MACRO_EXPLAIN, out, 3 * n + 1, &outlen, &err),
	    SPF_OK);
	assert_int_equal(outlen, 3 * n);
	assert_memory_equal(out, "%26%26", 6);
	assert_memory_equal(out + 3 * n - 3, "%26", 4);
	assert_int_equal(spf_macro_expand(&ctx, str_make("%{L}", 4),
			     SPF_MACRO_EXPLAIN, out, 3 * n, &outlen, &err),
	    SPF_ELIMIT);

	/* 100000 dot-separated parts, reversed and cut, or all of them. */
	for (i = 0; i < n; i++) {
		if (i % 2 == 0)
			val[i] = "0123456789"[(i / 2) % 10];
		else
			val[i] = '.';
	}
	ctx.local = str_make(val, n - 1);
	assert_int_equal(spf_macro_expand(&ctx, str_make("%{l3r}", 6),
			     SPF_MACRO_EXPLAIN, out, 3 * n + 1, &outlen, &err),
	    SPF_OK);
	assert_string_equal(out, "2.1.0");
	assert_int_equal(spf_macro_expand(&ctx, str_make("%{l2}.x", 7),
			     SPF_MACRO_DOMAIN, out, 3 * n + 1, &outlen, &err),
	    SPF_OK);
	assert_string_equal(out, "8.9.x");
	assert_int_equal(spf_macro_expand(&ctx, str_make("%{lr}", 5),
			     SPF_MACRO_DOMAIN, out, 3 * n + 1, &outlen, &err),
	    SPF_OK);
	/* 127 parts, 126 down to 0: "6.5.4.3.2.1.0.9...2.1.0". */
	assert_int_equal(outlen, SPF_MAX_NAME);
	assert_memory_equal(out, "6.5.4.3.2.1.0.9.8.7.6", 21);
	assert_string_equal(out + SPF_MAX_NAME - 5, "2.1.0");

	/* A spec of 4000 macros: 59 "com." fit before the last %{d}. */
	for (i = 0; i < 24000;) /* 4000 times "%{d1}." */
		put(spec, n, &i, "%{d1}.");
	put(spec, n, &i, "%{d}");
	assert_int_equal(spf_macro_expand(&ctx, str_make(spec, i),
			     SPF_MACRO_DOMAIN, out, 3 * n + 1, &outlen, &err),
	    SPF_OK);
	assert_int_equal(outlen, SPF_MAX_NAME);
	assert_memory_equal(out, "com.com.", 8);
	assert_string_equal(out + SPF_MAX_NAME - 17, "email.example.com");
	free(val);
	free(out);
	free(spec);
}

/* A NULL err, an empty out buffer, a context without an address. */
static void
test_edges(void **state)
{
	struct ip_addr       ip;
	struct spf_macro_ctx ctx;
	struct spf_err       err;
	char                 out[64];
	size_t               outlen = 1;

	(void)state;
	ctx_build(CTX_RFC4, &ip, &ctx);
	assert_int_equal(
	    spf_macro_check(str_make("%{z}", 4), SPF_MACRO_DOMAIN, NULL),
	    SPF_ESYNTAX);
	assert_int_equal(spf_macro_expand(&ctx, str_make("%{z}", 4),
			     SPF_MACRO_DOMAIN, out, sizeof out, &outlen, NULL),
	    SPF_ESYNTAX);
	assert_int_equal(spf_macro_expand(&ctx, str_make("%{d}", 4),
			     SPF_MACRO_DOMAIN, out, 4, &outlen, NULL),
	    SPF_ELIMIT);
	assert_int_equal(spf_macro_expand(&ctx, str_make("x", 1),
			     SPF_MACRO_EXPLAIN, out, 0, &outlen, &err),
	    SPF_ELIMIT);
	assert_int_equal(outlen, 0);
	assert_int_equal(spf_macro_check(STR_NULL, SPF_MACRO_DOMAIN, &err),
	    SPF_OK);
	ctx.ip = NULL;
	assert_int_equal(spf_macro_expand(&ctx, str_make("%{i}.%{v}|%{c}", 14),
			     SPF_MACRO_EXPLAIN, out, sizeof out, &outlen, &err),
	    SPF_OK);
	assert_string_equal(out, ".|");
}

/* Random specs: check and expand agree, nothing overflows, domain
 * results stay within SPF_MAX_NAME. */
static void
test_random(void **state)
{
	static const char alpha[] = "%%%%{{}}}sldopihvcrtSLDIVCRT0129r.-+,/_="
				    " x\t\xff";
	struct ip_addr    ip;
	struct spf_macro_ctx ctx;
	struct spf_err       e1, e2;
	char                 spec[48], out[SPF_MAX_NAME + 1];
	uint32_t             seed = 7208;
	size_t               iter, i, outlen;

	(void)state;
	ctx_build(CTX_RFC6, &ip, &ctx);
	for (iter = 0; iter < 50000; iter++) {
		enum spf_macro_mode mode;
		size_t              len;
		int                 r1, r2;

		seed = seed * 1103515245u + 12345u;
		len = (seed >> 16) % sizeof spec;
		for (i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			spec[i] = alpha[(seed >> 16) % (sizeof alpha - 1)];
		}
		mode = iter % 2 == 0 ? SPF_MACRO_DOMAIN : SPF_MACRO_EXPLAIN;
		spf_err_clear(&e1);
		spf_err_clear(&e2);
		r1 = spf_macro_check(str_make(spec, len), mode, &e1);
		r2 = spf_macro_expand(&ctx, str_make(spec, len), mode, out,
		    sizeof out, &outlen, &e2);
		if (r1 == SPF_ESYNTAX) {
			assert_int_equal(r2, SPF_ESYNTAX);
			assert_int_equal(e1.off, e2.off);
			assert_string_equal(e1.msg, e2.msg);
			assert_true(e1.off <= len);
			continue;
		}
		assert_int_equal(r1, SPF_OK);
		if (r2 == SPF_ELIMIT) {
			assert_int_equal(mode, SPF_MACRO_EXPLAIN);
			continue;
		}
		assert_int_equal(r2, SPF_OK);
		assert_int_equal(strlen(out), outlen);
		if (mode == SPF_MACRO_DOMAIN)
			assert_true(outlen <= SPF_MAX_NAME);
	}
}

/* Prints a spec for a test name: escaped, cut at 48 bytes. */
static void
row_name(char *buf, size_t size, size_t n, const struct row *r)
{
	size_t len = r->len != 0 ? r->len : strlen(r->spec), i, o;
	int    k;

	k = snprintf(buf, size, "row %03zu %s \"", n,
	    r->mode == SPF_MACRO_DOMAIN ? "domain" : "explain");
	o = k > 0 ? (size_t)k : 0;
	for (i = 0; i < len && i < 48 && size - o > 6; i++) {
		unsigned char c = (unsigned char)r->spec[i];

		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
			buf[o++] = (char)c;
		else
			o += (size_t)snprintf(buf + o, size - o, "\\x%02x", c);
	}
	snprintf(buf + o, size - o, "%s\"", i < len ? "..." : "");
}

int
main(void)
{
	static struct CMUnitTest tests[NELEM(rows) + 5];
	size_t                   i;

	for (i = 0; i < NELEM(rows); i++) {
		row_name(names[i], sizeof names[i], i, &rows[i]);
		tests[i] = (struct CMUnitTest){ .name = names[i],
			.test_func = test_row,
			.initial_state = &rows[i] };
	}
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_uses);
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_long_domain);
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_long_inputs);
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_edges);
	tests[i++] = (struct CMUnitTest)cmocka_unit_test(test_random);
	return cmocka_run_group_tests_name("spf_macro", tests, NULL, NULL);
}
