/* spf_edit.c: record text edited at a term's byte offset, so that the
 * parser stays the one judge of what the result says. Returns new
 * strings; the caller frees them. */
#include "spf_edit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "xmalloc.h"

static char *
spf_edit_splice(const char *text, size_t len, size_t off, size_t cut,
    const char *ins)
{
	size_t k = strlen(ins);
	char  *s;

	if (off > len || cut > len - off)
		return xmemdup0(text, len);
	s = xmalloc(len - cut + k + 1);
	memcpy(s, text, off);
	memcpy(s + off, ins, k);
	memcpy(s + off + k, text + off + cut, len - off - cut);
	s[len - cut + k] = '\0';
	return s;
}

char *
spf_edit_qualifier(const char *text, size_t len, const struct spf_term *t,
    char q)
{
	char ins[2] = { q, '\0' };

	return spf_edit_splice(text, len, t->off, t->has_qual ? 1 : 0, ins);
}

char *
spf_edit_toggle(const char *text, size_t len, const struct spf_term *t)
{
	if (t->kind == SPF_MOD_UNKNOWN && str_prefix_ci(t->text, SPF_EDIT_OFF))
		return spf_edit_splice(text, len, t->off, strlen(SPF_EDIT_OFF),
		    "");
	return spf_edit_splice(text, len, t->off, 0, SPF_EDIT_OFF);
}

int
spf_edit_find(const struct spf_record *r, const char *mech)
{
	size_t i, n = strlen(mech);

	for (i = 0; i < r->nterms; i++) {
		const struct spf_term *t = &r->terms[i];
		size_t                 q = t->has_qual ? 1 : 0;
		if (t->text.len - q == n &&
		    strncasecmp(t->text.p + q, mech, n) == 0)
			return (int)i;
	}
	return -1;
}

char *
spf_edit_publishable(const char *text, size_t len)
{
	struct spf_record *rec;
	char              *out;
	size_t             i, o;

	if (spf_parse_record(text, len, &rec, NULL) != SPF_OK)
		return xmemdup0(text, len);
	out = xmalloc(len + 1);
	o = (size_t)snprintf(out, len + 1, "v=spf1");
	for (i = 0; i < rec->nterms; i++) {
		const struct spf_term *t = &rec->terms[i];
		if (t->kind == SPF_MOD_UNKNOWN &&
		    str_prefix_ci(t->text, SPF_EDIT_OFF))
			continue;
		/* Never longer than the input: each term had a space. */
		out[o++] = ' ';
		memcpy(out + o, t->text.p, t->text.len);
		o += t->text.len;
	}
	out[o] = '\0';
	spf_record_free(rec);
	return out;
}
