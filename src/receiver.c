/* receiver.c: SPF results in the words of a receiving mail server, and
 * DMARC's part (shared/TEACHING.md, RFC 7208 8, RFC 7489 6). */
#include "receiver.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

const char *
dmarc_policy_name(enum dmarc_policy p)
{
	static const char *names[] = { "unknown", "no record", "none",
		"quarantine", "reject" };

	return names[p];
}

bool
dmarc_policy_parse(const char *s, enum dmarc_policy *p)
{
	if (strcasecmp(s, "none") == 0)
		*p = DMARC_NONE;
	else if (strcasecmp(s, "quarantine") == 0)
		*p = DMARC_QUARANTINE;
	else if (strcasecmp(s, "reject") == 0)
		*p = DMARC_REJECT;
	else
		return false;
	return true;
}

/* RFC 7489 6.4: tag-value pairs separated by ";", "v=DMARC1" first; the
 * policy "p" is required (6.6.3 step 6: no valid p, no DMARC record). */
bool
dmarc_record_policy(const char *txt, size_t len, enum dmarc_policy *p)
{
	char   tag[16], val[32];
	size_t i = 0, k;
	bool   first = true, found = false;

	while (i < len) {
		while (i < len && (txt[i] == ' ' || txt[i] == '\t'))
			i++;
		for (k = 0; i < len && txt[i] != '=' && txt[i] != ';'; i++)
			if (txt[i] != ' ' && txt[i] != '\t' &&
			    k + 1 < sizeof tag)
				tag[k++] = txt[i];
		tag[k] = '\0';
		if (i < len && txt[i] == '=')
			i++;
		while (i < len && (txt[i] == ' ' || txt[i] == '\t'))
			i++;
		for (k = 0; i < len && txt[i] != ';'; i++)
			if (txt[i] != ' ' && txt[i] != '\t' &&
			    k + 1 < sizeof val)
				val[k++] = txt[i];
		val[k] = '\0';
		if (i < len)
			i++; /* the ';' */
		if (first) {
			if (strcmp(tag, "v") != 0 || strcmp(val, "DMARC1") != 0)
				return false;
			first = false;
		} else if (strcmp(tag, "p") == 0) {
			found = dmarc_policy_parse(val, p);
			if (!found)
				return false;
		}
	}
	return found;
}

void
receiver_describe(enum spf_result r, enum dmarc_policy p, bool forwarded,
    struct receiver_view *out)
{
	const char *pol = p == DMARC_REJECT ? "p=reject: rejected"
	    : p == DMARC_QUARANTINE         ? "p=quarantine: to the spam folder"
	    : p == DMARC_NONE ? "p=none: delivered, and reported to the domain"
			      : "no DMARC record: the SPF result alone counts";

	memset(out, 0, sizeof *out);
	out->dkim_can_save = r != SPF_PASS;
	switch (r) {
	case SPF_PASS:
		out->action = "accepted: the sender is authorized";
		out->smtp = "250";
		snprintf(out->dmarc, sizeof out->dmarc,
		    "passes DMARC through "
		    "SPF when the MAIL FROM domain aligns with From:");
		out->dkim_can_save = false;
		return;
	case SPF_FAIL:
		out->action = "many receivers reject at SMTP time; others "
			      "accept and mark it as spam";
		out->smtp = "550 5.7.23";
		break;
	case SPF_SOFTFAIL:
		out->action = "accepted and marked as suspicious (often the "
			      "spam folder)";
		out->smtp = "250";
		break;
	case SPF_NEUTRAL:
	case SPF_NONE:
		out->action = "treated as no policy: delivered, judged on "
			      "content";
		out->smtp = "250";
		break;
	case SPF_TEMPERROR:
		out->action = "deferred: the sender's server retries later";
		out->smtp = "451 4.4.3";
		snprintf(out->dmarc, sizeof out->dmarc,
		    "DMARC waits too: a "
		    "temporary error decides nothing");
		out->dkim_can_save = false;
		return;
	case SPF_PERMERROR:
		out->action = "receivers differ: many treat it as fail, others "
			      "as none; the record's all is never reached";
		out->smtp = "550 5.7.24 (or accepted)";
		break;
	}
	/* SPF gave no pass: only an aligned DKIM signature can pass DMARC.
	 * A receiver that rejects on SPF fail at SMTP time never gets that
	 * far (TEACHING.md). */
	snprintf(out->dmarc, sizeof out->dmarc,
	    "no DMARC pass from SPF; an "
	    "aligned DKIM signature %s, else %s%s",
	    forwarded
		? "survives forwarding when the message is not changed: it "
		  "carries DMARC"
		: "can still pass DMARC",
	    pol,
	    r == SPF_FAIL ? "; but a receiver that rejects on SPF fail does "
			    "so before DKIM is checked"
			  : "");
}
