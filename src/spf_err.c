/* spf_err.c: filling a caller-owned struct spf_err. Allocates nothing. */
#include "spf_err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void spf_err_vfill(struct spf_err *err, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

static void
spf_err_vfill(struct spf_err *err, const char *fmt, va_list ap)
{
	char *nl;

	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	/* One line, always: a message may quote hostile text. */
	while ((nl = strpbrk(err->msg, "\r\n")) != NULL)
		*nl = ' ';
}

int
spf_err_set(struct spf_err *err, size_t off, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return SPF_ESYNTAX;
	err->code = SPF_ESYNTAX;
	err->off = off;
	va_start(ap, fmt);
	spf_err_vfill(err, fmt, ap);
	va_end(ap);
	return err->code;
}

int
spf_err_setc(struct spf_err *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return code;
	err->code = code;
	va_start(ap, fmt);
	spf_err_vfill(err, fmt, ap);
	va_end(ap);
	return code;
}

void
spf_err_clear(struct spf_err *err)
{
	if (err != NULL)
		memset(err, 0, sizeof *err);
}
