/* str.c: byte slices and bounded string copies (no strlcpy in glibc 2.36). */
#include "str.h"

#include <string.h>
#include <strings.h>

struct str
str_from(const char *s)
{
	return (struct str){ s, s == NULL ? 0 : strlen(s) };
}

struct str
str_make(const char *p, size_t len)
{
	return (struct str){ p, len };
}

bool
str_eq_ci(struct str a, const char *lit)
{
	size_t n = strlen(lit);

	/* strncasecmp() wants valid pointers even for 0 bytes (C11
	 * 7.24.1/2), and an empty slice may have none. */
	return a.len == n && (n == 0 || strncasecmp(a.p, lit, n) == 0);
}

bool
str_prefix_ci(struct str s, const char *lit)
{
	size_t n = strlen(lit);

	return s.len >= n && (n == 0 || strncasecmp(s.p, lit, n) == 0);
}

size_t
str_lcpy(char *dst, const char *src, size_t size)
{
	size_t n = strlen(src);

	if (size > 0) {
		size_t k = n < size - 1 ? n : size - 1;
		memcpy(dst, src, k);
		dst[k] = '\0';
	}
	return n;
}

bool
str_append(char *dst, size_t size, const char *src, size_t len)
{
	size_t have = strnlen(dst, size);

	if (have >= size || size - have <= len)
		return false;
	memcpy(dst + have, src, len);
	dst[have + len] = '\0';
	return true;
}
