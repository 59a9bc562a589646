/* dmarc.c: the DMARC policy that applies to a From: domain, read from the
 * cache like everything else: asks, and says when it is still waiting.
 * The public suffix list is loaded once, on first use, and kept. */
#include "dmarc.h"

#include <libpsl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const psl_ctx_t *dmarc_psl;

bool
dmarc_org_domain(const char *domain, char *out, size_t size)
{
	const char *reg;

	/* The newer of libpsl's built-in list and the distribution's file
	 * (Debian: package publicsuffix). The built-in one costs nothing to
	 * load, and psl_builtin_outdated() compares the dates with one
	 * stat(); reading the file allocates and copies some 100 KB, which is
	 * a fifth of what a whole `spfscope check` otherwise costs. */
	if (dmarc_psl == NULL && !psl_builtin_outdated())
		dmarc_psl = psl_builtin();
	if (dmarc_psl == NULL)
		dmarc_psl = psl_latest(NULL);
	if (dmarc_psl == NULL ||
	    (reg = psl_registrable_domain(dmarc_psl, domain)) == NULL)
		return false;
	return (size_t)snprintf(out, size, "%s", reg) < size;
}

/* One DMARC TXT name: done when the answer is here; *found when it holds
 * exactly one valid DMARC record (6.6.3 steps 3-5). */
static bool
dmarc_try(struct dns_cache *c, const char *name, bool *found,
    enum dmarc_policy *p)
{
	const struct dns_answer *a = dns_cache_need(c, name, DNS_TXT);
	char                     txt[1024];
	size_t                   i, n = 0, k, o;

	*found = false;
	if (a == NULL)
		return false;
	for (i = 0; a->status == DNS_OK && i < a->nrr; i++) {
		const struct dns_rr *rr = &a->rr[i];
		enum dmarc_policy    q;
		for (k = 0, o = 0; k < rr->len; k += 1 + rr->data[k]) {
			size_t len = rr->data[k];
			if (rr->len - k - 1 < len || sizeof txt - o <= len)
				break;
			memcpy(txt + o, rr->data + k + 1, len);
			o += len;
		}
		if (dmarc_record_policy(txt, o, &q)) {
			*p = q;
			n++;
		}
	}
	*found = n == 1;
	return true;
}

bool
dmarc_lookup(struct dns_cache *c, const char *domain, enum dmarc_policy *p,
    char *where, size_t size)
{
	char name[300], org[256];
	bool found;

	snprintf(where, size, "%s", "");
	*p = DMARC_NO_RECORD;
	if (snprintf(name, sizeof name, "_dmarc.%s", domain) >=
	    (int)sizeof name)
		return true;
	if (!dmarc_try(c, name, &found, p))
		return false;
	if (found) {
		snprintf(where, size, "%s", name);
		return true;
	}
	*p = DMARC_NO_RECORD;
	if (!dmarc_org_domain(domain, org, sizeof org) ||
	    strcasecmp(org, domain) == 0)
		return true;
	snprintf(name, sizeof name, "_dmarc.%s", org);
	if (!dmarc_try(c, name, &found, p))
		return false;
	if (found)
		snprintf(where, size, "%s", name);
	else
		*p = DMARC_NO_RECORD;
	return true;
}
