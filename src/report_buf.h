/* report_buf.h: a growing text buffer for the text reports. */
#ifndef SPFSCOPE_REPORT_BUF_H
#define SPFSCOPE_REPORT_BUF_H

#include <stddef.h>

struct report_buf {
	char  *p; /* NUL-terminated once anything was added; caller frees */
	size_t len, cap;
};

void report_buf_add(struct report_buf *b, const char *s, size_t n);
void report_buf_printf(struct report_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Text from DNS, files or users: escaped by vis_escape() on the way in. */
void report_buf_vis(struct report_buf *b, const char *s);
void report_buf_visn(struct report_buf *b, const char *s, size_t n);

#endif
