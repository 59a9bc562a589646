/* dns_zone_directive.c: the `; spfscope:` fault directives of zone files,
 * and the conversions of names and rdata that dns_zone.c and
 * dns_zone_table.c need beside libzscanner. Reads only the caller's
 * bytes, allocates nothing. */
#include "dns_zone_directive.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "spf_limits.h"

#define DIRECTIVE_TAG "spfscope:"

static const unsigned char dir_sentinel[DNS_ZONE_SENTINEL_LEN] =
    "\022spfscope-no-origin\007invalid"; /* the NUL is the root label */

static const struct {
	const char     *word;
	enum dns_status status;
} dir_keywords[] = {
	{ "timeout", DNS_TIMEOUT },
	{ "servfail", DNS_SERVFAIL },
	{ "nxdomain", DNS_NXDOMAIN },
	{ "refused", DNS_REFUSED },
};

static bool
dir_put(char *key, size_t size, size_t *o, unsigned char c)
{
	/* dns.h's text form escapes exactly these two inside a label. */
	bool esc = c == '.' || c == '\\';

	if (size - *o < (esc ? 3u : 2u))
		return false;
	if (esc)
		key[(*o)++] = '\\';
	key[(*o)++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	return true;
}

/* Reads the escape after a backslash at s[*i]; false when malformed. */
static bool
dir_unescape(const char *s, size_t len, size_t *i, bool ddd, unsigned char *c)
{
	unsigned v = 0, k;

	if (*i >= len)
		return false;
	if (!ddd || s[*i] < '0' || s[*i] > '9') {
		*c = (unsigned char)s[(*i)++];
		return true;
	}
	/* RFC 1035 5.1: \DDD is exactly three decimal digits. */
	for (k = 0; k < 3; k++) {
		if (*i >= len || s[*i] < '0' || s[*i] > '9')
			return false;
		v = v * 10 + (unsigned)(s[(*i)++] - '0');
	}
	if (v > 255)
		return false;
	*c = (unsigned char)v;
	return true;
}

bool
dns_zone_directive_name(const char *s, size_t len, bool ddd, char *key,
    size_t size, size_t *wirelen, bool *absolute)
{
	size_t        i = 0, o = 0, lab = 0, bytes = 0, labels = 0;
	unsigned char c;

	*absolute = false;
	if (size == 0)
		return false;
	while (i < len) {
		if (s[i] == '.') {
			if (lab == 0)
				return false; /* empty label, or "." alone */
			i++;
			labels++;
			lab = 0;
			if (i == len) {
				*absolute = true;
				break;
			}
			if (size - o < 2)
				return false;
			key[o++] = '.';
			continue;
		}
		if (s[i] == '\\') {
			i++;
			if (!dir_unescape(s, len, &i, ddd, &c))
				return false;
		} else {
			c = (unsigned char)s[i++];
		}
		if (c == '\0' || ++lab > SPF_MAX_LABEL)
			return false;
		if (!dir_put(key, size, &o, c))
			return false;
		bytes++;
	}
	if (lab > 0)
		labels++;
	if (labels == 0)
		return false;
	/* Each label costs its bytes plus a length byte, then the root. */
	*wirelen = bytes + labels + 1;
	if (*wirelen > 255)
		return false;
	key[o] = '\0';
	return true;
}

bool
dns_zone_directive_relative(const unsigned char *wire, size_t len)
{
	return len >= sizeof dir_sentinel &&
	    memcmp(wire + len - sizeof dir_sentinel, dir_sentinel,
		sizeof dir_sentinel) == 0;
}

/* The length of the uncompressed name at wire[0..len), root included,
 * or 0 when it is malformed or runs past len. */
static size_t
dir_wire_name_len(const unsigned char *wire, size_t len)
{
	size_t i = 0;

	while (i < len) {
		if (wire[i] == 0)
			return i + 1;
		if (wire[i] > SPF_MAX_LABEL || len - i - 1 < wire[i])
			return 0;
		i += 1 + (size_t)wire[i];
	}
	return 0;
}

/* A name in rdata (MX, CNAME, PTR) as dns.h's text. It must fill the
 * rest of the rdata: zscanner's "\#" form lets any bytes through. */
static const char *
dir_rdata_name(const unsigned char *wire, size_t len, char *text, size_t size)
{
	if (dir_wire_name_len(wire, len) != len)
		return "malformed name in rdata";
	if (dns_zone_directive_relative(wire, len))
		return "relative name in rdata and no $ORIGIN";
	if (!dns_name_from_wire(wire, len, text, size))
		return "name with a NUL byte in rdata (unsupported)";
	return NULL;
}

const char *
dns_zone_directive_rdata(uint16_t type, const unsigned char *rd, size_t n,
    char *text, size_t size, const unsigned char **data, size_t *len,
    uint16_t *pref)
{
	size_t i;

	*data = rd;
	*len = n;
	*pref = 0;
	switch (type) {
	case DNS_A:
		return n == 4 ? NULL : "A rdata is not 4 bytes";
	case DNS_AAAA:
		return n == 16 ? NULL : "AAAA rdata is not 16 bytes";
	case DNS_TXT:
	case DNS_SPF:
		/* Readers walk the length bytes: they must add up. */
		for (i = 0; i < n; i += 1 + (size_t)rd[i])
			if (n - i - 1 < rd[i])
				return "malformed TXT rdata";
		return NULL;
	case DNS_MX:
		if (n < 3)
			return "malformed MX rdata";
		*pref = (uint16_t)(rd[0] << 8 | rd[1]);
		rd += 2;
		n -= 2;
		/* FALLTHROUGH */
	case DNS_CNAME:
	case DNS_PTR: {
		const char *bad = dir_rdata_name(rd, n, text, size);
		if (bad != NULL)
			return bad;
		*data = (const unsigned char *)text;
		*len = strlen(text);
		return NULL;
	}
	default:
		/* Other types are kept raw; a relative name inside them would
		 * carry the sentinel whatever their layout. */
		for (i = 0; i + sizeof dir_sentinel <= n; i++)
			if (dns_zone_directive_relative(rd + i,
				sizeof dir_sentinel))
				return "relative name in rdata and no $ORIGIN";
		return NULL;
	}
}

void
dns_zone_directive_vis(char *dst, size_t size, const char *src, size_t len)
{
	size_t i, o = 0;

	if (size == 0)
		return;
	for (i = 0; i < len; i++) {
		if (src[i] != '\0') {
			if (size - o < 2)
				break;
			dst[o++] = src[i];
		} else {
			if (size - o < 6)
				break;
			memcpy(dst + o, "<NUL>", 5);
			o += 5;
		}
	}
	dst[o] = '\0';
}

static bool
dir_blank(char c)
{
	/* A CR is a blank here so that a CRLF file reaches zscanner, whose
	 * error about line ends is the useful one. */
	return c == ' ' || c == '\t' || c == '\r';
}

/* Next blank-separated word of [*p, end); an empty one at the end. */
static const char *
dir_word(const char **p, const char *end, size_t *len)
{
	const char *w;

	while (*p < end && dir_blank(**p))
		(*p)++;
	w = *p;
	while (*p < end && !dir_blank(**p))
		(*p)++;
	*len = (size_t)(*p - w);
	return w;
}

/* Accepts the mnemonics dns.h knows and RFC 3597's TYPEnnn. */
static bool
dir_type(const char *w, size_t n, uint16_t *type)
{
	char     buf[16];
	unsigned v = 0;
	size_t   i;

	if (n == 0 || n >= sizeof buf)
		return false;
	memcpy(buf, w, n);
	buf[n] = '\0';
	if (dns_type_parse(buf, type))
		return true;
	if (n < 5 || n > 9 || strncasecmp(buf, "TYPE", 4) != 0 || buf[4] == '0')
		return false;
	for (i = 4; i < n; i++) {
		if (buf[i] < '0' || buf[i] > '9')
			return false;
		v = v * 10 + (unsigned)(buf[i] - '0');
	}
	if (v > 65535)
		return false;
	*type = (uint16_t)v;
	return true;
}

static int
dir_fail(struct spf_err *err, const char *file, unsigned line, const char *what,
    const char *w, size_t n)
{
	char vis[64];

	dns_zone_directive_vis(vis, sizeof vis, w, n < 32 ? n : 32);
	if (err == NULL)
		return DNS_EZONE;
	err->line = line;
	if (w == NULL)
		return spf_err_setc(err, DNS_EZONE,
		    "%s:%u: spfscope directive: %s", file, line, what);
	return spf_err_setc(err, DNS_EZONE,
	    "%s:%u: spfscope directive: %s '%s'", file, line, what, vis);
}

/* Parses the text after the tag; returns 0 or DNS_EZONE. */
static int
dir_parse(const char *file, unsigned line, const char *p, const char *end,
    struct dns_zone_directive *d, struct spf_err *err)
{
	const char *w;
	size_t      n, i;
	bool        absolute;

	memset(d, 0, sizeof *d);
	d->line = line;
	w = dir_word(&p, end, &n);
	if (n == 0)
		return dir_fail(err, file, line, "keyword expected", NULL, 0);
	for (i = 0; i < sizeof dir_keywords / sizeof dir_keywords[0]; i++)
		if (strlen(dir_keywords[i].word) == n &&
		    strncasecmp(w, dir_keywords[i].word, n) == 0)
			break;
	if (i == sizeof dir_keywords / sizeof dir_keywords[0])
		return dir_fail(err, file, line, "unknown keyword", w, n);
	d->status = dir_keywords[i].status;

	w = dir_word(&p, end, &n);
	if (n == 0)
		return dir_fail(err, file, line, "name expected", NULL, 0);
	if (!dns_zone_directive_name(w, n, true, d->key, sizeof d->key,
		&d->wirelen, &absolute))
		return dir_fail(err, file, line, "bad name", w, n);
	/* No $ORIGIN tracking here: a relative name would mean nothing. */
	if (!absolute)
		return dir_fail(err, file, line,
		    "relative name (end it with a dot)", w, n);

	w = dir_word(&p, end, &n);
	d->any_type = n == 0 || *w == ';';
	if (!d->any_type && !dir_type(w, n, &d->type))
		return dir_fail(err, file, line, "unknown type", w, n);
	if (!d->any_type) {
		w = dir_word(&p, end, &n);
		/* A typo must not pass silently; only a comment may follow. */
		if (n > 0 && *w != ';')
			return dir_fail(err, file, line, "unexpected", w, n);
	}
	return 0;
}

int
dns_zone_directive_scan(const char *file, const char *buf, size_t len,
    const char *(*fn)(void *arg, const struct dns_zone_directive *d), void *arg,
    struct spf_err *err)
{
	struct dns_zone_directive d;
	const char               *p = buf, *end = buf + len, *eol, *next;
	const char               *bad;
	unsigned                  line = 0;
	size_t                    taglen = strlen(DIRECTIVE_TAG);

	for (; p < end; p = next) {
		const char *q;

		line++;
		eol = memchr(p, '\n', (size_t)(end - p));
		if (eol == NULL)
			eol = end;
		next = eol < end ? eol + 1 : end;
		q = p;
		while (q < eol && dir_blank(*q))
			q++;
		if (q == eol || *q != ';')
			continue;
		q++;
		while (q < eol && dir_blank(*q))
			q++;
		if ((size_t)(eol - q) < taglen ||
		    strncasecmp(q, DIRECTIVE_TAG, taglen) != 0)
			continue;
		if (dir_parse(file, line, q + taglen, eol, &d, err) != 0)
			return DNS_EZONE;
		if ((bad = fn(arg, &d)) != NULL) {
			if (err == NULL)
				return DNS_EZONE;
			err->line = line;
			return spf_err_setc(err, DNS_EZONE, "%s:%u: %s", file,
			    line, bad);
		}
	}
	return 0;
}
