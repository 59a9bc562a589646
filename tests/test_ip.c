/* test_ip.c: addresses, CIDR tests and reverse names, src/ip.c. Inputs
 * are copied to heap blocks of exactly their length, with no NUL after
 * them, and outputs go to blocks of exactly the size given, so ASan sees
 * any byte read or written past either. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ip.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static char *
exact_copy(const char *p, size_t len)
{
	char *q = malloc(len > 0 ? len : 1);

	assert_non_null(q);
	memcpy(q, p, len);
	return q;
}

static void
must_parse(const char *s, struct ip_addr *ip)
{
	if (!ip_parse(s, strlen(s), ip))
		fail_msg("ip_parse(\"%s\") failed", s);
}

/* ip_parse(): a length, not a NUL, ends the text; the forms are strict. */
static const struct {
	const char *s;
	size_t      len;    /* 0: strlen(s) */
	int         family; /* 0: rejected */
	uint8_t     b[16];
} parses[] = {
	{ "192.0.2.1", 0, 4, { 192, 0, 2, 1 } },
	{ "0.0.0.0", 0, 4, { 0 } },
	{ "255.255.255.255", 0, 4, { 255, 255, 255, 255 } },
	{ "1.2.3.45", 7, 4, { 1, 2, 3, 4 } },
	{ "1.2.3.4 and more", 7, 4, { 1, 2, 3, 4 } },
	{ "::", 0, 6, { 0 } },
	{ "::1", 0, 6, { [15] = 1 } },
	{ "2001:db8::cb01", 0, 6,
	    { 0x20, 0x01, 0x0d, 0xb8, [14] = 0xcb, [15] = 0x01 } },
	{ "2001:DB8:0:0:0:0:0:CB01", 0, 6,
	    { 0x20, 0x01, 0x0d, 0xb8, [14] = 0xcb, [15] = 0x01 } },
	{ "::ffff:192.0.2.1", 0, 6,
	    { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1 } },
	{ "::1]", 3, 6, { [15] = 1 } },
	{ "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255", 0, 6,
	    { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff } },
	/* Rejected. */
	{ "", 0, 0, { 0 } },
	{ "1.2.3", 0, 0, { 0 } },
	{ "1.2.3.4.5", 0, 0, { 0 } },
	{ "256.0.0.1", 0, 0, { 0 } },
	{ "01.2.3.4", 0, 0, { 0 } },
	{ "1.2.3.04", 0, 0, { 0 } },
	{ "0x1.2.3.4", 0, 0, { 0 } },
	{ "1.2.3.4 ", 0, 0, { 0 } },
	{ " 1.2.3.4", 0, 0, { 0 } },
	{ "1.2.3.4/24", 0, 0, { 0 } },
	{ "1.2.3.4\n", 0, 0, { 0 } },
	{ "1.2.3.4\0", 8, 0, { 0 } },
	{ "1.2.3.4\0.5", 10, 0, { 0 } },
	{ "::1\0junk", 8, 0, { 0 } },
	{ "\0001.2.3.4", 8, 0, { 0 } }, /* octal \000, then "1" */
	{ "[::1]", 0, 0, { 0 } },
	{ "fe80::1%eth0", 0, 0, { 0 } },
	{ "2001:db8:::1", 0, 0, { 0 } },
	{ "1::2::3", 0, 0, { 0 } },
	{ "1:2:3:4:5:6:7:8:9", 0, 0, { 0 } },
	{ "12345::", 0, 0, { 0 } },
	{ "::ffff:1.2.3.04", 0, 0, { 0 } },
	{ "example.com", 0, 0, { 0 } },
	/* Longer than any address can be (45 bytes): rejected without
	 * a byte read or written out of bounds. */
	{ "0000:0000:0000:0000:0000:0000:0000:0001::::::::::::::::::::::::::",
	    0, 0, { 0 } },
	{ "1.2.3.4xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	  "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	    0, 0, { 0 } },
	{ "1.2.3.4xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	    7, 4, { 1, 2, 3, 4 } },
};

static void
test_parse(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(parses); i++) {
		size_t len =
		    parses[i].len != 0 ? parses[i].len : strlen(parses[i].s);
		char          *s = exact_copy(parses[i].s, len);
		struct ip_addr ip;
		bool           ok;

		memset(&ip, 0xa5, sizeof ip);
		ok = ip_parse(s, len, &ip);
		free(s);
		if (ok != (parses[i].family != 0))
			fail_msg("ip_parse(\"%s\", %zu) is %d", parses[i].s,
			    len, ok);
		if (!ok)
			continue;
		assert_int_equal(ip.family, parses[i].family);
		/* All 16 bytes: an IPv4 address leaves the rest zero. */
		assert_memory_equal(ip.b, parses[i].b, sizeof ip.b);
	}
}

/* RFC 7208 5: an IPv4-mapped client is its IPv4 address. */
static void
test_unmap(void **state)
{
	static const struct {
		const char *in, *out;
		bool        mapped;
	} rows[] = {
		{ "::ffff:1.2.3.4", "1.2.3.4", true },
		{ "::FFFF:c000:0201", "192.0.2.1", true },
		{ "::ffff:0.0.0.0", "0.0.0.0", true },
		{ "::1", "::1", false },
		{ "::", "::", false },
		{ "::1.2.3.4", "::1.2.3.4", false }, /* IPv4-compatible */
		{ "::fffe:1.2.3.4", "::fffe:102:304", false },
		{ "1::ffff:1.2.3.4", "1::ffff:102:304", false },
		{ "64:ff9b::1.2.3.4", "64:ff9b::102:304", false },
		{ "1.2.3.4", "1.2.3.4", false },
	};
	struct ip_addr ip, want;
	char           buf[64];
	size_t         i;

	(void)state;
	for (i = 0; i < NELEM(rows); i++) {
		must_parse(rows[i].in, &ip);
		must_parse(rows[i].out, &want);
		if (ip_unmap(&ip) != rows[i].mapped)
			fail_msg("ip_unmap(%s) is not %d", rows[i].in,
			    rows[i].mapped);
		assert_int_equal(ip.family, want.family);
		assert_memory_equal(ip.b, want.b, sizeof ip.b);
		assert_string_equal(ip_format(&ip, buf, sizeof buf),
		    rows[i].out);
	}
}

/* RFC 7208 5.6: CIDR matching, and family mismatches never match. */
static const struct {
	const char *ip;
	const char *net;
	int         family;
	unsigned    prefix;
	bool        want;
} nets[] = {
	{ "192.0.2.1", "0.0.0.0", 4, 0, true },
	{ "255.255.255.255", "0.0.0.0", 4, 0, true },
	{ "1.2.3.4", "203.0.113.9", 4, 0, true },
	{ "127.255.255.255", "0.0.0.0", 4, 1, true },
	{ "128.0.0.0", "0.0.0.0", 4, 1, false },
	{ "128.0.0.0", "255.0.0.0", 4, 1, true },
	{ "2.0.0.0", "2.0.0.0", 4, 7, true },
	{ "3.255.255.255", "2.0.0.0", 4, 7, true },
	{ "4.0.0.0", "2.0.0.0", 4, 7, false },
	{ "1.255.255.255", "2.0.0.0", 4, 7, false },
	{ "10.255.255.255", "10.0.0.0", 4, 8, true },
	{ "11.0.0.0", "10.0.0.0", 4, 8, false },
	{ "9.255.255.255", "10.0.0.0", 4, 8, false },
	{ "192.0.2.129", "192.0.2.128", 4, 25, true },
	{ "192.0.2.127", "192.0.2.128", 4, 25, false },
	{ "192.0.2.77", "192.0.2.1", 4, 24, true }, /* host bits ignored */
	{ "192.0.2.0", "192.0.2.1", 4, 31, true },
	{ "192.0.2.1", "192.0.2.0", 4, 31, true },
	{ "192.0.2.2", "192.0.2.0", 4, 31, false },
	{ "192.0.2.1", "192.0.2.1", 4, 32, true },
	{ "192.0.2.0", "192.0.2.1", 4, 32, false },
	{ "192.0.2.3", "192.0.2.1", 4, 32, false },
	{ "192.0.2.1", "192.0.2.1", 4, 33, false },
	{ "192.0.2.1", "192.0.2.1", 4, 128, false },
	{ "192.0.2.1", "192.0.2.1", 4, UINT_MAX, false },
	{ "::1", "::", 6, 0, true },
	{ "ffff::1", "2001:db8::", 6, 0, true },
	{ "2001:db8:7fff:ffff::", "2001:db8::", 6, 33, true },
	{ "2001:db8:8000::", "2001:db8::", 6, 33, false },
	{ "2001:db8::1:2:3:4", "2001:db8::", 6, 64, true },
	{ "2001:db8:0:1::", "2001:db8::", 6, 64, false },
	{ "2001:db8::", "2001:db8::1", 6, 127, true },
	{ "2001:db8::1", "2001:db8::", 6, 127, true },
	{ "2001:db8::2", "2001:db8::", 6, 127, false },
	{ "2001:db8::cb01", "2001:db8::cb01", 6, 128, true },
	{ "2001:db8::cb00", "2001:db8::cb01", 6, 128, false },
	{ "2001:db8::cb01", "2001:db8::cb01", 6, 129, false },
	{ "2001:db8::cb01", "2001:db8::cb01", 6, UINT_MAX, false },
	/* Families must agree, even for /0 and for mapped addresses. */
	{ "192.0.2.1", "::", 6, 0, false },
	{ "192.0.2.1", "::ffff:192.0.2.1", 6, 128, false },
	{ "192.0.2.1", "::ffff:192.0.2.1", 6, 96, false },
	{ "::1", "0.0.0.0", 4, 0, false },
	{ "::ffff:192.0.2.1", "192.0.2.0", 4, 24, false },
	{ "::ffff:192.0.2.1", "192.0.2.0", 4, 0, false },
};

static void
test_in_net(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(nets); i++) {
		struct ip_addr ip, net;

		must_parse(nets[i].ip, &ip);
		must_parse(nets[i].net, &net);
		if (ip_in_net(&ip, net.b, nets[i].family, nets[i].prefix) !=
		    nets[i].want)
			fail_msg("ip_in_net(%s, %s/%u, ip%d) is not %d",
			    nets[i].ip, nets[i].net, nets[i].prefix,
			    nets[i].family, nets[i].want);
	}
}

/* Every prefix of both families, against one bit flipped at a time:
 * flipping bit k leaves ip inside net/p exactly when k >= p. */
static void
test_in_net_bits(void **state)
{
	struct ip_addr ip, net;
	unsigned       p, k;
	int            fam;

	(void)state;
	for (fam = 4; fam <= 6; fam += 2) {
		unsigned max = fam == 4 ? 32 : 128;

		must_parse(fam == 4 ? "203.0.113.77"
				    : "2001:db8:85a3::8a2e:370:7334",
		    &net);
		for (k = 0; k < max; k++) {
			ip = net;
			ip.b[k / 8] ^= (uint8_t)(0x80 >> (k % 8));
			for (p = 0; p <= max + 1; p++) {
				bool want = p <= max && k >= p;

				if (ip_in_net(&ip, net.b, fam, p) != want)
					fail_msg("ip%d bit %u flipped, /%u: "
						 "not %d",
					    fam, k, p, want);
				if (p <= max)
					assert_true(
					    ip_in_net(&net, net.b, fam, p));
			}
		}
	}
}

/* Output functions: the exact text, the exact size that fits, one
 * byte less fails. */
static const struct {
	const char *ip;
	const char *rev;
	const char *mi;
	const char *fmt;
} names[] = {
	{ "192.0.2.1", "1.2.0.192.in-addr.arpa", "192.0.2.1", "192.0.2.1" },
	{ "0.0.0.0", "0.0.0.0.in-addr.arpa", "0.0.0.0", "0.0.0.0" },
	{ "255.255.255.255", "255.255.255.255.in-addr.arpa", "255.255.255.255",
	    "255.255.255.255" },
	{ "10.20.30.40", "40.30.20.10.in-addr.arpa", "10.20.30.40",
	    "10.20.30.40" },
	/* RFC 7208 7.4: 2001:db8::cb01. */
	{ "2001:db8::cb01",
	    "1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2."
	    "ip6.arpa",
	    "2.0.0.1.0.D.B.8.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.C.B.0.1",
	    "2001:db8::cb01" },
	{ "::",
	    "0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0."
	    "0.ip6.arpa",
	    "0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0",
	    "::" },
	{ "fedc:ba98:7654:3210:0123:4567:89ab:cdef",
	    "f.e.d.c.b.a.9.8.7.6.5.4.3.2.1.0.0.1.2.3.4.5.6.7.8.9.a.b.c.d.e.f."
	    "ip6.arpa",
	    "F.E.D.C.B.A.9.8.7.6.5.4.3.2.1.0.0.1.2.3.4.5.6.7.8.9.A.B.C.D.E.F",
	    "fedc:ba98:7654:3210:123:4567:89ab:cdef" },
	{ "::ffff:192.0.2.1",
	    "1.0.2.0.0.0.0.c.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0."
	    "ip6.arpa",
	    "0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.F.F.F.F.C.0.0.0.0.2.0.1",
	    "::ffff:192.0.2.1" },
};

typedef bool (*namefn)(const struct ip_addr *, char *, size_t);

static void
check_name(const char *what, namefn fn, const struct ip_addr *ip,
    const char *ipstr, const char *want)
{
	size_t need = strlen(want) + 1, size;

	for (size = 0; size <= need + 1; size++) {
		char *buf = malloc(size > 0 ? size : 1);
		bool  ok;

		assert_non_null(buf);
		ok = fn(ip, size > 0 ? buf : NULL, size);
		if (ok != (size >= need)) {
			free(buf);
			fail_msg("%s(%s) into %zu bytes is %d", what, ipstr,
			    size, ok);
			return;
		}
		if (ok)
			assert_string_equal(buf, want);
		free(buf);
	}
}

static bool
format_ok(const struct ip_addr *ip, char *buf, size_t size)
{
	return size > 0 && ip_format(ip, buf, size) == buf && buf[0] != '\0';
}

static void
test_names(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(names); i++) {
		struct ip_addr ip;

		must_parse(names[i].ip, &ip);
		check_name("ip_reverse_name", ip_reverse_name, &ip, names[i].ip,
		    names[i].rev);
		check_name("ip_macro_i", ip_macro_i, &ip, names[i].ip,
		    names[i].mi);
		check_name("ip_format", format_ok, &ip, names[i].ip,
		    names[i].fmt);
	}
}

/* ip_format() into a buffer too small leaves an empty string. */
static void
test_format_small(void **state)
{
	struct ip_addr ip;
	char           buf[8];

	(void)state;
	must_parse("2001:db8::1", &ip);
	memset(buf, 'Z', sizeof buf);
	assert_ptr_equal(ip_format(&ip, buf, sizeof buf), buf);
	assert_string_equal(buf, "");
	must_parse("192.0.2.1", &ip);
	memset(buf, 'Z', sizeof buf);
	assert_string_equal(ip_format(&ip, buf, sizeof buf), "");
}

int
main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_unmap),
		cmocka_unit_test(test_in_net),
		cmocka_unit_test(test_in_net_bits),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_format_small),
	};

	return cmocka_run_group_tests_name("ip", tests, NULL, NULL);
}
