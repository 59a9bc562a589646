/* spf_macro.h: RFC 7208 section 7 macro expansion. Pure functions: no DNS.
 * The "p" letter needs DNS, so the evaluator resolves it first and passes
 * the validated name in (or leaves it empty for "unknown"). */
#ifndef SPFSCOPE_SPF_MACRO_H
#define SPFSCOPE_SPF_MACRO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ip.h"
#include "spf_err.h"
#include "str.h"

enum spf_macro_mode {
	/* domain-spec (7.1): letters s l o d i p h v; no SP; the result is
	 * truncated from the left to SPF_MAX_NAME bytes per 7.3/6. */
	SPF_MACRO_DOMAIN,
	/* explain-string (7.1, 6.2): every letter incl. c r t, and SP;
	 * the result is bounded by the output buffer, no truncation. */
	SPF_MACRO_EXPLAIN
};

struct spf_macro_ctx {
	struct str            sender;        /* s: local-part@domain */
	struct str            local;         /* l */
	struct str            sender_domain; /* o */
	struct str            domain;        /* d: the current <domain> */
	const struct ip_addr *ip;            /* i, c, v */
	struct str            helo;          /* h */
	struct str            validated;     /* p: empty means "unknown" */
	struct str            receiver;      /* r: empty means "unknown" */
	uint64_t              now;           /* t: seconds since the epoch */
};

/* Checks the syntax only (the parser calls it for every domain-spec, so a
 * bad macro is a permerror before evaluation, 4.6). err->off is relative
 * to spec.p. */
int spf_macro_check(struct str spec, enum spf_macro_mode mode,
    struct spf_err *err);

/* Expands spec into out (size bytes, NUL-terminated) and sets *outlen
 * (use it: a value may hold NUL). Returns SPF_OK, SPF_ESYNTAX (err->off
 * relative to spec.p), or SPF_ELIMIT when the result does not fit out, or
 * when a domain's last label alone is over 253 bytes. */
int spf_macro_expand(const struct spf_macro_ctx *ctx, struct str spec,
    enum spf_macro_mode mode, char *out, size_t size, size_t *outlen,
    struct spf_err *err);

/* Does spec use letter (lower-case; upper-case uses count too)? */
bool spf_macro_uses(struct str spec, char letter);

#endif
