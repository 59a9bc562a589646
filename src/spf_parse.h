/* spf_parse.h: SPF record text to terms (RFC 7208 4.6, 5, 6, 12). Pure:
 * no DNS. Domain-specs are kept unexpanded; macros are checked for syntax
 * only, so that a bad one anywhere is a permerror before evaluation. */
#ifndef SPFSCOPE_SPF_PARSE_H
#define SPFSCOPE_SPF_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "spf_err.h"
#include "str.h"

enum spf_qualifier { /* RFC 7208 4.6.2 */
	SPF_QUAL_PASS,
	SPF_QUAL_FAIL,
	SPF_QUAL_SOFTFAIL,
	SPF_QUAL_NEUTRAL
};

enum spf_kind {
	SPF_MECH_ALL,
	SPF_MECH_INCLUDE,
	SPF_MECH_A,
	SPF_MECH_MX,
	SPF_MECH_PTR,
	SPF_MECH_IP4,
	SPF_MECH_IP6,
	SPF_MECH_EXISTS,
	SPF_MOD_REDIRECT,
	SPF_MOD_EXP,
	SPF_MOD_UNKNOWN
};

struct spf_term {
	enum spf_kind      kind;
	enum spf_qualifier qual;
	bool               has_qual; /* the qualifier was written */
	struct str         text;     /* the whole term */
	size_t             off;      /* byte offset of the term */
	struct str         name;     /* mechanism or modifier name */
	struct str         domain;   /* domain-spec or value; len 0: none */
	int                cidr4;    /* -1 when not given */
	int                cidr6;    /* -1 when not given */
	uint8_t            net[16];  /* ip4 / ip6 network */
};

struct spf_record {
	char            *text; /* owned, NUL-terminated copy */
	size_t           len;
	struct spf_term *terms;
	size_t           nterms;
	int              redirect; /* index of redirect=, -1 if none */
	int              exp;      /* index of exp=, -1 if none */
};

/* Is this TXT string (joined) an SPF record? RFC 7208 4.5: "v=spf1"
 * (case-insensitive) followed by a space or the end. */
bool spf_parse_is_spf(const char *txt, size_t len);

/* Parses a whole record; on SPF_ESYNTAX err->off is the byte offset of the
 * fault in txt and *out is NULL. */
int  spf_parse_record(const char *txt, size_t len, struct spf_record **out,
     struct spf_err *err);
void spf_record_free(struct spf_record *r);

/* RFC 7208 4.6.4/1: does the term cost a DNS lookup? */
bool spf_term_queries_dns(const struct spf_term *t);

const char *spf_kind_name(enum spf_kind k);
char        spf_qual_char(enum spf_qualifier q);

/* Checks domain-end of a domain-spec (7.1): it ends in "." toplabel
 * ["."] or in a macro-expand. */
bool spf_parse_domain_end(struct str spec);

#endif
