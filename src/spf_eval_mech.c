/* spf_eval_mech.c: the mechanisms of RFC 7208 section 5 that read DNS
 * (a, mx, ptr, exists; include is a frame, in spf_eval.c), target-name
 * expansion, the "p" macro's validated names, and prefetching. Answers
 * come from the cache only; a missing one is asked for and makes the step
 * PENDING, after every other answer the step needs was asked too. */
#include "spf_eval_int.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "xmalloc.h"

#define SPF_PREFETCH_MAX 64 /* queries one run may ask ahead */

void
spf_eval_macro_ctx(struct spf_eval *ev, const char *domain,
    struct spf_macro_ctx *ctx)
{
	memset(ctx, 0, sizeof *ctx);
	ctx->sender = str_from(ev->sender);
	ctx->local = str_from(ev->local);
	ctx->sender_domain = str_from(ev->sender_domain);
	ctx->domain = str_from(domain);
	ctx->ip = &ev->ip;
	/* CHOICE: with no HELO given, %{h} is "unknown", as %{p} and %{r}
	 * are when unknown (RFC 7208 7.3). */
	ctx->helo = str_from(ev->helo[0] != '\0' ? ev->helo : "unknown");
	ctx->receiver = str_from(ev->receiver);
	ctx->now = ev->now;
}

bool
spf_eval_name_ok(const char *name, char *why, size_t size)
{
	return dns_name_check(name, why, size);
}

static uint16_t
spf_eval_addr_type(const struct spf_eval *ev)
{
	/* 5.3/3: AAAA for an IPv6 client, A for IPv4. */
	return ev->ip.family == 4 ? DNS_A : DNS_AAAA;
}

/* Is the answer an error that stops check_host() (5/8)? */
static bool
spf_eval_dns_error(const struct dns_answer *a, char *note, size_t size,
    const char *what)
{
	if (a->status == DNS_OK || a->status == DNS_NXDOMAIN ||
	    a->status == DNS_BADNAME)
		return false;
	snprintf(note, size, "%s %s: %s (RFC 7208 5/8)", what, a->name,
	    dns_strerror(a->status));
	return true;
}

/* 5.5: PTR names of the client that resolve back to it; the first
 * SPF_MAX_PTR_NAMES only (4.6.4/3). DNS errors skip a name. */
static enum spf_step_result
spf_eval_validate(struct spf_eval *ev)
{
	const struct dns_answer *ptr, *a;
	char                     rev[128];
	size_t                   i, k, n;
	bool                     pending = false;

	if (ev->validated_done)
		return SPF_STEP_MATCH;
	if (!ip_reverse_name(&ev->ip, rev, sizeof rev))
		return SPF_STEP_PERMERROR;
	if ((ptr = dns_cache_need(ev->cache, rev, DNS_PTR)) == NULL)
		return SPF_STEP_PENDING;
	n = ptr->status == DNS_OK ? ptr->nrr : 0;
	if (n > SPF_MAX_PTR_NAMES)
		n = SPF_MAX_PTR_NAMES;
	for (i = 0; i < n; i++)
		if (dns_cache_need(ev->cache, (char *)ptr->rr[i].data,
			spf_eval_addr_type(ev)) == NULL)
			pending = true;
	if (pending)
		return SPF_STEP_PENDING;
	ev->validated = xcalloc(n, sizeof *ev->validated);
	for (i = 0; i < n; i++) {
		a = dns_cache_get(ev->cache, (char *)ptr->rr[i].data,
		    spf_eval_addr_type(ev));
		if (a == NULL || a->status != DNS_OK)
			continue;
		for (k = 0; k < a->nrr; k++) {
			if (ip_in_net(&ev->ip, a->rr[k].data, ev->ip.family,
				ev->ip.family == 4 ? 32 : 128)) {
				ev->validated[ev->nvalidated++] =
				    xstrdup((char *)ptr->rr[i].data);
				break;
			}
		}
	}
	ev->validated_done = true;
	return SPF_STEP_MATCH;
}

/* Is name the domain or a subdomain of it? Bytes compared as DNS does. */
static bool
spf_eval_under(const char *name, const char *domain)
{
	size_t n = strlen(name), d = strlen(domain);

	if (d > 0 && domain[d - 1] == '.')
		d--;
	if (n > 0 && name[n - 1] == '.')
		n--;
	if (n < d || strncasecmp(name + n - d, domain, d) != 0)
		return false;
	return n == d || name[n - d - 1] == '.';
}

enum spf_step_result
spf_eval_expand(struct spf_eval *ev, const char *domain, struct str spec,
    enum spf_macro_mode mode, char *out, size_t size)
{
	struct spf_macro_ctx ctx;
	struct spf_err       err;
	enum spf_step_result s;
	size_t               len, i;

	spf_eval_macro_ctx(ev, domain, &ctx);
	if (spf_macro_uses(spec, 'p')) {
		/* 7.3: p is the validated name: the domain itself, else a
		 * subdomain of it, else any; "unknown" when none. */
		if ((s = spf_eval_validate(ev)) != SPF_STEP_MATCH)
			return s;
		for (i = 0; i < ev->nvalidated; i++)
			if (dns_name_eq(ev->validated[i], domain))
				break;
		if (i == ev->nvalidated)
			for (i = 0; i < ev->nvalidated; i++)
				if (spf_eval_under(ev->validated[i], domain))
					break;
		if (i == ev->nvalidated && ev->nvalidated > 0)
			i = 0;
		if (i < ev->nvalidated)
			ctx.validated = str_from(ev->validated[i]);
	}
	spf_err_clear(&err);
	if (spf_macro_expand(&ctx, spec, mode, out, size, &len, &err) !=
	    SPF_OK) {
		snprintf(out, size, "%s", err.msg);
		return SPF_STEP_PERMERROR;
	}
	return SPF_STEP_MATCH;
}

/* A mechanism's target-name (4.8): the expanded domain-spec, or the
 * current domain when there is none. NOMATCH when it is not a name a
 * query can be made of. */
enum spf_step_result
spf_eval_target(struct spf_eval *ev, const char *domain, struct str spec,
    char *out, size_t size)
{
	enum spf_step_result s;
	char                 why[128];
	size_t               n;

	if (spec.len == 0) {
		str_lcpy(out, domain, size);
		return SPF_STEP_MATCH;
	}
	s = spf_eval_expand(ev, domain, spec, SPF_MACRO_DOMAIN, out, size);
	if (s != SPF_STEP_MATCH)
		return s;
	n = strlen(out);
	if (n > 1 && out[n - 1] == '.')
		out[n - 1] = '\0'; /* 7.1: a trailing dot is allowed */
	/* The record's bytes are literal: a backslash is a character of
	 * the name, not an escape (dns.h). */
	if (strchr(out, '\\') != NULL) {
		char lit[SPF_NAME_BUF];
		if (!dns_name_from_literal(out, lit, sizeof lit))
			return SPF_STEP_NOMATCH;
		str_lcpy(out, lit, size);
	}
	if (!spf_eval_name_ok(out, why, sizeof why))
		return SPF_STEP_NOMATCH;
	return SPF_STEP_MATCH;
}

static bool
spf_eval_addr_match(const struct spf_eval *ev, const struct dns_answer *a,
    const struct spf_term *t)
{
	int    cidr = ev->ip.family == 4 ? t->cidr4 : t->cidr6;
	size_t i;

	if (cidr < 0)
		cidr = ev->ip.family == 4 ? 32 : 128;
	for (i = 0; i < a->nrr; i++)
		if (a->rr[i].len == (ev->ip.family == 4 ? 4u : 16u) &&
		    ip_in_net(&ev->ip, a->rr[i].data, ev->ip.family,
			(unsigned)cidr))
			return true;
	return false;
}

/* 5.4: the MX hosts' addresses; more than 10 names is a permerror. */
static enum spf_step_result
spf_eval_mx(struct spf_eval *ev, const struct dns_answer *mx,
    const struct spf_term *t, char *note, size_t size)
{
	const struct dns_answer *a;
	size_t                   i;
	bool                     pending = false;
	char                     why[128];

	if (mx->nrr > SPF_MAX_MX_NAMES) {
		snprintf(note, size,
		    "%s has %zu MX names, over the limit of "
		    "%d (RFC 7208 4.6.4/2)",
		    mx->name, mx->nrr, SPF_MAX_MX_NAMES);
		return SPF_STEP_PERMERROR;
	}
	for (i = 0; i < mx->nrr; i++) {
		const char *host = (const char *)mx->rr[i].data;
		/* A null MX (RFC 7505, host ".") names no host. */
		if (host[0] == '\0' || !spf_eval_name_ok(host, why, sizeof why))
			continue;
		if (dns_cache_need(ev->cache, host, spf_eval_addr_type(ev)) ==
		    NULL)
			pending = true;
	}
	if (pending)
		return SPF_STEP_PENDING;
	for (i = 0; i < mx->nrr; i++) {
		const char *host = (const char *)mx->rr[i].data;
		if (host[0] == '\0' || !spf_eval_name_ok(host, why, sizeof why))
			continue;
		a = dns_cache_get(ev->cache, host, spf_eval_addr_type(ev));
		if (spf_eval_dns_error(a, note, size, "MX host"))
			return SPF_STEP_TEMPERROR;
		if (spf_eval_addr_match(ev, a, t)) {
			snprintf(note, size, "MX host %s has the address",
			    host);
			return SPF_STEP_MATCH;
		}
	}
	snprintf(note, size, "no MX host of %s has the address", mx->name);
	return SPF_STEP_NOMATCH;
}

/* 5.5: ptr matches when a validated name is the target or under it. A DNS
 * error in the PTR lookup is no match. */
static enum spf_step_result
spf_eval_ptr(struct spf_eval *ev, const char *target, char *note, size_t size)
{
	const struct dns_answer *ptr;
	enum spf_step_result     s;
	char                     rev[128];
	size_t                   i;

	if (!ip_reverse_name(&ev->ip, rev, sizeof rev))
		return SPF_STEP_NOMATCH;
	if ((ptr = dns_cache_need(ev->cache, rev, DNS_PTR)) == NULL)
		return SPF_STEP_PENDING;
	if (dns_answer_is_void(ptr) && !spf_eval_count_void(ev, rev))
		return SPF_STEP_PERMERROR;
	if ((s = spf_eval_validate(ev)) != SPF_STEP_MATCH)
		return s;
	for (i = 0; i < ev->nvalidated; i++) {
		if (spf_eval_under(ev->validated[i], target)) {
			snprintf(note, size, "%s is validated and under %s",
			    ev->validated[i], target);
			return SPF_STEP_MATCH;
		}
	}
	snprintf(note, size, "no validated PTR name under %s", target);
	return SPF_STEP_NOMATCH;
}

enum spf_step_result
spf_eval_mech(struct spf_eval *ev, const char *domain, const struct spf_term *t,
    char *note, size_t size)
{
	const struct dns_answer *a;
	enum spf_step_result     s;
	char                     target[SPF_NAME_BUF];
	uint16_t                 type;
	int                      cidr;

	switch (t->kind) {
	case SPF_MECH_ALL:
		snprintf(note, size, "all always matches");
		return SPF_STEP_MATCH;
	case SPF_MECH_IP4:
	case SPF_MECH_IP6:
		cidr = t->kind == SPF_MECH_IP4 ? t->cidr4 : t->cidr6;
		if (cidr < 0)
			cidr = t->kind == SPF_MECH_IP4 ? 32 : 128;
		/* 5.6/2: ip6 never matches an IPv4 client, nor ip4 IPv6. */
		if (ip_in_net(&ev->ip, t->net, t->kind == SPF_MECH_IP4 ? 4 : 6,
			(unsigned)cidr)) {
			snprintf(note, size, "the address is in the network");
			return SPF_STEP_MATCH;
		}
		snprintf(note, size,
		    (t->kind == SPF_MECH_IP4) == (ev->ip.family == 4)
			? "not in the network"
			: "never matches an IPv%d client (RFC 7208 5.6/2)",
		    ev->ip.family);
		return SPF_STEP_NOMATCH;
	default:
		break;
	}
	s = spf_eval_target(ev, domain, t->domain, target, sizeof target);
	if (s == SPF_STEP_NOMATCH) {
		/* CHOICE: RFC 7208 leaves an unusable target-name open (the
		 * suite accepts fail or permerror); like 4.3/1 we make no
		 * query and the mechanism does not match. */
		snprintf(note, size, "'%.100s' is not a valid name: no match",
		    target);
		return SPF_STEP_NOMATCH;
	}
	if (s != SPF_STEP_MATCH) {
		if (s == SPF_STEP_PERMERROR)
			snprintf(note, size, "%s", target);
		return s;
	}
	if (t->kind == SPF_MECH_PTR)
		return spf_eval_ptr(ev, target, note, size);
	type = t->kind == SPF_MECH_MX    ? DNS_MX
	    : t->kind == SPF_MECH_EXISTS ? DNS_A
					 : spf_eval_addr_type(ev);
	if ((a = dns_cache_need(ev->cache, target, type)) == NULL)
		return SPF_STEP_PENDING;
	if (spf_eval_dns_error(a, note, size, dns_type_name(type)))
		return SPF_STEP_TEMPERROR;
	if (dns_answer_is_void(a) || a->status == DNS_BADNAME) {
		snprintf(note, size, "%s %s: %s, a void lookup",
		    dns_type_name(type), target,
		    a->status == DNS_OK ? "no records"
					: dns_strerror(a->status));
		if (!spf_eval_count_void(ev, target))
			return SPF_STEP_PERMERROR;
		return SPF_STEP_NOMATCH;
	}
	switch (t->kind) {
	case SPF_MECH_MX:
		return spf_eval_mx(ev, a, t, note, size);
	case SPF_MECH_EXISTS:
		/* 5.7/3: any A record matches, whatever the client. */
		snprintf(note, size, "%s exists", target);
		return SPF_STEP_MATCH;
	default:
		if (spf_eval_addr_match(ev, a, t)) {
			snprintf(note, size, "%s has the address", target);
			return SPF_STEP_MATCH;
		}
		snprintf(note, size, "%s: %zu address(es), none matches",
		    target, a->nrr);
		return SPF_STEP_NOMATCH;
	}
}

static void spf_eval_prefetch_record(struct spf_eval *ev, const char *domain,
    unsigned depth);

/* What term t of the record at domain will ask; the record of an
 * include or redirect target is at depth. */
static void /* NOLINTNEXTLINE(misc-no-recursion): depth <= SPF_MAX_DEPTH */
spf_eval_prefetch_at(struct spf_eval *ev, const char *domain,
    const struct spf_term *t, unsigned depth)
{
	const struct dns_answer *a;
	char                     target[SPF_NAME_BUF];
	size_t                   i;

	/* Never ahead of what evaluation may still spend: past the 10th
	 * DNS-querying term check_host() stops (4.6.4/1), and a query for
	 * the 12th would only load the servers the limit protects. */
	if (ev->prefetched >= SPF_PREFETCH_MAX || !spf_term_queries_dns(t) ||
	    ev->lookups + ev->prefetched >= SPF_MAX_DNS_TERMS ||
	    t->kind == SPF_MECH_PTR || spf_macro_uses(t->domain, 'p'))
		return;
	if (spf_eval_target(ev, domain, t->domain, target, sizeof target) !=
	    SPF_STEP_MATCH)
		return;
	ev->prefetched++;
	switch (t->kind) {
	case SPF_MECH_INCLUDE:
	case SPF_MOD_REDIRECT:
		spf_eval_prefetch_record(ev, target, depth);
		break;
	case SPF_MECH_MX:
		a = dns_cache_need(ev->cache, target, DNS_MX);
		for (i = 0; a != NULL && a->status == DNS_OK && i < a->nrr &&
		     i < SPF_MAX_MX_NAMES;
		     i++)
			if (a->rr[i].data[0] != '\0')
				dns_cache_want(ev->cache,
				    (const char *)a->rr[i].data,
				    spf_eval_addr_type(ev));
		break;
	case SPF_MECH_EXISTS:
		dns_cache_want(ev->cache, target, DNS_A);
		break;
	default:
		dns_cache_want(ev->cache, target, spf_eval_addr_type(ev));
		break;
	}
}

void
spf_eval_prefetch_term(struct spf_eval *ev, const char *domain,
    const struct spf_term *t)
{
	spf_eval_prefetch_at(ev, domain, t, 0);
}

/* What a record's terms will ask, and its includes' records in turn. */
static void /* NOLINTNEXTLINE(misc-no-recursion): depth <= SPF_MAX_DEPTH */
spf_eval_prefetch_terms(struct spf_eval *ev, const char *domain,
    const struct spf_record *rec, unsigned depth)
{
	size_t i;

	for (i = 0; i < rec->nterms; i++)
		spf_eval_prefetch_at(ev, domain, &rec->terms[i], depth + 1);
}

/* An include or redirect target ahead of the evaluation: its TXT, and
 * when that is here, what its terms need. */
static void /* NOLINTNEXTLINE(misc-no-recursion): depth <= SPF_MAX_DEPTH */
spf_eval_prefetch_record(struct spf_eval *ev, const char *domain,
    unsigned depth)
{
	const struct dns_answer *a;
	struct spf_record       *rec;
	const char              *draft;
	size_t                   i, n;

	if (depth >= SPF_MAX_DEPTH)
		return;
	if ((draft = spf_eval_draft_for(ev, domain, SPF_VIA_INCLUDE)) != NULL) {
		if (spf_parse_record(draft, strlen(draft), &rec, NULL) ==
		    SPF_OK) {
			spf_eval_prefetch_terms(ev, domain, rec, depth);
			spf_record_free(rec);
		}
		return;
	}
	a = dns_cache_need(ev->cache, domain, DNS_TXT);
	if (a == NULL || a->status != DNS_OK)
		return;
	for (i = 0; i < a->nrr; i++) {
		const struct dns_rr *rr = &a->rr[i];
		if (rr->len < 7 || rr->data[0] < 6 ||
		    !spf_parse_is_spf((const char *)rr->data + 1, rr->data[0]))
			continue;
		/* Single-string records are the common case; a record of
		 * several strings is fetched ahead when evaluation gets
		 * there. */
		n = rr->data[0];
		if (n + 1 != rr->len ||
		    spf_parse_record((const char *)rr->data + 1, n, &rec,
			NULL) != SPF_OK)
			return;
		spf_eval_prefetch_terms(ev, domain, rec, depth);
		spf_record_free(rec);
		return;
	}
}
