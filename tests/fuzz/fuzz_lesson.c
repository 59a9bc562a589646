/* fuzz_lesson.c: libFuzzer target for the lesson reader (src/lesson.c):
 * a step file from memory, as lesson_load() reads one. A parsed lesson
 * must have what lesson.h promises: its required fields, every count
 * inside its bound, every action's arguments as its kind needs them. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "lesson.h"

#define FUZZ_LESSON_MAX (64 * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fuzz_lesson_check(const struct lesson *l)
{
	size_t i, k;

	if (l->title == NULL || l->zone == NULL || l->domain == NULL ||
	    l->nsteps == 0)
		fuzz_fail("lesson without title, zone, domain or a step");
	if (l->nsteps > LESSON_MAX_STEPS || l->npins > LESSON_MAX_PINS)
		fuzz_fail("more steps or pins than the bounds");
	if (l->zone[0] != '/') /* "/fuzz/FILE", or FILE was absolute */
		fuzz_fail("zone path not resolved against the directory");
	for (i = 0; i < l->npins; i++)
		if (l->pins[i].ip == NULL)
			fuzz_fail("pin without an address");
	for (i = 0; i < l->nsteps; i++) {
		const struct lesson_step *s = &l->steps[i];

		if (s->text == NULL)
			fuzz_fail("step without text");
		if (s->nact > LESSON_MAX_ITEMS || s->nexp > LESSON_MAX_ITEMS)
			fuzz_fail("more actions or expectations than bounds");
		for (k = 0; k < s->nexp; k++)
			if (s->exp[k].ip == NULL ||
			    s->exp[k].result < SPF_NONE ||
			    s->exp[k].result > SPF_PERMERROR)
				fuzz_fail("bad expectation");
		for (k = 0; k < s->nact; k++)
			if (s->act[k].kind < LESSON_DO_QUALIFIER ||
			    s->act[k].kind > LESSON_DO_DMARC)
				fuzz_fail("bad action kind");
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lesson *l = NULL;
	struct spf_err err;
	char          *buf;
	int            rc;

	if (size > FUZZ_LESSON_MAX)
		return -1;
	/* Exactly size bytes: the reader is given a length, not a NUL. */
	buf = xmalloc(size == 0 ? 1 : size);
	memcpy(buf, data, size);
	spf_err_clear(&err);
	rc = lesson_parse("fuzz.lesson", "/fuzz", buf, size, &l, &err);
	if (rc == SPF_OK) {
		if (l == NULL)
			fuzz_fail("SPF_OK without a lesson");
		fuzz_lesson_check(l);
		lesson_free(l);
	} else {
		if (l != NULL)
			fuzz_fail("an error with a lesson");
		if (memchr(err.msg, '\0', sizeof err.msg) == NULL)
			fuzz_fail("error message not terminated");
	}
	free(buf);
	return 0;
}
