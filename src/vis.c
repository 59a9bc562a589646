/* vis.c: escaping text that came from DNS, files or users before it
 * reaches a terminal (STYLE.md 6; tmux utf8.c utf8_strvis()). */
#include "vis.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "xmalloc.h"

/* Length of a valid UTF-8 sequence at p (1..4), or 0. Overlongs,
 * surrogates and code points past U+10FFFF are invalid (RFC 3629 3). */
static size_t
vis_utf8_len(const unsigned char *p, size_t left, uint32_t *cp)
{
	size_t   n, i;
	uint32_t c;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2, c = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3, c = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4, c = p[0] & 0x07;
	else
		return 0;
	if (left < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3f);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) ||
	    (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
		return 0;
	*cp = c;
	return n;
}

/* Writes a whole unit (a character or an escape) or nothing, so that a
 * truncated result never ends in half a UTF-8 sequence or escape; once
 * one unit did not fit, *full stops the rest. *o counts what is needed. */
static void
vis_put(char *dst, size_t size, size_t *o, bool *full, const char *s, size_t n)
{
	if (!*full && size > 0 && *o + n < size)
		memcpy(dst + *o, s, n);
	else
		*full = true;
	*o += n;
}

/* The two-byte escape of a backslash or of a control that has a
 * letter (\n \r \t \e), or NULL. */
static const char *
vis_short(uint32_t cp)
{
	switch (cp) {
	case '\\':
		return "\\\\";
	case '\n':
		return "\\n";
	case '\r':
		return "\\r";
	case '\t':
		return "\\t";
	case 0x1b:
		return "\\e";
	default:
		return NULL;
	}
}

size_t
vis_escape(char *dst, size_t size, const char *src, size_t len)
{
	const unsigned char *p = (const unsigned char *)src;
	size_t               i = 0, o = 0, n, end = 0;
	bool                 full = false;
	uint32_t             cp;
	char                 esc[8];
	const char          *s;

	while (i < len) {
		n = vis_utf8_len(p + i, len - i, &cp);
		if (n == 1 && cp >= 0x20 && cp != 0x7f && cp != '\\') {
			vis_put(dst, size, &o, &full, src + i, 1);
		} else if (n > 1 && !(cp >= 0x80 && cp <= 0x9f)) {
			vis_put(dst, size, &o, &full, src + i, n);
		} else if (n == 1 && (s = vis_short(cp)) != NULL) {
			vis_put(dst, size, &o, &full, s, 2);
		} else {
			/* A C0/C1 control, DEL, or a byte that is not valid
			 * UTF-8: one byte, shown as hex. A C1 control
			 * (U+0080..U+009F) is two bytes: both shown. */
			size_t k, m = n > 1 ? n : 1;
			for (k = 0; k < m; k++) {
				snprintf(esc, sizeof esc, "\\x%02x", p[i + k]);
				vis_put(dst, size, &o, &full, esc, 4);
			}
			n = m;
		}
		i += n == 0 ? 1 : n;
		if (!full)
			end = o;
	}
	if (size > 0)
		dst[end] = '\0';
	return o;
}

char *
vis_dup(const char *src, size_t len)
{
	size_t need = vis_escape(NULL, 0, src, len);
	char  *s = xmalloc(need + 1);

	vis_escape(s, need + 1, src, len);
	return s;
}
