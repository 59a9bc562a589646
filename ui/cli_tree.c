/* cli_tree.c: `spfscope tree [OPTIONS] DOMAIN`: the whole policy loaded at
 * once, annotated with costs, addresses and findings. Exit 0 when the tree
 * was shown (whatever it holds), 2 on bad input. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lint.h"
#include "report_tree.h"

static bool
cli_tree_step(void *arg)
{
	return spf_tree_resume(arg);
}

int
cli_tree(int argc, char **argv)
{
	struct cli_opts       o;
	struct spf_tree_opts  to;
	struct spf_err        err;
	struct dns_cache     *cache;
	struct spf_tree      *tree;
	struct lint_report    lint = { NULL, 0 };
	struct report_tree_in in;
	struct ip_addr        ip;
	struct timespec       t0, t1;
	char                 *text;
	bool                  done;

	if (!cli_parse(argc, argv, &o))
		return 2;
	if (o.nargs != 1)
		return cli_usage_error("usage: spfscope tree [OPTIONS] DOMAIN "
				       "(see --help)");
	if (!cli_domain_ok(o.args[0]))
		return cli_usage_error(
		    "'%.64s%s' is not a domain name (empty "
		    "label, label over 63 bytes, or over 253 bytes)",
		    o.args[0], strlen(o.args[0]) > 64 ? "..." : "");
	memset(&to, 0, sizeof to);
	if (o.ip != NULL) {
		if (!ip_parse(o.ip, strlen(o.ip), &ip))
			return cli_usage_error("--ip '%.64s' is not an IPv4 or "
					       "IPv6 address",
			    o.ip);
		to.ip = &ip;
	}
	to.domain = o.args[0];
	to.sender = o.sender != NULL && o.sender[0] != '\0' ? o.sender : NULL;
	to.helo = o.helo;
	to.record = o.record;
	to.drafts = o.drafts;
	to.ndrafts = o.ndrafts;
	if ((cache = cli_dns_open(&o)) == NULL)
		return 2;
	spf_err_clear(&err);
	if ((tree = spf_tree_new(cache, &to, &err)) == NULL) {
		dns_cache_free(cache);
		return cli_usage_error("%s", err.msg);
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	done = spf_tree_resume(tree);
	if (!done) {
		dns_wait(cache, cli_tree_step, tree);
		done = spf_tree_resume(tree);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	lint_tree(tree, &lint);
	memset(&in, 0, sizeof in);
	in.tree = tree;
	in.lint = &lint;
	in.ascii = o.ascii;
	in.queries = dns_cache_asked(cache);
	in.ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	text = o.json ? report_tree_json(&in) : report_tree_text(&in);
	fputs(text, stdout);
	free(text);
	if (!done)
		fprintf(stderr,
		    "spfscope: some answers never came; the tree "
		    "is shown as far as it loaded\n");
	lint_report_free(&lint);
	spf_tree_free(tree);
	dns_cache_free(cache);
	return 0;
}
