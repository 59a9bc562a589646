/* fuzz_zone.c: libFuzzer target for the zone-file loader (src/dns_zone.c,
 * src/dns_zone_directive.c, Knot's zscanner behind them) and the answers
 * the zone gives (src/dns_zone_table.c). The input is a zone file; the
 * names it mentions (words with a dot) are then looked up with every type
 * the engine asks for, directly and through a cache, and each answer is
 * checked against the rules of dns.h. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dns.h"
#include "dns_cache.h"
#include "dns_zone.h"
#include "fuzz_common.h"

#define FUZZ_ZONE_NAMES 16 /* names looked up per input */
#define FUZZ_ZONE_NAME 300 /* longest word taken as a name */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint16_t fuzz_zone_types[] = { DNS_TXT, DNS_A, DNS_AAAA, DNS_MX,
	DNS_CNAME, DNS_PTR, DNS_SPF, 65280 };

static void
fuzz_answer_check(const struct dns_answer *a, uint16_t type)
{
	size_t i;

	if (a == NULL)
		fuzz_fail("no answer");
	/* The cache answers a name no query can hold with one shared
	 * DNS_BADNAME answer of no type. */
	if (a->status != DNS_BADNAME && a->type != type)
		fuzz_fail("an answer of another type");
	if (a->nrr > a->cap)
		fuzz_fail("answer holds more records than room");
	if (a->status != DNS_OK && a->nrr != 0)
		fuzz_fail("records in a failed answer");
	for (i = 0; i < a->nrr; i++)
		fuzz_check_rr(&a->rr[i]);
	(void)dns_answer_is_void(a);
	(void)dns_strerror(a->status);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dns_zone   *z;
	struct dns_cache  *c;
	struct spf_err     err;
	char              *buf, *names[FUZZ_ZONE_NAMES], why[128];
	size_t             i, j, n = 0, start;
	struct dns_answer *a;

	if (size > FUZZ_MAX_INPUT)
		return -1;
	buf = xmalloc(size == 0 ? 1 : size);
	memcpy(buf, data, size);
	z = dns_zone_new();
	spf_err_clear(&err);
	if (dns_zone_load_string(z, "fuzz.zone", buf, size, &err) != SPF_OK) {
		if (err.code != DNS_EZONE ||
		    memchr(err.msg, '\0', sizeof err.msg) == NULL)
			fuzz_fail("zone error without DNS_EZONE or a message");
	}
	/* Words with a dot: owner names, targets, directive names. */
	for (i = 0; i < size && n < FUZZ_ZONE_NAMES;) {
		while (i < size &&
		    (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\n' ||
			buf[i] == '"'))
			i++;
		start = i;
		while (i < size && buf[i] != ' ' && buf[i] != '\t' &&
		    buf[i] != '\n' && buf[i] != '"')
			i++;
		if (i > start && i - start < FUZZ_ZONE_NAME &&
		    memchr(buf + start, '.', i - start) != NULL)
			names[n++] = xmemdup0(buf + start, i - start);
	}
	for (i = 0; i < n; i++) {
		(void)dns_name_check(names[i], why, sizeof why);
		for (j = 0;
		     j < sizeof fuzz_zone_types / sizeof fuzz_zone_types[0];
		     j++) {
			a = dns_zone_lookup(z, names[i], fuzz_zone_types[j]);
			fuzz_answer_check(a, fuzz_zone_types[j]);
			dns_answer_free(a);
		}
	}
	/* The same zone as the engine sees it: through the cache. */
	c = dns_cache_new(dns_zone_source(z));
	for (i = 0; i < n; i++) {
		const struct dns_answer *ca;

		ca = dns_cache_need(c, names[i], DNS_TXT);
		if (ca != NULL)
			fuzz_answer_check(ca, DNS_TXT);
		ca = dns_cache_need(c, names[i], DNS_A);
		if (ca != NULL)
			fuzz_answer_check(ca, DNS_A);
	}
	dns_cache_free(c);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(buf);
	return 0;
}
