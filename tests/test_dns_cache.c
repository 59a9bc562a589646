/* test_dns_cache.c: src/dns_cache.c and the name helpers of
 * src/dns_answer.c. A fake source writes down what it is asked and
 * answers only when the test says so, which shows what the cache asks,
 * how often, and how many questions fly at once. Name and wire tables
 * copy their inputs to the heap at their exact sizes, so that ASan sees a
 * byte read or written past either end. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dns.h"
#include "dns_cache.h"
#include "spf_limits.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define MANY (2 * DNS_MAX_INFLIGHT + 50)

struct question {
	char    *name;
	uint16_t type;
};

/* ask() writes the question down; with sync set, it also answers NODATA
 * at once, as a zone file does. */
struct fake {
	struct dns_source src;
	bool              sync;
	struct question  *q;
	size_t            n, cap;
	size_t            answered; /* by answer_next() */
	size_t            flying, max_flying;
};

static void
fake_ask(struct dns_source *src, struct dns_cache *c, const char *name,
    uint16_t type)
{
	struct fake *f = (struct fake *)src;

	if (f->n == f->cap) {
		f->cap = f->cap == 0 ? 16 : f->cap * 2;
		f->q = realloc(f->q, f->cap * sizeof *f->q);
		if (f->q == NULL)
			abort();
	}
	f->q[f->n].name = strdup(name);
	f->q[f->n++].type = type;
	if (f->sync) {
		struct dns_answer *a = dns_answer_new(name, type);
		a->rcode = 0;
		dns_cache_put(c, a);
		return;
	}
	if (++f->flying > f->max_flying)
		f->max_flying = f->flying;
}

static void
fake_free(struct dns_source *src)
{
	struct fake *f = (struct fake *)src;
	size_t       i;

	for (i = 0; i < f->n; i++)
		free(f->q[i].name);
	free(f->q);
	free(f);
}

/* The cache of the test being run, freed by teardown() whatever
 * happened; the fake belongs to it. */
static struct dns_cache *cache;
static struct fake      *fake;

static void
start(bool sync)
{
	fake = calloc(1, sizeof *fake);
	assert_non_null(fake);
	fake->src.ask = fake_ask;
	fake->src.free = fake_free;
	fake->sync = sync;
	cache = dns_cache_new(&fake->src);
}

static int
teardown(void **state)
{
	(void)state;
	dns_cache_free(cache);
	cache = NULL;
	fake = NULL;
	return 0;
}

/* An answer with one A record, 192.0.2.<last>. */
static struct dns_answer *
answer_a(const char *name, unsigned char last)
{
	struct dns_answer  *a = dns_answer_new(name, DNS_A);
	const unsigned char addr[4] = { 192, 0, 2, last };

	a->rcode = 0;
	dns_answer_add_rr(a, DNS_A, 60, 0, addr, sizeof addr);
	return a;
}

/* Answers question i, as the source would. */
static void
answer(size_t i)
{
	assert_true(i < fake->n);
	fake->flying--;
	dns_cache_put(cache, answer_a(fake->q[i].name, (unsigned char)i));
}

static void
name_of(char *buf, size_t size, size_t i)
{
	snprintf(buf, size, "n%zu.example", i);
}

static void
test_get_before_want(void **state)
{
	(void)state;
	start(false);
	assert_null(dns_cache_get(cache, "example.com", DNS_A));
	assert_int_equal(fake->n, 0);
	assert_int_equal(dns_cache_asked(cache), 0);
	assert_false(dns_cache_busy(cache));
}

static void
test_want_once(void **state)
{
	const struct dns_answer *a;

	(void)state;
	start(false);
	dns_cache_want(cache, "example.com", DNS_A);
	dns_cache_want(cache, "example.com", DNS_A);
	assert_int_equal(fake->n, 1);
	assert_string_equal(fake->q[0].name, "example.com");
	assert_int_equal(fake->q[0].type, DNS_A);
	assert_int_equal(dns_cache_asked(cache), 1);
	assert_true(dns_cache_busy(cache));

	/* In flight: nothing to get, and need does not ask again. */
	assert_null(dns_cache_get(cache, "example.com", DNS_A));
	assert_null(dns_cache_need(cache, "example.com", DNS_A));
	assert_int_equal(fake->n, 1);

	answer(0);
	assert_false(dns_cache_busy(cache));
	a = dns_cache_get(cache, "example.com", DNS_A);
	assert_non_null(a);
	assert_int_equal(a->nrr, 1);
	assert_int_equal(a->rr[0].data[3], 0);
	assert_ptr_equal(dns_cache_need(cache, "example.com", DNS_A), a);
	dns_cache_want(cache, "example.com", DNS_A);
	assert_int_equal(fake->n, 1);
	assert_int_equal(dns_cache_asked(cache), 1);
	/* Another type is another question. */
	dns_cache_want(cache, "example.com", DNS_TXT);
	assert_int_equal(fake->n, 2);
	assert_int_equal(fake->q[1].type, DNS_TXT);
	assert_null(dns_cache_get(cache, "example.com", DNS_TXT));
}

/* A source that answers inside ask(): need() has the answer at once. */
static void
test_need_sync(void **state)
{
	const struct dns_answer *a;
	char                     name[32];
	size_t                   i;

	(void)state;
	start(true);
	a = dns_cache_need(cache, "example.com", DNS_MX);
	assert_non_null(a);
	assert_int_equal(a->status, DNS_OK);
	assert_int_equal(a->nrr, 0);
	assert_false(dns_cache_busy(cache));
	for (i = 0; i < 5; i++) {
		name_of(name, sizeof name, i);
		dns_cache_want(cache, name, DNS_A);
		dns_cache_want(cache, name, DNS_A);
		assert_non_null(dns_cache_need(cache, name, DNS_A));
	}
	assert_int_equal(dns_cache_asked(cache), 6);
	assert_int_equal(fake->n, 6);
	assert_false(dns_cache_busy(cache));
}

/* Two spellings: the same cache entry or not. */
static const struct fold_case {
	const char *a, *b;
	bool        same;
} folds[] = {
	{ "ExAmple.COM", "example.com", true },
	{ "example.com.", "example.com", true },
	{ "EXAMPLE.COM.", "example.com", true },
	{ "example.com", "Example.Com.", true },
	{ "\xc3\x89.example", "\xc3\xa9.example", false }, /* É, é */
	{ "caf\xc3\xa9.example", "CAF\xc3\xa9.EXAMPLE", true },
	{ "caf\xc3\xa9.example", "xn--caf-dma.example", false },
	{ "example.com", "example.org", false },
	{ "example.com", "example.co", false },
	{ "a\\.b.example", "a.b.example", false },
	{ "example.com\\.", "example.com", false },
	{ "example.com..", "example.com", false },
	{ "a\\\\.", "A\\\\", true },
	{ "[", "{", false }, /* 0x5b is no upper-case 0x7b */
	{ "@", "`", false },
};

static void
test_fold(void **state)
{
	const struct fold_case  *t = *state;
	const struct dns_answer *a;
	char                     ka[64], kb[64];

	start(false);
	assert_int_equal(dns_name_eq(t->a, t->b), t->same);
	assert_int_equal(dns_name_eq(t->b, t->a), t->same);
	assert_true(dns_name_key(t->a, ka, sizeof ka));
	assert_true(dns_name_key(t->b, kb, sizeof kb));
	assert_int_equal(strcmp(ka, kb) == 0, t->same);

	dns_cache_want(cache, t->a, DNS_A);
	dns_cache_want(cache, t->b, DNS_A);
	/* A name no query can hold ("example.com..") is never asked: the
	 * cache answers it with DNS_BADNAME itself. */
	if (!dns_name_check(t->a, ka, sizeof ka)) {
		assert_int_equal(fake->n, 1);
		a = dns_cache_get(cache, t->a, DNS_A);
		assert_non_null(a);
		assert_int_equal(a->status, DNS_BADNAME);
		return;
	}
	assert_int_equal(fake->n, t->same ? 1 : 2);
	answer(0);
	a = dns_cache_get(cache, t->a, DNS_A);
	if (a == NULL)
		fail_msg("the answer to '%s', asked as '%s', was not filed "
			 "under it",
		    t->a, fake->q[0].name);
	if (t->same)
		assert_ptr_equal(dns_cache_get(cache, t->b, DNS_A), a);
	else
		assert_null(dns_cache_get(cache, t->b, DNS_A));
}

/* No more than DNS_MAX_INFLIGHT questions fly; the rest wait in order and
 * go out as answers come back. */
static void
test_inflight(void **state)
{
	char   name[32];
	size_t i, next = 0;

	(void)state;
	start(false);
	for (i = 0; i < MANY; i++) {
		name_of(name, sizeof name, i);
		dns_cache_want(cache, name, DNS_A);
	}
	assert_int_equal(fake->n, DNS_MAX_INFLIGHT);
	assert_int_equal(dns_cache_asked(cache), DNS_MAX_INFLIGHT);
	assert_true(dns_cache_busy(cache));
	/* Wanting a queued one again neither asks nor queues it twice. */
	name_of(name, sizeof name, MANY - 1);
	dns_cache_want(cache, name, DNS_A);
	assert_null(dns_cache_get(cache, name, DNS_A));
	assert_int_equal(fake->n, DNS_MAX_INFLIGHT);

	/* One answer, out of order, lets one more go. */
	answer(DNS_MAX_INFLIGHT / 2);
	assert_int_equal(fake->n, DNS_MAX_INFLIGHT + 1);
	while (next < fake->n) {
		if (next != DNS_MAX_INFLIGHT / 2)
			answer(next);
		next++;
		assert_true(fake->flying <= DNS_MAX_INFLIGHT);
	}
	assert_int_equal(fake->n, MANY);
	assert_int_equal(fake->max_flying, DNS_MAX_INFLIGHT);
	assert_int_equal(dns_cache_asked(cache), MANY);
	assert_false(dns_cache_busy(cache));
	/* First wanted, first asked; each once. */
	for (i = 0; i < MANY; i++) {
		name_of(name, sizeof name, i);
		assert_string_equal(fake->q[i].name, name);
		assert_non_null(dns_cache_get(cache, name, DNS_A));
	}
}

/* A second answer for the same question is dropped: the first stays, and
 * pointers to it stay valid. It frees no slot in flight either. */
static void
test_late_duplicate(void **state)
{
	const struct dns_answer *a;
	char                     name[32];
	size_t                   i;

	(void)state;
	start(false);
	for (i = 0; i <= DNS_MAX_INFLIGHT; i++) {
		name_of(name, sizeof name, i);
		dns_cache_want(cache, name, DNS_A);
	}
	assert_int_equal(fake->n, DNS_MAX_INFLIGHT);
	answer(0);
	assert_int_equal(fake->n, DNS_MAX_INFLIGHT + 1);
	a = dns_cache_get(cache, "n0.example", DNS_A);
	assert_non_null(a);
	assert_int_equal(a->rr[0].data[3], 0);

	dns_cache_put(cache, answer_a("N0.EXAMPLE.", 99));
	assert_ptr_equal(dns_cache_get(cache, "n0.example", DNS_A), a);
	assert_int_equal(a->nrr, 1);
	assert_int_equal(a->rr[0].data[3], 0);
	assert_string_equal(a->name, "n0.example");

	/* 100 still in flight: one more want waits. */
	dns_cache_want(cache, "more.example", DNS_A);
	assert_int_equal(fake->n, DNS_MAX_INFLIGHT + 1);
	assert_true(dns_cache_busy(cache));
}

/* An answer nobody asked for is kept, and counts against nothing. */
static void
test_unsolicited(void **state)
{
	char   name[32];
	size_t i;

	(void)state;
	start(false);
	dns_cache_put(cache, answer_a("stray.example", 7));
	assert_non_null(dns_cache_get(cache, "stray.example", DNS_A));
	assert_false(dns_cache_busy(cache));
	dns_cache_want(cache, "stray.example", DNS_A);
	assert_int_equal(fake->n, 0);
	for (i = 0; i <= DNS_MAX_INFLIGHT; i++) {
		name_of(name, sizeof name, i);
		dns_cache_want(cache, name, DNS_A);
	}
	assert_int_equal(fake->n, DNS_MAX_INFLIGHT);
}

/* dns_cache_insert(): ready answers (drafts, tests) are never asked. */
static void
test_insert(void **state)
{
	const struct dns_answer *a;
	struct dns_answer       *ins;
	char                     name[32];
	size_t                   i;

	(void)state;
	start(false);
	ins = answer_a("draft.example", 1);
	dns_cache_insert(cache, ins);
	assert_ptr_equal(dns_cache_get(cache, "DRAFT.example.", DNS_A), ins);
	dns_cache_want(cache, "draft.example", DNS_A);
	assert_int_equal(fake->n, 0);
	assert_int_equal(dns_cache_asked(cache), 0);
	assert_false(dns_cache_busy(cache));

	/* Inserted while its question waits in the queue: it is answered,
	 * so it must not be asked when a slot frees. */
	for (i = 0; i <= DNS_MAX_INFLIGHT; i++) {
		name_of(name, sizeof name, i);
		dns_cache_want(cache, name, DNS_A);
	}
	assert_int_equal(fake->n, DNS_MAX_INFLIGHT);
	name_of(name, sizeof name, DNS_MAX_INFLIGHT);
	ins = answer_a(name, 2);
	dns_cache_insert(cache, ins);
	a = dns_cache_get(cache, name, DNS_A);
	assert_ptr_equal(a, ins);
	answer(0);
	assert_int_equal(fake->n, DNS_MAX_INFLIGHT);
	assert_int_equal(dns_cache_asked(cache), DNS_MAX_INFLIGHT);
	assert_ptr_equal(dns_cache_get(cache, name, DNS_A), a);
}

/* Inserted while its question flies: the inserted answer stays, and when
 * the source's answer comes the slot in flight is free again. */
static void
test_insert_in_flight(void **state)
{
	struct dns_answer *ins;
	char               name[32];
	size_t             i;

	(void)state;
	start(false);
	dns_cache_want(cache, "x.example", DNS_A);
	assert_int_equal(fake->n, 1);
	ins = answer_a("x.example", 42);
	dns_cache_insert(cache, ins);
	assert_ptr_equal(dns_cache_get(cache, "x.example", DNS_A), ins);
	answer(0);
	assert_ptr_equal(dns_cache_get(cache, "x.example", DNS_A), ins);
	assert_int_equal(ins->rr[0].data[3], 42);
	assert_false(dns_cache_busy(cache));
	for (i = 0; i < DNS_MAX_INFLIGHT; i++) {
		name_of(name, sizeof name, i);
		dns_cache_want(cache, name, DNS_A);
	}
	assert_int_equal(fake->n, 1 + DNS_MAX_INFLIGHT);
}

/* A name too long for any query is never asked, and readers still get an
 * answer (DNS_BADNAME), so an evaluation never waits for it. */
static void
test_too_long(void **state)
{
	char                    *name = malloc(2000);
	const struct dns_answer *a;

	(void)state;
	assert_non_null(name);
	memset(name, 'a', 1999);
	name[1999] = '\0';
	start(false);
	dns_cache_want(cache, name, DNS_A);
	a = dns_cache_need(cache, name, DNS_A);
	assert_non_null(a);
	assert_int_equal(a->status, DNS_BADNAME);
	assert_int_equal(fake->n, 0);
	assert_false(dns_cache_busy(cache));
	free(name);
}

/* dns_name_key() into buffers of exactly the given size. */
static const struct key_case {
	const char *name;
	size_t      size;
	bool        ok;
	const char *key;
} keys[] = {
	{ "Example.COM.", 12, true, "example.com" },
	{ "Example.COM.", 11, false, NULL },
	{ "Example.COM", 12, true, "example.com" },
	{ "Example.COM", 11, false, NULL },
	{ "a\\.", 4, true, "a\\." },    /* the dot is escaped */
	{ "a\\\\.", 4, true, "a\\\\" }, /* the backslash is */
	{ "a\\\\\\.", 6, true, "a\\\\\\." },
	{ ".", 1, true, "" },
	{ "", 1, true, "" },
	{ "", 0, false, NULL },
	{ "\xc3\x89X", 4, true, "\xc3\x89x" },
	{ "A..", 3, true, "a." },
};

static void
test_key(void **state)
{
	const struct key_case *t = *state;
	char                  *buf = malloc(t->size > 0 ? t->size : 1);
	char                   got[64] = "";
	bool                   ok;

	assert_non_null(buf);
	ok = dns_name_key(t->name, buf, t->size);
	if (ok)
		snprintf(got, sizeof got, "%s", buf);
	free(buf);
	if (ok != t->ok)
		fail_msg("dns_name_key('%s', %zu) is not %s", t->name, t->size,
		    t->ok ? "true" : "false");
	if (ok)
		assert_string_equal(got, t->key);
}

/* dns_name_from_wire(): wire and out buffer at exact sizes. */
#define W(s) .wire = (const unsigned char *)(s), .len = sizeof(s) - 1
#define A63 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define WL63 "\x3f" A63
#define WL64 "\x40" A63 "a"

static const struct wire_case {
	const char          *what;
	const unsigned char *wire;
	size_t               len;
	size_t               size;
	bool                 ok;
	const char          *text;
} wires[] = {
	{ "plain",
	    W("\x07"
	      "example"
	      "\x03"
	      "com"
	      "\x00"),
	    12, true, "example.com" },
	{ "one byte short",
	    W("\x07"
	      "example"
	      "\x03"
	      "com"
	      "\x00"),
	    11, false, NULL },
	{ "the root", W("\x00"), 1, true, "" },
	{ "a dot inside a label",
	    W("\x03"
	      "a.b"
	      "\x07"
	      "example"
	      "\x00"),
	    14, true, "a\\.b.example" },
	{ "a backslash inside a label",
	    W("\x03"
	      "a\\b"
	      "\x00"),
	    5, true, "a\\\\b" },
	{ "an escaped dot, exact",
	    W("\x01"
	      "."
	      "\x00"),
	    3, true, "\\." },
	{ "an escaped dot, short",
	    W("\x01"
	      "."
	      "\x00"),
	    2, false, NULL },
	{ "raw UTF-8 kept",
	    W("\x05"
	      "caf\xc3\xa9"
	      "\x02"
	      "ex"
	      "\x00"),
	    9, true, "caf\xc3\xa9.ex" },
	{ "case kept",
	    W("\x02"
	      "Ab"
	      "\x00"),
	    3, true, "Ab" },
	{ "a length past the end",
	    W("\x05"
	      "ab"
	      "\x00"),
	    64, false, NULL },
	{ "a length past the end, 2nd label",
	    W("\x01"
	      "a"
	      "\x09"
	      "example"
	      "\x00"),
	    64, false, NULL },
	{ "a label of 63", W(WL63 "\x00"), 64, true, A63 },
	{ "a label of 64", W(WL64 "\x00"), 128, false, NULL },
	{ "a compression pointer", W("\xc0\x0c"), 64, false, NULL },
	{ "a NUL inside a label",
	    W("\x03"
	      "a\x00"
	      "b"
	      "\x00"),
	    64, false, NULL },
	{ "no room at all", W("\x00"), 0, false, NULL },
	{ "no root label at the end",
	    W("\x01"
	      "a"),
	    64, false, NULL },
	{ "over 255 octets", W(WL63 WL63 WL63 WL63 "\x00"), 300, false, NULL },
};

static void
test_wire(void **state)
{
	const struct wire_case *t = *state;
	unsigned char          *wire = malloc(t->len > 0 ? t->len : 1);
	char                   *buf = malloc(t->size > 0 ? t->size : 1);
	char                    got[512] = "";
	bool                    ok;

	assert_non_null(wire);
	assert_non_null(buf);
	memcpy(wire, t->wire, t->len);
	ok = dns_name_from_wire(wire, t->len, buf, t->size);
	if (ok)
		snprintf(got, sizeof got, "%s", buf);
	free(wire);
	free(buf);
	if (ok != t->ok)
		fail_msg("%s: %s, expected %s", t->what, ok ? "true" : "false",
		    t->ok ? "true" : "false");
	if (ok)
		assert_string_equal(got, t->text);
}

#define T(f) cmocka_unit_test_teardown(f, teardown)

static const struct CMUnitTest specials[] = {
	T(test_get_before_want),
	T(test_want_once),
	T(test_need_sync),
	T(test_inflight),
	T(test_late_duplicate),
	T(test_unsolicited),
	T(test_insert),
	T(test_insert_in_flight),
	T(test_too_long),
};

static char fold_names[NELEM(folds)][96];
static char key_names[NELEM(keys)][96];

int
main(void)
{
	static struct CMUnitTest
	    tests[NELEM(specials) + NELEM(folds) + NELEM(keys) + NELEM(wires)];
	size_t i, n = 0;

	for (i = 0; i < NELEM(specials); i++)
		tests[n++] = specials[i];
	for (i = 0; i < NELEM(folds); i++) {
		snprintf(fold_names[i], sizeof fold_names[i], "fold %zu: %s%s",
		    i, folds[i].b, folds[i].same ? "" : " (differs)");
		tests[n++] = (struct CMUnitTest){ .name = fold_names[i],
			.test_func = test_fold,
			.teardown_func = teardown,
			.initial_state = (void *)&folds[i] };
	}
	for (i = 0; i < NELEM(keys); i++) {
		snprintf(key_names[i], sizeof key_names[i],
		    "key %zu: '%s' in %zu", i, keys[i].name, keys[i].size);
		tests[n++] = (struct CMUnitTest){ .name = key_names[i],
			.test_func = test_key,
			.initial_state = (void *)&keys[i] };
	}
	for (i = 0; i < NELEM(wires); i++)
		tests[n++] = (struct CMUnitTest){ .name = wires[i].what,
			.test_func = test_wire,
			.initial_state = (void *)&wires[i] };
	return cmocka_run_group_tests(tests, NULL, NULL);
}
