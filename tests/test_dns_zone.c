/* test_dns_zone.c: tests src/dns_zone.c (and dns_zone_directive.c) over
 * the zone files in tests/zones/, opened relative to the repository root
 * where the runner starts us. Lookups, directives and errors are tables;
 * each row is one cmocka test. */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "dns_cache.h"
#include "dns_zone.h"
#include "dns_zone_int.h"
#include "spf_err.h"
#include "spf_limits.h"
#include "str.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define ZONES "tests/zones/"
#define TYPE_PRIVATE 65280

#define X10 "xxxxxxxxxx"
#define L63 X10 X10 X10 X10 X10 X10 "xxx"
#define L64 L63 "x"
#define L61 X10 X10 X10 X10 X10 X10 "x"

/* Loaded once for every lookup row. */
static const char *data_files[] = {
	ZONES "basic.zone",
	ZONES "cname.zone",
	ZONES "faults.zone",
	ZONES "include.zone",
	ZONES "big.zone",
};
static struct dns_zone *zone;

struct rrx {
	const char *p;
	size_t      len;
	uint16_t    pref;
};
/* sizeof, not strlen: record data may hold NUL bytes. */
#define RR(s) .p = (s), .len = sizeof(s) - 1
#define MX(n, s) RR(s), .pref = (n)
#define NOSIZE (-1L)

static const struct lookup_case {
	const char     *name;
	uint16_t        type;
	enum dns_status status;
	int             rcode;
	unsigned        cnames;
	uint32_t        ttl;
	long            size; /* bytes of the DNS message, or NOSIZE */
	size_t          nrr;
	struct rrx      rr[3];
} lookups[] = {
	/* basic.zone: each type and its data. */
	{ "example.com", DNS_TXT, DNS_OK, 0, 0, 300, 67, 1,
	    { { RR("\016v=spf1 mx -all") } } },
	{ "a.example.com", DNS_A, DNS_OK, 0, 0, 300, 89, 2,
	    { { RR("\xc0\x00\x02\x01") }, { RR("\xc0\x00\x02\x02") } } },
	{ "a.example.com", DNS_AAAA, DNS_OK, 0, 0, 600, 72, 1,
	    { { RR("\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x01") } } },
	{ "mx.example.com", DNS_MX, DNS_OK, 0, 0, 300, 126, 2,
	    { { MX(10, "Mail.Example.COM") },
		{ MX(20, "backup.example.com") } } },
	{ "ptr.example.com", DNS_PTR, DNS_OK, 0, 0, 300, 78, 1,
	    { { RR("host.example.net") } } },
	{ "alias.example.com", DNS_CNAME, DNS_OK, 0, 0, 60, 79, 1,
	    { { RR("a.example.com") } } },
	{ "multi.example.com", DNS_TXT, DNS_OK, 0, 0, 300, 95, 1,
	    { { RR("\007v=spf1 \020ip4:192.0.2.0/24\005 -all") } } },
	{ "esc.example.com", DNS_TXT, DNS_OK, 0, 0, 300, 81, 1,
	    { { RR("\x05\x1b[31m\x08nul\0byte\x05q\"b\\s") } } },
	{ "empty.example.com", DNS_TXT, DNS_OK, 0, 0, 300, 65, 1,
	    { { RR("\x00") } } },
	{ "dup.example.com", DNS_TXT, DNS_OK, 0, 0, 300, 72, 1,
	    { { RR("\x0bv=spf1 -all") } } },
	{ "ttl.example.com", DNS_TXT, DNS_OK, 0, 0, 50, 95, 2,
	    { { RR("\x03one") }, { RR("\x03two") } } },
	{ "priv.example.com", TYPE_PRIVATE, DNS_OK, 0, 0, 300, 66, 1,
	    { { RR("\x01\x02\x03\x04") } } },
	{ "dot\\.label.example.com", DNS_TXT, DNS_OK, 0, 0, 300, 76, 1,
	    { { RR("\003dot") } } },
	{ "big.example.com", DNS_TXT, DNS_OK, 0, 0, 3600, 562, 1, { { 0 } } },
	{ "small.example.com", DNS_TXT, DNS_OK, 0, 0, 3600, 76, 1,
	    { { RR("\x0bv=spf1 -all") } } },
	/* Case and a trailing dot do not matter. */
	{ "MIXED.EXAMPLE.COM.", DNS_TXT, DNS_OK, 0, 0, 300, 69, 1,
	    { { RR("\004case") } } },
	{ "mixed.example.com", DNS_TXT, DNS_OK, 0, 0, 300, 69, 1,
	    { { RR("\004case") } } },
	{ "A.Example.Com", DNS_A, DNS_OK, 0, 0, 300, 89, 2,
	    { { RR("\xc0\x00\x02\x01") }, { RR("\xc0\x00\x02\x02") } } },
	/* NODATA, empty non-terminals, NXDOMAIN. */
	{ "example.com", DNS_A, DNS_OK, 0, 0, 0, 29, 0, { { 0 } } },
	{ "priv.example.com", DNS_A, DNS_OK, 0, 0, 0, 34, 0, { { 0 } } },
	{ "sub.example.com", DNS_A, DNS_OK, 0, 0, 0, 33, 0, { { 0 } } },
	{ "ent.sub.example.com", DNS_TXT, DNS_OK, 0, 0, 0, 37, 0, { { 0 } } },
	{ "com", DNS_TXT, DNS_OK, 0, 0, 0, 21, 0, { { 0 } } },
	{ "deep.ent.sub.example.com", DNS_A, DNS_OK, 0, 0, 300, 82, 1,
	    { { RR("\xc0\x00\x02\x09") } } },
	{ "nope.sub.example.com", DNS_A, DNS_NXDOMAIN, 3, 0, 0, 38, 0,
	    { { 0 } } },
	{ "nothere.example.com", DNS_TXT, DNS_NXDOMAIN, 3, 0, 0, 37, 0,
	    { { 0 } } },
	{ "dot.label.example.com", DNS_TXT, DNS_NXDOMAIN, 3, 0, 0, 39, 0,
	    { { 0 } } },
	{ L63 "." L63 "." L63 "." L61, DNS_TXT, DNS_NXDOMAIN, 3, 0, 0, 271, 0,
	    { { 0 } } },
	/* Wildcards (RFC 4592): below the closest encloser only. */
	{ "x.wild.example.com", DNS_TXT, DNS_OK, 0, 0, 300, 78, 1,
	    { { RR("\x0bv=spf1 -all") } } },
	{ "a.b.wild.example.com", DNS_TXT, DNS_OK, 0, 0, 300, 82, 1,
	    { { RR("\x0bv=spf1 -all") } } },
	{ "*.wild.example.com", DNS_TXT, DNS_OK, 0, 0, 300, 78, 1,
	    { { RR("\x0bv=spf1 -all") } } },
	{ "x.wild.example.com", DNS_A, DNS_OK, 0, 0, 0, 36, 0, { { 0 } } },
	{ "sub.wild.example.com", DNS_TXT, DNS_OK, 0, 0, 0, 38, 0, { { 0 } } },
	{ "x.sub.wild.example.com", DNS_TXT, DNS_NXDOMAIN, 3, 0, 0, 40, 0,
	    { { 0 } } },
	{ "wild.example.com", DNS_TXT, DNS_OK, 0, 0, 0, 34, 0, { { 0 } } },
	{ "towild.example.com", DNS_TXT, DNS_OK, 0, 1, 300, 132, 1,
	    { { RR("\x0bv=spf1 -all") } } },
	/* Names that are not names: never looked up. */
	{ "a..example.com", DNS_TXT, DNS_BADNAME, -1, 0, 0, 0, 0, { { 0 } } },
	{ "", DNS_TXT, DNS_BADNAME, -1, 0, 0, 0, 0, { { 0 } } },
	{ ".", DNS_TXT, DNS_BADNAME, -1, 0, 0, 0, 0, { { 0 } } },
	{ ".example.com", DNS_TXT, DNS_BADNAME, -1, 0, 0, 0, 0, { { 0 } } },
	{ "example.com..", DNS_TXT, DNS_BADNAME, -1, 0, 0, 0, 0, { { 0 } } },
	{ L64 ".example.com", DNS_TXT, DNS_BADNAME, -1, 0, 0, 0, 0, { { 0 } } },
	{ L63 "." L63 "." L63 "." L61 "x", DNS_TXT, DNS_BADNAME, -1, 0, 0, 0, 0,
	    { { 0 } } },
	{ "example.com\\", DNS_TXT, DNS_BADNAME, -1, 0, 0, 0, 0, { { 0 } } },
	/* CNAMEs: chased, chain TTL, loops, dangling, the hop limit. */
	{ "alias.example.com", DNS_A, DNS_OK, 0, 1, 60, 137, 2,
	    { { RR("\xc0\x00\x02\x01") }, { RR("\xc0\x00\x02\x02") } } },
	{ "alias.example.com", DNS_TXT, DNS_OK, 0, 1, 60, 79, 0, { { 0 } } },
	{ "c1.example.org", DNS_TXT, DNS_OK, 0, 2, 120, 155, 1,
	    { { RR("\014end of chain") } } },
	{ "c2.example.org", DNS_A, DNS_OK, 0, 1, 120, 104, 1,
	    { { RR("\xc0\x00\x02\x03") } } },
	{ "c1.example.org", DNS_CNAME, DNS_OK, 0, 0, 3600, 74, 1,
	    { { RR("c2.example.org") } } },
	{ "c2.example.org", DNS_CNAME, DNS_OK, 0, 0, 120, 74, 1,
	    { { RR("C3.example.org") } } },
	{ "loop1.example.org", DNS_TXT, DNS_OK, 0, 2, 3600, 131, 0, { { 0 } } },
	{ "self.example.org", DNS_TXT, DNS_OK, 0, 1, 3600, 80, 0, { { 0 } } },
	{ "dangling.example.org", DNS_TXT, DNS_NXDOMAIN, 3, 1, 3600, 91, 0,
	    { { 0 } } },
	{ "outside.example.org", DNS_A, DNS_NXDOMAIN, 3, 1, 3600, NOSIZE, 0,
	    { { 0 } } },
	/* 17 names: longer than any resolver follows: SERVFAIL, as one
	 * answers (a loop, above, still ends quietly). */
	{ "l0.example.org", DNS_TXT, DNS_SERVFAIL, 2, DNS_MAX_CNAME, 3600,
	    NOSIZE, 0, { { 0 } } },
	{ "l1.example.org", DNS_TXT, DNS_OK, 0, DNS_MAX_CNAME, 3600, NOSIZE, 1,
	    { { RR("\x16seventeen hops from l0") } } },
	/* faults.zone: each directive, with and without a type. */
	{ "slow.example.net", DNS_TXT, DNS_TIMEOUT, -1, 0, 0, 0, 0, { { 0 } } },
	{ "slow.example.net", DNS_A, DNS_OK, 0, 0, 3600, NOSIZE, 1,
	    { { RR("\xc0\x00\x02\x01") } } },
	{ "broken.example.net", DNS_TXT, DNS_SERVFAIL, 2, 0, 0, 36, 0,
	    { { 0 } } },
	{ "broken.example.net", DNS_MX, DNS_SERVFAIL, 2, 0, 0, 36, 0,
	    { { 0 } } },
	{ "gone.example.net", DNS_TXT, DNS_NXDOMAIN, 3, 0, 0, 34, 0,
	    { { 0 } } },
	{ "GONE.example.net", DNS_A, DNS_NXDOMAIN, 3, 0, 0, 34, 0, { { 0 } } },
	{ "x.example.net", DNS_A, DNS_REFUSED, 5, 0, 0, 31, 0, { { 0 } } },
	{ "x.example.net", DNS_TXT, DNS_OK, 0, 0, 3600, NOSIZE, 1,
	    { { RR("\x0bv=spf1 -all") } } },
	{ "typed.example.net", TYPE_PRIVATE, DNS_REFUSED, 5, 0, 0, NOSIZE, 0,
	    { { 0 } } },
	{ "typed.example.net", DNS_TXT, DNS_OK, 0, 0, 0, NOSIZE, 0, { { 0 } } },
	{ "both.example.net", DNS_TXT, DNS_TIMEOUT, -1, 0, 0, 0, 0, { { 0 } } },
	{ "both.example.net", DNS_A, DNS_SERVFAIL, 2, 0, 0, NOSIZE, 0,
	    { { 0 } } },
	{ "absent.example.net", DNS_TXT, DNS_SERVFAIL, 2, 0, 0, NOSIZE, 0,
	    { { 0 } } },
	{ "absent.example.net", DNS_A, DNS_NXDOMAIN, 3, 0, 0, NOSIZE, 0,
	    { { 0 } } },
	{ "cn.example.net", DNS_TXT, DNS_SERVFAIL, 2, 1, 3600, NOSIZE, 0,
	    { { 0 } } },
	{ "hang.example.net", DNS_TXT, DNS_TIMEOUT, -1, 0, 0, 0, 0, { { 0 } } },
	{ "hang.example.net", DNS_AAAA, DNS_TIMEOUT, -1, 0, 0, 0, 0,
	    { { 0 } } },
	{ "half.example.net", DNS_TXT, DNS_NXDOMAIN, 3, 0, 0, NOSIZE, 0,
	    { { 0 } } },
	{ "half.example.net", DNS_A, DNS_OK, 0, 0, 3600, NOSIZE, 1,
	    { { RR("\xc0\x00\x02\x03") } } },
	{ "closed.example.net", DNS_TXT, DNS_REFUSED, 5, 0, 0, NOSIZE, 0,
	    { { 0 } } },
	{ "closed.example.net", DNS_MX, DNS_REFUSED, 5, 0, 0, NOSIZE, 0,
	    { { 0 } } },
	/* include.zone and the file it includes twice. */
	{ "top.example.info", DNS_TXT, DNS_OK, 0, 0, 3600, NOSIZE, 1,
	    { { RR("\x03top") } } },
	{ "part.example.info", DNS_TXT, DNS_OK, 0, 0, 3600, NOSIZE, 1,
	    { { RR("\x04part") } } },
	{ "part.sub.example.info", DNS_TXT, DNS_OK, 0, 0, 3600, NOSIZE, 1,
	    { { RR("\x04part") } } },
	{ "fault.example.info", DNS_TXT, DNS_SERVFAIL, 2, 0, 0, NOSIZE, 0,
	    { { 0 } } },
	{ "fault.sub.example.info", DNS_TXT, DNS_OK, 0, 0, 3600, NOSIZE, 1,
	    { { RR("\x0bv=spf1 -all") } } },
	{ "after.example.info", DNS_TXT, DNS_OK, 0, 0, 3600, NOSIZE, 1,
	    { { RR("\005after") } } },
};

/* "{dir}" in msg and file stands for the real path of tests/zones. */
static const struct error_case {
	const char *file; /* loaded with dns_zone_load(), or NULL */
	const char *text; /* else this, with dns_zone_load_string() */
	const char *msg;
	unsigned    line;
	const char *err_file;
} errors[] = {
	{ ZONES "err_ipv4.zone", NULL,
	    ZONES "err_ipv4.zone:7: invalid IPv4 address", 7,
	    ZONES "err_ipv4.zone" },
	{ ZONES "err_type.zone", NULL,
	    ZONES "err_type.zone:3: unknown type or invalid number near "
		  "'BOGUS foo'",
	    3, ZONES "err_type.zone" },
	{ ZONES "err_relative.zone", NULL,
	    ZONES "err_relative.zone:4: relative name 'rel' and no $ORIGIN", 4,
	    ZONES "err_relative.zone" },
	{ ZONES "err_keyword.zone", NULL,
	    ZONES "err_keyword.zone:3: spfscope directive: unknown keyword "
		  "'slowdown'",
	    3, ZONES "err_keyword.zone" },
	{ ZONES "err_dirname.zone", NULL,
	    ZONES "err_dirname.zone:2: spfscope directive: relative name (end "
		  "it with a dot) 'ok.example.com'",
	    2, ZONES "err_dirname.zone" },
	{ ZONES "err_dirtype.zone", NULL,
	    ZONES "err_dirtype.zone:3: spfscope directive: unknown type 'TXTT'",
	    3, ZONES "err_dirtype.zone" },
	{ ZONES "no-such.zone", NULL,
	    ZONES "no-such.zone: No such file or directory", 0,
	    ZONES "no-such.zone" },
	{ "tests/zones", NULL, "tests/zones: not a regular file", 0,
	    "tests/zones" },
	{ ZONES "cycle_a.zone", NULL,
	    "{dir}/cycle_b.zone:3: $INCLUDE {dir}/cycle_a.zone: cycle, the file "
	    "is already being read",
	    3, "{dir}/cycle_b.zone" },
	{ NULL, "a.example. A 192.0.2.1\r\nb.example. A 192.0.2.2\r\n",
	    "crlf.zone:1: unsupported CRLF newline, remove CR bytes "
	    "(sed -i 's/\\r$//' crlf.zone)",
	    1, "crlf.zone" },
	{ NULL,
	    "; spfscope: timeout a.example. TXT\r\na.example. A 192.0.2.1\r\n",
	    "crlf.zone:2: unsupported CRLF newline, remove CR bytes "
	    "(sed -i 's/\\r$//' crlf.zone)",
	    2, "crlf.zone" },
	{ NULL, "a.example. TXT \"x\"\n$INCLUDE /etc/passwd\n",
	    "crlf.zone:2: $INCLUDE is not allowed in a zone read from memory",
	    2, "crlf.zone" },
	{ NULL, "a.example. TXT \"x\"\nb.example. IN BOGUS \x1b[31m\x07\n",
	    "crlf.zone:2: unknown type or invalid number near "
	    "'BOGUS \x1b[31m\x07'",
	    2, "crlf.zone" },
	{ NULL, "\t; an indented comment first\n",
	    "crlf.zone:1: indented line before the first record near "
	    "'\t; an indented comment first'",
	    1, "crlf.zone" },
	{ NULL, "@ IN A 192.0.2.1\n",
	    "crlf.zone:1: relative name '@' and no $ORIGIN", 1, "crlf.zone" },
	{ NULL, "a.example. IN CNAME target\n",
	    "crlf.zone:1: relative name in rdata and no $ORIGIN", 1,
	    "crlf.zone" },
	{ NULL, "a.example. IN NS ns1\n",
	    "crlf.zone:1: relative name in rdata and no $ORIGIN", 1,
	    "crlf.zone" },
	{ NULL, "a.example. IN TXT \\# 2 0501\n",
	    "crlf.zone:1: malformed TXT rdata", 1, "crlf.zone" },
	{ NULL, "a.example. IN A \\# 3 010203\n",
	    "crlf.zone:1: A rdata is not 4 bytes", 1, "crlf.zone" },
	{ NULL, "a\\000b.example. IN A 192.0.2.1\n",
	    "crlf.zone:1: owner name with a NUL byte (unsupported)", 1,
	    "crlf.zone" },
	{ NULL, "; spfscope:\n",
	    "crlf.zone:1: spfscope directive: keyword expected", 1,
	    "crlf.zone" },
	{ NULL, "\n;   SPFSCOPE: timeout\n",
	    "crlf.zone:2: spfscope directive: name expected", 2, "crlf.zone" },
	{ NULL, "; spfscope: timeout a.example. TXT extra\n",
	    "crlf.zone:1: spfscope directive: unexpected 'extra'", 1,
	    "crlf.zone" },
	{ NULL, "; spfscope: timeout a..example. TXT\n",
	    "crlf.zone:1: spfscope directive: bad name 'a..example.'", 1,
	    "crlf.zone" },
	{ NULL, "; spfscope: timeout a.example. TYPE065280\n",
	    "crlf.zone:1: spfscope directive: unknown type 'TYPE065280'", 1,
	    "crlf.zone" },
	{ NULL, "; spfscope: timeout a.example. TYPE65536\n",
	    "crlf.zone:1: spfscope directive: unknown type 'TYPE65536'", 1,
	    "crlf.zone" },
	{ NULL, "; spfscope: nxdomain \x1b]0;pwned\x07.example\n",
	    "crlf.zone:1: spfscope directive: relative name (end it with a "
	    "dot) '\x1b]0;pwned\x07.example'",
	    1, "crlf.zone" },
};

static char zones_dir[PATH_MAX];

/* Replaces each "{dir}" of tmpl with zones_dir. */
static void
expand(char *dst, size_t size, const char *tmpl)
{
	const char *p;
	size_t      o = 0;

	dst[0] = '\0';
	while ((p = strstr(tmpl, "{dir}")) != NULL) {
		o += (size_t)snprintf(dst + o, size - o, "%.*s%s",
		    (int)(p - tmpl), tmpl, zones_dir);
		assert_true(o < size);
		tmpl = p + 5;
	}
	assert_true((size_t)snprintf(dst + o, size - o, "%s", tmpl) < size - o);
}

static int
setup(void **state)
{
	struct spf_err err;
	size_t         i;

	(void)state;
	if (realpath("tests/zones", zones_dir) == NULL) {
		fprintf(stderr, "run from the repository root\n");
		return -1;
	}
	zone = dns_zone_new();
	for (i = 0; i < NELEM(data_files); i++) {
		memset(&err, 0, sizeof err);
		if (dns_zone_load(zone, data_files[i], &err) != 0) {
			fprintf(stderr, "%s\n", err.msg);
			return -1;
		}
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	dns_zone_free(zone);
	return 0;
}

static void
test_lookup(void **state)
{
	const struct lookup_case *c = *state;
	struct dns_answer        *a = dns_zone_lookup(zone, c->name, c->type);
	size_t                    i;

	assert_string_equal(a->name, c->name);
	assert_int_equal(a->type, c->type);
	assert_true(a->from_zone);
	assert_int_equal(a->status, c->status);
	assert_int_equal(a->rcode, c->rcode);
	assert_int_equal(a->cnames, c->cnames);
	assert_int_equal(a->nrr, c->nrr);
	assert_int_equal(a->ttl, c->ttl);
	if (c->size != NOSIZE)
		assert_int_equal(a->size, c->size);
	for (i = 0; i < a->nrr && i < NELEM(c->rr); i++) {
		if (c->rr[i].p == NULL)
			continue;
		assert_int_equal(a->rr[i].type, c->type);
		assert_int_equal(a->rr[i].pref, c->rr[i].pref);
		assert_int_equal(a->rr[i].len, c->rr[i].len);
		assert_memory_equal(a->rr[i].data, c->rr[i].p, c->rr[i].len);
		assert_int_equal(a->rr[i].data[a->rr[i].len], '\0');
	}
	dns_answer_free(a);
}

static void
test_error(void **state)
{
	const struct error_case *c = *state;
	struct dns_zone         *z = dns_zone_new();
	struct spf_err           err;
	char                     want[sizeof err.msg], file[PATH_MAX];
	int                      rc;

	memset(&err, 0, sizeof err);
	if (c->file != NULL)
		rc = dns_zone_load(z, c->file, &err);
	else
		rc = dns_zone_load_string(z, "crlf.zone", c->text,
		    strlen(c->text), &err);
	/* A message is cut to fit, as spf_err_setc() cuts it. */
	expand(file, sizeof file, c->msg);
	str_lcpy(want, file, sizeof want);
	assert_int_equal(rc, DNS_EZONE);
	assert_int_equal(err.code, DNS_EZONE);
	assert_string_equal(err.msg, want);
	assert_int_equal(err.line, c->line);
	expand(file, sizeof file, c->err_file);
	assert_non_null(err.file);
	assert_string_equal(err.file, file);
	dns_zone_free(z);
}

/* libzscanner 3.2.6 smashes its stack at the 17th $INCLUDE of a file in
 * manual mode unless the loader resets it; ASan would stop here. */
static void
test_many_includes(void **state)
{
	struct dns_zone   *z = dns_zone_new();
	struct spf_err     err;
	struct dns_answer *a;

	(void)state;
	memset(&err, 0, sizeof err);
	assert_int_equal(dns_zone_load(z, ZONES "many_includes.zone", &err), 0);
	a = dns_zone_lookup(z, "last.example.info", DNS_TXT);
	assert_int_equal(a->nrr, 1);
	dns_answer_free(a);
	/* Twenty copies of one record are one record. */
	a = dns_zone_lookup(z, "part.example.info", DNS_TXT);
	assert_int_equal(a->nrr, 1);
	dns_answer_free(a);
	dns_zone_free(z);
}

/* Writes a chain of n files, each including the next, in dir. */
static void
write_chain(const char *dir, int n)
{
	char path[PATH_MAX];
	int  i;

	for (i = 0; i < n; i++) {
		FILE *f;

		snprintf(path, sizeof path, "%s/f%d.zone", dir, i);
		assert_non_null(f = fopen(path, "w"));
		fprintf(f, "f%d.example. IN TXT \"level %d\"\n", i, i);
		if (i + 1 < n)
			fprintf(f, "$INCLUDE f%d.zone\n", i + 1);
		fclose(f);
	}
}

static void
remove_chain(const char *dir, int n)
{
	char path[PATH_MAX];
	int  i;

	for (i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/f%d.zone", dir, i);
		unlink(path);
	}
	rmdir(dir);
}

static void
test_include_depth(void **state)
{
	struct spf_err     err;
	char               tmpl[] = "/tmp/test_dns_zone.XXXXXX", *dir;
	char               path[PATH_MAX], want[sizeof err.msg];
	char               full[PATH_MAX + 64];
	struct dns_zone   *z;
	struct dns_answer *a;

	(void)state;
	assert_non_null(dir = mkdtemp(tmpl));
	/* f0 is the file given, f1 to f8 are eight nested includes: fine. */
	write_chain(dir, 9);
	snprintf(path, sizeof path, "%s/f0.zone", dir);
	z = dns_zone_new();
	memset(&err, 0, sizeof err);
	assert_int_equal(dns_zone_load(z, path, &err), 0);
	a = dns_zone_lookup(z, "f8.example", DNS_TXT);
	assert_int_equal(a->nrr, 1);
	dns_answer_free(a);
	dns_zone_free(z);
	/* A ninth is refused at the $INCLUDE line of f8. */
	write_chain(dir, 10);
	z = dns_zone_new();
	memset(&err, 0, sizeof err);
	assert_int_equal(dns_zone_load(z, path, &err), DNS_EZONE);
	snprintf(full, sizeof full,
	    "%s/f8.zone:2: $INCLUDE nested deeper than 8 files", dir);
	str_lcpy(want, full, sizeof want);
	assert_string_equal(err.msg, want);
	assert_int_equal(err.line, 2);
	dns_zone_free(z);
	remove_chain(dir, 10);
}

static void
test_unreadable(void **state)
{
	char             path[] = "/tmp/test_dns_zone.XXXXXX";
	char             want[sizeof path + 64];
	struct dns_zone *z;
	struct spf_err   err;
	int              fd;

	(void)state;
	if (geteuid() == 0)
		skip(); /* root reads anything */
	assert_true((fd = mkstemp(path)) != -1);
	close(fd);
	assert_int_equal(chmod(path, 0), 0);
	z = dns_zone_new();
	memset(&err, 0, sizeof err);
	assert_int_equal(dns_zone_load(z, path, &err), DNS_EZONE);
	snprintf(want, sizeof want, "%s: Permission denied", path);
	assert_string_equal(err.msg, want);
	assert_int_equal(err.line, 0);
	unlink(path);
	dns_zone_free(z);
}

static void
test_source(void **state)
{
	struct dns_zone         *z = dns_zone_new();
	struct dns_cache        *c;
	const struct dns_answer *a;
	struct spf_err           err;

	(void)state;
	memset(&err, 0, sizeof err);
	assert_int_equal(dns_zone_load(z, ZONES "basic.zone", &err), 0);
	c = dns_cache_new(dns_zone_source(z));
	assert_null(dns_cache_get(c, "a.example.com", DNS_A));
	/* A zone answers inside the asking call. */
	a = dns_cache_need(c, "A.example.com", DNS_A);
	assert_non_null(a);
	assert_int_equal(a->nrr, 2);
	assert_true(a->from_zone);
	assert_false(dns_cache_busy(c));
	assert_int_equal(dns_cache_asked(c), 1);
	a = dns_cache_need(c, "nope.example.com", DNS_TXT);
	assert_non_null(a);
	assert_int_equal(a->status, DNS_NXDOMAIN);
	dns_cache_free(c); /* frees the zone too; LSan checks */
}

static void
test_load_string(void **state)
{
	static const char  text[] = "$ORIGIN example.com.\n"
				    "; spfscope: servfail s.example.com.\n"
				    "t IN TXT \"v=spf1 \\\"quoted\\\"\"\n";
	struct dns_zone   *z = dns_zone_new();
	struct spf_err     err;
	struct dns_answer *a;

	(void)state;
	memset(&err, 0, sizeof err);
	/* No NUL at the end: only len bytes may be read. */
	assert_int_equal(
	    dns_zone_load_string(z, "mem", text, sizeof text - 1, &err), 0);
	a = dns_zone_lookup(z, "t.example.com", DNS_TXT);
	assert_int_equal(a->nrr, 1);
	assert_memory_equal(a->rr[0].data, "\x0fv=spf1 \"quoted\"", 16);
	dns_answer_free(a);
	a = dns_zone_lookup(z, "s.example.com", DNS_A);
	assert_int_equal(a->status, DNS_SERVFAIL);
	dns_answer_free(a);
	dns_zone_free(z);
}

/* A zone text built in memory. */
struct text {
	char  *p;
	size_t len;
	size_t cap;
};

static void text_add(struct text *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

static void
text_add(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int     n;

	if (t->p == NULL) {
		t->cap = 4096;
		assert_non_null(t->p = malloc(t->cap));
	}
	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(t->p + t->len, t->cap - t->len, fmt, ap);
		va_end(ap);
		assert_true(n >= 0);
		if ((size_t)n < t->cap - t->len) {
			t->len += (size_t)n;
			return;
		}
		t->cap = t->cap * 2 + (size_t)n;
		assert_non_null(t->p = realloc(t->p, t->cap));
	}
}

static void
text_load(struct dns_zone *z, struct text *t)
{
	struct spf_err err;

	memset(&err, 0, sizeof err);
	if (dns_zone_load_string(z, "mem", t->p, t->len, &err) != 0)
		fail_msg("%s", err.msg);
	free(t->p);
	memset(t, 0, sizeof *t);
}

static void
text_write(const char *path, const struct text *t)
{
	FILE *f;

	assert_non_null(f = fopen(path, "w"));
	assert_int_equal(fwrite(t->p, 1, t->len, f), t->len);
	assert_int_equal(fclose(f), 0);
}

/* Looks name up and checks its status and record count. */
static struct dns_answer *
look(const struct dns_zone *z, const char *name, uint16_t type,
    enum dns_status status, size_t nrr)
{
	struct dns_answer *a = dns_zone_lookup(z, name, type);

	assert_int_equal(a->status, status);
	assert_int_equal(a->nrr, nrr);
	return a;
}

static void
check_a(const struct dns_zone *z, const char *name, unsigned a1, unsigned a2,
    unsigned a3, unsigned a4)
{
	struct dns_answer  *a = look(z, name, DNS_A, DNS_OK, 1);
	const unsigned char want[4] = { (unsigned char)a1, (unsigned char)a2,
		(unsigned char)a3, (unsigned char)a4 };

	assert_int_equal(a->rr[0].len, 4);
	assert_memory_equal(a->rr[0].data, want, 4);
	dns_answer_free(a);
}

/* Every name and RRset in one bucket: each lookup walks a chain of
 * thousands, and still finds its own. */
static void
test_one_bucket(void **state)
{
	struct dns_zone      *z = dns_zone_new();
	struct dns_zone_stats st;
	struct text           t = { 0 };
	struct dns_answer    *a;
	char                  name[64], txt[16];
	int                   i;

	(void)state;
	dns_zone_table_pin(z, 1);
	text_add(&t, "$ORIGIN chain.example.\n");
	text_add(&t, "; spfscope: servfail n5.chain.example. A\n");
	for (i = 0; i < 2000; i++) {
		text_add(&t, "n%d IN A 10.0.%d.%d\n", i, i / 256, i % 256);
		if (i % 10 == 0)
			text_add(&t, "n%d IN TXT \"t%d\"\n", i, i);
	}
	text_add(&t, "*.w IN TXT \"wild\"\nc IN CNAME n1999\n");
	text_load(z, &t);
	dns_zone_table_stats(z, &st);
	assert_int_equal(st.buckets, 1);
	/* n0..n1999, c, w, *.w, chain, example. */
	assert_int_equal(st.nodes, 2005);
	assert_int_equal(st.chain, st.nodes);
	assert_int_equal(st.sets, 2000 + 200 + 2);
	for (i = 0; i < 2000; i++) {
		snprintf(name, sizeof name, "n%d.chain.example", i);
		if (i == 5) {
			dns_answer_free(look(z, name, DNS_A, DNS_SERVFAIL, 0));
		} else {
			check_a(z, name, 10, 0, (unsigned)i / 256,
			    (unsigned)i % 256);
		}
		a = look(z, name, DNS_TXT, DNS_OK, i % 10 == 0 ? 1 : 0);
		if (i % 10 == 0) {
			snprintf(txt, sizeof txt, "%c%c%d",
			    snprintf(NULL, 0, "t%d", i), 't', i);
			assert_memory_equal(a->rr[0].data, txt, a->rr[0].len);
		}
		dns_answer_free(a);
	}
	check_a(z, "N1999.CHAIN.Example", 10, 0, 7, 207);
	a = look(z, "c.chain.example", DNS_A, DNS_OK, 1);
	assert_int_equal(a->cnames, 1);
	dns_answer_free(a);
	dns_answer_free(look(z, "x.w.chain.example", DNS_TXT, DNS_OK, 1));
	dns_answer_free(look(z, "w.chain.example", DNS_TXT, DNS_OK, 0));
	dns_answer_free(look(z, "n2000.chain.example", DNS_A, DNS_NXDOMAIN, 0));
	dns_zone_free(z);
}

/* 20,000 names: the tables grow (in place) many times, and the names
 * they held before stay found. */
static void
test_many_names(void **state)
{
	struct dns_zone      *z = dns_zone_new();
	struct dns_zone_stats st;
	struct text           t = { 0 };
	struct dns_answer    *a;
	char                  name[64], txt[64];
	int                   i, n;

	(void)state;
	for (i = 0; i < 20000; i++)
		text_add(&t,
		    "h%d.s%d.grow.example. 300 IN TXT \"v=spf1 ip4:10.0.%d.%d "
		    "-all\"\n",
		    i, i % 7, i / 256, i % 256);
	text_load(z, &t);
	dns_zone_table_stats(z, &st);
	assert_int_equal(st.nodes, 20000 + 7 + 2);
	assert_int_equal(st.sets, 20000);
	assert_int_equal(st.records, 20000);
	/* Grown to hold them at most one a bucket, a power of two. */
	assert_true(st.buckets >= st.nodes && st.buckets < 2 * st.nodes);
	assert_int_equal(st.buckets & (st.buckets - 1), 0);
	assert_true(st.chain >= 2); /* names did share buckets */
	for (i = 0; i < 20000; i++) {
		snprintf(name, sizeof name, "h%d.S%d.grow.example", i, i % 7);
		a = look(z, name, DNS_TXT, DNS_OK, 1);
		n = snprintf(txt + 1, sizeof txt - 1,
		    "v=spf1 ip4:10.0.%d.%d -all", i / 256, i % 256);
		txt[0] = (char)n;
		assert_int_equal(a->rr[0].len, n + 1);
		assert_memory_equal(a->rr[0].data, txt, (size_t)n + 1);
		dns_answer_free(a);
	}
	dns_answer_free(look(z, "s3.grow.example", DNS_TXT, DNS_OK, 0));
	dns_answer_free(look(z, "grow.example", DNS_TXT, DNS_OK, 0));
	dns_answer_free(
	    look(z, "h20000.s1.grow.example", DNS_TXT, DNS_NXDOMAIN, 0));
	dns_answer_free(
	    look(z, "h1.s0.grow.example", DNS_TXT, DNS_NXDOMAIN, 0));
	dns_zone_free(z);
}

/* One name with 3,000 types written in a shuffled order, some twice:
 * each type finds its own records, in file order, at once. */
static void
test_many_types(void **state)
{
	struct dns_zone      *z = dns_zone_new();
	struct dns_zone_stats st;
	struct text           t = { 0 };
	struct dns_answer    *a;
	unsigned              i, ty;

	(void)state;
	text_add(&t, "$ORIGIN example.\n");
	for (i = 0; i < 3000; i++) {
		ty = 1000 + i * 7919 % 3000; /* 7919 is prime to 3000 */
		text_add(&t, "types IN TYPE%u \\# 2 %04x\n", ty, ty);
	}
	for (i = 0; i < 3000; i++) {
		ty = 1000 + i * 7919 % 3000;
		if (ty % 3 == 0)
			text_add(&t, "types IN TYPE%u \\# 2 %04x\n", ty,
			    ty + 1);
		if (ty % 5 == 0) /* written again: dropped */
			text_add(&t, "TYPES IN TYPE%u \\# 2 %04x\n", ty, ty);
	}
	text_load(z, &t);
	dns_zone_table_stats(z, &st);
	assert_int_equal(st.sets, 3000);
	assert_int_equal(st.records, 3000 + 1000);
	for (ty = 1000; ty < 4000; ty++) {
		unsigned char want[2] = { (unsigned char)(ty >> 8),
			(unsigned char)ty };

		a = look(z, "types.example", (uint16_t)ty, DNS_OK,
		    ty % 3 == 0 ? 2 : 1);
		assert_int_equal(a->rr[0].len, 2);
		assert_memory_equal(a->rr[0].data, want, 2);
		if (ty % 3 == 0) {
			want[0] = (unsigned char)((ty + 1) >> 8);
			want[1] = (unsigned char)(ty + 1);
			assert_memory_equal(a->rr[1].data, want, 2);
		}
		dns_answer_free(a);
	}
	dns_answer_free(look(z, "types.example", 4000, DNS_OK, 0));
	dns_answer_free(look(z, "types.example", DNS_TXT, DNS_OK, 0));
	dns_zone_free(z);
}

/* Large RRsets find a record written again through the index; sets of
 * other names with the same data are theirs; a set of one long record
 * needs no index. */
static void
test_large_set(void **state)
{
	struct dns_zone      *z = dns_zone_new();
	struct dns_zone_stats st;
	struct text           t = { 0 };
	struct dns_answer    *a;
	static const int      again[] = { 0, 16, 17, 119, 60 };
	char                  x[251], y[251];
	size_t                i;

	(void)state;
	text_add(&t, "$ORIGIN big.example.\n");
	for (i = 0; i < 120; i++)
		text_add(&t, "set IN A 10.1.0.%zu\n", i);
	for (i = 0; i < NELEM(again); i++)
		text_add(&t, "set IN A 10.1.0.%d\n", again[i]);
	for (i = 0; i < 120; i++)
		text_add(&t, "other IN A 10.1.0.%zu\nset IN A 10.1.0.%zu\n", i,
		    119 - i);
	text_load(z, &t);
	dns_zone_table_stats(z, &st);
	assert_int_equal(st.records, 240);
	assert_int_equal(st.indexed, 240);
	a = look(z, "set.big.example", DNS_A, DNS_OK, 120);
	for (i = 0; i < 120; i++)
		assert_int_equal(a->rr[i].data[3], i);
	dns_answer_free(a);
	dns_answer_free(look(z, "other.big.example", DNS_A, DNS_OK, 120));

	/* One record of 502 bytes, over the index's threshold alone. */
	memset(x, 'x', sizeof x - 1);
	memset(y, 'y', sizeof y - 1);
	x[250] = y[250] = '\0';
	text_add(&t, "long.big.example. TXT \"%s\" \"%s\"\n", x, y);
	text_add(&t, "long.big.example. TXT \"%s\" \"%s\"\n", x, y);
	text_load(z, &t);
	dns_zone_table_stats(z, &st);
	assert_int_equal(st.records, 241);
	assert_int_equal(st.indexed, 240);
	text_add(&t, "long.big.example. TXT \"%s\" \"%s\"\n", y, x);
	text_add(&t, "Long.Big.Example. TXT \"%s\" \"%s\"\n", x, y);
	text_load(z, &t);
	dns_zone_table_stats(z, &st);
	assert_int_equal(st.records, 242);
	assert_int_equal(st.indexed, 242);
	a = look(z, "long.big.example", DNS_TXT, DNS_OK, 2);
	assert_int_equal(a->rr[0].data[1], 'x');
	assert_int_equal(a->rr[1].data[1], 'y');
	dns_answer_free(a);
	dns_zone_free(z);
}

/* The records of one name alternate between types: each goes to its
 * own set, whatever the case of the owner. */
static void
test_interleaved(void **state)
{
	static const char  text[] = "n.example. A 192.0.2.1\n"
				    "n.example. TXT \"t\"\n"
				    "N.EXAMPLE. A 192.0.2.2\n"
				    "n.example. A 192.0.2.1\n"
				    "n.Example. TXT \"t\"\n"
				    "m.n.example. A 192.0.2.3\n"
				    "n.example. MX 10 M.N.example.\n";
	struct dns_zone   *z = dns_zone_new();
	struct spf_err     err;
	struct dns_answer *a;

	(void)state;
	memset(&err, 0, sizeof err);
	assert_int_equal(
	    dns_zone_load_string(z, "mem", text, sizeof text - 1, &err), 0);
	a = look(z, "n.example", DNS_A, DNS_OK, 2);
	assert_memory_equal(a->rr[0].data, "\xc0\x00\x02\x01", 4);
	assert_memory_equal(a->rr[1].data, "\xc0\x00\x02\x02", 4);
	dns_answer_free(a);
	dns_answer_free(look(z, "n.example", DNS_TXT, DNS_OK, 1));
	a = look(z, "n.example", DNS_MX, DNS_OK, 1);
	assert_int_equal(a->rr[0].pref, 10);
	assert_string_equal((const char *)a->rr[0].data, "M.N.example");
	dns_answer_free(a);
	check_a(z, "m.n.example", 192, 0, 2, 3);
	dns_zone_free(z);
}

/* An RRset stops where one DNS message would: a record written again
 * is still dropped there, a new one is refused at its line. */
static void
test_set_cap(void **state)
{
	struct dns_zone *z = dns_zone_new();
	struct spf_err   err;
	struct text      t = { 0 };
	char             s[201];
	int              i;

	(void)state;
	/* 13 + 10 + 201 bytes each: 292 fit in 65,523. */
	memset(s, 's', sizeof s - 1);
	s[200] = '\0';
	for (i = 0; i < 292; i++)
		text_add(&t, "cap.example. TXT \"%05d%s\"\n", i, s + 5);
	text_add(&t, "cap.example. TXT \"%05d%s\"\n", 0, s + 5);
	text_add(&t, "cap.example. TXT \"%05d%s\"\n", 292, s + 5);
	memset(&err, 0, sizeof err);
	assert_int_equal(dns_zone_load_string(z, "mem", t.p, t.len, &err),
	    DNS_EZONE);
	assert_string_equal(err.msg,
	    "mem:294: more records of the type than one DNS message holds");
	assert_int_equal(err.line, 294);
	dns_answer_free(look(z, "cap.example", DNS_TXT, DNS_OK, 292));
	free(t.p);
	dns_zone_free(z);
}

/* Records are packed: 100,000 names of one A record each take under 90
 * bytes a name (a node and a record each, malloc'd, took 150). */
static void
test_compact(void **state)
{
	struct dns_zone      *z = dns_zone_new();
	struct dns_zone_stats st;
	struct text           t = { 0 };

	(void)state;
	for (int i = 0; i < 100000; i++)
		text_add(&t, "c%d.compact.example. A 10.%d.%d.1\n", i,
		    i >> 8 & 255, i & 255);
	text_load(z, &t);
	dns_zone_table_stats(z, &st);
	assert_int_equal(st.records, 100000);
	assert_true(st.mem < (size_t)9 << 20);
	check_a(z, "c99999.compact.example", 10, 99999 >> 8 & 255, 99999 & 255,
	    1);
	dns_zone_free(z);
}

/* Past the memory bound a zone is refused at the line that reached it;
 * a file is refused before it is read when its text alone would be. */
static void
test_memory_bound(void **state)
{
	struct dns_zone      *z = dns_zone_new();
	struct dns_zone_stats st;
	struct spf_err        err;
	struct text           t = { 0 };
	char                  want[sizeof err.msg], full[PATH_MAX + 64];
	char                  tmpl[] = "/tmp/test_dns_zone.XXXXXX", *dir;
	char                  path[PATH_MAX];
	int                   i;

	(void)state;
	dns_zone_set_max_memory(z, (size_t)2 << 20);
	for (i = 0; i < 100000; i++)
		text_add(&t, "m%d.bound.example. A 10.%d.%d.1\n", i,
		    i >> 8 & 255, i & 255);
	memset(&err, 0, sizeof err);
	assert_int_equal(dns_zone_load_string(z, "mem", t.p, t.len, &err),
	    DNS_EZONE);
	assert_true(err.line > 1000 && err.line < 100000);
	snprintf(want, sizeof want,
	    "mem:%u: zone text and records need over 2 MiB of memory",
	    err.line);
	assert_string_equal(err.msg, want);
	dns_zone_table_stats(z, &st);
	assert_true(st.mem <= (size_t)2 << 20);
	assert_int_equal(st.records, err.line - 1);
	check_a(z, "m0.bound.example", 10, 0, 0, 1); /* what came before */
	dns_zone_free(z);

	/* The same text as a file, over 2 MiB alone. */
	assert_non_null(dir = mkdtemp(tmpl));
	snprintf(path, sizeof path, "%s/big.zone", dir);
	text_add(&t, "; padding to pass 2 MiB\n");
	text_write(path, &t);
	assert_true(t.len > (size_t)2 << 20);
	z = dns_zone_new();
	dns_zone_set_max_memory(z, (size_t)2 << 20);
	memset(&err, 0, sizeof err);
	assert_int_equal(dns_zone_load(z, path, &err), DNS_EZONE);
	snprintf(full, sizeof full,
	    "%s: zone text and records need over 2 MiB of memory", path);
	str_lcpy(want, full, sizeof want);
	assert_string_equal(err.msg, want);
	assert_int_equal(err.line, 0);
	dns_zone_free(z);
	/* With room for it, the file loads. */
	z = dns_zone_new();
	dns_zone_set_max_memory(z, (size_t)16 << 20);
	assert_int_equal(dns_zone_load(z, path, &err), 0);
	check_a(z, "m99999.bound.example", 10, 99999 >> 8 & 255, 99999 & 255,
	    1);
	dns_zone_free(z);
	unlink(path);
	rmdir(dir);
	free(t.p);
}

/* Files over a MiB are given back behind the scanner as it reads: a
 * record across lines, an $INCLUDE and an error context all past that
 * point still read right (ASan would stop at a byte read twice). */
static void
test_large_file(void **state)
{
	struct dns_zone   *z;
	struct spf_err     err;
	struct text        t = { 0 };
	struct dns_answer *a;
	char               tmpl[] = "/tmp/test_dns_zone.XXXXXX", *dir;
	char               path[PATH_MAX], part[PATH_MAX + 16];
	char               want[sizeof err.msg], full[PATH_MAX + 128];
	int                i;

	(void)state;
	assert_non_null(dir = mkdtemp(tmpl));
	snprintf(part, sizeof part, "%s/part.zone", dir);
	text_add(&t, "$ORIGIN part.example.\n");
	for (i = 0; i < 40000; i++)
		text_add(&t, "p%d IN A 10.%d.%d.2 ; %s\n", i, i / 256, i % 256,
		    "a comment to make the file longer than one MiB");
	text_write(part, &t);
	free(t.p);
	memset(&t, 0, sizeof t);

	text_add(&t, "$ORIGIN big.example.\n");
	for (i = 0; i < 40000; i++) {
		text_add(&t, "r%d IN TXT \"v=spf1 ip4:192.0.2.%d -all\" ; %s\n",
		    i, i % 256, "comment");
		if (i == 25000)
			text_add(&t,
			    "ml IN TXT ( \"part one\"\n"
			    "\t\"part two\" ) ; two lines\n"
			    "$INCLUDE part.zone\n");
	}
	text_add(&t, "; spfscope: nxdomain r39999.big.example.\n");
	snprintf(path, sizeof path, "%s/main.zone", dir);
	text_write(path, &t);

	z = dns_zone_new();
	memset(&err, 0, sizeof err);
	if (dns_zone_load(z, path, &err) != 0)
		fail_msg("%s", err.msg);
	dns_answer_free(look(z, "r0.big.example", DNS_TXT, DNS_OK, 1));
	dns_answer_free(look(z, "r25001.big.example", DNS_TXT, DNS_OK, 1));
	dns_answer_free(look(z, "r39998.big.example", DNS_TXT, DNS_OK, 1));
	dns_answer_free(
	    look(z, "r39999.big.example", DNS_TXT, DNS_NXDOMAIN, 0));
	a = look(z, "ml.big.example", DNS_TXT, DNS_OK, 1);
	assert_int_equal(a->rr[0].len, 18);
	assert_memory_equal(a->rr[0].data, "\010part one\010part two", 18);
	dns_answer_free(a);
	check_a(z, "p0.part.example", 10, 0, 0, 2);
	check_a(z, "p39999.part.example", 10, 39999 / 256, 39999 % 256, 2);
	dns_zone_free(z);

	/* An error on the last line, its context read from the text. */
	text_add(&t, "zz IN BOGUS foo\n");
	text_write(path, &t);
	z = dns_zone_new();
	memset(&err, 0, sizeof err);
	assert_int_equal(dns_zone_load(z, path, &err), DNS_EZONE);
	snprintf(full, sizeof full,
	    "%s:%d: unknown type or invalid number near 'BOGUS foo'", path,
	    1 + 40000 + 3 + 1 + 1);
	str_lcpy(want, full, sizeof want);
	assert_string_equal(err.msg, want);
	assert_int_equal(err.line, 1 + 40000 + 3 + 1 + 1);
	dns_zone_free(z);
	free(t.p);
	unlink(path);
	unlink(part);
	rmdir(dir);
}

static char              lookup_names[NELEM(lookups)][80];
static char              error_names[NELEM(errors)][80];
static struct CMUnitTest tests[NELEM(lookups) + NELEM(errors) + 14];

int
main(void)
{
	size_t i, n = 0;

	for (i = 0; i < NELEM(lookups); i++, n++) {
		snprintf(lookup_names[i], sizeof lookup_names[i],
		    "lookup %.50s %s", lookups[i].name,
		    dns_type_name(lookups[i].type));
		tests[n] = (struct CMUnitTest){ .name = lookup_names[i],
			.test_func = test_lookup,
			.initial_state = (void *)&lookups[i] };
	}
	for (i = 0; i < NELEM(errors); i++, n++) {
		snprintf(error_names[i], sizeof error_names[i], "error %zu %s",
		    i, errors[i].file != NULL ? errors[i].file : "(string)");
		tests[n] = (struct CMUnitTest){ .name = error_names[i],
			.test_func = test_error,
			.initial_state = (void *)&errors[i] };
	}
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_many_includes);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_include_depth);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_unreadable);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_source);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_load_string);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_one_bucket);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_many_names);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_many_types);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_large_set);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_interleaved);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_set_cap);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_compact);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_memory_bound);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_large_file);
	return cmocka_run_group_tests(tests, setup, teardown);
}
