/* dns_zone.h: the offline DNS source. RFC 1035 master files, read with
 * Knot's libzscanner, answered from memory with CNAMEs chased, plus the
 * fault directives of whole-line comments:
 *
 *   ; spfscope: timeout  NAME. [TYPE]   never answers (DNS_TIMEOUT)
 *   ; spfscope: servfail NAME. [TYPE]   rcode SERVFAIL
 *   ; spfscope: nxdomain NAME. [TYPE]   rcode NXDOMAIN whatever the data
 *   ; spfscope: refused  NAME. [TYPE]   rcode REFUSED
 *
 * NAME must be absolute; no TYPE means every type. */
#ifndef SPFSCOPE_DNS_ZONE_H
#define SPFSCOPE_DNS_ZONE_H

#include <stddef.h>
#include <stdint.h>

#include "dns.h"
#include "dns_cache.h"
#include "spf_err.h"

/* What one zone may take in memory: the text being read and the records
 * kept, together (docs/BOUNDS.md). A 64 MiB file of 31-byte lines, each a
 * new name, needs 108 MiB; one of shorter lines is refused at the line
 * where the bound is reached. */
#define DNS_ZONE_MAX_MEMORY ((size_t)128 << 20)

struct dns_zone;

struct dns_zone *dns_zone_new(void);
void             dns_zone_free(struct dns_zone *z);

/* Lowers the memory bound of z (tests, fuzzing); whole MiB are shown. */
void dns_zone_set_max_memory(struct dns_zone *z, size_t bytes);

/* Adds a file's records. On error returns DNS_EZONE with err->file and
 * err->line set and err->msg as "FILE:LINE: what" (the first error);
 * err->file is path, or the name of an $INCLUDEd file that z keeps until
 * dns_zone_free(). The zone may then hold part of the file. Limits: 64 MiB
 * of zone text per zone, DNS_ZONE_MAX_MEMORY of text and records, $INCLUDE
 * nested 8 deep, no cycles, regular files only; a relative $INCLUDE is taken
 * from the including file's directory (BIND and NSD take the working
 * directory). */
int dns_zone_load(struct dns_zone *z, const char *path, struct spf_err *err);

/* The same from memory (fuzzing, tests); name is used in messages.
 * $INCLUDE is refused here, and buf, the caller's, is not counted
 * against DNS_ZONE_MAX_MEMORY. */
int dns_zone_load_string(struct dns_zone *z, const char *name, const char *buf,
    size_t len, struct spf_err *err);

/* A new answer for (name, type): records, NODATA (also for an empty
 * non-terminal), NXDOMAIN, or the fault a directive names. name is in
 * dns.h's text form. Wildcards answer as RFC 4592 says; CNAMEs are
 * chased up to DNS_MAX_CNAME hops and a loop ends the chain (NOERROR
 * with what was found). answer->size is the uncompressed DNS message. */
struct dns_answer *dns_zone_lookup(const struct dns_zone *z, const char *name,
    uint16_t type);

/* A dns_source answering from z (takes ownership of z). */
struct dns_source *dns_zone_source(struct dns_zone *z);

#endif
