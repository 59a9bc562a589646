/* spf_tree.h: the explored policy: every record reachable through include
 * and redirect, every a/mx/exists target that does not depend on the
 * client, resolved as a dataflow over the DNS cache (DESIGN.md). The moment
 * an answer arrives, the queries that depend on it are asked; every
 * independent query is in flight at once, so the whole tree loads in about
 * (depth x round-trip time).
 *
 * The tree owns its nodes and terms; answers are const pointers into the
 * cache, valid while the cache lives. */
#ifndef SPFSCOPE_SPF_TREE_H
#define SPFSCOPE_SPF_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns_cache.h"
#include "ip.h"
#include "spf_err.h"
#include "spf_eval.h"
#include "spf_parse.h"

#define SPF_TREE_MAX_RECORDS 1024 /* records in one tree */
#define SPF_TREE_MAX_DEPTH 24     /* include/redirect nesting shown */
#define SPF_TREE_MAX_HOSTS 32     /* MX hosts resolved per mx term */
#define SPF_TREE_MAX_TERMS 20000  /* terms of the records below the root */
#define SPF_TREE_MAX_QUERIES 2000 /* DNS queries one tree may ask */

enum spf_tree_state {
	SPF_TREE_WAITING, /* TXT not here yet */
	SPF_TREE_LOADED,  /* one SPF record, parsed */
	SPF_TREE_NONE,    /* no SPF record (or NXDOMAIN): none */
	SPF_TREE_DNSERR,  /* SERVFAIL, timeout...: temperror */
	SPF_TREE_BROKEN,  /* syntax error or several records: permerror */
	SPF_TREE_LOOP,    /* already on the path from the root */
	SPF_TREE_CUT      /* not loaded: a bound of the tree was hit */
};

/* A network a term authorizes (or names): address and prefix. */
struct spf_tree_net {
	uint8_t family; /* 4 or 6 */
	uint8_t prefix;
	uint8_t b[16]; /* masked to prefix */
};

struct spf_tree_host {
	char                    *name;
	uint16_t                 pref;
	const struct dns_answer *a, *aaaa; /* NULL while waiting */
};

struct spf_tree_node;

struct spf_tree_term {
	const struct spf_term *term;      /* in node->rec */
	struct spf_tree_node  *node;      /* the record it is in */
	size_t                 index;     /* in node->rec->terms */
	char                  *target;    /* expanded name, or NULL */
	char                   needs[16]; /* macro letters it waits for:
					   * "i", "ls", "h"...; "" if none */
	unsigned cost;                    /* own lookups (4.6.4): 0 or 1 */
	unsigned subtree;                 /* own + the records below */
	unsigned order;                   /* worst-case lookup number, 0 */
	bool     past_limit;              /* would be lookup 11 or more */
	bool     first_past_limit;
	bool     unreached;             /* after all: never evaluated */
	bool     beyond;                /* evaluated only after the limit
					 * was crossed: permerror first */
	bool unasked;                   /* not resolved: the tree had
					 * asked SPF_TREE_MAX_QUERIES */
	unsigned                 voids; /* void lookups it causes */
	const struct dns_answer *ans;   /* TXT/A/MX/..., main query */
	const struct dns_answer *ans6;  /* AAAA of an a term */
	struct spf_tree_host    *hosts; /* mx */
	size_t                   nhosts;
	struct spf_tree_net     *nets; /* ip4/ip6 net, a/mx addresses */
	size_t                   nnets;
	struct spf_tree_node    *child; /* include / redirect target */
};

struct spf_tree_node {
	char                    *name;
	enum spf_via             via;
	unsigned                 depth;  /* 0 for the root */
	struct spf_tree_term    *parent; /* NULL for the root */
	enum spf_tree_state      state;
	const struct dns_answer *txt;  /* DNS facts, NULL for a draft */
	const struct dns_rr     *rr;   /* the SPF RR: its strings */
	size_t                   nspf; /* SPF records published */
	bool                     draft;
	char                    *text; /* joined, owned; NULL if none */
	size_t                   len;
	struct spf_record       *rec;
	struct spf_err           err; /* BROKEN: what and where */
	struct spf_tree_term    *terms;
	size_t                   nterms;
	unsigned                 cost; /* lookups of this record's subtree */
	bool                     resolved; /* every term's answers are here */
};

struct spf_tree_opts {
	const char             *domain;
	const char             *sender; /* NULL: postmaster@domain */
	const char             *helo;   /* NULL: %{h} unknown */
	const struct ip_addr   *ip;     /* NULL: %{i} unknown */
	const char             *record; /* draft of the root */
	const struct spf_draft *drafts;
	size_t                  ndrafts;
};

struct spf_tree_totals {
	unsigned lookups; /* worst case, all records: against 10 */
	unsigned voids;   /* against 2 */
	unsigned mx_names;
	unsigned ptr_terms;
	unsigned records;
	unsigned depth;    /* deepest record */
	uint64_t v4_addrs; /* authorized by pass terms, overlaps once */
	double   v6_addrs; /* likewise; 2^128 does not fit an integer */
};

struct spf_tree;

struct spf_tree *spf_tree_new(struct dns_cache *c,
    const struct spf_tree_opts *o, struct spf_err *err);
void             spf_tree_free(struct spf_tree *t);

/* Takes in what the cache now holds and asks for what that makes known.
 * True when nothing is left waiting. Cheap: call it every loop turn. */
bool spf_tree_resume(struct spf_tree *t);

const struct spf_tree_node   *spf_tree_root(const struct spf_tree *t);
const struct spf_tree_totals *spf_tree_totals(const struct spf_tree *t);

/* Depth-first, in evaluation order (terms in record order, redirect
 * last, nothing behind a term never evaluated): calls fn for every node
 * reached; stops when fn returns false. Iterative: no recursion on hostile
 * depth. */
void spf_tree_walk(const struct spf_tree *t,
    bool (*fn)(const struct spf_tree_node *n, void *arg), void *arg);

const char *spf_tree_state_name(enum spf_tree_state s);

#endif
