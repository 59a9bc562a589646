/* spf_err.h: a caller-owned error: what went wrong and where, one line. */
#ifndef SPFSCOPE_SPF_ERR_H
#define SPFSCOPE_SPF_ERR_H

#include <stddef.h>

enum spf_status {
	SPF_OK = 0,
	SPF_ESYNTAX, /* record or macro text does not follow the ABNF */
	SPF_ELIMIT,  /* a bound of ours or of the RFC was hit */
	SPF_EUSAGE,  /* bad input from the user (address, domain, option) */
	DNS_EZONE,   /* zone file cannot be read or does not parse */
	DNS_ESERVER, /* bad --server address */
	DNS_EINIT    /* resolver could not start */
};

struct spf_err {
	int         code;     /* enum spf_status */
	const char *file;     /* zone file, or NULL */
	unsigned    line;     /* 1-based, 0 if none */
	size_t      off;      /* byte offset in the record */
	char        msg[192]; /* one line, no newline */
};

/* Sets code SPF_ESYNTAX unless err->code was already set by the caller to
 * something else before; returns the code so that callers can write
 * `return spf_err_set(err, off, "...")`. err may be NULL. */
int spf_err_set(struct spf_err *err, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int spf_err_setc(struct spf_err *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void spf_err_clear(struct spf_err *err);

#endif
