/* fuzz_tree.c: libFuzzer target for the tree builder (src/spf_tree*.c),
 * the lints (src/lint*.c) and the text report (src/report_tree.c) over a
 * fuzzed zone, with the domain, sender, HELO, client and drafts fuzzed
 * too (fuzz_common.h gives the input format). The report must hold no
 * raw control byte; the walk must see each node once and stay inside the
 * tree's bounds. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "lint.h"
#include "report_tree.h"
#include "spf_tree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fuzz_walk {
	size_t nodes;
};

static bool
fuzz_tree_visit(const struct spf_tree_node *n, void *arg)
{
	struct fuzz_walk *w = arg;
	size_t            i;

	if (++w->nodes > SPF_TREE_MAX_RECORDS + 1)
		fuzz_fail("walk sees more nodes than SPF_TREE_MAX_RECORDS");
	if (n->depth > SPF_TREE_MAX_DEPTH + 1)
		fuzz_fail("node deeper than SPF_TREE_MAX_DEPTH");
	if (n->state == SPF_TREE_LOADED && n->rec == NULL)
		fuzz_fail("loaded node without a record");
	for (i = 0; i < n->nterms; i++) {
		const struct spf_tree_term *t = &n->terms[i];

		if (t->node != n || t->index != i)
			fuzz_fail("term does not point back to its node");
		if (t->nhosts > SPF_TREE_MAX_HOSTS)
			fuzz_fail("more MX hosts than SPF_TREE_MAX_HOSTS");
		if (memchr(t->needs, '\0', sizeof t->needs) == NULL)
			fuzz_fail("needs not terminated");
		if (t->child != NULL && t->child->parent != t)
			fuzz_fail("child does not point back to its term");
	}
	(void)spf_tree_state_name(n->state);
	return true;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_opts      o;
	struct dns_cache     *c;
	struct spf_tree      *t;
	struct spf_tree_opts  to;
	struct lint_report    lint = { NULL, 0 };
	struct report_tree_in in;
	struct spf_err        err;
	struct fuzz_walk      w = { 0 };
	char                 *text;
	size_t                i;
	int                   k;

	if (size > FUZZ_MAX_INPUT)
		return -1;
	fuzz_opts_parse(data, size, &o);
	c = fuzz_zone_cache(&o);
	memset(&to, 0, sizeof to);
	to.domain = o.domain != NULL ? o.domain : "example.com";
	to.sender = o.sender != NULL && o.sender[0] != '\0' ? o.sender : NULL;
	to.helo = o.helo;
	to.ip = o.ip != NULL ? &o.addr : NULL;
	to.record = o.record;
	to.drafts = o.drafts;
	to.ndrafts = o.ndrafts;
	spf_err_clear(&err);
	if ((t = spf_tree_new(c, &to, &err)) != NULL) {
		for (k = 0; k < FUZZ_MAX_RUNS && !spf_tree_resume(t); k++)
			;
		spf_tree_walk(t, fuzz_tree_visit, &w);
		(void)spf_tree_totals(t);
		lint_tree(t, &lint);
		for (i = 0; i < lint.n; i++) {
			if (memchr(lint.f[i].msg, '\0', sizeof lint.f[i].msg) ==
			    NULL)
				fuzz_fail("finding message not terminated");
			(void)lint_kind_name(lint.f[i].kind);
			(void)lint_severity_name(lint.f[i].severity);
		}
		memset(&in, 0, sizeof in);
		in.tree = t;
		in.lint = &lint;
		in.ascii = o.ascii;
		in.queries = dns_cache_asked(c);
		text = report_tree_text(&in);
		fuzz_check_text(text, strlen(text));
		free(text);
		lint_report_free(&lint);
		spf_tree_free(t);
	}
	dns_cache_free(c);
	fuzz_opts_free(&o);
	return 0;
}
