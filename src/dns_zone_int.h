/* dns_zone_int.h: what the zone's two files share: dns_zone.c reads zone
 * files, dns_zone_table.c keeps their records and answers from them.
 * Only they and tests/test_dns_zone.c (for dns_zone_table_stats())
 * include it. */
#ifndef SPFSCOPE_DNS_ZONE_INT_H
#define SPFSCOPE_DNS_ZONE_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns_zone.h"

struct dns_zone_directive;
struct zone_index;
struct zone_file;

/* A chained hash table of arena references (see dns_zone_table.c);
 * each object's chain link is its first field. */
struct zone_hash {
	uint32_t *tab;
	size_t    nbucket; /* a power of two */
	size_t    count;
};

/* The table's fields are dns_zone_table.c's; the loader keeps only the
 * byte count, and tells the table how much text it holds. */
struct dns_zone {
	unsigned char **chunk; /* the arena */
	size_t          nchunk;
	size_t          used; /* bytes taken in the last chunk */

	struct zone_hash names; /* nodes by (parent, label) */
	struct zone_hash sets;  /* RRsets but a name's first, by (node, type) */
	struct zone_hash faults; /* fault directives by node */

	struct zone_index **idx; /* indexes of large RRsets, by set */
	size_t              nidx;
	size_t              idxcap;
	struct zone_index  *oidx;     /* the last one used */
	size_t              nindexed; /* records in them */

	size_t nrr;    /* records kept */
	size_t nset;   /* RRsets */
	bool   pinned; /* dns_zone_table_pin() */

	/* The last record added: its owner on the wire, node and set. */
	uint32_t      owner;
	uint32_t      oset;
	uint16_t      otype;
	size_t        olen;
	unsigned char oname[255];

	size_t mem;     /* bytes of arena, tables and indexes */
	size_t text;    /* bytes of zone text held by dns_zone.c */
	size_t max_mem; /* DNS_ZONE_MAX_MEMORY unless lowered */
	char   why[96]; /* the message when max_mem is reached */

	size_t            bytes; /* zone text read: dns_zone.c's budget */
	struct zone_file *files;
};

/* Adds a record of type at the owner owner[0..olen) (wire form, case
 * kept, validated by the loader), whose wire rdata is rd[0..rdlen), and
 * marks the name and its ancestors as existing. A record already in its
 * RRset is dropped. Returns what is wrong, or NULL. */
const char *dns_zone_table_add(struct dns_zone *z, const unsigned char *owner,
    size_t olen, uint16_t type, uint32_t ttl, const unsigned char *rd,
    size_t rdlen);

/* Adds the fault directive d to the zone arg: a callback for
 * dns_zone_directive_scan(). Returns what is wrong, or NULL. */
const char *dns_zone_table_add_fault(void *arg,
    const struct dns_zone_directive       *d);

/* The loader holds len more bytes of zone text, or gives len back: the
 * text and the records share DNS_ZONE_MAX_MEMORY. False when the bound
 * is reached (dns_zone_table_why() says so). */
bool dns_zone_table_hold(struct dns_zone *z, size_t len);
void dns_zone_table_release(struct dns_zone *z, size_t len);

/* Grows the name table for a file of bytes bytes before it is read:
 * each doubling while records come in rehashes every name so far. */
void dns_zone_table_expect(struct dns_zone *z, size_t bytes);

/* Returns a copy of name that the zone keeps until dns_zone_free(). */
const char *dns_zone_table_keep(struct dns_zone *z, const char *name);

/* What the table holds, for tests: its structure is not an API. */
struct dns_zone_stats {
	size_t nodes;   /* names, empty non-terminals included */
	size_t sets;    /* RRsets */
	size_t records; /* records kept (duplicates dropped) */
	size_t indexed; /* records in the indexes of large RRsets */
	size_t buckets; /* of the name table */
	size_t chain;   /* longest chain of the name table */
	size_t mem;     /* bytes counted against the memory bound */
};
void dns_zone_table_stats(const struct dns_zone *z, struct dns_zone_stats *st);

/* For tests: gives the empty zone z nbucket buckets (a power of two) for
 * names and as many for RRsets, never grown, so that chains get long. */
void dns_zone_table_pin(struct dns_zone *z, size_t nbucket);

#endif
