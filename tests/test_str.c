/* test_str.c: slices and bounded copies, src/str.c. Destinations are
 * heap blocks of exactly the size passed and slices are copies with no
 * NUL after them, so ASan sees any byte touched out of bounds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "str.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static char *
exact_copy(const char *p, size_t len)
{
	char *q = malloc(len > 0 ? len : 1);

	assert_non_null(q);
	memcpy(q, p, len);
	return q;
}

/* strlcpy(3): at most size - 1 bytes, always a NUL when size > 0, and
 * the return is strlen(src), so that truncation is ret >= size. */
static void
test_lcpy(void **state)
{
	static const struct {
		const char *src;
		size_t      size;
		const char *want;
	} rows[] = {
		{ "hello", 10, "hello" },
		{ "hello", 6, "hello" },
		{ "hello", 5, "hell" },
		{ "hello", 2, "h" },
		{ "hello", 1, "" },
		{ "", 1, "" },
		{ "", 8, "" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(rows); i++) {
		char  *dst = malloc(rows[i].size);
		size_t ret;

		assert_non_null(dst);
		memset(dst, 'Z', rows[i].size);
		ret = str_lcpy(dst, rows[i].src, rows[i].size);
		if (ret != strlen(rows[i].src) ||
		    strcmp(dst, rows[i].want) != 0) {
			free(dst);
			fail_msg("str_lcpy(\"%s\", %zu) returned %zu",
			    rows[i].src, rows[i].size, ret);
			return;
		}
		assert_int_equal(ret >= rows[i].size,
		    strlen(rows[i].want) < strlen(rows[i].src));
		free(dst);
	}
}

/* Size 0 writes nothing, not even a NUL, and still measures. */
static void
test_lcpy_zero(void **state)
{
	char buf[4] = { 'Z', 'Z', 'Z', 'Z' };

	(void)state;
	assert_int_equal(str_lcpy(buf, "abc", 0), 3);
	assert_memory_equal(buf, "ZZZZ", 4);
	assert_int_equal(str_lcpy(NULL, "abcdef", 0), 6);
	assert_int_equal(str_lcpy(buf + 1, "", 0), 0);
	assert_memory_equal(buf, "ZZZZ", 4);
}

/* str_append(): all or nothing. */
static void
test_append(void **state)
{
	static const struct {
		const char *init; /* NULL: no NUL anywhere in dst */
		size_t      size;
		const char *src;
		size_t      len;
		bool        ok;
		const char *want;
	} rows[] = {
		{ "abc", 8, "defg", 4, true, "abcdefg" }, /* exactly full */
		{ "abc", 8, "defgh", 5, false, "abc" },   /* one short */
		{ "abc", 8, "defghijklmnop", 13, false, "abc" },
		{ "abc", 8, "xyz", 2, true, "abcxy" }, /* len, not NUL */
		{ "abc", 4, "", 0, true, "abc" },
		{ "abc", 4, "d", 1, false, "abc" },
		{ "", 1, "", 0, true, "" },
		{ "", 1, "a", 1, false, "" },
		{ "", 2, "a", 1, true, "a" },
		{ "", 6, "hello", 5, true, "hello" },
		{ "", 5, "hello", 5, false, "" },
		{ NULL, 4, "", 0, false, NULL }, /* dst has no NUL */
		{ NULL, 4, "a", 1, false, NULL },
	};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(rows); i++) {
		char *dst = malloc(rows[i].size);
		char *src = exact_copy(rows[i].src, rows[i].len);
		char  before[16];
		bool  ok;

		assert_non_null(dst);
		assert_true(rows[i].size <= sizeof before);
		memset(dst, 'Z', rows[i].size);
		if (rows[i].init != NULL)
			memcpy(dst, rows[i].init, strlen(rows[i].init) + 1);
		memcpy(before, dst, rows[i].size);
		ok = str_append(dst, rows[i].size, src, rows[i].len);
		free(src);
		if (ok != rows[i].ok) {
			free(dst);
			fail_msg("row %zu: str_append(\"%s\", %zu, \"%.*s\") "
				 "is %d",
			    i, rows[i].init != NULL ? rows[i].init : "(full)",
			    rows[i].size, (int)rows[i].len, rows[i].src, ok);
			return;
		}
		/* All or nothing: a failure leaves every byte as it was. */
		if (!ok)
			assert_memory_equal(dst, before, rows[i].size);
		else
			assert_string_equal(dst, rows[i].want);
		free(dst);
	}
}

static void
test_append_zero(void **state)
{
	char buf[2] = { 'Z', 'Z' };

	(void)state;
	assert_false(str_append(buf, 0, "", 0));
	assert_false(str_append(buf, 0, "a", 1));
	assert_memory_equal(buf, "ZZ", 2);
}

/* Slices compared with literals, ASCII case folded and nothing else. */
static const struct {
	const char *s;
	size_t      len;
	const char *lit;
	bool        eq;
	bool        prefix;
} cmps[] = {
	{ "all", 3, "all", true, true },
	{ "ALL", 3, "all", true, true },
	{ "aLl", 3, "AlL", true, true },
	{ "al", 2, "all", false, false },
	{ "alls", 4, "all", false, true },
	{ "alls", 3, "all", true, true }, /* the slice ends */
	{ "v=SPF1 -all", 11, "v=spf1", false, true },
	{ "v=spf", 5, "v=spf1", false, false },
	{ "", 0, "", true, true },
	{ "a", 1, "", false, true },
	{ "", 0, "a", false, false },
	{ "a-b_c.d", 7, "A-B_C.D", true, true },
	{ "a_b", 3, "a-b", false, false },
	{ "@", 1, "`", false, false }, /* 0x40 vs 0x60 */
	{ "[", 1, "{", false, false }, /* 0x5b vs 0x7b */
	{ "^", 1, "~", false, false },
	{ "\xc9", 1, "\xe9", false, false }, /* not Latin-1 */
	{ "a\0c", 3, "a", false, true },
	{ "a\0", 2, "ab", false, false },
	{ "ab\0", 3, "ab", false, true },
	{ "redirect", 8, "REDIRECT", true, true },
	{ "redirec", 7, "redirect", false, false },
};

static void
test_cmp(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(cmps); i++) {
		char      *p = exact_copy(cmps[i].s, cmps[i].len);
		struct str s = str_make(p, cmps[i].len);
		bool       eq = str_eq_ci(s, cmps[i].lit);
		bool       prefix = str_prefix_ci(s, cmps[i].lit);

		free(p);
		if (eq != cmps[i].eq)
			fail_msg("str_eq_ci(\"%.*s\", \"%s\") is %d",
			    (int)cmps[i].len, cmps[i].s, cmps[i].lit, eq);
		if (prefix != cmps[i].prefix)
			fail_msg("str_prefix_ci(\"%.*s\", \"%s\") is %d",
			    (int)cmps[i].len, cmps[i].s, cmps[i].lit, prefix);
	}
}

static void
test_make(void **state)
{
	static const char abc[] = "abc";
	struct str        s;

	(void)state;
	s = str_from(abc);
	assert_ptr_equal(s.p, abc);
	assert_int_equal(s.len, 3);
	s = str_from("");
	assert_int_equal(s.len, 0);
	s = str_from(NULL);
	assert_null(s.p);
	assert_int_equal(s.len, 0);
	s = str_make(abc + 1, 1);
	assert_ptr_equal(s.p, abc + 1);
	assert_int_equal(s.len, 1);
	s = STR_NULL;
	assert_null(s.p);
	assert_int_equal(s.len, 0);
}

/* STR_NULL is a valid empty slice: it matches "" like any other, and
 * str.c must not hand its NULL to strncasecmp() (C11 7.24.1/2: even
 * with a count of zero; glibc declares the argument nonnull, so UBSan
 * stops the run here). Last, so that the tests above still report. */
static void
test_null_slice(void **state)
{
	(void)state;
	assert_false(str_eq_ci(STR_NULL, "a"));
	assert_false(str_prefix_ci(STR_NULL, "a"));
	assert_true(str_eq_ci(STR_NULL, ""));
	assert_true(str_prefix_ci(STR_NULL, ""));
}

int
main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lcpy),
		cmocka_unit_test(test_lcpy_zero),
		cmocka_unit_test(test_append),
		cmocka_unit_test(test_append_zero),
		cmocka_unit_test(test_cmp),
		cmocka_unit_test(test_make),
		cmocka_unit_test(test_null_slice),
	};

	return cmocka_run_group_tests_name("str", tests, NULL, NULL);
}
