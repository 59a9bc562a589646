/* receiver.h: what a typical receiver does with each SPF result, and what
 * DMARC (RFC 7489) makes of it. The brief is shared/TEACHING.md: SPF
 * checks MAIL FROM; DMARC ties authentication to the From: domain and can
 * be passed by an aligned DKIM signature when SPF fails. */
#ifndef SPFSCOPE_RECEIVER_H
#define SPFSCOPE_RECEIVER_H

#include <stdbool.h>

#include "spf_eval.h"

enum dmarc_policy {
	DMARC_UNKNOWN,    /* not looked up (yet) */
	DMARC_NO_RECORD,  /* the domain publishes no DMARC record */
	DMARC_NONE,       /* p=none: monitor only */
	DMARC_QUARANTINE, /* p=quarantine */
	DMARC_REJECT      /* p=reject */
};

struct receiver_view {
	const char *action;        /* what a typical receiver does */
	const char *smtp;          /* the SMTP reply it gives, or "" */
	char        dmarc[320];    /* what happens with DMARC */
	bool        dkim_can_save; /* could an aligned DKIM signature still
				    * pass DMARC for this message? */
};

/* forwarded: the client is a forwarder re-sending the sender's mail. */
void receiver_describe(enum spf_result r, enum dmarc_policy p, bool forwarded,
    struct receiver_view *out);

const char *dmarc_policy_name(enum dmarc_policy p);
bool        dmarc_policy_parse(const char *s, enum dmarc_policy *p);

/* The policy in a DMARC TXT record's text ("v=DMARC1; p=reject; ..."):
 * false when it is not a valid DMARC record (RFC 7489 6.3, 6.6.3). */
bool dmarc_record_policy(const char *txt, size_t len, enum dmarc_policy *p);

#endif
