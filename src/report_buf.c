/* report_buf.c: a growing text buffer for the text reports. The caller
 * owns b->p (free it); hostile text goes in through report_buf_vis(). */
#include "report_buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vis.h"
#include "xmalloc.h"

void
report_buf_add(struct report_buf *b, const char *s, size_t n)
{
	if (b->cap - b->len <= n) {
		while (b->cap - b->len <= n)
			b->cap = b->cap == 0 ? 256 : b->cap * 2;
		b->p = xreallocarray(b->p, b->cap, 1);
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void
report_buf_printf(struct report_buf *b, const char *fmt, ...)
{
	char    tmp[512];
	va_list ap;
	int     n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n > 0)
		report_buf_add(b, tmp,
		    (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* Hostile text, escaped. */
void
report_buf_vis(struct report_buf *b, const char *s)
{
	char *v = vis_dup(s, strlen(s));

	report_buf_add(b, v, strlen(v));
	free(v);
}

void
report_buf_visn(struct report_buf *b, const char *s, size_t n)
{
	char *v = vis_dup(s, n);

	report_buf_add(b, v, strlen(v));
	free(v);
}
