/* str.h: byte slices that travel with their length, and bounded copies. */
#ifndef SPFSCOPE_STR_H
#define SPFSCOPE_STR_H

#include <stdbool.h>
#include <stddef.h>

/* A slice of someone else's buffer; never NUL-terminated by contract. */
struct str {
	const char *p;
	size_t      len;
};

#define STR_NULL ((struct str){ NULL, 0 })

struct str str_from(const char *s);
struct str str_make(const char *p, size_t len);
bool       str_eq_ci(struct str a, const char *lit);
bool       str_prefix_ci(struct str s, const char *lit);

/* strlcpy(3): copies at most size - 1 bytes, always terminates, returns
 * strlen(src) so that truncation is ret >= size. */
size_t str_lcpy(char *dst, const char *src, size_t size);

/* Appends len bytes to dst (NUL-terminated, capacity size); returns false
 * and leaves dst unchanged when they do not fit. */
bool str_append(char *dst, size_t size, const char *src, size_t len);

#endif
