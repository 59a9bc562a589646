/* cli_check.c: `spfscope check [OPTIONS] IP [DOMAIN]`: one check_host(),
 * explained. Exit 0 whenever a result was computed, 2 on bad input. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dmarc.h"
#include "report_check.h"
#include "spf_macro.h"

struct cli_check_run {
	struct spf_eval  *ev;
	struct dns_cache *cache;
	bool              done, want_dmarc, dmarc_done;
	enum dmarc_policy dmarc;
	char              dmarc_from[300];
};

/* Called by dns_wait() after each turn of the loop: re-run the evaluation
 * against what the cache now holds (spf_eval.h says why), and find the
 * sender's DMARC policy the same way. The DMARC query depends only on the
 * sender, so it flies with the first SPF query, not after the result (at
 * 50 ms a round trip, that was 50 ms more for every check). */
static bool
cli_check_step(void *arg)
{
	struct cli_check_run     *run = arg;
	const struct spf_outcome *o = spf_eval_outcome(run->ev);
	const char               *at = strrchr(o->sender, '@');
	bool                      spf_done;

	spf_done = spf_eval_run(run->ev) == SPF_EVAL_DONE;
	/* CHOICE: the From: domain is taken to be the MAIL FROM domain: the
	 * aligned case, the one an SPF result can matter for in DMARC. */
	if (run->want_dmarc && !run->dmarc_done)
		run->dmarc_done =
		    dmarc_lookup(run->cache, at != NULL ? at + 1 : o->domain,
			&run->dmarc, run->dmarc_from, sizeof run->dmarc_from);
	run->done = spf_done && (!run->want_dmarc || run->dmarc_done);
	return run->done;
}

int
cli_check(int argc, char **argv)
{
	struct cli_opts        o;
	struct spf_eval_opts   eo;
	struct spf_err         err;
	struct dns_cache      *cache;
	struct cli_check_run   run;
	struct report_check_in in;
	char                  *text;

	if (!cli_parse(argc, argv, &o))
		return 2;
	if (o.nargs < 1 || o.nargs > 2)
		return cli_usage_error("usage: spfscope check [OPTIONS] IP "
				       "[DOMAIN] (see --help)");
	memset(&eo, 0, sizeof eo);
	if (!ip_parse(o.args[0], strlen(o.args[0]), &eo.ip))
		return cli_usage_error("'%.64s' is not an IPv4 or IPv6 "
				       "address",
		    o.args[0]);
	if (o.nargs == 2 && !cli_domain_ok(o.args[1]))
		return cli_usage_error(
		    "'%.64s%s' is not a domain name (empty "
		    "label, label over 63 bytes, or over 253 bytes)",
		    o.args[1], strlen(o.args[1]) > 64 ? "..." : "");
	if (o.nargs == 1 && o.sender == NULL)
		return cli_usage_error("no domain to check: give DOMAIN or "
				       "--sender ADDR");
	spf_err_clear(&err);
	if (o.default_exp != NULL &&
	    spf_macro_check(str_from(o.default_exp), SPF_MACRO_EXPLAIN, &err) !=
		SPF_OK)
		return cli_usage_error("--default-explanation: %s", err.msg);
	eo.sender = o.sender;
	eo.helo = o.helo;
	eo.domain = o.nargs == 2 ? o.args[1] : NULL;
	eo.default_exp = o.default_exp;
	eo.now = (uint64_t)time(NULL);
	eo.record = o.record;
	eo.drafts = o.drafts;
	eo.ndrafts = o.ndrafts;
	if ((cache = cli_dns_open(&o)) == NULL)
		return 2;
	memset(&run, 0, sizeof run);
	run.cache = cache;
	run.want_dmarc = o.dmarc == NULL;
	if (o.dmarc != NULL)
		dmarc_policy_parse(o.dmarc, &run.dmarc);
	if ((run.ev = spf_eval_new(cache, &eo, &err)) == NULL) {
		dns_cache_free(cache);
		return cli_usage_error("%s", err.msg);
	}
	if (!cli_check_step(&run))
		dns_wait(cache, cli_check_step, &run);
	if (!run.done) {
		/* The loop ran dry with the evaluation still waiting: no
		 * answer can come. Not a result: say so. */
		spf_eval_free(run.ev);
		dns_cache_free(cache);
		fprintf(stderr, "spfscope: DNS answers never came\n");
		return 1;
	}
	memset(&in, 0, sizeof in);
	in.out = spf_eval_outcome(run.ev);
	in.ip = &eo.ip;
	in.helo = o.helo;
	in.queries = dns_cache_asked(cache);
	in.trace = o.trace;
	in.dmarc = run.dmarc;
	in.dmarc_from = run.dmarc_from;
	in.forwarder = o.forwarder;
	text = o.json ? report_check_json(&in) : report_check_text(&in);
	fputs(text, stdout);
	free(text);
	spf_eval_free(run.ev);
	dns_cache_free(cache);
	return 0;
}
