/* dns_cache.h: DNS answers keyed by (name, type), filled by one source
 * (c-ares or zone files). Readers never block: they ask with
 * dns_cache_want() and look again after the event loop ran. */
#ifndef SPFSCOPE_DNS_CACHE_H
#define SPFSCOPE_DNS_CACHE_H

#include <poll.h>
#include <stdbool.h>
#include <stdint.h>

#include "dns.h"

struct dns_cache;

/* Where answers come from. ask() must eventually hand exactly one answer
 * for (name, type) to dns_cache_put(), possibly before it returns (a zone
 * file answers at once). The poll hooks may be NULL for a synchronous
 * source. */
struct dns_source {
	void (*ask)(struct dns_source *src, struct dns_cache *c,
	    const char *name, uint16_t type);
	int (*pollfds)(struct dns_source *src, struct pollfd *pfd, int n);
	int (*timeout_ms)(struct dns_source *src, int upper);
	void (
	    *process)(struct dns_source *src, const struct pollfd *pfd, int n);
	void (*free)(struct dns_source *src);
};

struct dns_cache *dns_cache_new(struct dns_source *src); /* owns src */
void              dns_cache_free(struct dns_cache *c);

/* The answer, or NULL when it has not arrived (or was never asked). The
 * pointer stays valid until dns_cache_free(). */
const struct dns_answer *dns_cache_get(struct dns_cache *c, const char *name,
    uint16_t type);

/* Ask for (name, type) unless it is cached or in flight. Queries over
 * DNS_MAX_INFLIGHT wait in a queue. */
void dns_cache_want(struct dns_cache *c, const char *name, uint16_t type);

/* get, and want when missing: the one call readers need. */
const struct dns_answer *dns_cache_need(struct dns_cache *c, const char *name,
    uint16_t type);

/* Sources hand over answers here; the cache takes ownership. */
void dns_cache_put(struct dns_cache *c, struct dns_answer *a);

/* Adds a ready answer as if it had been asked (drafts, tests). */
void dns_cache_insert(struct dns_cache *c, struct dns_answer *a);

bool     dns_cache_busy(const struct dns_cache *c);     /* anything in flight */
unsigned dns_cache_answered(const struct dns_cache *c); /* answers stored */
unsigned dns_cache_asked(const struct dns_cache *c);    /* queries sent */

/* Event loop hooks (DESIGN.md: one poll serves UI and DNS). */
int  dns_pollfds(struct dns_cache *c, struct pollfd *pfd, int n);
int  dns_timeout_ms(struct dns_cache *c, int upper); /* -1: none */
void dns_process(struct dns_cache *c, const struct pollfd *pfd, int n);

/* The CLI's loop: run until nothing is in flight or done() is true. */
void dns_wait(struct dns_cache *c, bool (*done)(void *), void *arg);

#endif
