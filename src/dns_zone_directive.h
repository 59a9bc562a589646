/* dns_zone_directive.h: the zone source's conversions that need no
 * scanner: the `; spfscope:` fault directives found by a pre-pass over a
 * zone file's bytes, names from text to lookup keys, rdata from
 * libzscanner's wire form to dns.h's, and hostile bytes to message text.
 * Used only by dns_zone.c, dns_zone_table.c and their tests. */
#ifndef SPFSCOPE_DNS_ZONE_DIRECTIVE_H
#define SPFSCOPE_DNS_ZONE_DIRECTIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns.h"
#include "spf_err.h"

/* Relative names get this origin when the file set none, so that they
 * can be caught: zscanner would silently append its own default. */
#define DNS_ZONE_ORIGIN "spfscope-no-origin.invalid."
#define DNS_ZONE_SENTINEL_LEN 28 /* DNS_ZONE_ORIGIN on the wire */

/* A key is a name in dns.h's text form, A-Z lowered, no trailing dot.
 * 253 bytes of labels, each of which may need a backslash, and a NUL. */
#define DNS_ZONE_KEY_MAX 512

struct dns_zone_directive {
	enum dns_status
		 status;   /* DNS_TIMEOUT, _SERVFAIL, _NXDOMAIN, _REFUSED */
	bool     any_type; /* no TYPE given: every type of the name */
	uint16_t type;
	unsigned line;
	size_t   wirelen; /* of the name, on the wire */
	char     key[DNS_ZONE_KEY_MAX];
};

/* Parses the name s[0..len) into key. With ddd, "\DDD" is a decimal byte
 * as in zone files; otherwise, as in c-ares' input syntax, a backslash
 * only makes the next byte literal. Sets *wirelen to the name's length
 * on the wire and *absolute when it ends with a dot. False for an empty
 * name or label, a label over 63 bytes, a name over 255 bytes on the
 * wire, a NUL byte (dns.h's text form cannot hold one), a bad escape. */
bool dns_zone_directive_name(const char *s, size_t len, bool ddd, char *key,
    size_t size, size_t *wirelen, bool *absolute);

/* True when the wire name ends in DNS_ZONE_ORIGIN: it was relative. */
bool dns_zone_directive_relative(const unsigned char *wire, size_t len);

/* Turns libzscanner's wire rdata rd[0..n) of a record of type into what
 * dns.h stores: sets *data and *len (*data may point into text, which
 * has size bytes) and *pref (MX), or returns what is wrong with it. */
const char *dns_zone_directive_rdata(uint16_t type, const unsigned char *rd,
    size_t n, char *text, size_t size, const unsigned char **data, size_t *len,
    uint16_t *pref);

/* Writes src[0..len) into dst for a one-line message about hostile
 * input: the bytes as they are, but NUL, which a C string cannot carry,
 * as <NUL>. Messages are escaped once, where they are shown (vis.h):
 * escaping here too showed a backslash as \\. Stops early, at a whole
 * byte, always terminated, when dst is full. */
void dns_zone_directive_vis(char *dst, size_t size, const char *src,
    size_t len);

/* Finds every directive in buf[0..len), the bytes of the zone file named
 * file, and hands each to fn, which returns what is wrong or NULL. Stops
 * at the first malformed one: returns DNS_EZONE with err->msg
 * "FILE:LINE: spfscope directive: what" (or "FILE:LINE: what fn said")
 * and err->line set (err->file is left to the caller). */
int dns_zone_directive_scan(const char *file, const char *buf, size_t len,
    const char *(*fn)(void *arg, const struct dns_zone_directive *d), void *arg,
    struct spf_err *err);

#endif
