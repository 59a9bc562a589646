/* report_json.c: turning hostile bytes into valid JSON strings. */
#include "report_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

json_t *
report_json_strn(const char *s, size_t len)
{
	json_t *j = memchr(s, 0x7f, len) == NULL ? json_stringn(s, len) : NULL;
	char   *buf;
	size_t  i, o = 0;

	if (j != NULL)
		return j;
	/* Not valid UTF-8, or holding DEL (which jansson leaves raw and a
	 * terminal may act on): keep ASCII, write other bytes as \xNN. CHOICE:
	 * valid multi-byte sequences in such a string are escaped too; it
	 * is rare, and the output stays unambiguous. */
	buf = xmalloc(len * 4 + 1);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x7f) {
			buf[o++] = (char)c;
		} else {
			snprintf(buf + o, 5, "\\x%02x", c);
			o += 4;
		}
	}
	j = json_stringn(buf, o);
	free(buf);
	return j != NULL ? j : json_string("");
}

json_t *
report_json_str(const char *s)
{
	return report_json_strn(s, strlen(s));
}
