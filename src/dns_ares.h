/* dns_ares.h: the network DNS source, c-ares 1.18 in the caller's poll
 * loop. Settings measured in shared/notes/c-ares-1.18.md. */
#ifndef SPFSCOPE_DNS_ARES_H
#define SPFSCOPE_DNS_ARES_H

#include "dns_cache.h"
#include "spf_err.h"

/* servers: NULL for the system's resolv.conf, else "ADDR[:PORT]" items
 * ("[v6]:PORT" for a v6 address with a port), each validated here.
 * timeout_ms: how long one query may take in all, tries included. */
struct dns_source *dns_ares_new(const char *const *servers, size_t nservers,
    unsigned timeout_ms, struct spf_err *err);

/* A raw DNS message, as c-ares hands it to its callback, turned into the
 * cache's answer for (name, type): rcode, records of the type with the
 * CNAME chain followed, TTLs, size. Where answers enter the cache, and
 * what the fuzzer feeds (tests/fuzz/). Never NULL. */
struct dns_answer *dns_ares_answer(const char *name, uint16_t type,
    const unsigned char *abuf, int alen);

/* Validates and normalises one --server value to c-ares' csv syntax
 * (adds :53). False with err set when it is not an address. */
bool dns_ares_server_parse(const char *in, char *out, size_t size,
    struct spf_err *err);

#endif
