/* dns.h: the DNS answer as the cache keeps it, shared by both sources
 * (c-ares and zone files) and by every reader of the cache.
 *
 * Names are text in c-ares' input syntax: label bytes raw, a dot inside a
 * label written "\.", a backslash "\\", no trailing dot. They are compared
 * case-insensitively as bytes (A-Z only), never IDNA-decoded. */
#ifndef SPFSCOPE_DNS_H
#define SPFSCOPE_DNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum dns_type {
	DNS_A = 1,
	DNS_CNAME = 5,
	DNS_PTR = 12,
	DNS_MX = 15,
	DNS_TXT = 16,
	DNS_AAAA = 28,
	DNS_SPF = 99
};

/* What became of a query. DNS_OK with nrr == 0 is NODATA. */
enum dns_status {
	DNS_OK,
	DNS_NXDOMAIN,
	DNS_SERVFAIL,
	DNS_REFUSED,
	DNS_TIMEOUT,
	DNS_FORMERR,
	DNS_BADNAME, /* not a valid name: never sent */
	DNS_NETERR   /* server unreachable, malformed answer, other */
};

struct dns_rr {
	uint16_t type;
	uint16_t pref; /* MX preference */
	uint32_t ttl;
	size_t   len;
	/* A: 4 bytes; AAAA: 16; TXT: wire rdata, (<len byte><bytes>)*;
	 * MX, PTR, CNAME: the name as text (see above), NUL-terminated,
	 * len without the NUL. */
	unsigned char *data;
};

struct dns_answer {
	char           *name; /* as asked */
	uint16_t        type;
	enum dns_status status;
	int             rcode; /* raw RCODE, -1 when no message came */
	struct dns_rr  *rr;    /* records of the asked type, CNAMEs chased */
	size_t          nrr;
	size_t          cap;
	uint32_t        ttl;       /* smallest TTL seen, 0 when none */
	size_t          size;      /* bytes of the DNS message */
	bool            tcp;       /* answered over TCP */
	bool            from_zone; /* offline source */
	uint32_t        usec;      /* how long the query took */
	unsigned        cnames;    /* CNAME hops chased */
};

struct dns_answer *dns_answer_new(const char *name, uint16_t type);
void dns_answer_add_rr(struct dns_answer *a, uint16_t type, uint32_t ttl,
    uint16_t pref, const void *data, size_t len);
void dns_answer_free(struct dns_answer *a);

/* RFC 7208 4.6.4/7: "void" means NXDOMAIN or no records of the type. */
bool dns_answer_is_void(const struct dns_answer *a);

const char *dns_strerror(enum dns_status st); /* "NXDOMAIN", "timeout" */
const char *dns_type_name(uint16_t type);     /* "TXT", "TYPE65280" */
bool        dns_type_parse(const char *s, uint16_t *type);

/* Case-insensitive (A-Z only) comparison of two names in text form,
 * ignoring one trailing dot on either. */
bool dns_name_eq(const char *a, const char *b);

/* Copies name into buf as the cache key: A-Z lowered, trailing dot
 * removed. False when it does not fit. */
bool dns_name_key(const char *name, char *buf, size_t size);

/* Is it a name a query can be made of? Labels of 1 to 63 bytes, at most
 * 253 in all (RFC 1035 2.3.4); an escape ("\." "\\") is one byte. When
 * not, why says so in one line. */
bool dns_name_check(const char *name, char *why, size_t size);

/* A name written in a record (a macro-expanded domain-spec: its bytes are
 * literal, RFC 7208 7.1) in the text form above: each backslash doubled.
 * False when it does not fit. */
bool dns_name_from_literal(const char *raw, char *buf, size_t size);

/* Converts an uncompressed wire name to the text form above.
 * Returns false if it is malformed or does not fit. A NUL byte inside a
 * label makes it unusable as text: false as well. */
bool dns_name_from_wire(const unsigned char *wire, size_t len, char *buf,
    size_t size);

#endif
