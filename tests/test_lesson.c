/* test_lesson.c: the step file of a lesson (src/lesson.c): a full valid
 * lesson with every key and action, each error with its line number, the
 * bounds (steps, line length, NUL), and every lesson shipped under
 * examples/lessons/ (loaded, and carried out with its expectations met).
 * Tests run from the repository root. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <dirent.h>
#include <unistd.h>

#include "lesson.h"
#include "lesson_run.h"

#define LESSONS_DIR "examples/lessons"

static int
parse(const char *text, struct lesson **l, struct spf_err *err)
{
	spf_err_clear(err);
	return lesson_parse("t", "dir", text, strlen(text), l, err);
}

/* text must fail with "t:LINE: " and a message containing what. */
static void
parse_fails(const char *text, unsigned line, const char *what)
{
	struct lesson *l = (struct lesson *)1;
	struct spf_err err;
	char           prefix[32];

	assert_int_equal(parse(text, &l, &err), SPF_ESYNTAX);
	assert_null(l);
	snprintf(prefix, sizeof prefix, "t:%u: ", line);
	if (strncmp(err.msg, prefix, strlen(prefix)) != 0 ||
	    strstr(err.msg, what) == NULL)
		fail_msg("want '%s...%s', got '%s'", prefix, what, err.msg);
	assert_int_equal(err.line, line);
}

static const char full[] =
    "# a comment\n"
    "title: A full lesson  \n"
    "zone: full.zone\n"
    "domain: acme.example\n"
    "sender: news@acme.example\n"
    "dmarc: quarantine\n"
    "pin: 192.0.2.10 the mail host\n"
    "pin: 2001:db8::1\n"
    "\n"
    "step: First line\n"
    "  second line\n"
    "\tthird line\n"
    "do: qualifier acme.example all -\n"
    "do: draft acme.example v=spf1 mx  include:x.example -all  \n"
    "expect: 192.0.2.10 pass\n"
    "expect: 2001:db8::1 permerror\n"
    "step: Second\r\n"
    "do: revert acme.example\n"
    "do: revert\n"
    "do: test 203.0.113.9\n"
    "do: forward 198.51.100.7\n"
    "do: dmarc reject\n"
    "expect: 203.0.113.9 softfail\n"
    "expect: 198.51.100.7 fail\n"
    "expect: 192.0.2.10 neutral\n"
    "expect: 192.0.2.11 none\n"
    "expect: 192.0.2.12 temperror\n"
    "step: Third, no actions\n"
    "expect: 192.0.2.10 pass"; /* no final newline */

static void
test_full(void **state)
{
	struct lesson            *l;
	struct spf_err            err;
	const struct lesson_step *s;

	(void)state;
	assert_int_equal(parse(full, &l, &err), SPF_OK);
	assert_non_null(l);
	assert_string_equal(l->title, "A full lesson");
	assert_string_equal(l->zone, "dir/full.zone");
	assert_string_equal(l->domain, "acme.example");
	assert_string_equal(l->sender, "news@acme.example");
	assert_string_equal(l->dmarc, "quarantine");
	assert_null(l->name); /* lesson_load names it */

	assert_int_equal(l->npins, 2);
	assert_string_equal(l->pins[0].ip, "192.0.2.10");
	assert_string_equal(l->pins[0].label, "the mail host");
	assert_string_equal(l->pins[1].ip, "2001:db8::1");
	assert_string_equal(l->pins[1].label, "");

	assert_int_equal(l->nsteps, 3);
	s = &l->steps[0];
	assert_string_equal(s->text, "First line second line third line");
	assert_int_equal(s->nact, 2);
	assert_int_equal(s->act[0].kind, LESSON_DO_QUALIFIER);
	assert_string_equal(s->act[0].arg1, "acme.example");
	assert_string_equal(s->act[0].arg2, "all");
	assert_string_equal(s->act[0].arg3, "-");
	assert_int_equal(s->act[1].kind, LESSON_DO_DRAFT);
	assert_string_equal(s->act[1].arg1, "acme.example");
	assert_string_equal(s->act[1].arg2,
	    "v=spf1 mx  include:x.example -all");
	assert_null(s->act[1].arg3);
	assert_int_equal(s->nexp, 2);
	assert_string_equal(s->exp[0].ip, "192.0.2.10");
	assert_int_equal(s->exp[0].result, SPF_PASS);
	assert_string_equal(s->exp[1].ip, "2001:db8::1");
	assert_int_equal(s->exp[1].result, SPF_PERMERROR);

	s = &l->steps[1];
	assert_string_equal(s->text, "Second"); /* CR stripped */
	assert_int_equal(s->nact, 5);
	assert_int_equal(s->act[0].kind, LESSON_DO_REVERT);
	assert_string_equal(s->act[0].arg1, "acme.example");
	assert_int_equal(s->act[1].kind, LESSON_DO_REVERT);
	assert_null(s->act[1].arg1);
	assert_int_equal(s->act[2].kind, LESSON_DO_TEST);
	assert_string_equal(s->act[2].arg1, "203.0.113.9");
	assert_int_equal(s->act[3].kind, LESSON_DO_FORWARD);
	assert_string_equal(s->act[3].arg1, "198.51.100.7");
	assert_int_equal(s->act[4].kind, LESSON_DO_DMARC);
	assert_string_equal(s->act[4].arg1, "reject");
	assert_int_equal(s->nexp, 5);
	assert_int_equal(s->exp[0].result, SPF_SOFTFAIL);
	assert_int_equal(s->exp[1].result, SPF_FAIL);
	assert_int_equal(s->exp[2].result, SPF_NEUTRAL);
	assert_int_equal(s->exp[3].result, SPF_NONE);
	assert_int_equal(s->exp[4].result, SPF_TEMPERROR);

	s = &l->steps[2];
	assert_string_equal(s->text, "Third, no actions");
	assert_int_equal(s->nact, 0);
	assert_int_equal(s->nexp, 1);
	lesson_free(l);
}

static void
test_zone_path(void **state)
{
	struct lesson *l;
	struct spf_err err;
	const char     abs[] = "title: x\nzone: /z/a.zone\ndomain: d.example\n"
			       "step: s\n";
	const char     rel[] = "title: x\nzone: a.zone\ndomain: d.example\n"
			       "step: s\n";

	(void)state;
	assert_int_equal(parse(abs, &l, &err), SPF_OK);
	assert_string_equal(l->zone, "/z/a.zone");
	lesson_free(l);
	spf_err_clear(&err);
	assert_int_equal(lesson_parse("t", NULL, rel, strlen(rel), &l, &err),
	    SPF_OK);
	assert_string_equal(l->zone, "a.zone");
	lesson_free(l);
	lesson_free(NULL);
}

#define HEAD "title: x\nzone: z.zone\ndomain: d.example\n"

static void
test_errors(void **state)
{
	(void)state;
	parse_fails(HEAD "colour: blue\n", 4, "unknown key");
	parse_fails(HEAD "no colon here\n", 4, "KEY: VALUE");
	parse_fails(HEAD "do: test 192.0.2.1\nstep: s\n", 4,
	    "belong to a step");
	parse_fails(HEAD "expect: 192.0.2.1 pass\n", 4, "belong to a step");
	parse_fails(HEAD "step: s\nexpect: 192.0.2.1 passed\n", 5,
	    "RESULT is one of");
	parse_fails(HEAD "step: s\nexpect: 192.0.2.1\n", 5, "expect: IP");
	parse_fails(HEAD "step: s\nexpect: 192.0.2.1 pass fail\n", 5,
	    "expect: IP");
	parse_fails(HEAD "pin: 192.0.2.300 x\nstep: s\n", 4, "pin: not an IP");
	parse_fails(HEAD "step: s\nexpect: acme.example pass\n", 5,
	    "expect: not an IP");
	parse_fails(HEAD "step: s\ndo: test 192.0.2\n", 5, "not an IP");
	parse_fails(HEAD "step: s\ndo: forward bogus\n", 5, "not an IP");
	parse_fails(HEAD "step: s\ndo: qualifier d.example all !\n", 5,
	    "one of + - ~ ?");
	parse_fails(HEAD "step: s\ndo: qualifier d.example all -~\n", 5,
	    "one of + - ~ ?");
	parse_fails(HEAD "step: s\ndo: qualifier d.example all\n", 5,
	    "missing an argument");
	parse_fails(HEAD "step: s\ndo: draft d.example\n", 5, "draft expects");
	parse_fails(HEAD "step: s\ndo: draft\n", 5, "draft expects");
	parse_fails(HEAD "step: s\ndo: test 192.0.2.1 192.0.2.2\n", 5,
	    "too many arguments");
	parse_fails(HEAD "step: s\ndo: delete d.example\n", 5, "do: expects");
	parse_fails(HEAD "step: s\ndo:\n", 5, "do: expects");
	parse_fails(HEAD "sender:\n", 4, "value is missing");
	parse_fails(HEAD "step: s\ntitle: again\n", 5, "given already");
	parse_fails(HEAD "zone: other.zone\n", 4, "given already");
	parse_fails(HEAD "domain: d.example\n", 4, "given already");
	/* Missing pieces: the line is the last one read. */
	parse_fails("zone: z\ndomain: d.example\nstep: s\n", 3, "needs title:");
	parse_fails("title: x\ndomain: d.example\nstep: s\n", 3, "zone:");
	parse_fails("title: x\nzone: z\nstep: s\n", 3, "domain:");
	parse_fails(HEAD "# no step\n", 4, "step:");
	parse_fails("", 0, "needs title:");
}

static void
test_item_bounds(void **state)
{
	char   buf[4096];
	size_t i, n;

	(void)state;
	n = (size_t)snprintf(buf, sizeof buf, HEAD);
	for (i = 0; i <= LESSON_MAX_PINS; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n,
		    "pin: 192.0.2.%zu\n", i + 1);
	parse_fails(buf, 4 + LESSON_MAX_PINS, "too many pins");

	n = (size_t)snprintf(buf, sizeof buf, HEAD "step: s\n");
	for (i = 0; i <= LESSON_MAX_ITEMS; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n,
		    "expect: 192.0.2.%zu pass\n", i + 1);
	parse_fails(buf, 5 + LESSON_MAX_ITEMS, "too many expect:");

	n = (size_t)snprintf(buf, sizeof buf, HEAD "step: s\n");
	for (i = 0; i <= LESSON_MAX_ITEMS; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n,
		    "do: test 192.0.2.%zu\n", i + 1);
	parse_fails(buf, 5 + LESSON_MAX_ITEMS, "too many do:");
}

static void
test_too_many_steps(void **state)
{
	char           buf[2048];
	size_t         i, n;
	struct lesson *l;
	struct spf_err err;

	(void)state;
	n = (size_t)snprintf(buf, sizeof buf, HEAD);
	for (i = 0; i < LESSON_MAX_STEPS; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "step: %zu\n",
		    i + 1);
	assert_int_equal(parse(buf, &l, &err), SPF_OK);
	assert_int_equal(l->nsteps, LESSON_MAX_STEPS);
	lesson_free(l);
	snprintf(buf + n, sizeof buf - n, "step: one too many\n");
	parse_fails(buf, 4 + LESSON_MAX_STEPS, "too many steps");
}

static void
test_long_line(void **state)
{
	char           buf[2 * 2048 + 64], *p;
	struct lesson *l;
	struct spf_err err;
	size_t         n;

	(void)state;
	/* A line of 2047 bytes is the longest allowed. */
	n = (size_t)snprintf(buf, sizeof buf,
	    "zone: z\ndomain: d.example\n"
	    "step: s\ntitle: ");
	p = buf + n;
	memset(p, 'x', 2047 - strlen("title: "));
	p[2047 - strlen("title: ")] = '\n';
	p[2048 - strlen("title: ")] = '\0';
	assert_int_equal(parse(buf, &l, &err), SPF_OK);
	assert_int_equal(strlen(l->title), 2047 - strlen("title: "));
	lesson_free(l);
	/* One byte more is too long, on line 4. */
	memset(p, 'x', 2048 - strlen("title: "));
	p[2048 - strlen("title: ")] = '\n';
	p[2049 - strlen("title: ")] = '\0';
	parse_fails(buf, 4, "line too long");
}

static void
test_nul_byte(void **state)
{
	static const char text[] = HEAD "step: s\0hidden\nexpect: 192.0.2.1 "
					"pass\n";
	struct lesson    *l = (struct lesson *)1;
	struct spf_err    err;

	(void)state;
	spf_err_clear(&err);
	assert_int_equal(
	    lesson_parse("t", "dir", text, sizeof text - 1, &l, &err),
	    SPF_ESYNTAX);
	assert_null(l);
	assert_string_equal(err.msg, "t:4: NUL byte in the line");
	assert_int_equal(err.line, 4);
}

static void
test_too_large(void **state)
{
	char          *buf = malloc(LESSON_MAX_BYTES + 1);
	struct lesson *l;
	struct spf_err err;

	(void)state;
	assert_non_null(buf);
	memset(buf, '\n', LESSON_MAX_BYTES + 1);
	spf_err_clear(&err);
	assert_int_equal(
	    lesson_parse("t", NULL, buf, LESSON_MAX_BYTES + 1, &l, &err),
	    SPF_ESYNTAX);
	assert_null(l);
	assert_non_null(strstr(err.msg, "too large"));
	free(buf);
}

/* Indented lines continue the latest step, even after its do:, expect:,
 * comments and blank lines; a header key ends the step's text. */
static void
test_continuation(void **state)
{
	static const char text[] =
	    "  title: indented keys are fine before any step\n"
	    "zone: z\ndomain: d.example\n"
	    "step: one\n"
	    "do: test 192.0.2.1\n"
	    "  two\n"
	    "# comment\n"
	    "\n"
	    "  three\n"
	    "   \n"
	    "dmarc: none\n"
	    "  sender: s@d.example\n";
	struct lesson *l;
	struct spf_err err;

	(void)state;
	assert_int_equal(parse(text, &l, &err), SPF_OK);
	assert_string_equal(l->title, "indented keys are fine before any step");
	assert_string_equal(l->steps[0].text, "one two three");
	assert_string_equal(l->sender, "s@d.example");
	lesson_free(l);
}

/* A step file at the size bound made of one-word continuation lines: every
 * line lands in the text, in order (the text grows in place; it used to be
 * copied whole for each line, quadratic in the file's size). */
static void
test_continuation_many(void **state)
{
	static const char head[] = "title: t\nzone: z\ndomain: d.example\n"
				   "step: s\n";
	size_t            lines = (LESSON_MAX_BYTES - sizeof head) / 5, i;
	char             *buf = malloc(LESSON_MAX_BYTES), *p;
	struct lesson    *l;
	struct spf_err    err;

	(void)state;
	assert_non_null(buf);
	memcpy(buf, head, sizeof head - 1);
	p = buf + sizeof head - 1;
	for (i = 0; i < lines; i++, p += 5)
		memcpy(p, i % 2 == 0 ? " ab\r\n" : "\tcd\r\n", 5);
	spf_err_clear(&err);
	assert_int_equal(
	    lesson_parse("t", NULL, buf, (size_t)(p - buf), &l, &err), SPF_OK);
	assert_int_equal(l->nsteps, 1);
	assert_int_equal(strlen(l->steps[0].text), 1 + 3 * lines);
	assert_int_equal(l->steps[0].text_len, 1 + 3 * lines);
	assert_memory_equal(l->steps[0].text, "s ab cd ab", 10);
	assert_string_equal(l->steps[0].text + 1 + 3 * (lines - 2),
	    lines % 2 == 0 ? " ab cd" : " cd ab");
	lesson_free(l);
	free(buf);
}

static void
test_load_missing(void **state)
{
	struct lesson *l = (struct lesson *)1;
	struct spf_err err;

	(void)state;
	spf_err_clear(&err);
	assert_int_not_equal(
	    lesson_load(LESSONS_DIR "/no-such.lesson", &l, &err), SPF_OK);
	assert_null(l);
	assert_non_null(strstr(err.msg, "no-such.lesson"));
}

/* Calls f on every lesson shipped in examples/lessons/; returns how many. */
static size_t
each_lesson(void (*f)(const struct lesson *))
{
	DIR           *d = opendir(LESSONS_DIR);
	struct dirent *e;
	size_t         n = 0, len;
	char           path[512];
	struct lesson *l;
	struct spf_err err;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		len = strlen(e->d_name);
		if (len <= 7 || strcmp(e->d_name + len - 7, ".lesson") != 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", LESSONS_DIR, e->d_name);
		spf_err_clear(&err);
		if (lesson_load(path, &l, &err) != SPF_OK)
			fail_msg("%s", err.msg);
		if (strncmp(l->name, e->d_name, len - 7) != 0 ||
		    l->name[len - 7] != '\0')
			fail_msg("%s: name '%s'", path, l->name);
		f(l);
		lesson_free(l);
		n++;
	}
	closedir(d);
	return n;
}

static void
shipped_shape(const struct lesson *l)
{
	size_t k;

	if (access(l->zone, R_OK) != 0)
		fail_msg("%s: zone %s cannot be read", l->name, l->zone);
	if (l->nsteps < 3 || l->nsteps > 6)
		fail_msg("%s: %zu steps, not 3 to 6", l->name, l->nsteps);
	if (l->npins == 0)
		fail_msg("%s: no pins", l->name);
	for (k = 0; k < l->nsteps; k++) {
		if (l->steps[k].nexp == 0)
			fail_msg("%s: step %zu has no expect:", l->name, k + 1);
		if (strlen(l->steps[k].text) > 400)
			fail_msg("%s: step %zu text is over 400 bytes", l->name,
			    k + 1);
	}
}

static void
test_shipped_load(void **state)
{
	(void)state;
	assert_true(each_lesson(shipped_shape) >= 8);
}

static void
shipped_run(const struct lesson *l)
{
	struct lesson_run *r;
	struct spf_err     err;
	char               why[256];
	size_t             k, e;

	spf_err_clear(&err);
	if ((r = lesson_run_new(l, &err)) == NULL)
		fail_msg("%s: %s", l->name, err.msg);
	for (k = 0; k < l->nsteps; k++) {
		if (!lesson_run_do(r, k, why, sizeof why))
			fail_msg("%s: step %zu: %s", l->name, k + 1, why);
		for (e = 0; e < l->steps[k].nexp; e++) {
			const struct lesson_expect *x = &l->steps[k].exp[e];
			enum spf_result got = lesson_run_eval(r, x->ip);
			if (got != x->result)
				fail_msg("%s: step %zu: %s gives %s, not %s",
				    l->name, k + 1, x->ip, spf_result_name(got),
				    spf_result_name(x->result));
		}
	}
	lesson_run_free(r);
}

/* What `spfscope lesson NAME --check` does, for every shipped lesson. */
static void
test_shipped_run(void **state)
{
	(void)state;
	assert_true(each_lesson(shipped_run) >= 8);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_zone_path),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_item_bounds),
		cmocka_unit_test(test_too_many_steps),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_too_large),
		cmocka_unit_test(test_continuation),
		cmocka_unit_test(test_continuation_many),
		cmocka_unit_test(test_load_missing),
		cmocka_unit_test(test_shipped_load),
		cmocka_unit_test(test_shipped_run),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
