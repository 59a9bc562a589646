/* dns_cache.c: DNS answers keyed by (name, type). The cache owns every
 * answer and its source; callers get const pointers valid until
 * dns_cache_free(). Readers never wait: dns_cache_want() asks, the event
 * loop delivers through dns_cache_put(), and readers look again. */
#include "dns_cache.h"

#include <stdlib.h>
#include <string.h>

#include "spf_limits.h"
#include "xmalloc.h"

enum dns_entry_state {
	DNS_ENTRY_QUEUED, /* wanted, waiting for a slot in flight */
	DNS_ENTRY_ASKED,  /* in flight */
	DNS_ENTRY_ANSWERED
};

struct dns_entry {
	char                *key; /* dns_name_key() form */
	uint16_t             type;
	enum dns_entry_state state;
	struct dns_answer   *answer;
	bool                 owed;       /* asked: the source owes an answer */
	struct dns_entry    *next;       /* hash chain */
	struct dns_entry    *queue_next; /* FIFO of queued entries */
};

struct dns_cache {
	struct dns_source *src;
	struct dns_entry **table;
	size_t             buckets;
	size_t             count;
	unsigned           in_flight;
	unsigned           asked;
	unsigned           answered;
	struct dns_entry  *queue_head, *queue_tail;
	struct dns_answer  badname; /* for every name no query can hold */
};

/* FNV-1a over the key and the type. */
static size_t
dns_cache_hash(const char *key, uint16_t type)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *key != '\0'; key++)
		h = (h ^ (unsigned char)*key) * 1099511628211ULL;
	h = (h ^ type) * 1099511628211ULL;
	return (size_t)h;
}

struct dns_cache *
dns_cache_new(struct dns_source *src)
{
	struct dns_cache *c = xcalloc(1, sizeof *c);

	c->src = src;
	c->badname.name = (char *)"";
	c->badname.status = DNS_BADNAME;
	c->badname.rcode = -1;
	c->buckets = 256;
	c->table = xcalloc(c->buckets, sizeof(struct dns_entry *));
	return c;
}

void
dns_cache_free(struct dns_cache *c)
{
	struct dns_entry *e, *next;
	size_t            i;

	if (c == NULL)
		return;
	/* The source first: c-ares calls back for queries still in flight
	 * while it is destroyed, and those callbacks look entries up. */
	if (c->src != NULL && c->src->free != NULL)
		c->src->free(c->src);
	c->src = NULL;
	for (i = 0; i < c->buckets; i++) {
		for (e = c->table[i]; e != NULL; e = next) {
			next = e->next;
			dns_answer_free(e->answer);
			free(e->key);
			free(e);
		}
	}
	free(c->table);
	free(c);
}

static struct dns_entry *
dns_cache_find(const struct dns_cache *c, const char *key, uint16_t type)
{
	struct dns_entry *e;

	e = c->table[dns_cache_hash(key, type) & (c->buckets - 1)];
	for (; e != NULL; e = e->next)
		if (e->type == type && strcmp(e->key, key) == 0)
			return e;
	return NULL;
}

static void
dns_cache_grow(struct dns_cache *c)
{
	struct dns_entry **old = c->table, *e, *next;
	size_t             n = c->buckets, i, h;

	c->buckets *= 2;
	c->table = xcalloc(c->buckets, sizeof(struct dns_entry *));
	for (i = 0; i < n; i++) {
		for (e = old[i]; e != NULL; e = next) {
			next = e->next;
			h = dns_cache_hash(e->key, e->type) & (c->buckets - 1);
			e->next = c->table[h];
			c->table[h] = e;
		}
	}
	free(old);
}

static struct dns_entry *
dns_cache_add(struct dns_cache *c, const char *key, uint16_t type)
{
	struct dns_entry *e = xcalloc(1, sizeof *e);
	size_t            h;

	if (c->count + 1 > c->buckets)
		dns_cache_grow(c);
	e->key = xstrdup(key);
	e->type = type;
	h = dns_cache_hash(key, type) & (c->buckets - 1);
	e->next = c->table[h];
	c->table[h] = e;
	c->count++;
	return e;
}

/* The key of a name a query can be made of; false for the others (an
 * empty label, a label over 63 bytes, a name over 253), which the cache
 * answers itself with DNS_BADNAME, never sent: readers that ask for them
 * still get an answer and never wait. */
static bool
dns_cache_key(const char *name, char *key, size_t size)
{
	return dns_name_check(name, key, size) && dns_name_key(name, key, size);
}

const struct dns_answer *
dns_cache_get(struct dns_cache *c, const char *name, uint16_t type)
{
	char              key[1024];
	struct dns_entry *e;

	if (!dns_cache_key(name, key, sizeof key))
		return &c->badname;
	e = dns_cache_find(c, key, type);
	return e != NULL && e->state == DNS_ENTRY_ANSWERED ? e->answer : NULL;
}

/* Sends what the in-flight bound allows. An answer may arrive inside
 * ask() (zone files), so the entry is marked before asking. */
static void
dns_cache_send(struct dns_cache *c, struct dns_entry *e)
{
	e->state = DNS_ENTRY_ASKED;
	e->owed = true;
	c->in_flight++;
	c->asked++;
	c->src->ask(c->src, c, e->key, e->type);
}

static void
dns_cache_drain(struct dns_cache *c)
{
	struct dns_entry *e;

	while (c->queue_head != NULL && c->in_flight < DNS_MAX_INFLIGHT) {
		e = c->queue_head;
		c->queue_head = e->queue_next;
		if (c->queue_head == NULL)
			c->queue_tail = NULL;
		e->queue_next = NULL;
		dns_cache_send(c, e);
	}
}

/* The entry of (key, type); a new one is queued and sent as the
 * in-flight bound allows. Entries live until dns_cache_free(), and a
 * zone file may have answered this one before the call returns. */
static struct dns_entry *
dns_cache_ask(struct dns_cache *c, const char *key, uint16_t type)
{
	struct dns_entry *e;

	if ((e = dns_cache_find(c, key, type)) != NULL)
		return e;
	e = dns_cache_add(c, key, type);
	e->state = DNS_ENTRY_QUEUED;
	if (c->queue_tail != NULL)
		c->queue_tail->queue_next = e;
	else
		c->queue_head = e;
	c->queue_tail = e;
	dns_cache_drain(c);
	return e;
}

void
dns_cache_want(struct dns_cache *c, const char *name, uint16_t type)
{
	char key[1024];

	if (dns_cache_key(name, key, sizeof key))
		dns_cache_ask(c, key, type);
}

const struct dns_answer *
dns_cache_need(struct dns_cache *c, const char *name, uint16_t type)
{
	char              key[1024];
	struct dns_entry *e;

	if (!dns_cache_key(name, key, sizeof key))
		return &c->badname;
	e = dns_cache_ask(c, key, type);
	return e->state == DNS_ENTRY_ANSWERED ? e->answer : NULL;
}

/* Unlinks a queued entry from the FIFO (insert() answered it first). */
static void
dns_cache_unqueue(struct dns_cache *c, struct dns_entry *e)
{
	struct dns_entry **pp = &c->queue_head, *prev = NULL;

	while (*pp != NULL && *pp != e) {
		prev = *pp;
		pp = &(*pp)->queue_next;
	}
	if (*pp == NULL)
		return;
	*pp = e->queue_next;
	if (c->queue_tail == e)
		c->queue_tail = prev;
	e->queue_next = NULL;
}

static void
dns_cache_store(struct dns_cache *c, struct dns_answer *a, bool from_source)
{
	char              key[1024];
	struct dns_entry *e;

	if (!dns_name_key(a->name, key, sizeof key)) {
		dns_answer_free(a);
		return;
	}
	e = dns_cache_find(c, key, a->type);
	if (e == NULL)
		e = dns_cache_add(c, key, a->type);
	if (from_source && e->owed) {
		e->owed = false;
		if (c->in_flight > 0)
			c->in_flight--;
	}
	if (e->state == DNS_ENTRY_QUEUED)
		dns_cache_unqueue(c, e);
	if (e->state == DNS_ENTRY_ANSWERED) {
		/* A late duplicate: the first answer stays, pointers to it
		 * must stay valid. */
		dns_answer_free(a);
		return;
	}
	e->state = DNS_ENTRY_ANSWERED;
	e->answer = a;
	c->answered++;
}

void
dns_cache_put(struct dns_cache *c, struct dns_answer *a)
{
	dns_cache_store(c, a, true);
	dns_cache_drain(c);
}

void
dns_cache_insert(struct dns_cache *c, struct dns_answer *a)
{
	dns_cache_store(c, a, false);
}

bool
dns_cache_busy(const struct dns_cache *c)
{
	return c->in_flight > 0 || c->queue_head != NULL;
}

unsigned
dns_cache_asked(const struct dns_cache *c)
{
	return c->asked;
}

unsigned
dns_cache_answered(const struct dns_cache *c)
{
	return c->answered;
}

int
dns_pollfds(struct dns_cache *c, struct pollfd *pfd, int n)
{
	if (c->src->pollfds == NULL)
		return 0;
	return c->src->pollfds(c->src, pfd, n);
}

int
dns_timeout_ms(struct dns_cache *c, int upper)
{
	if (c->src->timeout_ms == NULL)
		return upper;
	return c->src->timeout_ms(c->src, upper);
}

void
dns_process(struct dns_cache *c, const struct pollfd *pfd, int n)
{
	if (c->src->process != NULL)
		c->src->process(c->src, pfd, n);
	dns_cache_drain(c);
}

void
dns_wait(struct dns_cache *c, bool (*done)(void *), void *arg)
{
	struct pollfd pfd[256];
	int           n, timeout;

	/* done() is asked after every turn, so the last answer is seen. */
	while (done == NULL || !done(arg)) {
		if (!dns_cache_busy(c) || c->src->pollfds == NULL)
			return; /* a synchronous source has nothing to wait on
				 */
		n = dns_pollfds(c, pfd, (int)(sizeof pfd / sizeof pfd[0]));
		timeout = dns_timeout_ms(c, 1000);
		(void)poll(pfd, (nfds_t)n, timeout);
		dns_process(c, pfd, n);
	}
}
