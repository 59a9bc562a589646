/* spf_eval.c: the check_host() machine (RFC 7208 4.3 to 4.8, 5.2, 6.1).
 * An explicit frame stack replaces recursion: a frame is one record being
 * evaluated; include and redirect push one. Each run starts from scratch
 * against the cache (spf_eval.h says why). The eval owns everything in its
 * outcome until the next run or spf_eval_free(). */
#include "spf_eval_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

/* CHOICE: RFC 7208 6.2 leaves the default explanation to the receiver;
 * ours says what failed in the terms of the check, with macros. */
const char spf_eval_default_exp[] =
    "%{i} is not permitted to send mail as %{s}";

const char *
spf_result_name(enum spf_result r)
{
	static const char *names[] = { "none", "neutral", "pass", "fail",
		"softfail", "temperror", "permerror" };

	return names[r];
}

const char *
spf_via_name(enum spf_via v)
{
	static const char *names[] = { "root", "include", "redirect" };

	return names[v];
}

static enum spf_result
spf_eval_qual_result(enum spf_qualifier q)
{
	static const enum spf_result r[] = { SPF_PASS, SPF_FAIL, SPF_SOFTFAIL,
		SPF_NEUTRAL };

	return r[q];
}

static struct spf_frame *
spf_eval_top(struct spf_eval *ev)
{
	return ev->depth > 0 ? &ev->stack[ev->depth - 1] : NULL;
}

static const struct spf_term *
spf_eval_term(const struct spf_eval *ev, size_t loaded, int term)
{
	if (loaded >= ev->nloaded || term < 0)
		return NULL;
	return &ev->loaded[loaded].rec->terms[term];
}

void
spf_eval_trace(struct spf_eval *ev, enum spf_trace_kind kind, struct str text,
    bool matched, enum spf_result result, const char *fmt, ...)
{
	struct spf_outcome     *o = &ev->out;
	struct spf_trace_entry *e;
	struct spf_frame       *f = spf_eval_top(ev);
	char                    note[SPF_TRACE_NOTE_MAX];
	va_list                 ap;

	if (o->ntrace == ev->capt) {
		ev->capt = ev->capt == 0 ? 32 : ev->capt * 2;
		o->trace = xreallocarray(o->trace, ev->capt, sizeof *o->trace);
	}
	e = &o->trace[o->ntrace++];
	memset(e, 0, sizeof *e);
	e->kind = kind;
	e->depth = ev->depth > 0 ? (unsigned)ev->depth - 1 : 0;
	e->via = f != NULL ? f->via : SPF_VIA_ROOT;
	e->domain = xstrdup(f != NULL ? f->domain : ev->domain);
	e->text = text.p != NULL ? xmemdup0(text.p, text.len) : NULL;
	e->matched = matched;
	e->result = result;
	e->lookups = ev->lookups;
	e->voids = ev->voids;
	va_start(ap, fmt);
	vsnprintf(note, sizeof note, fmt, ap);
	va_end(ap);
	e->note = xstrdup(note);
}

void
spf_eval_reset(struct spf_eval *ev)
{
	struct spf_outcome *o = &ev->out;
	size_t              i;

	for (i = 0; i < o->ntrace; i++) {
		free(o->trace[i].domain);
		free(o->trace[i].text);
		free(o->trace[i].note);
	}
	for (i = 0; i < o->npath; i++) {
		free(o->path[i].domain);
		free(o->path[i].term);
	}
	free(o->path);
	free(o->explanation);
	free(o->bad_record);
	o->bad_record = NULL;
	o->path = NULL;
	o->npath = o->ntrace = 0;
	o->explanation = NULL;
	o->explanation_is_default = false;
	o->reason[0] = '\0';
	for (i = 0; i < ev->nloaded; i++)
		spf_record_free(ev->loaded[i].rec);
	ev->nloaded = 0;
	for (i = 0; i < ev->nvalidated; i++)
		free(ev->validated[i]);
	free(ev->validated);
	ev->validated = NULL;
	ev->nvalidated = 0;
	ev->validated_done = false;
	ev->pending = false;
	ev->none_why[0] = '\0';
	ev->lookups = ev->voids = 0;
	ev->depth = 0;
	ev->prefetched = 0;
}

static void
spf_eval_add_step(struct spf_eval *ev, size_t loaded, int term)
{
	struct spf_outcome    *o = &ev->out;
	struct spf_step       *s;
	const struct spf_term *t = spf_eval_term(ev, loaded, term);

	o->path = xreallocarray(o->path, o->npath + 1, sizeof *o->path);
	ev->step_loaded = xreallocarray(ev->step_loaded, o->npath + 1,
	    sizeof *ev->step_loaded);
	ev->step_loaded[o->npath] = loaded;
	s = &o->path[o->npath++];
	s->domain = xstrdup(ev->loaded[loaded].domain);
	s->via = ev->loaded[loaded].via;
	s->term = t != NULL ? xmemdup0(t->text.p, t->text.len) : NULL;
}

/* Ends the whole check with result r: errors stop the topmost
 * check_host() (RFC 7208 4.6.4, 5/8, 5.2/9). The path is the stack as it
 * stands: where it happened. */
static void spf_eval_stop(struct spf_eval *ev, enum spf_result r,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
spf_eval_stop(struct spf_eval *ev, enum spf_result r, const char *fmt, ...)
{
	va_list ap;
	size_t  i;

	va_start(ap, fmt);
	vsnprintf(ev->out.reason, sizeof ev->out.reason, fmt, ap);
	va_end(ap);
	ev->out.result = r;
	for (i = 0; i < ev->depth; i++) {
		struct spf_frame *f = &ev->stack[i];
		if (f->loaded != SIZE_MAX)
			spf_eval_add_step(ev, f->loaded, f->cur);
	}
	spf_eval_trace(ev, SPF_TRACE_RESULT, STR_NULL, false, r, "%s: %s",
	    spf_result_name(r), ev->out.reason);
	ev->depth = 0;
}

/* The frame decided r by its term (or -1); pops and hands the result to
 * the parent by the rules of include (5.2/9) and redirect (6.1/4). */
static void
spf_eval_finish(struct spf_eval *ev, enum spf_result r, int term)
{
	struct spf_frame *f = spf_eval_top(ev), *p;
	size_t            n;

	/* This frame's own step goes first in its deciding path; a record
	 * that was never found has none. */
	if (f->loaded != SIZE_MAX) {
		n = f->ndec < SPF_MAX_DEPTH ? f->ndec : SPF_MAX_DEPTH;
		memmove(&f->dec[1], &f->dec[0], n * sizeof f->dec[0]);
		f->dec[0].loaded = f->loaded;
		f->dec[0].term = term;
		f->ndec = n + 1;
	}
	for (;;) {
		spf_eval_trace(ev, SPF_TRACE_RESULT, STR_NULL, false, r,
		    "%s leaves %s with %s", spf_via_name(f->via), f->domain,
		    spf_result_name(r));
		if (ev->depth == 1) {
			size_t i;
			ev->out.result = r;
			for (i = 0; i < f->ndec; i++)
				spf_eval_add_step(ev, f->dec[i].loaded,
				    f->dec[i].term);
			ev->depth = 0;
			return;
		}
		ev->depth--;
		p = spf_eval_top(ev);
		if (f->via == SPF_VIA_INCLUDE) {
			const struct spf_term *t =
			    spf_eval_term(ev, p->loaded, f->from_term);
			if (r == SPF_NONE) {
				spf_eval_stop(ev, SPF_PERMERROR,
				    "include:%s has no SPF record "
				    "(RFC 7208 5.2/9)",
				    f->domain);
				return;
			}
			if (r != SPF_PASS) {
				spf_eval_trace(ev, SPF_TRACE_TERM, t->text,
				    false, r,
				    "not a match: the included record gave %s, "
				    "only pass matches",
				    spf_result_name(r));
				return;
			}
			r = spf_eval_qual_result(t->qual);
			spf_eval_trace(ev, SPF_TRACE_TERM, t->text, true, r,
			    "match: the included record passed");
		} else if (r == SPF_NONE) {
			spf_eval_stop(ev, SPF_PERMERROR,
			    "redirect=%s has no SPF record (RFC 7208 6.1/4)",
			    f->domain);
			return;
		}
		n = f->ndec < SPF_MAX_DEPTH ? f->ndec : SPF_MAX_DEPTH;
		memcpy(&p->dec[1], &f->dec[0], n * sizeof f->dec[0]);
		p->dec[0].loaded = p->loaded;
		p->dec[0].term = f->from_term;
		p->ndec = n + 1;
		f = p;
	}
}

static bool
spf_eval_push(struct spf_eval *ev, const char *domain, enum spf_via via,
    int from_term)
{
	struct spf_frame *f;

	if (ev->depth == SPF_MAX_DEPTH) {
		spf_eval_stop(ev, SPF_PERMERROR,
		    "records nested deeper than %d", SPF_MAX_DEPTH);
		return false;
	}
	f = &ev->stack[ev->depth++];
	memset(f, 0, sizeof *f);
	f->loaded = SIZE_MAX;
	f->cur = -1;
	str_lcpy(f->domain, domain, sizeof f->domain);
	f->via = via;
	f->from_term = from_term;
	return true;
}

bool
spf_eval_count_void(struct spf_eval *ev, const char *what)
{
	/* RFC 7208 4.6.4/7: more than SPF_MAX_VOID void lookups is a
	 * permerror. */
	if (++ev->voids > SPF_MAX_VOID) {
		spf_eval_stop(ev, SPF_PERMERROR,
		    "more than %d void lookups: %s (RFC 7208 4.6.4/7)",
		    SPF_MAX_VOID, what);
		return false;
	}
	return true;
}

/* The draft that replaces the record at domain, or NULL. --record is the
 * root's alone; --draft names any record. */
const char *
spf_eval_draft_for(const struct spf_eval *ev, const char *domain,
    enum spf_via via)
{
	size_t i;

	if (via == SPF_VIA_ROOT && ev->record != NULL)
		return ev->record;
	for (i = 0; i < ev->ndrafts; i++)
		if (dns_name_eq(ev->drafts[i].name, domain))
			return ev->drafts[i].text;
	return NULL;
}

/* Joins a TXT RR's strings (RFC 7208 3.3: no separator) into buf. */
size_t
spf_eval_join(const struct dns_rr *rr, char *buf, size_t size, bool *over)
{
	size_t i = 0, o = 0, n;

	*over = false;
	while (i < rr->len) {
		n = rr->data[i++];
		if (rr->len - i < n)
			break;
		if (size - o <= n) {
			*over = true;
			break;
		}
		memcpy(buf + o, rr->data + i, n);
		o += n;
		i += n;
	}
	buf[o] = '\0';
	return o;
}

/* 4.4 and 4.5: the frame's SPF record, or a result that ends it. */
static enum spf_step_result
spf_eval_load(struct spf_eval *ev, struct spf_frame *f, enum spf_result *r)
{
	const struct dns_answer *a;
	const char        *text = spf_eval_draft_for(ev, f->domain, f->via);
	char              *buf = ev->txt;
	char               why[128];
	struct spf_record *rec = NULL;
	struct spf_err     err;
	struct spf_loaded *l;
	size_t             i, len = 0, found = 0, keep = 0;
	bool               over;

	if (text == NULL) {
		if (!spf_eval_name_ok(f->domain, why, sizeof why)) {
			/* 4.3/1 for the root; 5.2 and 6.1 make it a
			 * permerror for include and redirect. */
			snprintf(ev->none_why, sizeof ev->none_why, "%s", why);
			spf_eval_trace(ev, SPF_TRACE_RECORD, STR_NULL, false,
			    SPF_NONE, "%s", why);
			*r = SPF_NONE;
			return SPF_STEP_NOMATCH;
		}
		if ((a = dns_cache_need(ev->cache, f->domain, DNS_TXT)) == NULL)
			return SPF_STEP_PENDING;
		switch (a->status) {
		case DNS_OK:
			break;
		case DNS_NXDOMAIN:
		case DNS_BADNAME:
			snprintf(ev->none_why, sizeof ev->none_why,
			    "TXT %.100s: %s: no SPF record (RFC 7208 4.4/4.5)",
			    f->domain, dns_strerror(a->status));
			spf_eval_trace(ev, SPF_TRACE_RECORD, STR_NULL, false,
			    SPF_NONE, "%s", ev->none_why);
			*r = SPF_NONE;
			return SPF_STEP_NOMATCH;
		default: /* 4.4/2: any other error is a temperror */
			spf_eval_stop(ev, SPF_TEMPERROR,
			    "TXT lookup for %s: %s (RFC 7208 4.4/2)", f->domain,
			    dns_strerror(a->status));
			return SPF_STEP_TEMPERROR;
		}
		for (i = 0; i < a->nrr; i++) {
			len = spf_eval_join(&a->rr[i], buf, sizeof ev->txt,
			    &over);
			if (spf_parse_is_spf(buf, len)) {
				found++;
				keep = i;
			}
		}
		if (found > 1) {
			spf_eval_stop(ev, SPF_PERMERROR,
			    "%s publishes %zu SPF records (RFC 7208 4.5/6)",
			    f->domain, found);
			return SPF_STEP_PERMERROR;
		}
		if (found == 0) {
			snprintf(ev->none_why, sizeof ev->none_why,
			    "%.100s publishes no SPF record (RFC 7208 4.5/7)",
			    f->domain);
			spf_eval_trace(ev, SPF_TRACE_RECORD, STR_NULL, false,
			    SPF_NONE, "%s", ev->none_why);
			*r = SPF_NONE;
			return SPF_STEP_NOMATCH;
		}
		len = spf_eval_join(&a->rr[keep], buf, sizeof ev->txt, &over);
		text = buf;
	} else {
		len = strlen(text);
	}
	spf_err_clear(&err);
	if (spf_parse_record(text, len, &rec, &err) != SPF_OK) {
		spf_eval_trace(ev, SPF_TRACE_RECORD, str_make(text, len), false,
		    SPF_PERMERROR, "%s", err.msg);
		free(ev->out.bad_record);
		ev->out.bad_record = xmemdup0(text, len);
		ev->out.bad_len = len;
		ev->out.bad_off = err.off;
		spf_eval_stop(ev, SPF_PERMERROR, "%s: %s", f->domain, err.msg);
		return SPF_STEP_PERMERROR;
	}
	if (ev->nloaded == ev->capl) {
		ev->capl = ev->capl == 0 ? 8 : ev->capl * 2;
		ev->loaded =
		    xreallocarray(ev->loaded, ev->capl, sizeof *ev->loaded);
	}
	l = &ev->loaded[ev->nloaded];
	str_lcpy(l->domain, f->domain, sizeof l->domain);
	l->via = f->via;
	l->rec = rec;
	f->loaded = ev->nloaded++;
	spf_eval_trace(ev, SPF_TRACE_RECORD, str_make(rec->text, rec->len),
	    false, SPF_NONE, "%s %s%s", spf_via_name(f->via), f->domain,
	    text == buf ? "" : " (draft)");
	return SPF_STEP_MATCH;
}

/* Asks for what the rest of every record on the stack will need, so that
 * those answers fly while the one we wait for does. */
static void
spf_eval_prefetch(struct spf_eval *ev, size_t depth)
{
	size_t d, i;

	for (d = depth; d > 0; d--) {
		struct spf_frame  *f = &ev->stack[d - 1];
		struct spf_record *rec;
		if (f->loaded == SIZE_MAX)
			continue;
		rec = ev->loaded[f->loaded].rec;
		for (i = f->next; i < rec->nterms; i++)
			spf_eval_prefetch_term(ev, f->domain, &rec->terms[i]);
	}
}

/* include and redirect: the target becomes a new frame. */
static enum spf_step_result
spf_eval_descend(struct spf_eval *ev, struct spf_frame *f,
    const struct spf_term *t, int idx, enum spf_via via)
{
	char                 target[SPF_NAME_BUF];
	enum spf_step_result s;

	s = spf_eval_target(ev, f->domain, t->domain, target, sizeof target);
	if (s == SPF_STEP_PERMERROR)
		spf_eval_stop(ev, SPF_PERMERROR, "'%.*s': %s", (int)t->text.len,
		    t->text.p, target);
	if (s != SPF_STEP_MATCH && s != SPF_STEP_NOMATCH)
		return s;
	return spf_eval_push(ev, target, via, idx) ? SPF_STEP_MATCH
						   : SPF_STEP_PERMERROR;
}

static bool
spf_eval_dns_term(struct spf_eval *ev, const struct spf_term *t)
{
	if (!spf_term_queries_dns(t))
		return true;
	/* 4.6.4/1: the 11th DNS-querying term is a permerror. */
	if (ev->lookups == SPF_MAX_DNS_TERMS) {
		spf_eval_stop(ev, SPF_PERMERROR,
		    "'%.*s' would be DNS lookup %d, over the limit of %d "
		    "(RFC 7208 4.6.4/1)",
		    (int)t->text.len, t->text.p, SPF_MAX_DNS_TERMS + 1,
		    SPF_MAX_DNS_TERMS);
		return false;
	}
	ev->lookups++;
	return true;
}

/* One step of the machine on the top frame. */
static enum spf_step_result
spf_eval_step(struct spf_eval *ev)
{
	struct spf_frame      *f = spf_eval_top(ev);
	struct spf_record     *rec;
	const struct spf_term *t;
	enum spf_step_result   s;
	enum spf_result        r = SPF_NONE;
	char                   note[200];
	int                    idx;

	if (f->loaded == SIZE_MAX) {
		s = spf_eval_load(ev, f, &r);
		if (s == SPF_STEP_NOMATCH)
			spf_eval_finish(ev, r, -1);
		return s;
	}
	rec = ev->loaded[f->loaded].rec;
	if (f->next == rec->nterms) {
		/* 6.1: redirect applies when no mechanism matched. */
		if (rec->redirect < 0) {
			spf_eval_trace(ev, SPF_TRACE_NOTE, STR_NULL, false,
			    SPF_NEUTRAL,
			    "no term matched: neutral (RFC 7208 4.7)");
			spf_eval_finish(ev, SPF_NEUTRAL, -1);
			return SPF_STEP_NOMATCH;
		}
		t = &rec->terms[rec->redirect];
		/* Past the end: the redirect's result finishes this frame,
		 * which never steps again. */
		f->next = rec->nterms + 1;
		f->cur = rec->redirect;
		if (!spf_eval_dns_term(ev, t))
			return SPF_STEP_PERMERROR;
		return spf_eval_descend(ev, f, t, rec->redirect,
		    SPF_VIA_REDIRECT);
	}
	if (f->next > rec->nterms)
		return SPF_STEP_NOMATCH; /* unreachable: redirect finished */
	idx = (int)f->next++;
	f->cur = idx;
	t = &rec->terms[idx];
	if (t->kind == SPF_MOD_REDIRECT || t->kind == SPF_MOD_EXP ||
	    t->kind == SPF_MOD_UNKNOWN)
		return SPF_STEP_NOMATCH;
	if (!spf_eval_dns_term(ev, t))
		return SPF_STEP_PERMERROR;
	if (t->kind == SPF_MECH_INCLUDE)
		return spf_eval_descend(ev, f, t, idx, SPF_VIA_INCLUDE);
	note[0] = '\0';
	s = spf_eval_mech(ev, f->domain, t, note, sizeof note);
	if ((s == SPF_STEP_TEMPERROR || s == SPF_STEP_PERMERROR) &&
	    ev->depth > 0) /* not stopped yet (a void limit stops itself) */
		spf_eval_stop(ev,
		    s == SPF_STEP_TEMPERROR ? SPF_TEMPERROR : SPF_PERMERROR,
		    "'%.*s': %s", (int)t->text.len, t->text.p, note);
	if (s == SPF_STEP_MATCH || s == SPF_STEP_NOMATCH) {
		r = spf_eval_qual_result(t->qual);
		spf_eval_trace(ev, SPF_TRACE_TERM, t->text, s == SPF_STEP_MATCH,
		    r, "%s", note);
		if (s == SPF_STEP_MATCH)
			spf_eval_finish(ev, r, idx);
	}
	return s;
}

enum spf_eval_state
spf_eval_run(struct spf_eval *ev)
{
	spf_eval_reset(ev);
	ev->out.result = SPF_NONE;
	spf_eval_trace(ev, SPF_TRACE_NOTE, STR_NULL, false, SPF_NONE,
	    "check_host(%s, %s) from %s", ev->domain, ev->sender,
	    ev->helo[0] != '\0' ? ev->helo : "(no HELO)");
	if (ev->domain_invalid) {
		snprintf(ev->out.reason, sizeof ev->out.reason,
		    "%s (RFC 7208 4.3/1)", ev->invalid_why);
		return SPF_EVAL_DONE;
	}
	spf_eval_push(ev, ev->domain, SPF_VIA_ROOT, -1);
	while (ev->depth > 0) {
		size_t depth = ev->depth;
		if (spf_eval_step(ev) == SPF_STEP_PENDING) {
			ev->pending = true;
			spf_eval_prefetch(ev, depth);
			return SPF_EVAL_PENDING;
		}
	}
	if (ev->out.reason[0] == '\0' && ev->out.result == SPF_NONE)
		snprintf(ev->out.reason, sizeof ev->out.reason, "%s",
		    ev->none_why);
	else if (ev->out.reason[0] == '\0' && ev->out.npath > 0 &&
	    ev->out.path[ev->out.npath - 1].term != NULL)
		snprintf(ev->out.reason, sizeof ev->out.reason,
		    "'%.100s' in %.100s matched",
		    ev->out.path[ev->out.npath - 1].term,
		    ev->out.path[ev->out.npath - 1].domain);
	else if (ev->out.reason[0] == '\0')
		snprintf(ev->out.reason, sizeof ev->out.reason,
		    "no term matched and there is no redirect= (RFC 7208 4.7)");
	ev->out.lookups = ev->lookups;
	ev->out.voids = ev->voids;
	if (ev->out.result == SPF_FAIL && ev->out.npath > 0) {
		/* The record that decided, after redirects (6.2/13): the
		 * last step reached through root or redirect; an included
		 * record's exp= is never used. */
		size_t i, src = 0;
		for (i = 0; i < ev->out.npath; i++) {
			if (ev->out.path[i].via == SPF_VIA_INCLUDE)
				break;
			src = i;
		}
		if (spf_eval_explain(ev, &ev->loaded[ev->step_loaded[src]]) ==
		    SPF_STEP_PENDING)
			return SPF_EVAL_PENDING;
	}
	return SPF_EVAL_DONE;
}

const struct spf_outcome *
spf_eval_outcome(const struct spf_eval *ev)
{
	return &ev->out;
}
