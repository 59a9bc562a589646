/* lint.h: findings about an explored policy, each attached to the record
 * and term it concerns, with a severity that says whether RFC 7208 forbids
 * it (a receiver gives permerror or temperror) or advises against it. */
#ifndef SPFSCOPE_LINT_H
#define SPFSCOPE_LINT_H

#include <stddef.h>

#include "spf_tree.h"

enum lint_severity {
	LINT_ERROR,   /* MUST: receivers give permerror/temperror */
	LINT_WARNING, /* SHOULD, or mail will be lost or spoofable */
	LINT_INFO     /* practice: worth knowing */
};

enum lint_kind {
	LINT_LOOKUP_LIMIT,      /* over 10 DNS-querying terms (4.6.4/1) */
	LINT_VOID_LIMIT,        /* over 2 void lookups (4.6.4/7) */
	LINT_VOID_LOOKUP,       /* a term whose lookup finds nothing */
	LINT_PASS_ALL,          /* +all: anyone passes */
	LINT_NEUTRAL_ALL,       /* ?all: says nothing */
	LINT_NO_ALL,            /* no all, no redirect: neutral default */
	LINT_PTR,               /* ptr: SHOULD NOT be used (5.5) */
	LINT_MULTIPLE_RECORDS,  /* more than one SPF record (4.5/6) */
	LINT_REDIRECT_IGNORED,  /* redirect with all present (6.1) */
	LINT_AFTER_ALL,         /* terms after all are never reached */
	LINT_INCLUDE_PASS_ALL,  /* includes a record ending in +all */
	LINT_DUPLICATE_INCLUDE, /* the same target included twice */
	LINT_NET_REPEATED,      /* the same network twice */
	LINT_NET_CONTAINED,     /* a network inside another */
	LINT_HOST_BITS,         /* ip4/ip6 network with host bits set */
	LINT_STRING_LONG,       /* a TXT string over 255 bytes (split) */
	LINT_ANSWER_LARGE,      /* TXT answer over 512 bytes: TCP or EDNS */
	LINT_SYNTAX,            /* record does not parse (4.6) */
	LINT_LOOP,              /* include/redirect loop */
	LINT_NO_RECORD,         /* include/redirect target has none */
	LINT_DNS_ERROR,         /* a lookup failed: temperror */
	LINT_MX_LIMIT,          /* mx with more than 10 names (4.6.4/2) */
	LINT_IP_DEPENDENT,      /* needs the client: shown unexpanded */
	LINT_WIDE_NETWORK,      /* a network of /8 or wider (v4), /32 (v6) */
	LINT_CUT,               /* not loaded: a bound of the tree */
	LINT_KIND_COUNT
};

struct lint_finding {
	enum lint_kind              kind;
	enum lint_severity          severity;
	const struct spf_tree_node *node;
	const struct spf_tree_term *term; /* NULL: the whole record */
	char                        msg[256];
};

struct lint_report {
	struct lint_finding *f;
	size_t               n;
};

/* Runs every check over a tree (complete or not); the report owns its
 * findings: lint_report_free(). */
void lint_tree(const struct spf_tree *t, struct lint_report *out);
void lint_report_free(struct lint_report *r);

const char *lint_kind_name(enum lint_kind k); /* "lookup-limit" */
const char *lint_severity_name(enum lint_severity s);

#endif
