/* vis.h: the one escaping function between hostile bytes and a screen. */
#ifndef SPFSCOPE_VIS_H
#define SPFSCOPE_VIS_H

#include <stddef.h>

/* Copies src (len bytes, may hold NUL) to dst as text safe for a terminal:
 * valid printable UTF-8 is kept; C0 and C1 controls, DEL, backslash and
 * invalid UTF-8 become visible escapes (\e, \n, \x9b, \\). dst is always
 * terminated when size > 0. Returns the length the whole escaped text
 * needs, like snprintf: truncation is ret >= size. At most 4 bytes out
 * per byte in. */
size_t vis_escape(char *dst, size_t size, const char *src, size_t len);

/* The same into a new allocation. */
char *vis_dup(const char *src, size_t len);

#endif
