/* spf_eval.h: check_host() of RFC 7208 sections 4 to 6, restartable.
 *
 * spf_eval_run() reads the DNS cache only. When an answer is missing it
 * asks for it, keeps scanning so that the other answers it will need are
 * asked too (they fly in parallel), and returns SPF_EVAL_PENDING; the
 * caller runs the event loop and calls it again. Each run starts from
 * scratch: evaluation costs microseconds, and the code stays a plain
 * reading of the RFC. The outcome explains itself: a trace of every term
 * tried and the deciding term as a path from the root record. */
#ifndef SPFSCOPE_SPF_EVAL_H
#define SPFSCOPE_SPF_EVAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dns_cache.h"
#include "ip.h"
#include "spf_err.h"
#include "spf_parse.h"

enum spf_result { /* RFC 7208 2.6: a verdict, not an error */
	SPF_NONE,
	SPF_NEUTRAL,
	SPF_PASS,
	SPF_FAIL,
	SPF_SOFTFAIL,
	SPF_TEMPERROR,
	SPF_PERMERROR
};

enum spf_eval_state { SPF_EVAL_DONE, SPF_EVAL_PENDING };

/* How a record was reached. */
enum spf_via { SPF_VIA_ROOT, SPF_VIA_INCLUDE, SPF_VIA_REDIRECT };

/* A record text that replaces what DNS publishes for a name (--record,
 * --draft, what-if edits). */
struct spf_draft {
	const char *name;
	const char *text;
};

struct spf_eval_opts {
	struct ip_addr          ip;     /* IPv4-mapped: unmapped by eval */
	const char             *sender; /* MAIL FROM; "" is the null sender */
	const char             *helo;   /* HELO/EHLO name, or NULL */
	const char             *domain; /* NULL: from sender, or helo */
	const char             *default_exp; /* NULL: the built-in text */
	const char             *receiver;    /* %{r}; NULL: "unknown" */
	uint64_t                now;         /* %{t} */
	const char             *record;      /* draft for the checked domain */
	const struct spf_draft *drafts;
	size_t                  ndrafts;
};

enum spf_trace_kind {
	SPF_TRACE_RECORD, /* a record entered (or not found) */
	SPF_TRACE_TERM,   /* a term tried */
	SPF_TRACE_RESULT, /* a record's result as it is left */
	SPF_TRACE_NOTE    /* limits, explanation, identity */
};

/* The longest note of a trace entry, its NUL included. Notes are allocated
 * to their length: a check keeps a few hundred entries and re-runs, and a
 * fixed 200-byte note made the trace a third of a check's heap. */
#define SPF_TRACE_NOTE_MAX 200

struct spf_trace_entry {
	enum spf_trace_kind kind;
	unsigned            depth; /* 0 for the root record */
	enum spf_via        via;
	char               *domain; /* the record's domain */
	char               *text;   /* term or record text, or NULL */
	bool                matched;
	enum spf_result     result;  /* RESULT; or a matched term's */
	unsigned            lookups; /* DNS-querying terms so far */
	unsigned            voids;
	char               *note; /* never NULL; under SPF_TRACE_NOTE_MAX */
};

/* One step of the deciding path: the record (domain, how reached) and the
 * term in it; term is NULL for "no term matched" (default neutral) or for
 * a record that could not be used. */
struct spf_step {
	char        *domain;
	enum spf_via via;
	char        *term;
};

struct spf_outcome {
	enum spf_result         result;
	char                    reason[256]; /* one line: why this result */
	struct spf_step        *path;
	size_t                  npath;
	char                   *explanation; /* on fail, else NULL */
	bool                    explanation_is_default;
	unsigned                lookups, voids;
	char                   *bad_record; /* a record that did not parse */
	size_t                  bad_len;
	size_t                  bad_off; /* byte of the fault in it */
	char                   *domain;  /* the domain checked */
	char                   *sender;  /* the identity checked */
	struct spf_trace_entry *trace;
	size_t                  ntrace;
};

struct spf_eval;

/* Checks the identity (4.3) and prepares a run; the cache is borrowed.
 * Returns NULL with err set on a usage error (e.g. null sender, no HELO). */
struct spf_eval          *spf_eval_new(struct dns_cache *c,
	     const struct spf_eval_opts *o, struct spf_err *err);
enum spf_eval_state       spf_eval_run(struct spf_eval *ev);
const struct spf_outcome *spf_eval_outcome(const struct spf_eval *ev);
void                      spf_eval_free(struct spf_eval *ev);

const char *spf_result_name(enum spf_result r);
const char *spf_via_name(enum spf_via v);

/* The default explanation when none is configured (CHOICE in .c). */
extern const char spf_eval_default_exp[];

#endif
