/* report_check.h: an evaluation's outcome as text or JSON, for
 * `spfscope check`. Every string from DNS is escaped (vis_escape for text,
 * JSON escapes for JSON). */
#ifndef SPFSCOPE_REPORT_CHECK_H
#define SPFSCOPE_REPORT_CHECK_H

#include "ip.h"
#include "receiver.h"
#include "spf_eval.h"

struct report_check_in {
	const struct spf_outcome *out;
	const struct ip_addr     *ip;
	const char               *helo;       /* NULL when not given */
	unsigned                  queries;    /* DNS queries asked */
	bool                      trace;      /* text: print the trace too */
	enum dmarc_policy         dmarc;      /* the sender's DMARC policy */
	const char               *dmarc_from; /* the record it came from */
	bool                      forwarder;
};

/* New strings (free them), ending in a newline. */
char *report_check_text(const struct report_check_in *in);
char *report_check_json(const struct report_check_in *in);

/* "the record is authorized" style sentence for a result. */
const char *report_check_meaning(enum spf_result r);

#endif
