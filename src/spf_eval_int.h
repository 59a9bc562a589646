/* spf_eval_int.h: the evaluator's state, shared by spf_eval.c (the
 * check_host() machine), spf_eval_ident.c (the identity checked),
 * spf_eval_mech.c (mechanisms that ask DNS) and spf_eval_exp.c
 * (explanations). Not for other modules. */
#ifndef SPFSCOPE_SPF_EVAL_INT_H
#define SPFSCOPE_SPF_EVAL_INT_H

#include "spf_eval.h"
#include "spf_limits.h"
#include "spf_macro.h"

#define SPF_NAME_BUF 1024 /* names in text form, escapes included */

/* What a step of evaluation came to. */
enum spf_step_result {
	SPF_STEP_NOMATCH,
	SPF_STEP_MATCH,
	SPF_STEP_PENDING,
	SPF_STEP_TEMPERROR,
	SPF_STEP_PERMERROR
};

/* A record loaded during the current run; steps point into it. */
struct spf_loaded {
	char               domain[SPF_NAME_BUF];
	enum spf_via       via;
	struct spf_record *rec;
};

struct spf_frame {
	size_t       loaded; /* index into ev->loaded, or SIZE_MAX */
	char         domain[SPF_NAME_BUF];
	enum spf_via via;
	size_t       next;      /* next term to try; past the end when done */
	int          cur;       /* the term being tried, -1 before the first */
	int          from_term; /* the parent's include/redirect term */
	/* Steps of the deciding path inside this frame's subtree, filled
	 * as the frame decides, as (loaded, term) pairs; term -1: none. */
	size_t ndec;
	struct {
		size_t loaded;
		int    term;
	} dec[SPF_MAX_DEPTH + 1];
};

struct spf_eval {
	struct dns_cache *cache;
	struct ip_addr    ip;
	char              sender[SPF_NAME_BUF + 128];
	char              local[SPF_NAME_BUF];
	char              sender_domain[SPF_NAME_BUF];
	char              domain[SPF_NAME_BUF];
	char              helo[SPF_NAME_BUF];
	char              receiver[SPF_NAME_BUF];
	char             *default_exp;
	uint64_t          now;
	char             *record; /* draft of the root record */
	struct spf_draft *drafts;
	size_t            ndrafts;
	bool              domain_invalid; /* 4.3/1: result none */
	char              invalid_why[128];

	/* Per run. */
	bool               pending;
	char               none_why[200]; /* why the last load gave none */
	unsigned           lookups, voids;
	struct spf_frame   stack[SPF_MAX_DEPTH];
	size_t             depth; /* frames on the stack */
	struct spf_loaded *loaded;
	size_t             nloaded, capl;
	char             **validated; /* PTR names that resolve back */
	size_t             nvalidated;
	bool               validated_done;
	unsigned           prefetched;
	struct spf_outcome out;
	size_t             capt;
	size_t            *step_loaded; /* out.path[i] came from loaded[] */
	char               txt[DNS_MAX_TXT + 1]; /* joined TXT */
};

/* spf_eval.c */
void spf_eval_reset(struct spf_eval *ev); /* frees what a run made */
void spf_eval_trace(struct spf_eval *ev, enum spf_trace_kind kind,
    struct str text, bool matched, enum spf_result result, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
bool        spf_eval_count_void(struct spf_eval *ev, const char *what);
const char *spf_eval_draft_for(const struct spf_eval *ev, const char *domain,
    enum spf_via via);
size_t      spf_eval_join(const struct dns_rr *rr, char *buf, size_t size,
	 bool *over);

/* spf_eval_mech.c: the macro context for the top frame's domain, and
 * expansion of a domain-spec to a name fit for a query. */
void                 spf_eval_macro_ctx(struct spf_eval *ev, const char *domain,
		    struct spf_macro_ctx *ctx);
enum spf_step_result spf_eval_expand(struct spf_eval *ev, const char *domain,
    struct str spec, enum spf_macro_mode mode, char *out, size_t size);
enum spf_step_result spf_eval_target(struct spf_eval *ev, const char *domain,
    struct str spec, char *out, size_t size);
bool                 spf_eval_name_ok(const char *name, char *why, size_t size);
enum spf_step_result spf_eval_mech(struct spf_eval *ev, const char *domain,
    const struct spf_term *t, char *note, size_t size);
void spf_eval_prefetch_term(struct spf_eval *ev, const char *domain,
    const struct spf_term *t);

/* spf_eval_exp.c: 6.2, the explanation of a fail. */
enum spf_step_result spf_eval_explain(struct spf_eval *ev,
    const struct spf_loaded                           *src);

#endif
