/* report_check.c: the outcome of one check_host() as text for people and
 * JSON for programs (schema in README.md). Owns nothing it is given. */
#include "report_check.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_buf.h"
#include "report_json.h"
#include "vis.h"
#include "xmalloc.h"

const char *
report_check_meaning(enum spf_result r)
{
	/* RFC 7208 2.6 in one line each. */
	switch (r) {
	case SPF_PASS:
		return "the domain authorizes this client";
	case SPF_FAIL:
		return "the domain says this client is not authorized";
	case SPF_SOFTFAIL:
		return "the domain says this client is probably not "
		       "authorized";
	case SPF_NEUTRAL:
		return "the domain makes no statement about this client";
	case SPF_NONE:
		return "no SPF record: nothing can be said";
	case SPF_TEMPERROR:
		return "a DNS error that may go away: try again later";
	case SPF_PERMERROR:
		return "the record is broken: it needs a fix by its owner";
	}
	return "";
}

/* The step whose term decided the result: the root record's term (its
 * qualifier gives the result; the rest of the path says why it matched),
 * when the last record reached had a matching term. None for a default
 * result (no term matched, e.g. after a redirect) or an error. The text
 * and the JSON reports must agree on it. */
static const struct spf_step *
report_check_decider(const struct spf_outcome *o)
{
	if (o->npath == 0 || o->path[o->npath - 1].term == NULL ||
	    o->path[0].term == NULL || o->result == SPF_PERMERROR ||
	    o->result == SPF_TEMPERROR)
		return NULL;
	return &o->path[0];
}

static void
report_check_path(struct report_buf *b, const struct spf_outcome *o)
{
	size_t i;

	for (i = 0; i < o->npath; i++) {
		const struct spf_step *s = &o->path[i];
		/* Each record by name, then its term: the domain shows what
		 * a macro in include: or redirect= expanded to. */
		if (i > 0)
			report_buf_add(b, " -> ", 4);
		report_buf_vis(b, s->domain);
		report_buf_add(b, ": ", 2);
		if (s->term != NULL)
			report_buf_vis(b, s->term);
		else
			report_buf_add(b, "(no term matched)", 17);
	}
}

char *
report_check_text(const struct report_check_in *in)
{
	const struct spf_outcome *o = in->out;
	struct report_buf         b = { NULL, 0, 0 };
	const struct spf_step    *dec;
	char                      ip[64];
	size_t                    i;

	/* The result word alone first: scripts read line 1. */
	report_buf_printf(&b, "%s\n", spf_result_name(o->result));
	report_buf_printf(&b, "  %-12s %s\n", "meaning",
	    report_check_meaning(o->result));
	report_buf_printf(&b, "  %-12s %s sending as ", "checked",
	    ip_format(in->ip, ip, sizeof ip));
	report_buf_vis(&b, o->sender);
	report_buf_add(&b, " (domain ", 9);
	report_buf_vis(&b, o->domain);
	if (in->helo != NULL && in->helo[0] != '\0') {
		report_buf_add(&b, ", HELO ", 7);
		report_buf_vis(&b, in->helo);
	}
	report_buf_add(&b, ")\n", 2);
	if ((dec = report_check_decider(o)) != NULL) {
		report_buf_printf(&b, "  %-12s ", "decided by");
		report_buf_vis(&b, dec->term);
		report_buf_add(&b, " in ", 4);
		report_buf_vis(&b, dec->domain);
		report_buf_add(&b, "\n", 1);
	}
	if (o->npath > 0) {
		report_buf_printf(&b, "  %-12s ", "path");
		report_check_path(&b, o);
		report_buf_add(&b, "\n", 1);
	}
	if (o->bad_record != NULL) {
		/* The record as published, escaped, with a caret under the
		 * fault: the caret counts escaped bytes before it. */
		size_t col = vis_escape(NULL, 0, o->bad_record,
		    o->bad_off < o->bad_len ? o->bad_off : o->bad_len);
		char  *v = vis_dup(o->bad_record, o->bad_len);
		report_buf_printf(&b, "  %-12s ", "record");
		report_buf_add(&b, v, strlen(v));
		report_buf_printf(&b, "\n  %-12s %*s^\n", "", (int)col, "");
		free(v);
	}
	{
		struct receiver_view rv;
		receiver_describe(o->result, in->dmarc, in->forwarder, &rv);
		if (in->forwarder)
			report_buf_printf(&b,
			    "  %-12s the client re-sends the "
			    "sender's mail: SPF at the final receiver checks the "
			    "forwarder, which the sender's record does not list\n",
			    "forwarded");
		report_buf_printf(&b, "  %-12s %s (%s)\n", "receiver",
		    rv.action, rv.smtp);
		report_buf_printf(&b, "  %-12s %s: ", "DMARC",
		    dmarc_policy_name(in->dmarc));
		report_buf_vis(&b, rv.dmarc);
		if (in->dmarc_from != NULL && in->dmarc_from[0] != '\0') {
			report_buf_add(&b, " (", 2);
			report_buf_vis(&b, in->dmarc_from);
			report_buf_add(&b, ")", 1);
		}
		report_buf_add(&b, "\n", 1);
	}
	report_buf_printf(&b, "  %-12s ", "reason");
	report_buf_vis(&b, o->reason);
	report_buf_printf(&b,
	    "\n  %-12s %u of 10 DNS-querying terms, "
	    "%u of 2 void lookups\n",
	    "lookups", o->lookups, o->voids);
	if (o->explanation != NULL) {
		report_buf_printf(&b, "  %-12s ", "explanation");
		report_buf_vis(&b, o->explanation);
		report_buf_printf(&b, "%s\n",
		    o->explanation_is_default
			? " (default: the record has no usable exp=)"
			: "");
	}
	if (in->trace) {
		report_buf_add(&b, "  trace\n", 8);
		for (i = 0; i < o->ntrace; i++) {
			const struct spf_trace_entry *e = &o->trace[i];
			report_buf_printf(&b, "    %*s", (int)e->depth * 2, "");
			if (e->kind == SPF_TRACE_RECORD && e->text != NULL) {
				report_buf_vis(&b, e->text);
				report_buf_add(&b, "\n      ", 7);
				report_buf_printf(&b, "%*s", (int)e->depth * 2,
				    "");
			}
			if (e->kind == SPF_TRACE_TERM && e->text != NULL) {
				report_buf_printf(&b, "%s ",
				    e->matched ? "MATCH" : "no   ");
				report_buf_vis(&b, e->text);
				report_buf_add(&b, ": ", 2);
			}
			report_buf_vis(&b, e->note);
			report_buf_printf(&b, " [lookups %u]\n", e->lookups);
		}
	}
	return b.p;
}

char *
report_check_json(const struct report_check_in *in)
{
	const struct spf_outcome *o = in->out;
	json_t                   *root, *path, *trace, *dec = json_null();
	const struct spf_step    *decider;
	char                      ip[64], *s;
	size_t                    i;

	root = json_object();
	json_object_set_new(root, "result",
	    json_string(spf_result_name(o->result)));
	json_object_set_new(root, "meaning",
	    json_string(report_check_meaning(o->result)));
	json_object_set_new(root, "reason", report_json_str(o->reason));
	json_object_set_new(root, "ip",
	    json_string(ip_format(in->ip, ip, sizeof ip)));
	json_object_set_new(root, "sender", report_json_str(o->sender));
	json_object_set_new(root, "domain", report_json_str(o->domain));
	json_object_set_new(root, "helo",
	    in->helo != NULL ? report_json_str(in->helo) : json_null());
	path = json_array();
	for (i = 0; i < o->npath; i++) {
		const struct spf_step *st = &o->path[i];
		json_array_append_new(path,
		    json_pack("{s:o,s:s,s:o}", "domain",
			report_json_str(st->domain), "via",
			spf_via_name(st->via), "term",
			st->term != NULL ? report_json_str(st->term)
					 : json_null()));
	}
	if ((decider = report_check_decider(o)) != NULL)
		dec = json_pack("{s:o,s:o}", "term",
		    report_json_str(decider->term), "domain",
		    report_json_str(decider->domain));
	json_object_set_new(root, "decided_by", dec);
	json_object_set_new(root, "path", path);
	json_object_set_new(root, "lookups", json_integer(o->lookups));
	json_object_set_new(root, "lookup_limit", json_integer(10));
	json_object_set_new(root, "void_lookups", json_integer(o->voids));
	json_object_set_new(root, "void_limit", json_integer(2));
	json_object_set_new(root, "explanation",
	    o->explanation != NULL ? report_json_str(o->explanation)
				   : json_null());
	json_object_set_new(root, "explanation_is_default",
	    json_boolean(o->explanation_is_default));
	{
		struct receiver_view rv;
		receiver_describe(o->result, in->dmarc, in->forwarder, &rv);
		json_object_set_new(root, "receiver",
		    json_pack("{s:s,s:s,s:s,s:o,s:s,s:b,s:b}", "action",
			rv.action, "smtp", rv.smtp, "dmarc_policy",
			dmarc_policy_name(in->dmarc), "dmarc_record",
			in->dmarc_from != NULL && in->dmarc_from[0] != '\0'
			    ? report_json_str(in->dmarc_from)
			    : json_null(),
			"dmarc", rv.dmarc, "dkim_can_save", rv.dkim_can_save,
			"forwarded", in->forwarder));
	}
	json_object_set_new(root, "dns_queries", json_integer(in->queries));
	json_object_set_new(root, "record_error",
	    o->bad_record == NULL
		? json_null()
		: json_pack("{s:o,s:i}", "record",
		      report_json_strn(o->bad_record, o->bad_len), "offset",
		      (int)o->bad_off));
	trace = json_array();
	for (i = 0; i < o->ntrace; i++) {
		static const char *kinds[] = { "record", "term", "result",
			"note" };
		const struct spf_trace_entry *e = &o->trace[i];
		json_array_append_new(trace,
		    json_pack("{s:s,s:i,s:s,s:o,s:o,s:b,s:s,s:i,s:i,s:o}",
			"kind", kinds[e->kind], "depth", (int)e->depth, "via",
			spf_via_name(e->via), "domain",
			report_json_str(e->domain), "text",
			e->text != NULL ? report_json_str(e->text)
					: json_null(),
			"matched", e->matched, "result",
			spf_result_name(e->result), "lookups", (int)e->lookups,
			"voids", (int)e->voids, "note",
			report_json_str(e->note)));
	}
	json_object_set_new(root, "trace", trace);
	/* ENSURE_ASCII: U+0080..U+009F (C1 controls a terminal obeys) and
	 * every other non-ASCII character leave as \uXXXX escapes. */
	s = json_dumps(root,
	    JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII);
	json_decref(root);
	if (s == NULL)
		return xstrdup("{}\n");
	/* jansson allocated it: hand back one of ours with the newline. */
	{
		size_t n = strlen(s);
		char  *r = xmalloc(n + 2);
		memcpy(r, s, n);
		r[n] = '\n';
		r[n + 1] = '\0';
		free(s);
		return r;
	}
}
