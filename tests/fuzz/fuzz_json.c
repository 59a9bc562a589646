/* fuzz_json.c: libFuzzer target for the JSON reports: report_check_json()
 * of a check_host() outcome (src/report_check.c) and report_tree_json()
 * of the explored tree with its findings (src/report_tree_json.c), over a
 * fuzzed zone (fuzz_common.h gives the input format). Each must be one
 * JSON document that jansson reads back, whatever bytes DNS held. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "fuzz_common.h"
#include "lint.h"
#include "report_check.h"
#include "report_tree.h"
#include "spf_tree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Valid JSON: one document, strings of valid UTF-8; \u0000 is valid
 * JSON, so JSON_ALLOW_NUL; a key twice in one object is a fault. */
static void
fuzz_json_check(const char *text)
{
	json_error_t e;
	json_t      *j;

	j = json_loads(text, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &e);
	if (j == NULL) {
		fprintf(stderr, "fuzz: json line %d col %d: %s\n%s\n", e.line,
		    e.column, e.text, text);
		fuzz_fail("report is not valid JSON");
	}
	if (!json_is_object(j))
		fuzz_fail("report is not a JSON object");
	json_decref(j);
}

static void
fuzz_json_tree(struct dns_cache *c, const struct fuzz_opts *o)
{
	struct spf_tree      *t;
	struct spf_tree_opts  to;
	struct lint_report    lint = { NULL, 0 };
	struct report_tree_in in;
	struct spf_err        err;
	char                 *text;
	int                   k;

	memset(&to, 0, sizeof to);
	to.domain = o->domain != NULL ? o->domain : "example.com";
	to.sender =
	    o->sender != NULL && o->sender[0] != '\0' ? o->sender : NULL;
	to.helo = o->helo;
	to.ip = o->ip != NULL ? &o->addr : NULL;
	to.record = o->record;
	to.drafts = o->drafts;
	to.ndrafts = o->ndrafts;
	spf_err_clear(&err);
	if ((t = spf_tree_new(c, &to, &err)) == NULL)
		return;
	for (k = 0; k < FUZZ_MAX_RUNS && !spf_tree_resume(t); k++)
		;
	lint_tree(t, &lint);
	memset(&in, 0, sizeof in);
	in.tree = t;
	in.lint = &lint;
	in.queries = dns_cache_asked(c);
	text = report_tree_json(&in);
	fuzz_json_check(text);
	free(text);
	lint_report_free(&lint);
	spf_tree_free(t);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_opts       o;
	struct dns_cache      *c;
	struct spf_eval       *ev;
	struct report_check_in in;
	char                  *text;
	bool                   done = false;

	if (size > FUZZ_MAX_INPUT)
		return -1;
	fuzz_opts_parse(data, size, &o);
	c = fuzz_zone_cache(&o);
	if ((ev = fuzz_eval(c, &o, &done)) != NULL && done) {
		memset(&in, 0, sizeof in);
		in.out = spf_eval_outcome(ev);
		in.ip = &o.addr;
		in.helo = o.helo;
		in.queries = dns_cache_asked(c);
		in.trace = true;
		in.dmarc = o.ascii ? DMARC_REJECT : DMARC_NO_RECORD;
		in.dmarc_from = o.receiver != NULL ? o.receiver : "";
		in.forwarder = o.ascii;
		text = report_check_json(&in);
		fuzz_json_check(text);
		free(text);
	}
	spf_eval_free(ev);
	/* The tree shares the cache, as in the explorer. */
	fuzz_json_tree(c, &o);
	dns_cache_free(c);
	fuzz_opts_free(&o);
	return 0;
}
