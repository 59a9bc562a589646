/* dns_answer.c: building, freeing and naming DNS answers. An answer owns
 * its name and every record's data. */
#include "dns.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "spf_limits.h"
#include "str.h"
#include "xmalloc.h"

struct dns_answer *
dns_answer_new(const char *name, uint16_t type)
{
	struct dns_answer *a = xcalloc(1, sizeof *a);

	a->name = xstrdup(name);
	a->type = type;
	a->rcode = -1;
	return a;
}

void
dns_answer_add_rr(struct dns_answer *a, uint16_t type, uint32_t ttl,
    uint16_t pref, const void *data, size_t len)
{
	struct dns_rr *rr;

	if (a->nrr == a->cap) {
		a->cap = a->cap == 0 ? 4 : a->cap * 2;
		a->rr = xreallocarray(a->rr, a->cap, sizeof *a->rr);
	}
	rr = &a->rr[a->nrr++];
	rr->type = type;
	rr->ttl = ttl;
	rr->pref = pref;
	rr->len = len;
	rr->data = (unsigned char *)xmemdup0(data, len);
	if (a->nrr == 1 || ttl < a->ttl)
		a->ttl = ttl;
}

void
dns_answer_free(struct dns_answer *a)
{
	size_t i;

	if (a == NULL)
		return;
	for (i = 0; i < a->nrr; i++)
		free(a->rr[i].data);
	free(a->rr);
	free(a->name);
	free(a);
}

bool
dns_answer_is_void(const struct dns_answer *a)
{
	return a->status == DNS_NXDOMAIN ||
	    (a->status == DNS_OK && a->nrr == 0);
}

const char *
dns_strerror(enum dns_status st)
{
	switch (st) {
	case DNS_OK:
		return "NOERROR";
	case DNS_NXDOMAIN:
		return "NXDOMAIN";
	case DNS_SERVFAIL:
		return "SERVFAIL";
	case DNS_REFUSED:
		return "REFUSED";
	case DNS_TIMEOUT:
		return "timeout";
	case DNS_FORMERR:
		return "FORMERR";
	case DNS_BADNAME:
		return "invalid name";
	case DNS_NETERR:
		return "network error";
	}
	return "unknown";
}

static const struct {
	uint16_t    type;
	const char *name;
} dns_types[] = {
	{ DNS_A, "A" },
	{ DNS_CNAME, "CNAME" },
	{ DNS_PTR, "PTR" },
	{ DNS_MX, "MX" },
	{ DNS_TXT, "TXT" },
	{ DNS_AAAA, "AAAA" },
	{ DNS_SPF, "SPF" },
};

const char *
dns_type_name(uint16_t type)
{
	static char buf[16];
	size_t      i;

	for (i = 0; i < sizeof dns_types / sizeof dns_types[0]; i++)
		if (dns_types[i].type == type)
			return dns_types[i].name;
	snprintf(buf, sizeof buf, "TYPE%u", type);
	return buf;
}

bool
dns_type_parse(const char *s, uint16_t *type)
{
	size_t i;

	for (i = 0; i < sizeof dns_types / sizeof dns_types[0]; i++) {
		if (strcasecmp(s, dns_types[i].name) == 0) {
			*type = dns_types[i].type;
			return true;
		}
	}
	return false;
}

static unsigned char
dns_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* Length without one trailing, unescaped dot. */
static size_t
dns_name_len(const char *s)
{
	size_t n = strlen(s), bs = 0;

	if (n == 0 || s[n - 1] != '.')
		return n;
	while (bs + 1 < n && s[n - 2 - bs] == '\\')
		bs++;
	return bs % 2 == 0 ? n - 1 : n;
}

bool
dns_name_eq(const char *a, const char *b)
{
	size_t na = dns_name_len(a), nb = dns_name_len(b), i;

	if (na != nb)
		return false;
	for (i = 0; i < na; i++)
		if (dns_lower((unsigned char)a[i]) !=
		    dns_lower((unsigned char)b[i]))
			return false;
	return true;
}

bool
dns_name_key(const char *name, char *buf, size_t size)
{
	size_t n = dns_name_len(name), i;

	if (n >= size)
		return false;
	for (i = 0; i < n; i++)
		buf[i] = (char)dns_lower((unsigned char)name[i]);
	buf[n] = '\0';
	return true;
}

bool
dns_name_from_wire(const unsigned char *wire, size_t len, char *buf,
    size_t size)
{
	size_t i = 0, o = 0;
	bool   root = false;

	if (size == 0)
		return false;
	while (i < len) {
		size_t lab = wire[i++], k;
		if (lab == 0) {
			root = true;
			break;
		}
		/* RFC 1035 3.1: 63-byte labels, 255 octets in all. */
		if (lab > SPF_MAX_LABEL || len - i < lab || i + lab >= 255)
			return false;
		if (o > 0) {
			if (size - o < 2)
				return false;
			buf[o++] = '.';
		}
		for (k = 0; k < lab; k++) {
			unsigned char c = wire[i + k];
			if (c == '\0')
				return false;
			if (c == '.' || c == '\\') {
				if (size - o < 3)
					return false;
				buf[o++] = '\\';
			} else if (size - o < 2) {
				return false;
			}
			buf[o++] = (char)c;
		}
		i += lab;
	}
	buf[o] = '\0';
	return root; /* a name ends in the root label */
}

/* Labels of 1 to 63 bytes, at most 253 in all (RFC 1035 2.3.4; RFC 7208
 * 4.3/1). An escape ("\." or "\\") is one byte on the wire. */
bool
dns_name_check(const char *name, char *why, size_t size)
{
	size_t label = 0, total = 0, i;

	if (name[0] == '\0') {
		snprintf(why, size, "empty domain name");
		return false;
	}
	for (i = 0; name[i] != '\0'; i++) {
		if (name[i] == '\\' && name[i + 1] != '\0') {
			i++;
		} else if (name[i] == '.') {
			if (label == 0) {
				snprintf(why, size,
				    "'%.64s' has an empty "
				    "label",
				    name);
				return false;
			}
			label = 0;
			total++;
			continue;
		}
		if (++label > SPF_MAX_LABEL) {
			snprintf(why, size,
			    "'%.64s...' has a label over %d "
			    "bytes",
			    name, SPF_MAX_LABEL);
			return false;
		}
		total++;
	}
	if (total > SPF_MAX_NAME) {
		snprintf(why, size, "'%.64s...' is over %d bytes", name,
		    SPF_MAX_NAME);
		return false;
	}
	return true;
}

bool
dns_name_from_literal(const char *raw, char *buf, size_t size)
{
	size_t o = 0;

	for (; *raw != '\0'; raw++) {
		if (size - o < (*raw == '\\' ? 3u : 2u))
			return false;
		if (*raw == '\\')
			buf[o++] = '\\';
		buf[o++] = *raw;
	}
	if (size == 0)
		return false;
	buf[o] = '\0';
	return true;
}
