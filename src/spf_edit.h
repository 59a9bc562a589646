/* spf_edit.h: what-if edits of a record's text, by term: the explorer's
 * keys and the lessons' actions use them. Pure: new strings, no DNS. */
#ifndef SPFSCOPE_SPF_EDIT_H
#define SPFSCOPE_SPF_EDIT_H

#include <stddef.h>

#include "spf_parse.h"

/* A disabled term stays in the text as an unknown modifier, which
 * receivers ignore (RFC 7208 6): SPF_EDIT_OFF followed by the term. */
#define SPF_EDIT_OFF "spfscope-off="

/* The text with term t's qualifier set to q (+ - ~ ?); t is a term of a
 * record parsed from text. A new string. */
char *spf_edit_qualifier(const char *text, size_t len, const struct spf_term *t,
    char q);

/* The text with term t switched off, or back on when it is off. */
char *spf_edit_toggle(const char *text, size_t len, const struct spf_term *t);

/* The index of the first term that reads mech once its qualifier is left
 * out ("all", "include:x.example"), case-insensitive; -1 when none. */
int spf_edit_find(const struct spf_record *r, const char *mech);

/* The text a zone should publish: switched-off terms left out. */
char *spf_edit_publishable(const char *text, size_t len);

#endif
