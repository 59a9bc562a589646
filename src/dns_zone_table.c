/* dns_zone_table.c: the zone in memory and its answers. A hash table of
 * names holds each name's records in file order and its fault
 * directives; lookups answer as a recursive resolver would: CNAMEs
 * chased, RFC 4592 wildcards, NXDOMAIN, NODATA for an empty
 * non-terminal, the fault a directive names, and the size of the DNS
 * message. The zone owns its nodes, records, faults and the names kept
 * for the loader (dns_zone.c); each answer dns_zone_lookup() returns is
 * the caller's; the dns_source owns its zone. */
#include "dns_zone_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns_zone_directive.h"
#include "spf_limits.h"
#include "xmalloc.h"

struct zone_rr {
	struct zone_rr *next; /* file order, all types mixed */
	uint16_t        type;
	uint16_t        pref;
	uint16_t        rdlen; /* on the wire, for answer sizes */
	uint32_t        ttl;
	size_t          len;
	unsigned char   data[]; /* as dns.h stores it, then a NUL */
};

struct zone_fault {
	struct zone_fault *next; /* newest first */
	enum dns_status    status;
	bool               any_type;
	uint16_t           type;
};

struct zone_node {
	struct zone_node  *next; /* hash chain */
	struct zone_rr    *rr;
	struct zone_fault *faults;
	bool               exists; /* owns records or is an ancestor of one */
	size_t             wirelen;
	uint32_t           hash;
	char               key[]; /* dns_name_key() form */
};

struct zone_file {
	struct zone_file *next;
	char              name[];
};

struct zone_source {
	struct dns_source src; /* first: the cache hands back &src */
	struct dns_zone  *z;
};

/* FNV-1a. */
static uint32_t
table_hash(const char *key)
{
	uint32_t h = 2166136261u;

	for (; *key != '\0'; key++)
		h = (h ^ (unsigned char)*key) * 16777619u;
	return h;
}

static struct zone_node *
table_node_find(const struct dns_zone *z, const char *key)
{
	struct zone_node *n;
	uint32_t          h = table_hash(key);

	for (n = z->tab[h & (z->nbucket - 1)]; n != NULL; n = n->next)
		if (n->hash == h && strcmp(n->key, key) == 0)
			return n;
	return NULL;
}

/* The buckets are pointers: sizeof a pointer to a struct is meant. */
static struct zone_node **
table_alloc(size_t n)
{
	/* NOLINTNEXTLINE(bugprone-sizeof-expression) */
	return xcalloc(n, sizeof(struct zone_node *));
}

static void
table_grow(struct dns_zone *z)
{
	struct zone_node **tab = table_alloc(z->nbucket * 2), *n, *next;
	size_t             i, mask = z->nbucket * 2 - 1;

	for (i = 0; i < z->nbucket; i++) {
		for (n = z->tab[i]; n != NULL; n = next) {
			next = n->next;
			n->next = tab[n->hash & mask];
			tab[n->hash & mask] = n;
		}
	}
	free(z->tab);
	z->tab = tab;
	z->nbucket *= 2;
}

static struct zone_node *
table_node_get(struct dns_zone *z, const char *key, size_t wirelen)
{
	struct zone_node *n;
	size_t            klen;

	if ((n = table_node_find(z, key)) != NULL)
		return n;
	if (z->nnode >= z->nbucket)
		table_grow(z);
	klen = strlen(key);
	n = xcalloc(1, sizeof *n + klen + 1);
	memcpy(n->key, key, klen + 1);
	n->hash = table_hash(key);
	n->wirelen = wirelen;
	n->next = z->tab[n->hash & (z->nbucket - 1)];
	z->tab[n->hash & (z->nbucket - 1)] = n;
	z->nnode++;
	return n;
}

static const struct zone_rr *
table_rr_find(const struct zone_node *n, uint16_t type)
{
	const struct zone_rr *rr;

	for (rr = n->rr; rr != NULL && rr->type != type; rr = rr->next)
		;
	return rr;
}

struct dns_zone *
dns_zone_new(void)
{
	struct dns_zone *z = xcalloc(1, sizeof *z);

	z->nbucket = 64;
	z->tab = table_alloc(z->nbucket);
	return z;
}

void
dns_zone_free(struct dns_zone *z)
{
	struct zone_node  *n, *nn;
	struct zone_rr    *rr, *nr;
	struct zone_fault *f, *nf;
	struct zone_file  *file, *nfile;
	size_t             i;

	if (z == NULL)
		return;
	for (i = 0; i < z->nbucket; i++) {
		for (n = z->tab[i]; n != NULL; n = nn) {
			nn = n->next;
			for (rr = n->rr; rr != NULL; rr = nr) {
				nr = rr->next;
				free(rr);
			}
			for (f = n->faults; f != NULL; f = nf) {
				nf = f->next;
				free(f);
			}
			free(n);
		}
	}
	for (file = z->files; file != NULL; file = nfile) {
		nfile = file->next;
		free(file);
	}
	free(z->tab);
	free(z);
}

/* Marks the node and its ancestors as existing: an empty non-terminal
 * (RFC 4592 2.2.2) answers NODATA, not NXDOMAIN. */
static void
table_mark(struct dns_zone *z, struct zone_node *n, const unsigned char *wire,
    size_t len)
{
	char   text[DNS_ZONE_KEY_MAX], key[DNS_ZONE_KEY_MAX];
	size_t off = 0;

	n->exists = true;
	for (;;) {
		off += 1 + (size_t)wire[off];
		if (off >= len || wire[off] == 0)
			return;
		if (!dns_name_from_wire(wire + off, len - off, text,
			sizeof text) ||
		    !dns_name_key(text, key, sizeof key))
			return;
		n = table_node_get(z, key, len - off);
		/* Whatever exists has its ancestors marked already. */
		if (n->exists)
			return;
		n->exists = true;
	}
}

static const char *
table_rr_add(struct zone_node *n, uint16_t type, uint32_t ttl, uint16_t pref,
    const unsigned char *data, size_t len, size_t rdlen)
{
	struct zone_rr **tail, *rr;
	size_t           sum = 0, bytes = n->wirelen + 10 + rdlen;

	for (tail = &n->rr; (rr = *tail) != NULL; tail = &rr->next) {
		if (rr->type != type)
			continue;
		/* An RRset is a set (RFC 2181 5): a record written twice is
		 * served once, or a repeated SPF record would read as two. */
		if (rr->len == len && rr->rdlen == rdlen && rr->pref == pref &&
		    memcmp(rr->data, data, len) == 0)
			return NULL;
		sum += n->wirelen + 10 + rr->rdlen;
	}
	/* The cap keeps the scan above bounded: no DNS message could carry
	 * a bigger set anyway. */
	if (sum > 0 && sum + bytes > 65535 - 12)
		return "more records of the type than one DNS message holds";
	rr = xcalloc(1, sizeof *rr + len + 1);
	rr->type = type;
	rr->ttl = ttl;
	rr->pref = pref;
	rr->rdlen = (uint16_t)rdlen;
	rr->len = len;
	memcpy(rr->data, data, len);
	*tail = rr;
	return NULL;
}

const char *
dns_zone_table_add(struct dns_zone *z, const char *key,
    const unsigned char *owner, size_t olen, uint16_t type, uint32_t ttl,
    uint16_t pref, const unsigned char *data, size_t len, size_t rdlen)
{
	struct zone_node *n = table_node_get(z, key, olen);

	table_mark(z, n, owner, olen);
	return table_rr_add(n, type, ttl, pref, data, len, rdlen);
}

void
dns_zone_table_add_fault(void *arg, const struct dns_zone_directive *d)
{
	struct dns_zone   *z = arg;
	struct zone_node  *n = table_node_get(z, d->key, d->wirelen);
	struct zone_fault *f = xcalloc(1, sizeof *f);

	f->status = d->status;
	f->any_type = d->any_type;
	f->type = d->type;
	f->next = n->faults;
	n->faults = f;
}

const char *
dns_zone_table_keep(struct dns_zone *z, const char *name)
{
	size_t            len = strlen(name);
	struct zone_file *f = xmalloc(sizeof *f + len + 1);

	memcpy(f->name, name, len + 1);
	f->next = z->files;
	z->files = f;
	return f->name;
}

static const struct zone_fault *
table_fault_find(const struct zone_node *n, uint16_t type)
{
	const struct zone_fault *f, *any = NULL;

	/* CHOICE: a directive naming the type beats one for every type,
	 * in any order; among equals the last one read wins. */
	for (f = n->faults; f != NULL; f = f->next) {
		if (!f->any_type && f->type == type)
			return f;
		if (f->any_type && any == NULL)
			any = f;
	}
	return any;
}

static int
table_rcode(enum dns_status st)
{
	switch (st) {
	case DNS_SERVFAIL:
		return 2;
	case DNS_NXDOMAIN:
		return 3;
	case DNS_REFUSED:
		return 5;
	default:
		return -1; /* a timeout: no message came */
	}
}

/* RFC 4592 3.3.1: a name that does not exist may be answered by the
 * wildcard "*." under its closest encloser, the nearest ancestor that
 * exists (empty non-terminals included), and by no other. */
static const struct zone_node *
table_wildcard(const struct dns_zone *z, const char *key)
{
	const struct zone_node *n;
	char                    wild[DNS_ZONE_KEY_MAX + 2];

	for (;;) {
		while (*key != '\0' && *key != '.')
			key += key[0] == '\\' && key[1] != '\0' ? 2 : 1;
		if (*key++ == '\0')
			return NULL; /* CHOICE: no wildcard at the root */
		if ((n = table_node_find(z, key)) != NULL && n->exists)
			break;
	}
	snprintf(wild, sizeof wild, "*.%s", key);
	n = table_node_find(z, wild);
	return n != NULL && n->exists ? n : NULL;
}

struct dns_answer *
dns_zone_lookup(const struct dns_zone *z, const char *name, uint16_t type)
{
	struct dns_answer       *a = dns_answer_new(name, type);
	const struct zone_node  *n, *seen[DNS_MAX_CNAME];
	const struct zone_fault *f;
	const struct zone_rr    *rr;
	char                     key[DNS_ZONE_KEY_MAX];
	size_t                   owner, nseen = 0, i;
	uint32_t                 cttl = 0;
	bool                     absolute;

	a->from_zone = true;
	if (!dns_zone_directive_name(name, strlen(name), false, key, sizeof key,
		&owner, &absolute)) {
		a->status = DNS_BADNAME;
		return a;
	}
	/* RFC 1035 4.1: header, question (name, type, class), then each
	 * answer RR as name, type, class, TTL, rdlength, rdata; owner is
	 * the wire length of the name being answered. */
	a->size = 12 + owner + 4;
	for (;;) {
		n = table_node_find(z, key);
		f = n != NULL ? table_fault_find(n, type) : NULL;
		if (f == NULL && (n == NULL || !n->exists)) {
			n = table_wildcard(z, key);
			f = n != NULL ? table_fault_find(n, type) : NULL;
		}
		if (f != NULL) {
			a->status = f->status;
			a->rcode = table_rcode(f->status);
			if (f->status == DNS_TIMEOUT)
				a->size = 0;
			break;
		}
		if (n == NULL || !n->exists) {
			a->status = DNS_NXDOMAIN;
			a->rcode = 3;
			break;
		}
		a->rcode = 0;
		for (rr = n->rr; rr != NULL; rr = rr->next) {
			if (rr->type != type)
				continue;
			dns_answer_add_rr(a, type, rr->ttl, rr->pref, rr->data,
			    rr->len);
			a->size += owner + 10 + rr->rdlen;
		}
		if (a->nrr > 0 || type == DNS_CNAME ||
		    (rr = table_rr_find(n, DNS_CNAME)) == NULL)
			break; /* the data, or NODATA */
		/* A loop or an over-long chain ends here, NOERROR with what
		 * was found, as the openspf suite's resolver does. */
		for (i = 0; i < nseen && seen[i] != n; i++)
			;
		if (i < nseen)
			break;
		if (nseen == DNS_MAX_CNAME) {
			/* Longer than any resolver follows: it answers
			 * SERVFAIL, and so do we. */
			a->status = DNS_SERVFAIL;
			a->rcode = 2;
			break;
		}
		seen[nseen++] = n; /* RFC 1034 3.6.2: one CNAME per name */
		a->size += owner + 10 + rr->rdlen;
		owner = rr->rdlen; /* the target's name is the CNAME's rdata */
		if (a->cnames++ == 0 || rr->ttl < cttl)
			cttl = rr->ttl;
		if (!dns_name_key((const char *)rr->data, key, sizeof key))
			break;
	}
	/* The answer's TTL is the smallest in its answer section. */
	if (a->cnames > 0 && (a->nrr == 0 || cttl < a->ttl))
		a->ttl = cttl;
	return a;
}

static void
table_source_ask(struct dns_source *src, struct dns_cache *c, const char *name,
    uint16_t type)
{
	const struct zone_source *zs = (const struct zone_source *)src;

	dns_cache_put(c, dns_zone_lookup(zs->z, name, type));
}

static void
table_source_free(struct dns_source *src)
{
	struct zone_source *zs = (struct zone_source *)src;

	dns_zone_free(zs->z);
	free(zs);
}

struct dns_source *
dns_zone_source(struct dns_zone *z)
{
	struct zone_source *zs = xcalloc(1, sizeof *zs);

	zs->src.ask = table_source_ask;
	zs->src.free = table_source_free;
	zs->z = z;
	return &zs->src;
}
