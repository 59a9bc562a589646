/* spf_parse.c: SPF record text to terms, by the ABNF of RFC 7208 12.
 * The record owns one copy of its text; every term is a slice of it. */
#include "spf_parse.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "spf_limits.h"
#include "spf_macro.h"
#include "xmalloc.h"

bool
spf_parse_is_spf(const char *txt, size_t len)
{
	struct str s = str_make(txt, len);

	/* 4.5/2: exactly "v=spf1", then SP or the end ("v=spf10" is not). */
	return str_prefix_ci(s, "v=spf1") && (len == 6 || txt[6] == ' ');
}

static bool
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* toplabel = ( *alphanum ALPHA *alphanum ) /
 *            ( 1*alphanum "-" *( alphanum / "-" ) alphanum ) */
static bool
spf_parse_toplabel(const char *p, size_t len)
{
	bool   alpha = false, dash = false;
	size_t i;

	if (len == 0)
		return false;
	for (i = 0; i < len; i++) {
		if (is_alpha(p[i]))
			alpha = true;
		else if (p[i] == '-')
			dash = true;
		else if (!is_digit(p[i]))
			return false;
	}
	if (!dash)
		return alpha;
	return p[0] != '-' && p[len - 1] != '-';
}

bool
spf_parse_domain_end(struct str spec)
{
	size_t i = 0, tail = 0, n;
	bool   last_macro = false;

	/* Find where the trailing run of literals starts. */
	while (i < spec.len) {
		if (spec.p[i] == '%' && i + 1 < spec.len) {
			if (spec.p[i + 1] == '{') {
				const char *close =
				    memchr(spec.p + i, '}', spec.len - i);
				if (close == NULL)
					return false;
				i = (size_t)(close - spec.p) + 1;
			} else {
				i += 2;
			}
			last_macro = true;
			tail = i;
		} else {
			i++;
			last_macro = false;
		}
	}
	if (last_macro)
		return true;
	/* "." toplabel ["."] within the literal tail. */
	n = spec.len;
	if (n > tail && spec.p[n - 1] == '.')
		n--;
	for (i = n; i > tail; i--)
		if (spec.p[i - 1] == '.')
			return spf_parse_toplabel(spec.p + i, n - i);
	return false;
}

/* ("0" / %x31-39 0*1DIGIT) for ip4, 0*2DIGIT for ip6, then the range. */
static bool
spf_parse_cidr(const char *p, size_t len, int max, int *out)
{
	int    v = 0;
	size_t i;

	if (len == 0 || len > 3 || (p[0] == '0' && len > 1))
		return false;
	for (i = 0; i < len; i++) {
		if (!is_digit(p[i]))
			return false;
		v = v * 10 + (p[i] - '0');
	}
	if (v > max)
		return false;
	*out = v;
	return true;
}

/* qnum = DIGIT / %x31-39 DIGIT / "1" 2DIGIT / "2" %x30-34 DIGIT /
 * "25" %x30-35: no leading zeros, 0-255. */
static bool
spf_parse_ip4(const char *p, size_t len, uint8_t *net)
{
	size_t i = 0;
	int    part;

	for (part = 0; part < 4; part++) {
		size_t start = i;
		int    v = 0;
		while (i < len && is_digit(p[i]) && i - start < 3)
			v = v * 10 + (p[i++] - '0');
		if (i == start || v > 255 || (p[start] == '0' && i - start > 1))
			return false;
		net[part] = (uint8_t)v;
		if (part < 3) {
			if (i >= len || p[i] != '.')
				return false;
			i++;
		}
	}
	return i == len;
}

static bool
spf_parse_ip6(const char *p, size_t len, uint8_t *net)
{
	char buf[64];

	/* inet_pton() stops at a NUL: one inside is not an address. */
	if (len == 0 || len >= sizeof buf || memchr(p, '\0', len) != NULL)
		return false;
	memcpy(buf, p, len);
	buf[len] = '\0';
	return inet_pton(AF_INET6, buf, net) == 1;
}

static const struct {
	const char   *name;
	enum spf_kind kind;
} spf_mechs[] = {
	{ "all", SPF_MECH_ALL },
	{ "include", SPF_MECH_INCLUDE },
	{ "a", SPF_MECH_A },
	{ "mx", SPF_MECH_MX },
	{ "ptr", SPF_MECH_PTR },
	{ "ip4", SPF_MECH_IP4 },
	{ "ip6", SPF_MECH_IP6 },
	{ "exists", SPF_MECH_EXISTS },
};

const char *
spf_kind_name(enum spf_kind k)
{
	size_t i;

	if (k == SPF_MOD_REDIRECT)
		return "redirect";
	if (k == SPF_MOD_EXP)
		return "exp";
	if (k == SPF_MOD_UNKNOWN)
		return "modifier";
	for (i = 0; i < sizeof spf_mechs / sizeof spf_mechs[0]; i++)
		if (spf_mechs[i].kind == k)
			return spf_mechs[i].name;
	return "?";
}

char
spf_qual_char(enum spf_qualifier q)
{
	static const char c[] = "+-~?";

	return c[q];
}

bool
spf_term_queries_dns(const struct spf_term *t)
{
	switch (t->kind) {
	case SPF_MECH_INCLUDE:
	case SPF_MECH_A:
	case SPF_MECH_MX:
	case SPF_MECH_PTR:
	case SPF_MECH_EXISTS:
	case SPF_MOD_REDIRECT:
		return true;
	default:
		return false;
	}
}

/* spf_macro messages start "byte N: " counted in the spec; ours count in
 * the record, so the prefix is dropped and rewritten. */
static const char *
spf_parse_macro_msg(const char *msg)
{
	const char *p = msg;

	if (strncmp(p, "byte ", 5) != 0)
		return msg;
	p += 5;
	while (*p >= '0' && *p <= '9')
		p++;
	return p[0] == ':' && p[1] == ' ' ? p + 2 : msg;
}

/* A domain-spec: macro syntax (7.1) and domain-end. */
static int
spf_parse_domain_spec(struct spf_term *t, const char *base, struct spf_err *err)
{
	struct spf_err merr;
	size_t         off = (size_t)(t->domain.p - base);

	if (t->domain.len == 0)
		return spf_err_set(err, off, "byte %zu: '%.*s' needs a domain",
		    off, (int)t->name.len, t->name.p);
	spf_err_clear(&merr);
	if (spf_macro_check(t->domain, SPF_MACRO_DOMAIN, &merr) != SPF_OK)
		return spf_err_set(err, off + merr.off, "byte %zu: %s",
		    off + merr.off, spf_parse_macro_msg(merr.msg));
	if (!spf_parse_domain_end(t->domain))
		return spf_err_set(err, off,
		    "byte %zu: '%.*s' does not end in a valid top label", off,
		    (int)t->domain.len, t->domain.p);
	return SPF_OK;
}

/* Splits a trailing dual-cidr-length off t->domain (or an empty rest). */
static int
spf_parse_dual_cidr(struct spf_term *t, struct str *rest, const char *base,
    struct spf_err *err)
{
	const char *p = rest->p;
	size_t      len = rest->len, i, slash;

	/* ip6-cidr-length: "//" N at the end. */
	i = len;
	while (i > 0 && is_digit(p[i - 1]))
		i--;
	if (i >= 2 && i < len && p[i - 1] == '/' && p[i - 2] == '/') {
		if (!spf_parse_cidr(p + i, len - i, 128, &t->cidr6))
			return spf_err_set(err, (size_t)(p + i - base),
			    "byte %zu: bad IPv6 prefix length '%.*s'",
			    (size_t)(p + i - base), (int)(len - i), p + i);
		len = i - 2;
	}
	i = len;
	while (i > 0 && is_digit(p[i - 1]))
		i--;
	if (i >= 1 && i < len && p[i - 1] == '/') {
		slash = i - 1;
		if (!spf_parse_cidr(p + i, len - i, 32, &t->cidr4))
			return spf_err_set(err, (size_t)(p + i - base),
			    "byte %zu: bad IPv4 prefix length '%.*s'",
			    (size_t)(p + i - base), (int)(len - i), p + i);
		len = slash;
	}
	rest->len = len;
	return SPF_OK;
}

static int
spf_parse_mechanism(struct spf_term *t, struct str arg, const char *base,
    struct spf_err *err)
{
	size_t aoff = (size_t)(arg.p - base);
	int    st;

	switch (t->kind) {
	case SPF_MECH_ALL:
		if (arg.len != 0)
			return spf_err_set(err, aoff,
			    "byte %zu: 'all' takes no argument", aoff);
		return SPF_OK;
	case SPF_MECH_INCLUDE:
	case SPF_MECH_EXISTS:
	case SPF_MECH_PTR:
		if (arg.len == 0 && t->kind == SPF_MECH_PTR)
			return SPF_OK;
		if (arg.len == 0 || arg.p[0] != ':')
			return spf_err_set(err, aoff,
			    "byte %zu: expected ':' and a domain after '%.*s'",
			    aoff, (int)t->name.len, t->name.p);
		t->domain = str_make(arg.p + 1, arg.len - 1);
		return spf_parse_domain_spec(t, base, err);
	case SPF_MECH_A:
	case SPF_MECH_MX:
		if ((st = spf_parse_dual_cidr(t, &arg, base, err)) != SPF_OK)
			return st;
		if (arg.len == 0)
			return SPF_OK;
		if (arg.p[0] != ':')
			return spf_err_set(err, aoff,
			    "byte %zu: expected ':' or '/' after '%.*s'", aoff,
			    (int)t->name.len, t->name.p);
		t->domain = str_make(arg.p + 1, arg.len - 1);
		return spf_parse_domain_spec(t, base, err);
	case SPF_MECH_IP4:
	case SPF_MECH_IP6:
		return SPF_OK; /* spf_parse_ip_term() */
	default:
		return spf_err_set(err, aoff, "byte %zu: not a mechanism",
		    aoff);
	}
}

static int
spf_parse_ip_term(struct spf_term *t, struct str arg, const char *base,
    struct spf_err *err)
{
	bool        v4 = t->kind == SPF_MECH_IP4;
	const char *slash;
	size_t      aoff = (size_t)(arg.p - base), alen;
	int        *cidr = v4 ? &t->cidr4 : &t->cidr6;

	if (arg.len < 2 || arg.p[0] != ':')
		return spf_err_set(err, aoff,
		    "byte %zu: expected ':' and a network after '%.*s'", aoff,
		    (int)t->name.len, t->name.p);
	arg = str_make(arg.p + 1, arg.len - 1);
	slash = memchr(arg.p, '/', arg.len);
	alen = slash != NULL ? (size_t)(slash - arg.p) : arg.len;
	t->domain = str_make(arg.p, alen);
	if (v4 ? !spf_parse_ip4(arg.p, alen, t->net)
	       : !spf_parse_ip6(arg.p, alen, t->net))
		return spf_err_set(err, aoff + 1,
		    "byte %zu: '%.*s' is not an %s address", aoff + 1,
		    (int)alen, arg.p, v4 ? "IPv4" : "IPv6");
	if (slash != NULL) {
		size_t n = arg.len - alen - 1;
		if (!spf_parse_cidr(slash + 1, n, v4 ? 32 : 128, cidr))
			return spf_err_set(err, (size_t)(slash + 1 - base),
			    "byte %zu: bad prefix length '%.*s'",
			    (size_t)(slash + 1 - base), (int)n, slash + 1);
	}
	return SPF_OK;
}

static int
spf_parse_modifier(struct spf_record *r, struct spf_term *t, struct str val,
    const char *base, struct spf_err *err)
{
	struct spf_err merr;
	int           *slot = NULL;

	t->domain = val;
	if (str_eq_ci(t->name, "redirect")) {
		t->kind = SPF_MOD_REDIRECT;
		slot = &r->redirect;
	} else if (str_eq_ci(t->name, "exp")) {
		t->kind = SPF_MOD_EXP;
		slot = &r->exp;
	} else {
		/* 6/3: unknown modifiers are ignored, but their value is a
		 * macro-string and must parse. CHOICE: the ABNF's
		 * macro-string allows every letter; 7.3's "c, r, t only in
		 * exp" speaks of expansion, and an unknown modifier is
		 * never expanded, so c, r and t are accepted here. */
		t->kind = SPF_MOD_UNKNOWN;
		spf_err_clear(&merr);
		if (spf_macro_check(val, SPF_MACRO_EXPLAIN, &merr) != SPF_OK) {
			size_t off = (size_t)(val.p - base) + merr.off;
			return spf_err_set(err, off, "byte %zu: %s", off,
			    spf_parse_macro_msg(merr.msg));
		}
		return SPF_OK;
	}
	/* 6/2: redirect and exp each appear at most once. */
	if (*slot >= 0)
		return spf_err_set(err, t->off,
		    "byte %zu: second '%.*s=' modifier", t->off,
		    (int)t->name.len, t->name.p);
	*slot = (int)r->nterms;
	return spf_parse_domain_spec(t, base, err);
}

static int
spf_parse_term(struct spf_record *r, struct spf_term *t, struct str s,
    const char *base, struct spf_err *err)
{
	size_t i = 0, k;

	memset(t, 0, sizeof *t);
	t->text = s;
	t->off = (size_t)(s.p - base);
	t->cidr4 = t->cidr6 = -1;
	t->qual = SPF_QUAL_PASS;
	switch (s.p[0]) {
	case '+':
		t->qual = SPF_QUAL_PASS;
		i = 1;
		break;
	case '-':
		t->qual = SPF_QUAL_FAIL;
		i = 1;
		break;
	case '~':
		t->qual = SPF_QUAL_SOFTFAIL;
		i = 1;
		break;
	case '?':
		t->qual = SPF_QUAL_NEUTRAL;
		i = 1;
		break;
	default:
		break;
	}
	t->has_qual = i == 1;
	/* name = ALPHA *( ALPHA / DIGIT / "-" / "_" / "." ) */
	if (i >= s.len || !is_alpha(s.p[i]))
		return spf_err_set(err, t->off + i,
		    "byte %zu: expected a mechanism or modifier name",
		    t->off + i);
	for (k = i + 1; k < s.len; k++)
		if (!is_alpha(s.p[k]) && !is_digit(s.p[k]) && s.p[k] != '-' &&
		    s.p[k] != '_' && s.p[k] != '.')
			break;
	t->name = str_make(s.p + i, k - i);
	if (k < s.len && s.p[k] == '=') {
		if (t->has_qual)
			return spf_err_set(err, t->off,
			    "byte %zu: a modifier takes no qualifier", t->off);
		return spf_parse_modifier(r, t,
		    str_make(s.p + k + 1, s.len - k - 1), base, err);
	}
	/* Mechanism names are alphanumeric: stop at the first other byte. */
	k = i;
	while (k < s.len && (is_alpha(s.p[k]) || is_digit(s.p[k])))
		k++;
	t->name = str_make(s.p + i, k - i);
	for (i = 0; i < sizeof spf_mechs / sizeof spf_mechs[0]; i++) {
		if (str_eq_ci(t->name, spf_mechs[i].name)) {
			struct str arg = str_make(s.p + k, s.len - k);
			t->kind = spf_mechs[i].kind;
			if (t->kind == SPF_MECH_IP4 || t->kind == SPF_MECH_IP6)
				return spf_parse_ip_term(t, arg, base, err);
			return spf_parse_mechanism(t, arg, base, err);
		}
	}
	return spf_err_set(err, t->off, "byte %zu: unknown mechanism '%.*s'",
	    t->off, (int)t->name.len, t->name.p);
}

int
spf_parse_record(const char *txt, size_t len, struct spf_record **out,
    struct spf_err *err)
{
	struct spf_record *r;
	size_t             i, start, cap = 0;
	int                st;

	*out = NULL;
	if (!spf_parse_is_spf(txt, len))
		return spf_err_set(err, 0,
		    "byte 0: record does not start "
		    "with 'v=spf1'");
	if (len > SPF_MAX_RECORD) {
		spf_err_setc(err, SPF_ELIMIT,
		    "record of %zu bytes is over the "
		    "limit of %d",
		    len, SPF_MAX_RECORD);
		if (err != NULL)
			err->off = SPF_MAX_RECORD;
		return SPF_ELIMIT;
	}
	r = xcalloc(1, sizeof *r);
	r->text = xmemdup0(txt, len);
	r->len = len;
	r->redirect = r->exp = -1;
	/* terms = *( 1*SP ( directive / modifier ) ), then *SP. Only SP
	 * (0x20) separates terms; any other byte is part of one. */
	for (i = 6; i < len;) {
		while (i < len && r->text[i] == ' ')
			i++;
		if (i == len)
			break;
		start = i;
		while (i < len && r->text[i] != ' ')
			i++;
		if (r->nterms == SPF_MAX_TERMS) {
			st = spf_err_setc(err, SPF_ELIMIT, "more than %d terms",
			    SPF_MAX_TERMS);
			err->off = start;
			goto fail;
		}
		if (r->nterms == cap) {
			cap = cap == 0 ? 8 : cap * 2;
			r->terms =
			    xreallocarray(r->terms, cap, sizeof *r->terms);
		}
		st = spf_parse_term(r, &r->terms[r->nterms],
		    str_make(r->text + start, i - start), r->text, err);
		if (st != SPF_OK)
			goto fail;
		r->nterms++;
	}
	*out = r;
	return SPF_OK;
fail:
	spf_record_free(r);
	return st;
}

void
spf_record_free(struct spf_record *r)
{
	if (r == NULL)
		return;
	free(r->terms);
	free(r->text);
	free(r);
}
