/* fuzz_common.h: what the libFuzzer targets of tests/fuzz/ share: the
 * input format of the zone-driven targets (eval, tree, json), the zone
 * behind a DNS cache, bounded loops, and the checks on text output.
 *
 * Input of the zone-driven targets: header lines, each starting with '@',
 * then the zone text (everything from the first line that does not start
 * with '@'):
 *
 *   @ip 192.0.2.1          @sender user@example.com   @helo mx.example.com
 *   @domain example.com    @record v=spf1 -all        @exp %{i} is not ok
 *   @draft NAME TEXT       @receiver mx.example       @ascii
 *
 * Every value is copied to its own allocation of exactly its length plus
 * the NUL, so that ASan sees a read past its end. Everything is static:
 * each target is one translation unit, and inline
 * keeps clang quiet about the ones a target does not use. */
#ifndef SPFSCOPE_FUZZ_COMMON_H
#define SPFSCOPE_FUZZ_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns_cache.h"
#include "dns_zone.h"
#include "ip.h"
#include "spf_eval.h"
#include "spf_macro.h"
#include "xmalloc.h"

#define FUZZ_MAX_INPUT (16 * 1024) /* zone-driven targets: zscanner */
#define FUZZ_MAX_VALUE 1024        /* one header value */
#define FUZZ_MAX_DRAFTS 4
#define FUZZ_MAX_RUNS 64     /* spf_eval_run / spf_tree_resume turns */
#define FUZZ_NOW 1700000000u /* %{t}: fixed, runs repeat */

struct fuzz_opts {
	char            *ip, *sender, *helo, *domain, *record, *exp;
	char            *receiver;
	char            *draft_name[FUZZ_MAX_DRAFTS];
	char            *draft_text[FUZZ_MAX_DRAFTS];
	struct spf_draft drafts[FUZZ_MAX_DRAFTS];
	size_t           ndrafts;
	bool             ascii;
	struct ip_addr   addr; /* ip parsed, or 192.0.2.1 */
	char            *zone; /* exact-size copy, no NUL */
	size_t           zone_len;
};

/* A report, a crash or a hang: abort() so that libFuzzer keeps the input. */
static inline void
fuzz_fail(const char *what)
{
	fprintf(stderr, "fuzz: %s\n", what);
	abort();
}

static inline void
fuzz_set(char **dst, const char *p, size_t len)
{
	free(*dst);
	*dst = xmemdup0(p, len > FUZZ_MAX_VALUE ? FUZZ_MAX_VALUE : len);
}

static inline bool
fuzz_key(const char *line, size_t len, const char *key, const char **val,
    size_t *vlen)
{
	size_t k = strlen(key);

	if (len < k || memcmp(line, key, k) != 0)
		return false;
	if (len > k && line[k] != ' ')
		return false;
	*val = len > k ? line + k + 1 : line + len;
	*vlen = len > k ? len - k - 1 : 0;
	return true;
}

static inline void
fuzz_opts_parse(const uint8_t *data, size_t size, struct fuzz_opts *o)
{
	const char *p = (const char *)data, *end = p + size, *nl, *v;
	size_t      len, vlen;

	memset(o, 0, sizeof *o);
	while (p < end && *p == '@') {
		nl = memchr(p, '\n', (size_t)(end - p));
		len = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		if (fuzz_key(p, len, "@ip", &v, &vlen))
			fuzz_set(&o->ip, v, vlen);
		else if (fuzz_key(p, len, "@sender", &v, &vlen))
			fuzz_set(&o->sender, v, vlen);
		else if (fuzz_key(p, len, "@helo", &v, &vlen))
			fuzz_set(&o->helo, v, vlen);
		else if (fuzz_key(p, len, "@domain", &v, &vlen))
			fuzz_set(&o->domain, v, vlen);
		else if (fuzz_key(p, len, "@record", &v, &vlen))
			fuzz_set(&o->record, v, vlen);
		else if (fuzz_key(p, len, "@exp", &v, &vlen))
			fuzz_set(&o->exp, v, vlen);
		else if (fuzz_key(p, len, "@receiver", &v, &vlen))
			fuzz_set(&o->receiver, v, vlen);
		else if (fuzz_key(p, len, "@ascii", &v, &vlen))
			o->ascii = true;
		else if (fuzz_key(p, len, "@draft", &v, &vlen) &&
		    o->ndrafts < FUZZ_MAX_DRAFTS) {
			const char *sp = memchr(v, ' ', vlen);
			size_t      n = sp != NULL ? (size_t)(sp - v) : vlen;
			size_t      k = o->ndrafts++;

			fuzz_set(&o->draft_name[k], v, n);
			fuzz_set(&o->draft_text[k], sp != NULL ? sp + 1 : v + n,
			    sp != NULL ? vlen - n - 1 : 0);
			o->drafts[k].name = o->draft_name[k];
			o->drafts[k].text = o->draft_text[k];
		}
		p = nl != NULL ? nl + 1 : end;
	}
	o->zone_len = (size_t)(end - p);
	o->zone = xmalloc(o->zone_len == 0 ? 1 : o->zone_len);
	if (o->zone_len > 0)
		memcpy(o->zone, p, o->zone_len);
	if (o->ip == NULL || !ip_parse(o->ip, strlen(o->ip), &o->addr)) {
		memset(&o->addr, 0, sizeof o->addr);
		o->addr.family = 4;
		o->addr.b[0] = 192;
		o->addr.b[2] = 2;
		o->addr.b[3] = 1;
	}
}

static inline void
fuzz_opts_free(struct fuzz_opts *o)
{
	size_t i;

	free(o->ip);
	free(o->sender);
	free(o->helo);
	free(o->domain);
	free(o->record);
	free(o->exp);
	free(o->receiver);
	for (i = 0; i < o->ndrafts; i++) {
		free(o->draft_name[i]);
		free(o->draft_text[i]);
	}
	free(o->zone);
}

/* The zone (as much of it as loads: a zone with an error keeps what came
 * before it) behind a new cache, as `--zone FILE` does. */
static inline struct dns_cache *
fuzz_zone_cache(const struct fuzz_opts *o)
{
	struct dns_zone *z = dns_zone_new();
	struct spf_err   err;

	spf_err_clear(&err);
	(void)dns_zone_load_string(z, "fuzz.zone", o->zone, o->zone_len, &err);
	if (memchr(err.msg, '\0', sizeof err.msg) == NULL)
		fuzz_fail("zone error message not terminated");
	return dns_cache_new(dns_zone_source(z));
}

/* check_host() as the CLI runs it, over the zone: NULL when spf_eval_new()
 * refuses the options (a usage error, not a result). */
static inline struct spf_eval *
fuzz_eval(struct dns_cache *c, const struct fuzz_opts *o, bool *done)
{
	struct spf_eval_opts eo;
	struct spf_eval     *ev;
	struct spf_err       err;
	int                  i;

	memset(&eo, 0, sizeof eo);
	eo.ip = o->addr;
	eo.sender = o->sender != NULL ? o->sender : "postmaster@example.com";
	eo.helo = o->helo;
	eo.domain = o->domain;
	eo.receiver = o->receiver;
	eo.now = FUZZ_NOW;
	eo.record = o->record;
	eo.drafts = o->drafts;
	eo.ndrafts = o->ndrafts;
	spf_err_clear(&err);
	/* The CLI and the explorer check --default-explanation first. */
	if (o->exp != NULL &&
	    spf_macro_check(str_from(o->exp), SPF_MACRO_EXPLAIN, &err) ==
		SPF_OK)
		eo.default_exp = o->exp;
	spf_err_clear(&err);
	if ((ev = spf_eval_new(c, &eo, &err)) == NULL)
		return NULL;
	*done = false;
	/* A zone answers at once, except where a "timeout" directive says
	 * it never will: then the evaluation stays pending. */
	for (i = 0; i < FUZZ_MAX_RUNS && !*done; i++)
		*done = spf_eval_run(ev) == SPF_EVAL_DONE;
	return ev;
}

/* Text for a terminal: no C0 control but newline, no DEL. (C1 controls
 * are two bytes in UTF-8, kept only when they are valid printable UTF-8
 * per vis.h; vis_escape's own test covers those.) */
static inline void
fuzz_check_text(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && c != '\n') || c == 0x7f) {
			fprintf(stderr, "fuzz: byte 0x%02x at %zu of: %.*s\n",
			    c, i, (int)len, s);
			fuzz_fail("raw control byte in text output");
		}
	}
}

/* One record of an answer, from the wire or a zone, as the rest of the
 * program reads it: addresses of their length, names as C strings of
 * exactly len bytes, TXT as whole <length><bytes> strings. */
static inline void
fuzz_check_rr(const struct dns_rr *rr)
{
	size_t k = 0;

	switch (rr->type) {
	case DNS_A:
	case DNS_AAAA:
		if (rr->len != (rr->type == DNS_A ? 4u : 16u))
			fuzz_fail("address of the wrong length");
		break;
	case DNS_MX:
	case DNS_PTR:
	case DNS_CNAME:
		if (rr->data[rr->len] != '\0' ||
		    strlen((const char *)rr->data) != rr->len)
			fuzz_fail("name rdata not a C string of len");
		break;
	case DNS_TXT:
	case DNS_SPF:
		while (k < rr->len)
			k += 1 + rr->data[k];
		if (k != rr->len)
			fuzz_fail("TXT rdata not whole strings");
		break;
	default:
		break;
	}
}

#endif
