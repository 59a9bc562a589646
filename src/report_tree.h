/* report_tree.h: the explored policy as text or JSON, for `spfscope tree`.
 * Strings from DNS are escaped (vis_escape for text, JSON escapes). */
#ifndef SPFSCOPE_REPORT_TREE_H
#define SPFSCOPE_REPORT_TREE_H

#include <stdbool.h>

#include "lint.h"
#include "spf_tree.h"
#include "vis.h"

struct report_tree_in {
	const struct spf_tree    *tree;
	const struct lint_report *lint;    /* NULL: no findings shown */
	bool                      ascii;   /* no line-drawing characters */
	unsigned                  queries; /* DNS queries asked */
	double                    ms;      /* how long the load took */
};

/* New strings (free them), ending in a newline. */
char *report_tree_text(const struct report_tree_in *in);
char *report_tree_json(const struct report_tree_in *in);

/* "192.0.2.0/24", or the bare address for a host network. */
void report_tree_net(const struct spf_tree_net *n, char *buf, size_t size);

#endif
