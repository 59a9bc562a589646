/* lint_int.h: lint's private state, shared by lint.c (the walk in
 * evaluation order, the checks of one record or one term) and lint_net.c
 * (networks compared within each record and across the tree). */
#ifndef SPFSCOPE_LINT_INT_H
#define SPFSCOPE_LINT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lint.h"

#define LINT_MAX_FINDINGS 10000 /* then one finding counts the rest */
#define LINT_MAX_NETS     50000 /* networks compared, tree-wide */
#define LINT_QUOTE        64    /* bytes of a name or term quoted */

/* What a term's match makes of the root's result: its own qualifier
 * (LINT_SELF, in the root record and its redirect chain), a fixed
 * qualifier (the outermost include's), or nothing (LINT_NOMATCH: the
 * include it is in then does not match, 5.2). */
#define LINT_SELF    (-1)
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
	struct lint_incl      *incl;    /* include terms with a target */
	size_t                 nincl, capincl;
};

/* lint.c */
void lint_add(struct lint *l, enum lint_kind k, enum lint_severity s,
    const struct spf_tree_node *n, const struct spf_tree_term *tt,
    size_t rank, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));
const char *lint_quote(char *buf, size_t size, const char *p, size_t len);
const char *lint_qual_name(int q);

/* lint_net.c */
void lint_net_add(struct lint *l, const struct spf_tree_term *tt,
    size_t rank, size_t nrank, int eff);
void lint_net_check(struct lint *l);

#endif
