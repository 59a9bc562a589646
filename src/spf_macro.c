/* spf_macro.c: RFC 7208 section 7 macros: the syntax check of a
 * domain-spec or explain-string, and its expansion. Pure and allocation
 * free: spec, ctx and out belong to the caller; the only buffers are on
 * the stack and bounded. Every byte of spec and of ctx is hostile.
 *
 * Citations give the RFC section and, where the openspf conformance suite
 * has a test for the rule, the suite's spec: id ("suite 7.1/25"), so that
 * grep leads from a failing suite test to this file. */
#include "spf_macro.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "spf_limits.h"

/* 7.1: delimiter = "." / "-" / "+" / "," / "/" / "_" / "="; a term keeps
 * the set it names as a bit mask over this string. */
static const char macro_delims[] = ".-+,/_=";
#define MACRO_DELIM_DOT 0x01u

/* A domain-spec is expanded into a sliding window: 7.3/6 truncation keeps
 * the rightmost labels, so only the tail can matter. MACRO_KEEP bytes
 * survive a slide: up to SPF_MAX_NAME of name, a trailing dot and the
 * byte before the name, which tells whether a label starts there; so
 * after a slide the kept name never starts at index 0. */
#define MACRO_WINDOW 1024
#define MACRO_KEEP (SPF_MAX_NAME + 2)

/* The "i" and "c" forms of an address, and "t" as 20 decimal digits. */
#define MACRO_SCRATCH 72

/* One term of a macro-string: a run of literal bytes, or a macro-expand. */
struct macro_term {
	struct str lit;     /* bytes to copy; empty for a macro-expand */
	char       letter;  /* lower-case macro-letter, or 0 for literal */
	bool       escape;  /* upper-case letter: URL-escape (7.3/7) */
	bool       reverse; /* the "r" transformer */
	size_t     keep;    /* the DIGIT transformer; 0 means all parts */
	unsigned   delims;  /* bits over macro_delims; 0 means "." */
};

/* Where expanded bytes go: out itself for an explanation, which fails
 * when full, or the window for a domain-spec, which slides instead. */
struct macro_sink {
	char  *buf;
	size_t cap; /* usable bytes, not counting the NUL */
	size_t len;
	bool   slide; /* domain-spec: drop bytes from the left when full */
	bool   cut;   /* some bytes were dropped */
	bool   full;  /* explanation: a byte did not fit */
};

/* ASCII only: the C library's tolower() follows the locale. */
static char
macro_lower(char c)
{
	static const char upper[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	static const char lower[] = "abcdefghijklmnopqrstuvwxyz";
	const char       *u;

	if (c == '\0' || (u = strchr(upper, c)) == NULL)
		return c;
	return lower[u - upper];
}

static unsigned
macro_delim_bit(char c)
{
	const char *d;

	if (c == '\0' || (d = strchr(macro_delims, c)) == NULL)
		return 0;
	return 1u << (d - macro_delims);
}

static bool
macro_is_delim(char c, unsigned delims)
{
	return (macro_delim_bit(c) & delims) != 0;
}

/* 7.1: macro-literal = %x21-24 / %x26-7E, and explain-string admits SP
 * between macro-strings. Tab, DEL, NUL and bytes >= 0x80 are errors. */
static bool
macro_is_literal(unsigned char c, enum spf_macro_mode mode)
{
	if (c == ' ')
		return mode == SPF_MACRO_EXPLAIN;
	return c >= 0x21 && c <= 0x7e && c != '%';
}

/* Names one hostile byte for a message: 'x' when printable, else 0xNN.
 * No backslash: messages are escaped once more where they are shown
 * (vis.h), which turned '\\x1b' into '\\\\x1b'; and no raw control byte:
 * messages are one line (spf_err.c turns CR and LF into spaces). */
static const char *
macro_quote(char *buf, size_t size, unsigned char c)
{
	if (c >= 0x20 && c < 0x7f)
		snprintf(buf, size, "'%c'", c);
	else
		snprintf(buf, size, "0x%02x", c);
	return buf;
}

/* Parses "%{" macro-letter transformers *delimiter "}" at spec.p[*pos],
 * which is the '%'. */
static int
macro_parse_expand(struct str spec, size_t *pos, enum spf_macro_mode mode,
    struct macro_term *t, struct spf_err *err)
{
	char   q[8];
	size_t i = *pos + 2, digits;
	char   c;

	if (i == spec.len)
		return spf_err_set(err, i,
		    "byte %zu: unterminated macro, expected a macro letter", i);
	c = macro_lower(spec.p[i]);
	if (c == '\0' || strchr("slodiphvcrt", c) == NULL)
		return spf_err_set(err, i, "byte %zu: %s is not a macro letter",
		    i, macro_quote(q, sizeof q, (unsigned char)spec.p[i]));
	/* 7.2 (suite 7.1/8): c, r and t are allowed only in "exp" text. */
	if (mode == SPF_MACRO_DOMAIN && strchr("crt", c) != NULL)
		return spf_err_set(err, i,
		    "byte %zu: macro letter '%c' is allowed only in an "
		    "explanation",
		    i, spec.p[i]);
	t->letter = c;
	/* 7.3/7 (suite 7.1/26): an upper-case letter is URL-escaped. */
	t->escape = spec.p[i] != c;
	i++;

	/* 7.2: the DIGIT transformer. CHOICE: its value must be nonzero, as
	 * 7.2 says, so "%{d0}" and "%{d00}" fail but "%{d01}" means 1, as
	 * *DIGIT allows. A count too large for size_t is capped: it asks
	 * for more parts than any value has, which means all of them. */
	for (digits = i; i < spec.len && spec.p[i] >= '0' && spec.p[i] <= '9';
	     i++) {
		if (t->keep > (SIZE_MAX - 9) / 10)
			t->keep = SIZE_MAX;
		else
			t->keep = t->keep * 10 + (size_t)(spec.p[i] - '0');
	}
	if (i > digits && t->keep == 0)
		return spf_err_set(err, digits,
		    "byte %zu: digit transformer must be nonzero", digits);
	/* CHOICE: "R" reverses too: quoted ABNF strings are
	 * case-insensitive (RFC 5234 2.3), as the letters are. */
	if (i < spec.len && macro_lower(spec.p[i]) == 'r') {
		t->reverse = true;
		i++;
	}
	while (i < spec.len && macro_delim_bit(spec.p[i]) != 0)
		t->delims |= macro_delim_bit(spec.p[i++]);
	if (i == spec.len)
		return spf_err_set(err, i,
		    "byte %zu: unterminated macro, expected '}'", i);
	if (spec.p[i] != '}')
		return spf_err_set(err, i,
		    "byte %zu: %s in a macro, expected %s", i,
		    macro_quote(q, sizeof q, (unsigned char)spec.p[i]),
		    t->reverse || t->delims != 0
			? "a delimiter or '}'"
			: "a digit, 'r', a delimiter or '}'");
	*pos = i + 1;
	return SPF_OK;
}

/* Reads the term at spec.p[*pos] (*pos < spec.len) and moves past it. */
static int
macro_next(struct str spec, size_t *pos, enum spf_macro_mode mode,
    struct macro_term *t, struct spf_err *err)
{
	char   q[8];
	size_t i = *pos;

	memset(t, 0, sizeof *t);
	if (spec.p[i] != '%') {
		while (i < spec.len &&
		    macro_is_literal((unsigned char)spec.p[i], mode))
			i++;
		if (i == *pos)
			return spf_err_set(err, i,
			    "byte %zu: %s is not allowed in %s", i,
			    macro_quote(q, sizeof q, (unsigned char)spec.p[i]),
			    mode == SPF_MACRO_DOMAIN ? "a domain-spec"
						     : "an explanation");
		t->lit = str_make(spec.p + *pos, i - *pos);
		*pos = i;
		return SPF_OK;
	}
	/* 7.2 (suite 7.1/9): a '%' not followed by '{', '%', '-' or '_' is
	 * a syntax error; so is a '%' that ends the string. */
	if (spec.len - i < 2)
		return spf_err_set(err, i,
		    "byte %zu: '%%' at the end, expected '{', '%%', '_' or '-' "
		    "after it",
		    i);
	/* 7.1 (suite 7.1/3, 7.1/4): the three escapes. */
	switch (spec.p[i + 1]) {
	case '%':
		t->lit = str_make("%", 1);
		break;
	case '_':
		t->lit = str_make(" ", 1);
		break;
	case '-':
		t->lit = str_make("%20", 3);
		break;
	case '{':
		return macro_parse_expand(spec, pos, mode, t, err);
	default:
		return spf_err_set(err, i + 1,
		    "byte %zu: %s after '%%', expected '{', '%%', '_' or '-'",
		    i + 1,
		    macro_quote(q, sizeof q, (unsigned char)spec.p[i + 1]));
	}
	*pos = i + 2;
	return SPF_OK;
}

int
spf_macro_check(struct str spec, enum spf_macro_mode mode, struct spf_err *err)
{
	struct macro_term t;
	size_t            pos = 0;

	while (pos < spec.len) {
		int rc = macro_next(spec, &pos, mode, &t, err);

		if (rc != SPF_OK)
			return rc;
	}
	return SPF_OK;
}

static void
macro_sink_byte(struct macro_sink *s, char c)
{
	if (s->len == s->cap && !s->slide) {
		s->full = true;
		return;
	}
	if (s->len == s->cap) {
		memmove(s->buf, s->buf + (s->len - MACRO_KEEP), MACRO_KEEP);
		s->len = MACRO_KEEP;
		s->cut = true;
	}
	s->buf[s->len++] = c;
}

/* Appends len bytes; URL-escapes what is not RFC 3986 2.3 unreserved
 * (ALPHA / DIGIT / "-" / "." / "_" / "~") when escape is set. */
static void
macro_sink_put(struct macro_sink *s, const char *p, size_t len, bool escape)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t            i;

	for (i = 0; i < len && !s->full; i++) {
		unsigned char c = (unsigned char)p[i];

		if (!escape || (c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~') {
			macro_sink_byte(s, (char)c);
			continue;
		}
		macro_sink_byte(s, '%');
		macro_sink_byte(s, hex[c >> 4]);
		macro_sink_byte(s, hex[c & 0xf]);
	}
}

static struct str
macro_or_unknown(struct str s)
{
	return s.len == 0 ? str_make("unknown", 7) : s;
}

/* The value of a macro letter (7.2, 7.3), before any transformer. buf
 * holds it for the letters that are formatted here. */
static struct str
macro_value(const struct spf_macro_ctx *ctx, char letter, char *buf,
    size_t size)
{
	int n;

	switch (letter) {
	case 's':
		return ctx->sender;
	case 'l':
		return ctx->local;
	case 'o':
		return ctx->sender_domain;
	case 'd':
		return ctx->domain;
	case 'h':
		return ctx->helo;
	/* 7.3/3 (suite 7.1/22): "unknown" when no name validated. */
	case 'p':
		return macro_or_unknown(ctx->validated);
	/* 7.3/4: "unknown" when the receiver has no name to give. */
	case 'r':
		return macro_or_unknown(ctx->receiver);
	case 't':
		n = snprintf(buf, size, "%" PRIu64, ctx->now);
		return str_make(buf, n > 0 && (size_t)n < size ? (size_t)n : 0);
	default:
		break;
	}
	/* The evaluator always has an address; a caller without one (a
	 * syntax preview) gets empty i, c and v rather than a crash. */
	if (ctx->ip == NULL)
		return STR_NULL;
	switch (letter) {
	/* 7.3/1, 7.3/2 (suite 7.1/20): dotted quad, or 32 dot-separated
	 * lower-case nibbles for "i"; "c" is the RFC 5952 text form. */
	case 'i':
		if (!ip_macro_i(ctx->ip, buf, size))
			return STR_NULL;
		return str_make(buf, strlen(buf));
	case 'c':
		ip_format(ctx->ip, buf, size);
		return str_make(buf, strlen(buf));
	case 'v':
		return ctx->ip->family == 4 ? str_make("in-addr", 7)
					    : str_make("ip6", 3);
	default:
		return STR_NULL;
	}
}

/* Expands one macro-expand into s. 7.2 (suite 7.1/15-18): the value is
 * split on the delimiters (default "."), reversed on "r", cut to its
 * rightmost DIGIT parts, and joined with "."; empty parts stay, as 7.2
 * gives no special treatment to leading, trailing or doubled delimiters.
 * No part list is built: the kept parts are found by counting
 * delimiters, so a value of any length costs no memory. */
static void
macro_emit(const struct spf_macro_ctx *ctx, const struct macro_term *t,
    struct macro_sink *s)
{
	char       buf[MACRO_SCRATCH];
	struct str v = macro_value(ctx, t->letter, buf, sizeof buf);
	unsigned   delims = t->delims != 0 ? t->delims : MACRO_DELIM_DOT;
	size_t     n = 1, keep, skip, i, start, end;

	for (i = 0; i < v.len; i++)
		n += macro_is_delim(v.p[i], delims);
	keep = t->keep == 0 || t->keep > n ? n : t->keep;

	if (!t->reverse) {
		/* The rightmost keep parts are those after n - keep
		 * delimiters. */
		for (i = 0, skip = n - keep; skip > 0; i++)
			skip -= macro_is_delim(v.p[i], delims);
		for (; i < v.len && !s->full; i++)
			macro_sink_put(s,
			    macro_is_delim(v.p[i], delims) ? "." : v.p + i, 1,
			    t->escape);
		return;
	}
	/* Reversed, the rightmost keep parts are parts keep-1 down to 0 of
	 * the value: find where part keep-1 ends, then walk left. */
	for (end = 0, skip = keep; end < v.len; end++) {
		if (macro_is_delim(v.p[end], delims) && --skip == 0)
			break;
	}
	for (;;) {
		for (start = end;
		     start > 0 && !macro_is_delim(v.p[start - 1], delims);
		     start--)
			;
		macro_sink_put(s, v.p + start, end - start, t->escape);
		if (start == 0 || s->full)
			break;
		macro_sink_byte(s, '.');
		end = start - 1;
	}
}

/* Does a label start at window index j? Index 0 is the start of the
 * expansion unless bytes were dropped before it. */
static bool
macro_label_starts(const struct macro_sink *s, size_t j)
{
	return j > 0 ? s->buf[j - 1] == '.' : !s->cut;
}

/* 7.3/6 (suite 7.1/25): a name longer than SPF_MAX_NAME loses whole labels
 * from the left, each with its following dot, until it fits. Sets *start
 * and *len to the part of the window that remains. */
static int
macro_truncate(const struct macro_sink *s, size_t *start, size_t *len,
    struct spf_err *err)
{
	size_t n = s->len, j;

	*start = 0;
	*len = n;
	if (!s->cut && n <= SPF_MAX_NAME)
		return SPF_OK;
	/* CHOICE: a trailing dot names the root and is not counted in the
	 * 253 of 7.3/6 (the caller strips it anyway), so a name that must
	 * be cut loses it first: "<253 bytes>." keeps all of its labels,
	 * and the result always fits SPF_MAX_NAME + 1 bytes. */
	if (s->buf[n - 1] == '.')
		n--;
	for (j = n > SPF_MAX_NAME ? n - SPF_MAX_NAME : 0; j < n; j++) {
		if (macro_label_starts(s, j)) {
			*start = j;
			*len = n - j;
			return SPF_OK;
		}
	}
	/* CHOICE: 7.3/6 cannot apply when the last label alone is longer
	 * than a name may be; there is nothing sensible to query. */
	return spf_err_setc(err, SPF_ELIMIT,
	    "expanded name ends in a label longer than %d bytes", SPF_MAX_NAME);
}

/* SPF_ELIMIT errors point at the term that overflowed, or at 0. */
static void
macro_err_off(struct spf_err *err, size_t off)
{
	if (err != NULL)
		err->off = off;
}

int
spf_macro_expand(const struct spf_macro_ctx *ctx, struct str spec,
    enum spf_macro_mode mode, char *out, size_t size, size_t *outlen,
    struct spf_err *err)
{
	char              win[MACRO_WINDOW];
	struct macro_sink s;
	struct macro_term t;
	size_t            pos = 0, at = 0, start, len;
	int               rc;

	*outlen = 0;
	macro_err_off(err, 0);
	if (size == 0)
		return spf_err_setc(err, SPF_ELIMIT,
		    "no room for the expansion");
	out[0] = '\0';
	/* A syntax error anywhere wins over a lack of room. */
	if ((rc = spf_macro_check(spec, mode, err)) != SPF_OK)
		return rc;

	memset(&s, 0, sizeof s);
	if (mode == SPF_MACRO_DOMAIN) {
		s.buf = win;
		s.cap = sizeof win;
		s.slide = true;
	} else {
		s.buf = out;
		s.cap = size - 1;
	}
	while (pos < spec.len && !s.full) {
		at = pos;
		if ((rc = macro_next(spec, &pos, mode, &t, err)) != SPF_OK)
			return rc;
		if (t.letter == '\0')
			macro_sink_put(&s, t.lit.p, t.lit.len, false);
		else
			macro_emit(ctx, &t, &s);
	}
	if (s.full) {
		out[0] = '\0';
		macro_err_off(err, at);
		return spf_err_setc(err, SPF_ELIMIT,
		    "expanded explanation is longer than %zu bytes", size - 1);
	}
	if (mode == SPF_MACRO_EXPLAIN) {
		out[s.len] = '\0';
		*outlen = s.len;
		return SPF_OK;
	}

	macro_err_off(err, 0);
	if ((rc = macro_truncate(&s, &start, &len, err)) != SPF_OK)
		return rc;
	if (len >= size)
		return spf_err_setc(err, SPF_ELIMIT,
		    "expanded name is %zu bytes, the buffer holds %zu", len,
		    size - 1);
	memcpy(out, win + start, len);
	out[len] = '\0';
	*outlen = len;
	return SPF_OK;
}

/* Scans like macro_next() but never fails: it answers for any text, and
 * the parser has rejected a bad spec before anyone asks. "%%{p}" is a
 * literal "%" then "{p}", so escapes are skipped whole. */
bool
spf_macro_uses(struct str spec, char letter)
{
	size_t i;

	letter = macro_lower(letter);
	for (i = 0; i < spec.len; i++) {
		if (spec.p[i] != '%' || spec.len - i < 2)
			continue;
		if (spec.p[i + 1] == '{' && spec.len - i >= 3 &&
		    macro_lower(spec.p[i + 2]) == letter)
			return true;
		i++;
	}
	return false;
}
