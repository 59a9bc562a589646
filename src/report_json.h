/* report_json.h: JSON strings from hostile bytes. */
#ifndef SPFSCOPE_REPORT_JSON_H
#define SPFSCOPE_REPORT_JSON_H

#include <jansson.h>
#include <stddef.h>

/* A JSON string of s: valid UTF-8 is kept (jansson escapes controls as
 * \u001b); each byte that is not valid UTF-8 becomes the text \xNN, so
 * the output is always valid JSON and never loses a byte silently. */
json_t *report_json_strn(const char *s, size_t len);
json_t *report_json_str(const char *s);

#endif
