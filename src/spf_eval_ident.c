/* spf_eval_ident.c: what one check_host() is about (RFC 7208 4.3, 2.4):
 * the sender, its local part and domain, the HELO identity for the null
 * sender, and whether the domain can be checked at all. spf_eval_new()
 * copies every input; the eval owns its copies until spf_eval_free(). */
#include "spf_eval_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

static bool
spf_eval_copy(char *dst, size_t size, const char *src, size_t len,
    const char *what, struct spf_err *err)
{
	if (len >= size) {
		spf_err_setc(err, SPF_EUSAGE, "%s is too long (%zu bytes)",
		    what, len);
		return false;
	}
	memcpy(dst, src, len);
	dst[len] = '\0';
	return true;
}

/* RFC 7208 4.3/1: a domain that cannot be checked gives none. */
static void
spf_eval_check_domain(struct spf_eval *ev)
{
	char why[128];

	if (ev->domain[0] == '[') {
		snprintf(ev->invalid_why, sizeof ev->invalid_why,
		    "'%.64s' is an address literal, not a domain", ev->domain);
		ev->domain_invalid = true;
	} else if (!spf_eval_name_ok(ev->domain, why, sizeof why)) {
		snprintf(ev->invalid_why, sizeof ev->invalid_why, "%s", why);
		ev->domain_invalid = true;
	} else if (strchr(ev->domain, '.') == NULL) {
		snprintf(ev->invalid_why, sizeof ev->invalid_why,
		    "'%.64s' is not a multi-label domain name", ev->domain);
		ev->domain_invalid = true;
	}
}

struct spf_eval *
spf_eval_new(struct dns_cache *c, const struct spf_eval_opts *o,
    struct spf_err *err)
{
	struct spf_eval *ev = xcalloc(1, sizeof *ev);
	const char      *helo = o->helo != NULL ? o->helo : "";
	const char      *sd, *at = NULL;
	size_t           i, n;
	int              k;

	ev->cache = c;
	ev->ip = o->ip;
	ip_unmap(&ev->ip);
	if (o->sender == NULL || o->sender[0] == '\0') {
		/* No sender: postmaster@DOMAIN. The null sender: 2.4, the
		 * HELO identity as postmaster@HELO. */
		sd = o->sender == NULL ? o->domain : helo;
		if (sd == NULL || sd[0] == '\0') {
			spf_err_setc(err, SPF_EUSAGE,
			    o->sender == NULL
				? "no domain to check: give DOMAIN or --sender"
				: "the null sender needs --helo NAME");
			goto fail;
		}
		str_lcpy(ev->local, "postmaster", sizeof ev->local);
	} else {
		at = strrchr(o->sender, '@');
		sd = at != NULL ? at + 1 : o->sender;
		/* 4.3/2: no local-part means "postmaster". */
		n = at != NULL ? (size_t)(at - o->sender) : 0;
		if (n == 0)
			str_lcpy(ev->local, "postmaster", sizeof ev->local);
		else if (!spf_eval_copy(ev->local, sizeof ev->local, o->sender,
			     n, "the sender's local part", err))
			goto fail;
	}
	if (!spf_eval_copy(ev->sender_domain, sizeof ev->sender_domain, sd,
		strlen(sd), "the sender's domain", err) ||
	    !spf_eval_copy(ev->helo, sizeof ev->helo, helo, strlen(helo),
		"the HELO name", err))
		goto fail;
	k = snprintf(ev->sender, sizeof ev->sender, "%s@%s", ev->local,
	    ev->sender_domain);
	if (k < 0 || (size_t)k >= sizeof ev->sender) {
		spf_err_setc(err, SPF_EUSAGE, "the sender is too long");
		goto fail;
	}
	sd = o->domain != NULL ? o->domain : ev->sender_domain;
	n = strlen(sd);
	if (n > 1 && sd[n - 1] == '.') /* the root's dot is no label */
		n--;
	if (!spf_eval_copy(ev->domain, sizeof ev->domain, sd, n, "the domain",
		err))
		goto fail;
	spf_eval_check_domain(ev);
	str_lcpy(ev->receiver, o->receiver != NULL ? o->receiver : "",
	    sizeof ev->receiver);
	ev->now = o->now;
	ev->default_exp = xstrdup(
	    o->default_exp != NULL ? o->default_exp : spf_eval_default_exp);
	ev->record = o->record != NULL ? xstrdup(o->record) : NULL;
	ev->drafts = xcalloc(o->ndrafts, sizeof *ev->drafts);
	for (i = 0; i < o->ndrafts; i++) {
		ev->drafts[i].name = xstrdup(o->drafts[i].name);
		ev->drafts[i].text = xstrdup(o->drafts[i].text);
	}
	ev->ndrafts = o->ndrafts;
	ev->out.domain = xstrdup(ev->domain);
	ev->out.sender = xstrdup(ev->sender);
	return ev;
fail:
	free(ev);
	return NULL;
}

void
spf_eval_free(struct spf_eval *ev)
{
	size_t i;

	if (ev == NULL)
		return;
	spf_eval_reset(ev);
	for (i = 0; i < ev->ndrafts; i++) {
		free((char *)ev->drafts[i].name);
		free((char *)ev->drafts[i].text);
	}
	free(ev->drafts);
	free(ev->record);
	free(ev->default_exp);
	free(ev->loaded);
	free(ev->step_loaded);
	free(ev->out.trace);
	free(ev->out.domain);
	free(ev->out.sender);
	free(ev);
}
