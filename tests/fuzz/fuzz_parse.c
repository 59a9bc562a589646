/* fuzz_parse.c: libFuzzer target for the record parser (src/spf_parse.c)
 * and what works on its terms: the what-if edits (src/spf_edit.c) and
 * vis_escape() of the record text. The input is one record's text, as the
 * TXT strings of an answer joined. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "spf_edit.h"
#include "spf_limits.h"
#include "spf_parse.h"
#include "vis.h"

#define FUZZ_PARSE_MAX 8192 /* bytes of record: 32 TXT strings */
#define FUZZ_PARSE_EDITS 8  /* terms edited per input */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool
fuzz_inside(const struct spf_record *r, struct str s)
{
	return s.len == 0 ||
	    (s.p >= r->text && s.len <= r->len &&
		(size_t)(s.p - r->text) <= r->len - s.len);
}

static void
fuzz_parse_check(const struct spf_record *r, const char *txt, size_t len)
{
	size_t i;

	if (r->len != len || memcmp(r->text, txt, len) != 0 ||
	    r->text[len] != '\0')
		fuzz_fail("record text is not a copy of the input");
	if (r->nterms > SPF_MAX_TERMS)
		fuzz_fail("more terms than SPF_MAX_TERMS");
	if (r->redirect >= (int)r->nterms || r->exp >= (int)r->nterms ||
	    r->redirect < -1 || r->exp < -1)
		fuzz_fail("redirect or exp index out of range");
	for (i = 0; i < r->nterms; i++) {
		const struct spf_term *t = &r->terms[i];

		if (!fuzz_inside(r, t->text) || !fuzz_inside(r, t->name) ||
		    !fuzz_inside(r, t->domain))
			fuzz_fail("term slice outside the record");
		if (t->text.p != r->text + t->off)
			fuzz_fail("term offset does not match its text");
		if (t->cidr4 < -1 || t->cidr4 > 32 || t->cidr6 < -1 ||
		    t->cidr6 > 128)
			fuzz_fail("cidr length out of range");
		(void)spf_term_queries_dns(t);
		(void)spf_kind_name(t->kind);
		(void)spf_qual_char(t->qual);
		if (t->domain.len > 0)
			(void)spf_parse_domain_end(t->domain);
	}
}

/* Edits as the explorer's keys make them; the parser judges the result. */
static void
fuzz_parse_edit(const struct spf_record *r)
{
	struct spf_record *r2;
	struct spf_err     err;
	char              *s, *pub;
	size_t             i;

	for (i = 0; i < r->nterms && i < FUZZ_PARSE_EDITS; i++) {
		const struct spf_term *t = &r->terms[i];

		s = spf_edit_qualifier(r->text, r->len, t, '-');
		spf_err_clear(&err);
		if (spf_parse_record(s, strlen(s), &r2, &err) == SPF_OK) {
			/* A mechanism keeps its place and takes the
			 * qualifier. */
			if (t->kind < SPF_MOD_REDIRECT &&
			    (r2->nterms != r->nterms ||
				r2->terms[i].qual != SPF_QUAL_FAIL))
				fuzz_fail("qualifier edit changed the terms");
			spf_record_free(r2);
		} else if (t->kind < SPF_MOD_REDIRECT &&
		    strlen(s) == r->len + !t->has_qual) {
			fuzz_fail("qualifier edit broke a record");
		}
		free(s);
		s = spf_edit_toggle(r->text, r->len, t);
		pub = spf_edit_publishable(s, strlen(s));
		spf_err_clear(&err);
		if (spf_parse_record(s, strlen(s), &r2, &err) == SPF_OK) {
			(void)spf_edit_find(r2, "all");
			spf_record_free(r2);
		}
		free(pub);
		free(s);
	}
	(void)spf_edit_find(r, "all");
	(void)spf_edit_find(r, "include:example.com");
}

static void
fuzz_parse_vis(const char *txt, size_t len)
{
	char   small[16];
	char  *big;
	size_t need, n;

	need = vis_escape(small, sizeof small, txt, len);
	n = strlen(small);
	if (n >= sizeof small || (need < sizeof small && n != need))
		fuzz_fail("vis_escape: bad length into a small buffer");
	if (need > 4 * len)
		fuzz_fail("vis_escape: over 4 bytes out per byte in");
	big = xmalloc(need + 1);
	if (vis_escape(big, need + 1, txt, len) != need || strlen(big) != need)
		fuzz_fail("vis_escape: length differs from the one announced");
	fuzz_check_text(big, need);
	free(big);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct spf_record *r = NULL;
	struct spf_err     err;
	char              *txt;
	int                rc;

	if (size > FUZZ_PARSE_MAX)
		return -1;
	/* Exactly size bytes: the parser is given a length, not a NUL. */
	txt = xmalloc(size == 0 ? 1 : size);
	memcpy(txt, data, size);
	(void)spf_parse_is_spf(txt, size);
	spf_err_clear(&err);
	rc = spf_parse_record(txt, size, &r, &err);
	if (rc == SPF_OK) {
		if (r == NULL)
			fuzz_fail("SPF_OK without a record");
		fuzz_parse_check(r, txt, size);
		fuzz_parse_edit(r);
		spf_record_free(r);
	} else {
		if (r != NULL)
			fuzz_fail("error with a record");
		if (err.off > size)
			fuzz_fail("error offset past the record");
		/* The engine keeps the record's bytes raw in the message;
		 * the edge escapes them. */
		if (memchr(err.msg, '\0', sizeof err.msg) == NULL)
			fuzz_fail("error message not terminated");
	}
	fuzz_parse_vis(txt, size);
	free(txt);
	return 0;
}
