/* dns_zone_int.h: what the zone's two files share, and nothing else
 * includes: dns_zone.c reads zone files, dns_zone_table.c keeps their
 * records and answers from them. */
#ifndef SPFSCOPE_DNS_ZONE_INT_H
#define SPFSCOPE_DNS_ZONE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "dns_zone.h"

struct dns_zone_directive;
struct zone_file;
struct zone_node;

/* The table's fields are dns_zone_table.c's; the loader keeps only the
 * byte count. */
struct dns_zone {
	struct zone_node **tab;
	size_t             nbucket;
	size_t             nnode;
	size_t             bytes; /* zone text read: dns_zone.c's budget */
	struct zone_file  *files;
};

/* Adds a record of type at the name key (dns_name_key() form), whose
 * wire form is owner[0..olen), and marks the name and its ancestors as
 * existing. data[0..len) is what dns.h stores, rdlen the rdata's length
 * on the wire. A record already in its RRset is dropped. Returns what is
 * wrong, or NULL. */
const char *dns_zone_table_add(struct dns_zone *z, const char *key,
    const unsigned char *owner, size_t olen, uint16_t type, uint32_t ttl,
    uint16_t pref, const unsigned char *data, size_t len, size_t rdlen);

/* Adds the fault directive d to the zone arg: a callback for
 * dns_zone_directive_scan(). */
void dns_zone_table_add_fault(void *arg, const struct dns_zone_directive *d);

/* Returns a copy of name that the zone keeps until dns_zone_free(). */
const char *dns_zone_table_keep(struct dns_zone *z, const char *name);

#endif
