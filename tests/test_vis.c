/* test_vis.c: terminal-safe escaping, src/vis.c (STYLE.md 6). A table of
 * hostile inputs, each escaped into buffers of every size from 0 to one
 * past what it needs; then random byte strings checked against a model
 * written from RFC 3629's ABNF, decoded back, and through vis_dup(). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vis.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

struct row {
	const char *src;
	size_t      len; /* 0: strlen(src) */
	const char *want;
};

static const struct row rows[] = {
	{ "", 0, "" },
	{ "hello, world", 0, "hello, world" },
	{ " !\"#$%&'()*+,-./09:;<=>?@AZ[]^_`az{|}~", 0,
	    " !\"#$%&'()*+,-./09:;<=>?@AZ[]^_`az{|}~" },
	/* C0 controls: the four with a letter, the rest in hex. */
	{ "\x1b", 0, "\\e" },
	{ "\x07", 0, "\\x07" },
	{ "\n", 0, "\\n" },
	{ "\r", 0, "\\r" },
	{ "\t", 0, "\\t" },
	{ "a\nb\rc\td", 0, "a\\nb\\rc\\td" },
	{ "\x01\x08\x0b\x0c\x1f", 0, "\\x01\\x08\\x0b\\x0c\\x1f" },
	{ "\0", 1, "\\x00" },
	{ "a\0b", 3, "a\\x00b" },
	{ "\0\0", 2, "\\x00\\x00" },
	{ "\x7f", 0, "\\x7f" },
	/* The escape character is escaped, so the output decodes back. */
	{ "\\", 0, "\\\\" },
	{ "\\x41\\e", 0, "\\\\x41\\\\e" },
	{ "v=spf1 \x1b]0;pwned\x07 -all", 0, "v=spf1 \\e]0;pwned\\x07 -all" },
	{ "\x1b[2J\x1b[31mred", 0, "\\e[2J\\e[31mred" },
	/* C1 controls are valid UTF-8 (U+0080..U+009F): both bytes shown. */
	{ "\xc2\x80", 0, "\\xc2\\x80" },
	{ "\xc2\x9b[31m", 0, "\\xc2\\x9b[31m" }, /* CSI */
	{ "\xc2\x9f", 0, "\\xc2\\x9f" },
	{ "\xc2\xa0", 0, "\xc2\xa0" }, /* U+00A0 is not C1 */
	/* Valid UTF-8 is kept, up to U+10FFFF. */
	{ "caf\xc3\xa9", 0, "caf\xc3\xa9" },
	{ "\xe6\x97\xa5\xe6\x9c\xac", 0, "\xe6\x97\xa5\xe6\x9c\xac" },
	{ "\xf0\x9f\x98\x80", 0, "\xf0\x9f\x98\x80" },
	{ "\xdf\xbf", 0, "\xdf\xbf" },                 /* U+07FF */
	{ "\xe0\xa0\x80", 0, "\xe0\xa0\x80" },         /* U+0800 */
	{ "\xed\x9f\xbf", 0, "\xed\x9f\xbf" },         /* U+D7FF */
	{ "\xee\x80\x80", 0, "\xee\x80\x80" },         /* U+E000 */
	{ "\xef\xbf\xbf", 0, "\xef\xbf\xbf" },         /* U+FFFF */
	{ "\xf0\x90\x80\x80", 0, "\xf0\x90\x80\x80" }, /* U+10000 */
	{ "\xf4\x8f\xbf\xbf", 0, "\xf4\x8f\xbf\xbf" }, /* U+10FFFF */
	/* Invalid UTF-8: every byte of it in hex. */
	{ "\x80", 0, "\\x80" },
	{ "\xbf", 0, "\\xbf" },
	{ "\xff", 0, "\\xff" },
	{ "\xfe\xfe\xff\xff", 0, "\\xfe\\xfe\\xff\\xff" },
	{ "\xc0\x80", 0, "\\xc0\\x80" },                   /* overlong NUL */
	{ "\xc1\xbf", 0, "\\xc1\\xbf" },                   /* overlong DEL */
	{ "\xe0\x80\xaf", 0, "\\xe0\\x80\\xaf" },          /* overlong '/' */
	{ "\xe0\x9f\xbf", 0, "\\xe0\\x9f\\xbf" },          /* overlong U+07FF */
	{ "\xf0\x8f\xbf\xbf", 0, "\\xf0\\x8f\\xbf\\xbf" }, /* overlong */
	{ "\xed\xa0\x80", 0, "\\xed\\xa0\\x80" },          /* U+D800 */
	{ "\xed\xbf\xbf", 0, "\\xed\\xbf\\xbf" },          /* U+DFFF */
	{ "\xf4\x90\x80\x80", 0, "\\xf4\\x90\\x80\\x80" }, /* U+110000 */
	{ "\xf5\x80\x80\x80", 0, "\\xf5\\x80\\x80\\x80" },
	{ "\xf8\x88\x80\x80\x80", 0, "\\xf8\\x88\\x80\\x80\\x80" },
	{ "\xe6\x97", 0, "\\xe6\\x97" }, /* cut at the end */
	{ "\xf0\x9f\x98", 0, "\\xf0\\x9f\\x98" },
	{ "\xc3", 0, "\\xc3" },
	{ "\xe6\x97z", 0, "\\xe6\\x97z" },      /* cut by ASCII */
	{ "\xc3\xc3\xa9", 0, "\\xc3\xc3\xa9" }, /* cut by a lead */
	{ "\xc3\xa9\x80", 0, "\xc3\xa9\\x80" }, /* stray tail */
	{ "\xe2\x82\x1b", 0, "\\xe2\\x82\\e" },
	{ "\xc3\0", 2, "\\xc3\\x00" },
};

/* Escapes bytes for a test name. */
static void
quote(char *buf, size_t size, const char *s, size_t len)
{
	size_t i, o = 0;

	for (i = 0; i < len && i < 40 && size - o > 8; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\')
			buf[o++] = (char)c;
		else
			o += (size_t)snprintf(buf + o, size - o, "\\x%02x", c);
	}
	snprintf(buf + o, size - o, "%s\"", i < len ? "..." : "");
}

/* Names a row's test: tag, number, and the input quoted by quote(). */
static void
row_name(char *buf, size_t size, const char *tag, size_t i, const char *s,
    size_t len)
{
	int k = snprintf(buf, size, "%s %03zu \"", tag, i);

	if (k > 0 && (size_t)k < size)
		quote(buf + k, size - (size_t)k, s, len);
}

static char *
exact_copy(const char *p, size_t len)
{
	char *q = malloc(len > 0 ? len : 1);

	assert_non_null(q);
	memcpy(q, p, len);
	return q;
}

/* Escapes src into a heap block of exactly size bytes, filled with 'Z'
 * first; checks the return value, the termination, and that what was
 * written is a prefix of want made of whole units: vis_escape never cuts
 * a UTF-8 sequence or an escape in two, so a short buffer may hold less
 * than size - 1 bytes. */
static void
check_size(const char *src, size_t len, const char *want, size_t size)
{
	size_t wlen = strlen(want), ret;
	char  *dst = size > 0 ? malloc(size) : NULL;
	bool   prefix = true, nul = true;

	if (size > 0) {
		assert_non_null(dst);
		memset(dst, 'Z', size);
	}
	ret = vis_escape(dst, size, src, len);
	if (size > 0) {
		size_t keep = wlen < size ? wlen : size - 1;
		char  *end = memchr(dst, '\0', size);

		nul = end != NULL;
		prefix = nul && (size_t)(end - dst) <= keep &&
		    memcmp(dst, want, (size_t)(end - dst)) == 0 &&
		    (wlen >= size || (size_t)(end - dst) == wlen);
	}
	free(dst);
	if (ret != wlen || !prefix || !nul)
		fail_msg("size %zu: returned %zu (needs %zu), %s, %s", size,
		    ret, wlen, prefix ? "a prefix" : "not a prefix",
		    nul ? "terminated" : "not terminated");
}

static void
test_row(void **state)
{
	const struct row *r = *state;
	size_t            len = r->len != 0 ? r->len : strlen(r->src);
	size_t            need = strlen(r->want), size;
	char             *src = exact_copy(r->src, len);
	char             *dup;

	assert_true(need <= 4 * len);
	for (size = 0; size <= need + 2; size++)
		check_size(src, len, r->want, size);
	/* A NULL dst with size 0 only measures. */
	assert_int_equal(vis_escape(NULL, 0, src, len), need);
	dup = vis_dup(src, len);
	assert_string_equal(dup, r->want);
	free(dup);
	free(src);
}

/* When the text fits, nothing past its NUL is written. */
static void
test_big_size(void **state)
{
	char buf[16];

	(void)state;
	memset(buf, 'Z', sizeof buf);
	assert_int_equal(vis_escape(buf, sizeof buf, "a\x1b", 2), 3);
	assert_string_equal(buf, "a\\e");
	assert_int_equal(buf[4], 'Z');
}

/* RFC 3629 4: the length of the UTF8-char at p, or 0. Written from the
 * ABNF, unlike vis.c, which decodes and range-checks. */
static size_t
abnf_utf8(const unsigned char *p, size_t left)
{
#define TAIL(c) ((c) >= 0x80 && (c) <= 0xbf)
	if (p[0] <= 0x7f)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		return left >= 2 && TAIL(p[1]) ? 2 : 0;
	if (left < 3 || !TAIL(p[2]))
		return 0;
	if (p[0] == 0xe0)
		return p[1] >= 0xa0 && p[1] <= 0xbf ? 3 : 0;
	if ((p[0] >= 0xe1 && p[0] <= 0xec) || p[0] == 0xee || p[0] == 0xef)
		return TAIL(p[1]) ? 3 : 0;
	if (p[0] == 0xed)
		return p[1] >= 0x80 && p[1] <= 0x9f ? 3 : 0;
	if (left < 4 || !TAIL(p[3]))
		return 0;
	if (p[0] == 0xf0)
		return p[1] >= 0x90 && p[1] <= 0xbf ? 4 : 0;
	if (p[0] >= 0xf1 && p[0] <= 0xf3)
		return TAIL(p[1]) ? 4 : 0;
	if (p[0] == 0xf4)
		return p[1] >= 0x80 && p[1] <= 0x8f ? 4 : 0;
	return 0;
#undef TAIL
}

/* The model: what vis.h promises, byte by byte. Returns the length. */
static size_t
model_escape(char *out, size_t size, const unsigned char *p, size_t len)
{
	size_t i = 0, o = 0, k;

	while (i < len) {
		size_t n = abnf_utf8(p + i, len - i);

		if (n == 1 && p[i] == '\\') {
			memcpy(out + o, "\\\\", 2);
			o += 2;
		} else if (n == 1 && p[i] >= 0x20 && p[i] != 0x7f) {
			out[o++] = (char)p[i];
		} else if (n == 1 && strchr("\n\r\t\x1b", p[i]) != NULL &&
		    p[i] != '\0') {
			out[o++] = '\\';
			out[o++] = (char)(p[i] == '\n' ? 'n'
				: p[i] == '\r'         ? 'r'
				: p[i] == '\t'         ? 't'
						       : 'e');
		} else if (n > 1 && !(p[i] == 0xc2 && p[i + 1] <= 0x9f)) {
			memcpy(out + o, p + i, n);
			o += n;
		} else {
			/* A control, or invalid: each byte in hex. */
			if (n == 0)
				n = 1;
			for (k = 0; k < n; k++) {
				assert_true(size - o > 4);
				o += (size_t)snprintf(out + o, size - o,
				    "\\x%02x", p[i + k]);
			}
		}
		i += n;
	}
	out[o] = '\0';
	return o;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Decodes vis output back to bytes; returns the length, or SIZE_MAX
 * when the text is not something vis_escape() can write. */
static size_t
unvis(unsigned char *out, const char *s)
{
	size_t o = 0;

	while (*s != '\0') {
		if (*s != '\\') {
			out[o++] = (unsigned char)*s++;
			continue;
		}
		switch (s[1]) {
		case '\\':
			out[o++] = '\\';
			break;
		case 'n':
			out[o++] = '\n';
			break;
		case 'r':
			out[o++] = '\r';
			break;
		case 't':
			out[o++] = '\t';
			break;
		case 'e':
			out[o++] = 0x1b;
			break;
		case 'x':
			/* Two lower-case hex digits, always. */
			if (hexval(s[2]) < 0 || hexval(s[3]) < 0)
				return SIZE_MAX;
			out[o++] =
			    (unsigned char)(hexval(s[2]) << 4 | hexval(s[3]));
			s += 2;
			break;
		default:
			return SIZE_MAX;
		}
		s += 2;
	}
	return o;
}

static uint64_t
next(uint64_t *x)
{
	/* xorshift64*: fixed seed, so a failure comes back the same. */
	*x ^= *x >> 12;
	*x ^= *x << 25;
	*x ^= *x >> 27;
	return *x * 0x2545f4914f6cdd1dULL;
}

/* Appends the UTF-8 form of cp, without checking it is a scalar value:
 * surrogates come out too, as CESU-8 would write them. */
static size_t
put_cp(unsigned char *p, uint32_t cp)
{
	if (cp < 0x80) {
		p[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		p[0] = (unsigned char)(0xc0 | cp >> 6);
		p[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		p[0] = (unsigned char)(0xe0 | cp >> 12);
		p[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		p[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	p[0] = (unsigned char)(0xf0 | cp >> 18);
	p[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
	p[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
	p[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

/* Random strings of hostile bytes, valid and broken UTF-8. */
static size_t
gen(unsigned char *p, size_t max, uint64_t *x)
{
	static const unsigned char hot[] = { 0x00, 0x07, 0x09, 0x0a, 0x0d, 0x1b,
		0x1f, 0x20, '\\', 'x', 'a', 0x7e, 0x7f, 0x80, 0x9b, 0x9f, 0xa0,
		0xbf, 0xc0, 0xc1, 0xc2, 0xc3, 0xdf, 0xe0, 0xed, 0xef, 0xf0,
		0xf4, 0xf5, 0xff };
	static const uint32_t edges[] = { 0x7f, 0x80, 0x9b, 0x9f, 0xa0, 0x7ff,
		0x800, 0xd7ff, 0xd800, 0xdfff, 0xe000, 0xfffd, 0xffff, 0x10000,
		0x10ffff, 0x110000, 0x1fffff };
	size_t                len = (size_t)(next(x) % (max - 3)), n = 0;

	while (n < len) {
		uint64_t r = next(x);

		switch (r % 5) {
		case 0:
			p[n++] = (unsigned char)(r >> 8);
			break;
		case 1:
			p[n++] = hot[(r >> 8) % sizeof hot];
			break;
		case 2:
			n += put_cp(p + n, (uint32_t)((r >> 8) % 0x110000));
			break;
		case 3:
			n += put_cp(p + n, edges[(r >> 8) % NELEM(edges)]);
			break;
		default:
			/* A sequence cut short. */
			n += put_cp(p + n, (uint32_t)((r >> 8) % 0x110000));
			if (n > 1 && p[n - 1] >= 0x80)
				n--;
			break;
		}
	}
	return n;
}

/* What no output may hold: a C0 control, DEL, or a C1 control. */
static void
check_safe(const char *s, size_t n, const char *in, size_t inlen)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t               i;
	char                 name[200];

	for (i = 0; i < n; i++) {
		bool bad = p[i] < 0x20 || p[i] == 0x7f ||
		    (p[i] == 0xc2 && i + 1 < n && p[i + 1] >= 0x80 &&
			p[i + 1] <= 0x9f);

		if (bad) {
			quote(name, sizeof name, in, inlen);
			fail_msg("byte %zu of the output is 0x%02x; input "
				 "\"%s",
			    i, p[i], name);
		}
	}
}

/* A short buffer ends before a unit that does not fit whole: never half a
 * UTF-8 sequence (a lone 0xc3 is not text), never half an escape. */
static void
test_whole_units(void **state)
{
	static const struct {
		const char *src;
		size_t      size;
		const char *want;
	} units[] = {
		{ "\xc3\xa9", 2, "" }, /* é needs 3 with the NUL */
		{ "a\xc3\xa9", 3, "a" }, { "\x1b", 2, "" }, /* "\\e" needs 3 */
		{ "ab\x1b", 4, "ab" },
		{ "ab\x07", 6, "ab" }, /* "\\x07" is 4 bytes */
		{ "ab\x07", 7, "ab\\x07" },
		{ "\xf0\x9f\x98\x80!", 4, "" }, /* a 4-byte emoji */
	};
	char   buf[16];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof units / sizeof units[0]; i++) {
		memset(buf, 'Z', sizeof buf);
		(void)vis_escape(buf, units[i].size, units[i].src,
		    strlen(units[i].src));
		if (strcmp(buf, units[i].want) != 0)
			fail_msg("row %zu: got \"%s\", want \"%s\"", i, buf,
			    units[i].want);
	}
}

static void
test_random(void **state)
{
	enum { ITER = 100000, MAXLEN = 48 };
	unsigned char src[MAXLEN + 4], back[4 * MAXLEN + 16];
	char          want[4 * MAXLEN + 16], name[200];
	uint64_t      x = 0x7208f00dcafe1234ULL;
	size_t        iter;

	(void)state;
	for (iter = 0; iter < ITER; iter++) {
		size_t len = gen(src, MAXLEN, &x), need, wlen, blen, size, got;
		char  *in, *out, *dup;

		in = exact_copy((const char *)src, len);
		need = vis_escape(NULL, 0, in, len);
		assert_true(need <= 4 * len);
		out = malloc(need + 1);
		assert_non_null(out);
		assert_int_equal(vis_escape(out, need + 1, in, len), need);
		assert_int_equal(strlen(out), need);
		check_safe(out, need, in, len);
		wlen = model_escape(want, sizeof want, src, len);
		blen = unvis(back, out);
		if (wlen != need || strcmp(out, want) != 0 || blen != len ||
		    memcmp(back, src, len) != 0) {
			quote(name, sizeof name, in, len);
			free(out);
			free(in);
			fail_msg(
			    "iteration %zu: input \"%s: output differs "
			    "from the model \"%s\" or does not decode back",
			    iter, name, want);
			return;
		}
		dup = vis_dup(in, len);
		assert_string_equal(dup, out);
		free(dup);
		/* A truncated copy is a prefix of whole units, terminated,
		 * and still safe. */
		size = need > 0 ? (size_t)(next(&x) % need) + 1 : 1;
		memset(back, 'Z', size);
		assert_int_equal(vis_escape((char *)back, size, in, len), need);
		got = strnlen((const char *)back, size);
		assert_true(got < size);
		assert_memory_equal(back, out, got);
		assert_true(size - 1 - got < 16); /* at most one unit short */
		check_safe((const char *)back, got, in, len);
		free(out);
		free(in);
	}
}

static char names[NELEM(rows)][80];

int
main(void)
{
	static struct CMUnitTest tests[NELEM(rows) + 3];
	size_t                   i, n = 0;

	for (i = 0; i < NELEM(rows); i++) {
		size_t len =
		    rows[i].len != 0 ? rows[i].len : strlen(rows[i].src);

		row_name(names[i], sizeof names[i], "row", i, rows[i].src, len);
		tests[n++] = (struct CMUnitTest){ .name = names[i],
			.test_func = test_row,
			.initial_state = (void *)&rows[i] };
	}
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_big_size);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_random);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_whole_units);
	return cmocka_run_group_tests_name("vis", tests, NULL, NULL);
}
