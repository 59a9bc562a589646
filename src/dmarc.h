/* dmarc.h: finding a domain's DMARC policy (RFC 7489 6.6.3) through the
 * DNS cache: _dmarc.DOMAIN, else _dmarc.ORGANIZATIONAL-DOMAIN, the latter
 * found with libpsl and Debian's public suffix list. */
#ifndef SPFSCOPE_DMARC_H
#define SPFSCOPE_DMARC_H

#include <stdbool.h>
#include <stddef.h>

#include "dns_cache.h"
#include "receiver.h"

/* The organizational domain (RFC 7489 3.2) of domain into out; false when
 * the domain is itself a public suffix or not a name. */
bool dmarc_org_domain(const char *domain, char *out, size_t size);

/* The policy for mail whose From: domain is domain. False while answers
 * are still awaited (they have been asked for); true with *p set, and
 * where naming the record it came from ("" when none). */
bool dmarc_lookup(struct dns_cache *c, const char *domain, enum dmarc_policy *p,
    char *where, size_t size);

#endif
