/* lint_int.h: lint's private state, shared by lint.c (the walk in
 * evaluation order and the report), lint_record.c (what one record says
 * by itself), lint_term.c (what one term does when tried), lint_net.c
 * (networks compared within each record and across the tree) and
 * lint_incl.c (includes compared across the tree). */
#ifndef SPFSCOPE_LINT_INT_H
#define SPFSCOPE_LINT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lint.h"

#define LINT_MAX_FINDINGS 10000 /* then one finding counts the rest */
#define LINT_MAX_NETS 50000     /* networks compared, tree-wide */
#define LINT_QUOTE 64           /* bytes of a name or term quoted */

/* What a term's match makes of the root's result: its own qualifier
 * (LINT_SELF, in the root record and its redirect chain), a fixed
 * qualifier (the outermost include's), or nothing (LINT_NOMATCH: the
 * include it is in then does not match, 5.2). */
#define LINT_SELF (-1)
#define LINT_NOMATCH 4

/* A network a reachable term authorizes or names. */
struct lint_net {
	struct spf_tree_net         net;
	const struct spf_tree_term *tt;
	size_t                      rank;  /* the term's, evaluation order */
	size_t                      nrank; /* its record's: one per node */
	size_t                      slot;  /* the term's, in lint->flagged */
	int                         eff;   /* a qualifier or LINT_NOMATCH */
};

struct lint_incl {
	const struct spf_tree_term *tt;
	size_t                      rank;
};

struct lint {
	const struct spf_tree *t;
	struct lint_report    *out;
	size_t                 cap;
	size_t                *rank;    /* per finding: the sort key */
	size_t                 dropped; /* findings over LINT_MAX_FINDINGS */
	size_t                 seq;     /* visits so far: evaluation order */
	unsigned               voids;   /* void lookups so far */
	struct lint_net       *nets;
	size_t                 nnets, capnets;
	bool                   nets_cut;
	bool                  *flagged; /* per term with nets: reported */
	size_t                 nslots, capslots;
	struct lint_incl      *incl; /* include terms with a target */
	size_t                 nincl, capincl;
	const struct spf_tree_node **seen; /* records linted: a hash set */
	size_t                       nseen, capseen;
};

/* One record of the walk, as check_host() would be inside it. */
struct lint_frame {
	const struct spf_tree_node *n;
	size_t                      next;       /* next term, in text order */
	bool                        redirected; /* redirect= visited */
	bool                        after_all;  /* AFTER_ALL reported */
	int                         q;      /* LINT_SELF, qualifier, NOMATCH */
	size_t                      rank;   /* the record's visit */
	bool                        repeat; /* linted before: limits only */
};

/* lint.c */
const char *lint_quote(char *buf, size_t size, const char *p, size_t len);
const char *lint_quote_term(char *buf, size_t size,
    const struct spf_tree_term *tt);
const char *lint_quote_name(char *buf, size_t size, const char *name);
const char *lint_qual_name(int q);

/* Adds a finding unless LINT_MAX_FINDINGS are there (then counts it);
 * tt NULL: the whole record n. rank orders the report. */
void lint_add(struct lint *l, enum lint_kind k, enum lint_severity s,
    const struct spf_tree_node *n, const struct spf_tree_term *tt, size_t rank,
    const char *fmt, ...) __attribute__((format(printf, 7, 8)));

/* lint_record.c */
/* A record reached through from (NULL for the root); true when it has
 * terms to walk. q is what its matches make of the root's result; a
 * repeat was linted before, and only its context is new. */
bool lint_record_visit(struct lint *l, const struct spf_tree_node *n,
    const struct spf_tree_term *from, int q, size_t rank, bool repeat);
/* The record's first "all", following redirect= while there is none. */
const struct spf_tree_term *lint_record_final_all(
    const struct spf_tree_node *n);

/* lint_term.c */
/* A term check_host() tries, in the record of frame f. */
void lint_term_visit(struct lint *l, struct lint_frame *f,
    const struct spf_tree_term *tt, size_t rank);

/* lint_incl.c */
/* Checks an include alone and keeps it for lint_incl_check(), which
 * compares them all once the walk is done. */
void lint_incl_add(struct lint *l, const struct spf_tree_term *tt, size_t rank);
void lint_incl_check(struct lint *l);

/* lint_net.c */
void lint_net_host_bits(struct lint *l, const struct spf_tree_term *tt,
    size_t rank);
void lint_net_wide(struct lint *l, const struct spf_tree_term *tt, int eff,
    size_t rank);
void lint_net_add(struct lint *l, const struct spf_tree_term *tt, size_t rank,
    size_t nrank, int eff);
void lint_net_check(struct lint *l);

#endif
