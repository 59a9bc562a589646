/* fuzz_eval.c: libFuzzer target for check_host() (src/spf_eval*.c) over a
 * fuzzed zone, with the client, sender, HELO, domain, drafts and default
 * explanation fuzzed too (fuzz_common.h gives the input format); then the
 * DMARC lookup (src/dmarc.c) and the text report (src/report_check.c),
 * which must hold no raw control byte. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dmarc.h"
#include "fuzz_common.h"
#include "report_check.h"
#include "spf_limits.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fuzz_eval_check(const struct spf_outcome *out)
{
	size_t i;

	if (out->result < SPF_NONE || out->result > SPF_PERMERROR)
		fuzz_fail("result out of range");
	if (memchr(out->reason, '\0', sizeof out->reason) == NULL)
		fuzz_fail("reason not terminated");
	/* RFC 7208 4.6.4: the 11th lookup is a permerror, never made. */
	if (out->lookups > SPF_MAX_DNS_TERMS + 1 ||
	    out->voids > SPF_MAX_VOID + 1)
		fuzz_fail("lookups or voids past their limits");
	if (out->bad_record != NULL && out->bad_off > out->bad_len)
		fuzz_fail("fault offset past the bad record");
	if (out->npath > SPF_MAX_DEPTH + 1)
		fuzz_fail("deciding path deeper than SPF_MAX_DEPTH");
	for (i = 0; i < out->ntrace; i++)
		if (out->trace[i].note == NULL ||
		    strlen(out->trace[i].note) >= SPF_TRACE_NOTE_MAX)
			fuzz_fail("trace note missing or too long");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_opts          o;
	struct dns_cache         *c;
	struct spf_eval          *ev;
	const struct spf_outcome *out;
	struct report_check_in    in;
	enum dmarc_policy         p = DMARC_UNKNOWN;
	char                      from[300], *text;
	const char               *at;
	bool                      done = false;
	int                       i;

	if (size > FUZZ_MAX_INPUT)
		return -1;
	fuzz_opts_parse(data, size, &o);
	c = fuzz_zone_cache(&o);
	if ((ev = fuzz_eval(c, &o, &done)) != NULL && done) {
		out = spf_eval_outcome(ev);
		fuzz_eval_check(out);
		at = strrchr(out->sender, '@');
		from[0] = '\0';
		for (i = 0; i < FUZZ_MAX_RUNS; i++)
			if (dmarc_lookup(c, at != NULL ? at + 1 : out->domain,
				&p, from, sizeof from))
				break;
		memset(&in, 0, sizeof in);
		in.out = out;
		in.ip = &o.addr;
		in.helo = o.helo;
		in.queries = dns_cache_asked(c);
		in.trace = true;
		in.dmarc = p;
		in.dmarc_from = from;
		in.forwarder = o.ascii;
		text = report_check_text(&in);
		fuzz_check_text(text, strlen(text));
		free(text);
	}
	spf_eval_free(ev);
	dns_cache_free(c);
	fuzz_opts_free(&o);
	return 0;
}
