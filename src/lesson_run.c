/* lesson_run.c: a lesson without a screen. The lesson's zone is the
 * whole DNS (offline); drafts replace records as its do: lines say; each
 * expect: is a check_host() under the drafts so far. The run owns its
 * cache, drafts and texts; the lesson stays the caller's. */
#include "lesson_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dns_zone.h"
#include "spf_edit.h"
#include "xmalloc.h"

#define LESSON_RUN_DRAFTS 32

struct lesson_run {
	const struct lesson *l;
	struct dns_cache    *cache;
	struct spf_draft     drafts[LESSON_RUN_DRAFTS];
	size_t               ndrafts;
	char                *text; /* lesson_run_record()'s answer */
};

struct lesson_run *
lesson_run_new(const struct lesson *l, struct spf_err *err)
{
	struct lesson_run *r;
	struct dns_zone   *z = dns_zone_new();

	if (dns_zone_load(z, l->zone, err) != SPF_OK) {
		dns_zone_free(z);
		return NULL;
	}
	r = xcalloc(1, sizeof *r);
	r->l = l;
	r->cache = dns_cache_new(dns_zone_source(z));
	return r;
}

static void
lesson_run_unset(struct lesson_run *r, const char *name)
{
	size_t i = 0;

	while (i < r->ndrafts) {
		if (name == NULL || dns_name_eq(r->drafts[i].name, name)) {
			free((char *)r->drafts[i].name);
			free((char *)r->drafts[i].text);
			r->drafts[i] = r->drafts[--r->ndrafts];
		} else {
			i++;
		}
	}
}

static bool
lesson_run_set(struct lesson_run *r, const char *name, const char *text)
{
	lesson_run_unset(r, name);
	if (r->ndrafts == LESSON_RUN_DRAFTS)
		return false;
	r->drafts[r->ndrafts].name = xstrdup(name);
	r->drafts[r->ndrafts++].text = xstrdup(text);
	return true;
}

void
lesson_run_free(struct lesson_run *r)
{
	if (r == NULL)
		return;
	lesson_run_unset(r, NULL);
	dns_cache_free(r->cache);
	free(r->text);
	free(r);
}

const char *
lesson_run_record(struct lesson_run *r, const char *name)
{
	const struct dns_answer *a;
	size_t                   i, k, o;

	for (i = 0; i < r->ndrafts; i++)
		if (dns_name_eq(r->drafts[i].name, name))
			return r->drafts[i].text;
	free(r->text);
	r->text = NULL;
	if ((a = dns_cache_need(r->cache, name, DNS_TXT)) == NULL ||
	    a->status != DNS_OK)
		return NULL;
	for (i = 0; i < a->nrr; i++) {
		const struct dns_rr *rr = &a->rr[i];
		char                *t = xmalloc(rr->len + 1);
		for (k = 0, o = 0;
		     k < rr->len && rr->len - k - 1 >= rr->data[k];
		     k += 1 + rr->data[k]) {
			memcpy(t + o, rr->data + k + 1, rr->data[k]);
			o += rr->data[k];
		}
		t[o] = '\0';
		if (spf_parse_is_spf(t, o)) {
			r->text = t;
			return t;
		}
		free(t);
	}
	return NULL;
}

static bool
lesson_run_qualifier(struct lesson_run *r, const struct lesson_action *a,
    char *why, size_t size)
{
	const char        *text = lesson_run_record(r, a->arg1);
	struct spf_record *rec;
	char              *edited;
	int                k;
	bool               ok;

	if (text == NULL) {
		snprintf(why, size, "%s has no SPF record", a->arg1);
		return false;
	}
	if (spf_parse_record(text, strlen(text), &rec, NULL) != SPF_OK) {
		snprintf(why, size, "%s: its record does not parse", a->arg1);
		return false;
	}
	if ((k = spf_edit_find(rec, a->arg2)) < 0 ||
	    rec->terms[k].kind >= SPF_MOD_REDIRECT) {
		snprintf(why, size, "%s has no mechanism '%s'", a->arg1,
		    a->arg2);
		spf_record_free(rec);
		return false;
	}
	edited =
	    spf_edit_qualifier(rec->text, rec->len, &rec->terms[k], a->arg3[0]);
	spf_record_free(rec);
	ok = lesson_run_set(r, a->arg1, edited);
	free(edited);
	return ok;
}

bool
lesson_run_do(struct lesson_run *r, size_t k, char *why, size_t size)
{
	const struct lesson_step *s;
	size_t                    i;

	if (k >= r->l->nsteps)
		return true;
	s = &r->l->steps[k];
	for (i = 0; i < s->nact; i++) {
		const struct lesson_action *a = &s->act[i];
		switch (a->kind) {
		case LESSON_DO_QUALIFIER:
			if (!lesson_run_qualifier(r, a, why, size))
				return false;
			break;
		case LESSON_DO_DRAFT:
			if (!lesson_run_set(r, a->arg1, a->arg2)) {
				snprintf(why, size, "too many drafts");
				return false;
			}
			break;
		case LESSON_DO_REVERT:
			lesson_run_unset(r, a->arg1);
			break;
		case LESSON_DO_TEST:
		case LESSON_DO_FORWARD:
		case LESSON_DO_DMARC:
			/* The screen's business: expectations are SPF results,
			 * which these do not change. */
			break;
		}
	}
	return true;
}

enum spf_result
lesson_run_eval(struct lesson_run *r, const char *ip)
{
	struct spf_eval_opts o;
	struct spf_eval     *ev;
	struct spf_err       err;
	enum spf_result      res = SPF_TEMPERROR;
	int                  turns = 0;

	memset(&o, 0, sizeof o);
	if (!ip_parse(ip, strlen(ip), &o.ip))
		return SPF_PERMERROR;
	o.sender = r->l->sender;
	o.domain = r->l->domain;
	o.now = (uint64_t)time(NULL);
	o.drafts = r->drafts;
	o.ndrafts = r->ndrafts;
	spf_err_clear(&err);
	if ((ev = spf_eval_new(r->cache, &o, &err)) == NULL)
		return SPF_PERMERROR;
	/* A zone answers at once; the bound only guards against a bug. */
	while (turns < 100 && spf_eval_run(ev) == SPF_EVAL_PENDING)
		turns++;
	if (turns < 100)
		res = spf_eval_outcome(ev)->result;
	spf_eval_free(ev);
	return res;
}
