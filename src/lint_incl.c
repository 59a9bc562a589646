/* lint_incl.c: include terms: each alone (INCLUDE_PASS_ALL) and
 * compared across the tree (DUPLICATE_INCLUDE). lint_term.c hands over
 * each include in evaluation order; the array is lint's, freed by
 * lint_tree(). */
#include "lint_int.h"

#include <stdio.h>
#include <stdlib.h>

#include "xmalloc.h"

void
lint_incl_add(struct lint *l, const struct spf_tree_term *tt, size_t rank)
{
	const struct spf_tree_term *all = lint_record_final_all(tt->child);
	char q[LINT_QUOTE + 4], qa[LINT_QUOTE + 4], nm[LINT_QUOTE + 4];

	if (tt->target != NULL) {
		if (l->nincl == l->capincl) {
			l->capincl = l->capincl == 0 ? 16 : l->capincl * 2;
			l->incl =
			    xreallocarray(l->incl, l->capincl, sizeof *l->incl);
		}
		l->incl[l->nincl].tt = tt;
		l->incl[l->nincl++].rank = rank;
	}
	if (all == NULL || all->term->qual != SPF_QUAL_PASS)
		return;
	lint_add(l, LINT_INCLUDE_PASS_ALL, LINT_WARNING, NULL, tt, rank,
	    "'%s' matches every client: %s ends in '%s', so it gives %s to "
	    "anyone",
	    lint_quote_term(q, sizeof q, tt),
	    lint_quote_name(nm, sizeof nm, all->node->name),
	    lint_quote_term(qa, sizeof qa, all),
	    lint_qual_name(tt->term->qual));
}

/* Target names compared as the cache does: A-Z folded, as bytes. */
static int
lint_incl_name_cmp(const char *a, const char *b)
{
	for (;; a++, b++) {
		unsigned char x = (unsigned char)*a;
		unsigned char y = (unsigned char)*b;
		if (x >= 'A' && x <= 'Z')
			x = (unsigned char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (unsigned char)(y - 'A' + 'a');
		if (x != y || x == '\0')
			return x < y ? -1 : x > y;
	}
}

static int
lint_incl_cmp(const void *a, const void *b)
{
	const struct lint_incl *x = a, *y = b;
	int c = lint_incl_name_cmp(x->tt->target, y->tt->target);

	if (c != 0)
		return c;
	return x->rank < y->rank ? -1 : x->rank > y->rank;
}

/* The same target included twice: the second costs its lookups again
 * and can match nothing the first did not. */
void
lint_incl_check(struct lint *l)
{
	size_t i, first = 0;
	char   q[LINT_QUOTE + 4], q1[LINT_QUOTE + 4], nm[LINT_QUOTE + 4];
	char   where[LINT_QUOTE + 8];

	if (l->nincl < 2)
		return;
	qsort(l->incl, l->nincl, sizeof *l->incl, lint_incl_cmp);
	for (i = 1; i < l->nincl; i++) {
		const struct spf_tree_term *tt = l->incl[i].tt;
		const struct spf_tree_term *ft = l->incl[first].tt;
		if (lint_incl_name_cmp(ft->target, tt->target) != 0) {
			first = i;
			continue;
		}
		where[0] = '\0';
		if (ft->node != tt->node)
			snprintf(where, sizeof where, " in %s",
			    lint_quote_name(nm, sizeof nm, ft->node->name));
		lint_add(l, LINT_DUPLICATE_INCLUDE, LINT_INFO, NULL, tt,
		    l->incl[i].rank,
		    "'%s' repeats '%s'%s: %u more lookup%s for nothing new",
		    lint_quote_term(q, sizeof q, tt),
		    lint_quote_term(q1, sizeof q1, ft), where, tt->subtree,
		    tt->subtree == 1 ? "" : "s");
	}
}
