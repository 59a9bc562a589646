/* spf_eval_exp.c: the explanation of a fail (RFC 7208 6.2). The exp= of
 * the record that decided, fetched and macro-expanded; any problem with
 * it falls back to the default explanation, never to an error. */
#include "spf_eval_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

static void
spf_eval_set_explanation(struct spf_eval *ev, const char *text, bool dflt)
{
	free(ev->out.explanation);
	ev->out.explanation = xstrdup(text);
	ev->out.explanation_is_default = dflt;
}

/* Tries the record's exp=; true when it gave the explanation. */
static enum spf_step_result
spf_eval_exp_modifier(struct spf_eval *ev, const struct spf_loaded *src,
    char *why, size_t size)
{
	const struct spf_term   *t = &src->rec->terms[src->rec->exp];
	const struct dns_answer *a;
	enum spf_step_result     s;
	char                     name[SPF_NAME_BUF], out[SPF_MAX_EXPLAIN + 1];
	size_t                   len;
	bool                     over;

	s = spf_eval_target(ev, src->domain, t->domain, name, sizeof name);
	if (s == SPF_STEP_PENDING)
		return s;
	if (s != SPF_STEP_MATCH) {
		snprintf(why, size, "exp=%.*s does not expand to a valid name",
		    (int)t->domain.len, t->domain.p);
		return SPF_STEP_NOMATCH;
	}
	/* 6.2/4 and the suite's exp-void: this query counts against no
	 * limit. */
	if ((a = dns_cache_need(ev->cache, name, DNS_TXT)) == NULL)
		return SPF_STEP_PENDING;
	if (a->status != DNS_OK || a->nrr != 1) {
		snprintf(why, size, "TXT %.100s: %s", name,
		    a->status != DNS_OK ? dns_strerror(a->status)
			: a->nrr == 0
			? "no record"
			: "more than one record (RFC 7208 6.2/4)");
		return SPF_STEP_NOMATCH;
	}
	len = spf_eval_join(&a->rr[0], ev->txt, sizeof ev->txt, &over);
	s = spf_eval_expand(ev, src->domain, str_make(ev->txt, len),
	    SPF_MACRO_EXPLAIN, out, sizeof out);
	if (s == SPF_STEP_PENDING)
		return s;
	if (s != SPF_STEP_MATCH || over) {
		/* 6.2/4: a syntax error (non-ASCII included) or an
		 * explanation longer than we show: the default. */
		snprintf(why, size, "TXT %.100s: %.80s", name,
		    over ? "explanation too long" : out);
		return SPF_STEP_NOMATCH;
	}
	spf_eval_set_explanation(ev, out, false);
	spf_eval_trace(ev, SPF_TRACE_NOTE, STR_NULL, false, SPF_FAIL,
	    "explanation from exp=%s", name);
	return SPF_STEP_MATCH;
}

enum spf_step_result
spf_eval_explain(struct spf_eval *ev, const struct spf_loaded *src)
{
	enum spf_step_result s;
	char                 why[200] = "", out[SPF_MAX_EXPLAIN + 1];

	if (src->rec->exp >= 0) {
		s = spf_eval_exp_modifier(ev, src, why, sizeof why);
		if (s == SPF_STEP_PENDING || s == SPF_STEP_MATCH)
			return s;
	}
	s = spf_eval_expand(ev, src->domain, str_from(ev->default_exp),
	    SPF_MACRO_EXPLAIN, out, sizeof out);
	if (s == SPF_STEP_PENDING)
		return s;
	/* The CLI checks --default-explanation's syntax; should a macro
	 * still fail here, the text is shown as written. */
	spf_eval_set_explanation(ev,
	    s == SPF_STEP_MATCH ? out : ev->default_exp, true);
	spf_eval_trace(ev, SPF_TRACE_NOTE, STR_NULL, false, SPF_FAIL,
	    "default explanation%s%s", why[0] != '\0' ? ": " : "", why);
	return SPF_STEP_MATCH;
}
