/* spf_tree_int.h: the tree's private state, shared by spf_tree.c (loading)
 * and spf_tree_cost.c (costs, order, networks, totals). */
#ifndef SPFSCOPE_SPF_TREE_INT_H
#define SPFSCOPE_SPF_TREE_INT_H

#include "spf_tree.h"

struct spf_tree {
	struct dns_cache      *cache;
	struct spf_tree_node **nodes; /* creation order; nodes[0] is root */
	size_t                 nnodes, capn;
	bool                   complete;
	size_t                 terms; /* loaded below the root */
	bool                   has_sender, has_ip;
	char                  *sender, *local, *sender_domain, *helo;
	struct ip_addr         ip;
	char                  *record;
	struct spf_draft      *drafts;
	size_t                 ndrafts;
	struct spf_tree_totals totals;
};

/* spf_tree_cost.c */
void spf_tree_add_net(struct spf_tree_term *tt, const uint8_t *addr,
    int family);
void spf_tree_cost(struct spf_tree *t);

#endif
