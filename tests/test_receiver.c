/* test_receiver.c: DMARC records and policies, the organizational domain,
 * the policy lookup through the cache (_dmarc.DOMAIN, then the
 * organizational domain), and what a receiver does with each result. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "dmarc.h"
#include "dns_zone.h"
#include "receiver.h"

static const struct {
	const char       *txt;
	bool              ok;
	enum dmarc_policy p;
} records[] = {
	{ "v=DMARC1; p=reject", true, DMARC_REJECT },
	{ "v=DMARC1;p=quarantine;rua=mailto:x@example.com", true,
	    DMARC_QUARANTINE },
	{ "v=DMARC1; p=none; pct=100", true, DMARC_NONE },
	{ "v = DMARC1 ; p = reject ;", true, DMARC_REJECT },
	{ "v=DMARC1; sp=reject", false, DMARC_UNKNOWN }, /* p is required */
	{ "p=reject; v=DMARC1", false, DMARC_UNKNOWN },  /* v= must be first */
	{ "v=DMARC2; p=reject", false, DMARC_UNKNOWN },
	{ "v=DMARC1; p=bogus", false, DMARC_UNKNOWN },
	{ "v=spf1 -all", false, DMARC_UNKNOWN },
	{ "", false, DMARC_UNKNOWN },
};

static void
test_records(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof records / sizeof records[0]; i++) {
		enum dmarc_policy p = DMARC_UNKNOWN;
		bool              ok = dmarc_record_policy(records[i].txt,
				 strlen(records[i].txt), &p);
		if (ok != records[i].ok || (ok && p != records[i].p))
			fail_msg("'%s': got %d/%d", records[i].txt, ok, p);
	}
}

static void
test_org_domain(void **state)
{
	char out[256];

	(void)state;
	assert_true(dmarc_org_domain("mail.example.com", out, sizeof out));
	assert_string_equal(out, "example.com");
	assert_true(dmarc_org_domain("a.b.example.co.uk", out, sizeof out));
	assert_string_equal(out, "example.co.uk");
	assert_true(dmarc_org_domain("x.demo.example", out, sizeof out));
	assert_string_equal(out, "demo.example");
	assert_false(dmarc_org_domain("co.uk", out, sizeof out));
}

static const char zone[] = "$ORIGIN example.\n"
			   "_dmarc.org TXT \"v=DMARC1; p=reject\"\n"
			   "_dmarc.sub.org TXT \"v=DMARC1; p=none\"\n"
			   "_dmarc.two TXT \"v=DMARC1; p=reject\"\n"
			   "_dmarc.two TXT \"v=DMARC1; p=none\"\n"
			   "_dmarc.bad TXT \"v=DMARC1; p=nonsense\"\n";

static void
test_lookup(void **state)
{
	static const struct {
		const char       *domain;
		enum dmarc_policy p;
		const char       *from;
	} rows[] = {
		{ "org.example", DMARC_REJECT, "_dmarc.org.example" },
		{ "sub.org.example", DMARC_NONE, "_dmarc.sub.org.example" },
		/* no record at the name: the organizational domain's */
		{ "deep.x.org.example", DMARC_REJECT, "_dmarc.org.example" },
		/* two records: none (6.6.3 step 5) */
		{ "two.example", DMARC_NO_RECORD, "" },
		{ "bad.example", DMARC_NO_RECORD, "" },
		{ "nothing.example", DMARC_NO_RECORD, "" },
	};
	struct spf_err    err;
	struct dns_zone  *z = dns_zone_new();
	struct dns_cache *c;
	size_t            i;

	(void)state;
	memset(&err, 0, sizeof err);
	assert_int_equal(dns_zone_load_string(z, "t", zone, strlen(zone), &err),
	    SPF_OK);
	c = dns_cache_new(dns_zone_source(z));
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		enum dmarc_policy p = DMARC_UNKNOWN;
		char              from[300];
		/* a zone answers at once: done in one call */
		assert_true(
		    dmarc_lookup(c, rows[i].domain, &p, from, sizeof from));
		if (p != rows[i].p || strcmp(from, rows[i].from) != 0)
			fail_msg("%s: got %s from '%s'", rows[i].domain,
			    dmarc_policy_name(p), from);
	}
	dns_cache_free(c);
}

static void
test_receiver(void **state)
{
	struct receiver_view v;

	(void)state;
	receiver_describe(SPF_FAIL, DMARC_REJECT, false, &v);
	assert_string_equal(v.smtp, "550 5.7.23");
	assert_true(v.dkim_can_save);
	assert_non_null(strstr(v.dmarc, "p=reject"));
	assert_non_null(strstr(v.dmarc, "before DKIM"));
	receiver_describe(SPF_SOFTFAIL, DMARC_NONE, false, &v);
	assert_non_null(strstr(v.action, "suspicious"));
	assert_null(strstr(v.dmarc, "before DKIM"));
	receiver_describe(SPF_TEMPERROR, DMARC_REJECT, false, &v);
	assert_string_equal(v.smtp, "451 4.4.3");
	assert_false(v.dkim_can_save);
	receiver_describe(SPF_PASS, DMARC_QUARANTINE, false, &v);
	assert_false(v.dkim_can_save);
	assert_non_null(strstr(v.dmarc, "aligns"));
	receiver_describe(SPF_FAIL, DMARC_QUARANTINE, true, &v);
	assert_non_null(strstr(v.dmarc, "forwarding"));
	receiver_describe(SPF_PERMERROR, DMARC_NO_RECORD, false, &v);
	assert_non_null(strstr(v.action, "never reached"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_records),
		cmocka_unit_test(test_org_domain),
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_receiver),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
