/* spf_tree.c: the explored policy, loaded as a dataflow. Each resume looks
 * at every node and term still waiting, takes what the cache now holds, and
 * asks at once for every query that answer makes known: a record's TXT
 * brings its includes' TXT, its a targets' A and AAAA, its mx targets' MX,
 * and an MX answer brings its hosts' addresses. Nothing waits for a whole
 * level. The tree owns every node, term, host and net; spf_tree_free()
 * releases them. Costs and totals are in spf_tree_cost.c. */
#include "spf_tree_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spf_limits.h"
#include "spf_macro.h"
#include "xmalloc.h"

const char *
spf_tree_state_name(enum spf_tree_state s)
{
	static const char *names[] = { "waiting", "loaded", "none", "dns-error",
		"broken", "loop", "cut" };

	return names[s];
}

static struct spf_tree_node *
spf_tree_add_node(struct spf_tree *t, const char *name, enum spf_via via,
    struct spf_tree_term *parent)
{
	struct spf_tree_node *n = xcalloc(1, sizeof *n);
	struct spf_tree_term *p;
	size_t                len = strlen(name);

	if (len > 1 && name[len - 1] == '.')
		len--;
	n->name = xmemdup0(name, len);
	n->via = via;
	n->parent = parent;
	n->depth = parent != NULL ? parent->node->depth + 1 : 0;
	n->state = SPF_TREE_WAITING;
	if (t->nnodes == t->capn) {
		t->capn = t->capn == 0 ? 16 : t->capn * 2;
		t->nodes = xreallocarray(t->nodes, t->capn,
		    sizeof(struct spf_tree_node *));
	}
	t->nodes[t->nnodes++] = n;
	/* RFC 7208 4.6.4 makes a loop a permerror by the lookup limit; the
	 * tree stops it at once, where it closes. */
	for (p = parent; p != NULL; p = p->node->parent) {
		if (dns_name_eq(p->node->name, n->name)) {
			n->state = SPF_TREE_LOOP;
			break;
		}
	}
	if (n->state == SPF_TREE_WAITING &&
	    (n->depth >= SPF_TREE_MAX_DEPTH ||
		t->nnodes > SPF_TREE_MAX_RECORDS))
		n->state = SPF_TREE_CUT;
	return n;
}

struct spf_tree *
spf_tree_new(struct dns_cache *c, const struct spf_tree_opts *o,
    struct spf_err *err)
{
	struct spf_tree *t;
	const char      *at;
	char             why[128];
	size_t           i, n;

	if (o->domain == NULL || !dns_name_check(o->domain, why, sizeof why)) {
		spf_err_setc(err, SPF_EUSAGE, "%s",
		    o->domain == NULL ? "no domain to explore" : why);
		return NULL;
	}
	t = xcalloc(1, sizeof *t);
	t->cache = c;
	t->has_sender = o->sender != NULL;
	if (o->sender != NULL && (at = strrchr(o->sender, '@')) != NULL) {
		t->local = at == o->sender
		    ? xstrdup("postmaster")
		    : xmemdup0(o->sender, (size_t)(at - o->sender));
		t->sender_domain = xstrdup(at + 1);
	} else {
		t->local = xstrdup("postmaster");
		t->sender_domain = xstrdup(
		    o->sender != NULL && o->sender[0] ? o->sender : o->domain);
	}
	n = strlen(t->local) + strlen(t->sender_domain) + 2;
	t->sender = xmalloc(n);
	snprintf(t->sender, n, "%s@%s", t->local, t->sender_domain);
	t->helo = o->helo != NULL ? xstrdup(o->helo) : NULL;
	if (o->ip != NULL) {
		t->ip = *o->ip;
		ip_unmap(&t->ip);
		t->has_ip = true;
	}
	t->record = o->record != NULL ? xstrdup(o->record) : NULL;
	t->drafts = xcalloc(o->ndrafts, sizeof *t->drafts);
	for (i = 0; i < o->ndrafts; i++) {
		t->drafts[i].name = xstrdup(o->drafts[i].name);
		t->drafts[i].text = xstrdup(o->drafts[i].text);
	}
	t->ndrafts = o->ndrafts;
	spf_tree_add_node(t, o->domain, SPF_VIA_ROOT, NULL);
	return t;
}

static void
spf_tree_free_node(struct spf_tree_node *n)
{
	size_t i, k;

	for (i = 0; i < n->nterms; i++) {
		struct spf_tree_term *tt = &n->terms[i];
		for (k = 0; k < tt->nhosts; k++)
			free(tt->hosts[k].name);
		free(tt->hosts);
		free(tt->nets);
		free(tt->target);
	}
	free(n->terms);
	spf_record_free(n->rec);
	free(n->text);
	free(n->name);
	free(n);
}

void
spf_tree_free(struct spf_tree *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nnodes; i++)
		spf_tree_free_node(t->nodes[i]);
	for (i = 0; i < t->ndrafts; i++) {
		free((char *)t->drafts[i].name);
		free((char *)t->drafts[i].text);
	}
	free(t->drafts);
	free(t->nodes);
	free(t->record);
	free(t->helo);
	free(t->sender);
	free(t->local);
	free(t->sender_domain);
	free(t);
}

const struct spf_tree_node *
spf_tree_root(const struct spf_tree *t)
{
	return t->nodes[0];
}

const struct spf_tree_totals *
spf_tree_totals(const struct spf_tree *t)
{
	return &t->totals;
}

/* Macro letters a domain-spec needs that the tree does not know: without
 * --sender, l s o; without --ip, i c v; without --helo, h; p always (it
 * needs the client's PTR names). */
static void
spf_tree_needs(const struct spf_tree *t, struct str spec, char *out,
    size_t size)
{
	static const char letters[] = "lsoicvhp";
	size_t            i, o = 0;

	for (i = 0; letters[i] != '\0' && o + 1 < size; i++) {
		char c = letters[i];
		bool known = (strchr("lso", c) != NULL && t->has_sender) ||
		    (strchr("icv", c) != NULL && t->has_ip) ||
		    (c == 'h' && t->helo != NULL);
		if (!known && spf_macro_uses(spec, c))
			out[o++] = c;
	}
	out[o] = '\0';
}

/* The term's target-name (4.8), expanded when nothing it needs is
 * unknown; NULL otherwise or when it is not a valid name. */
static void
spf_tree_target(struct spf_tree *t, struct spf_tree_node *n,
    struct spf_tree_term *tt)
{
	const struct spf_term *term = tt->term;
	struct spf_macro_ctx   ctx;
	char                   out[SPF_MAX_NAME + 2], why[128];
	size_t                 len;

	if (term->kind == SPF_MECH_IP4 || term->kind == SPF_MECH_IP6 ||
	    term->kind == SPF_MECH_ALL || term->kind == SPF_MOD_UNKNOWN)
		return;
	if (term->domain.len == 0) {
		if (term->kind == SPF_MECH_A || term->kind == SPF_MECH_MX ||
		    term->kind == SPF_MECH_PTR)
			tt->target = xstrdup(n->name);
		if (term->kind == SPF_MECH_PTR && !t->has_ip)
			str_lcpy(tt->needs, "i", sizeof tt->needs);
		return;
	}
	spf_tree_needs(t, term->domain, tt->needs, sizeof tt->needs);
	if (term->kind == SPF_MECH_PTR && !t->has_ip)
		str_lcpy(tt->needs, "i", sizeof tt->needs);
	if (tt->needs[0] != '\0')
		return;
	memset(&ctx, 0, sizeof ctx);
	ctx.sender = str_from(t->sender);
	ctx.local = str_from(t->local);
	ctx.sender_domain = str_from(t->sender_domain);
	ctx.domain = str_from(n->name);
	ctx.ip = t->has_ip ? &t->ip : NULL;
	ctx.helo = str_from(t->helo != NULL ? t->helo : "unknown");
	if (spf_macro_expand(&ctx, term->domain, SPF_MACRO_DOMAIN, out,
		sizeof out, &len, NULL) != SPF_OK)
		return;
	if (len > 1 && out[len - 1] == '.')
		out[--len] = '\0';
	{
		/* The record's bytes are literal: backslashes doubled. */
		char lit[2 * (SPF_MAX_NAME + 2)];
		if (dns_name_from_literal(out, lit, sizeof lit) &&
		    dns_name_check(lit, why, sizeof why))
			tt->target = xstrdup(lit);
	}
}

static const char *
spf_tree_draft(const struct spf_tree *t, const struct spf_tree_node *n)
{
	size_t i;

	if (n->via == SPF_VIA_ROOT && t->record != NULL)
		return t->record;
	for (i = 0; i < t->ndrafts; i++)
		if (dns_name_eq(t->drafts[i].name, n->name))
			return t->drafts[i].text;
	return NULL;
}

/* Joins an RR's strings; false when it is not an SPF record. */
static bool
spf_tree_join(const struct dns_rr *rr, char **text, size_t *len)
{
	char  *buf = xmalloc(rr->len + 1);
	size_t i = 0, o = 0, k;

	while (i < rr->len) {
		k = rr->data[i++];
		if (rr->len - i < k)
			break;
		memcpy(buf + o, rr->data + i, k);
		o += k;
		i += k;
	}
	buf[o] = '\0';
	if (!spf_parse_is_spf(buf, o)) {
		free(buf);
		return false;
	}
	*text = buf;
	*len = o;
	return true;
}

/* 4.4 and 4.5: the node's record from a draft or its TXT answer. */
static void
spf_tree_load(struct spf_tree *t, struct spf_tree_node *n)
{
	const char *draft = spf_tree_draft(t, n);
	char       *text;
	size_t      i, len;

	if (draft != NULL) {
		n->draft = true;
		n->text = xstrdup(draft);
		n->len = strlen(draft);
		n->nspf = 1;
	} else {
		/* A bound on the queries of one tree: past it, a record not
		 * yet asked for is not loaded (a "cut" finding says so). */
		if (dns_cache_get(t->cache, n->name, DNS_TXT) == NULL &&
		    dns_cache_asked(t->cache) >= SPF_TREE_MAX_QUERIES) {
			n->state = SPF_TREE_CUT;
			return;
		}
		if ((n->txt = dns_cache_need(t->cache, n->name, DNS_TXT)) ==
		    NULL)
			return;
		if (n->txt->status != DNS_OK &&
		    n->txt->status != DNS_NXDOMAIN) {
			n->state = n->txt->status == DNS_BADNAME
			    ? SPF_TREE_NONE
			    : SPF_TREE_DNSERR;
			return;
		}
		for (i = 0; i < n->txt->nrr; i++) {
			if (!spf_tree_join(&n->txt->rr[i], &text, &len))
				continue;
			if (n->nspf++ == 0) {
				n->text = text;
				n->len = len;
				n->rr = &n->txt->rr[i];
			} else {
				free(text);
			}
		}
		if (n->nspf == 0) {
			n->state = SPF_TREE_NONE;
			return;
		}
		if (n->nspf > 1) {
			spf_err_set(&n->err, 0,
			    "%zu SPF records published "
			    "(RFC 7208 4.5/6)",
			    n->nspf);
			n->state = SPF_TREE_BROKEN;
			return;
		}
	}
	if (spf_parse_record(n->text, n->len, &n->rec, &n->err) != SPF_OK) {
		n->state = SPF_TREE_BROKEN;
		return;
	}
	/* A bound on the terms below the root: hostile records of 30,000
	 * terms each must not grow one exploration without end. */
	if (n->via != SPF_VIA_ROOT) {
		if (n->rec->nterms > SPF_TREE_MAX_TERMS - t->terms) {
			spf_record_free(n->rec);
			n->rec = NULL;
			n->state = SPF_TREE_CUT;
			return;
		}
		t->terms += n->rec->nterms;
	}
	n->state = SPF_TREE_LOADED;
	n->nterms = n->rec->nterms;
	n->terms = xcalloc(n->nterms, sizeof *n->terms);
	for (i = 0; i < n->nterms; i++) {
		struct spf_tree_term *tt = &n->terms[i];
		tt->term = &n->rec->terms[i];
		tt->node = n;
		tt->index = i;
		spf_tree_target(t, n, tt);
		if (tt->target != NULL &&
		    (tt->term->kind == SPF_MECH_INCLUDE ||
			tt->term->kind == SPF_MOD_REDIRECT))
			tt->child = spf_tree_add_node(t, tt->target,
			    tt->term->kind == SPF_MECH_INCLUDE
				? SPF_VIA_INCLUDE
				: SPF_VIA_REDIRECT,
			    tt);
		if (tt->term->kind == SPF_MECH_IP4 ||
		    tt->term->kind == SPF_MECH_IP6)
			spf_tree_add_net(tt, tt->term->net,
			    tt->term->kind == SPF_MECH_IP4 ? 4 : 6);
	}
}

/* Asks for what the term needs; true when all of it is here. */
static bool
spf_tree_resolve(struct spf_tree *t, struct spf_tree_term *tt)
{
	struct dns_cache *c = t->cache;
	bool              done = true;
	size_t            i, n;

	if (tt->target == NULL || tt->unasked)
		return true;
	/* Past the tree's query bound, terms not asked yet stay so. */
	if (dns_cache_asked(c) >= SPF_TREE_MAX_QUERIES && tt->ans == NULL &&
	    (tt->term->kind == SPF_MECH_A || tt->term->kind == SPF_MECH_MX ||
		tt->term->kind == SPF_MECH_EXISTS)) {
		tt->unasked = true;
		return true;
	}
	switch (tt->term->kind) {
	case SPF_MECH_A:
		if (tt->ans == NULL)
			tt->ans = dns_cache_need(c, tt->target, DNS_A);
		if (tt->ans6 == NULL)
			tt->ans6 = dns_cache_need(c, tt->target, DNS_AAAA);
		return tt->ans != NULL && tt->ans6 != NULL;
	case SPF_MECH_EXISTS:
		if (tt->ans == NULL)
			tt->ans = dns_cache_need(c, tt->target, DNS_A);
		return tt->ans != NULL;
	case SPF_MECH_MX:
		if (tt->ans == NULL &&
		    (tt->ans = dns_cache_need(c, tt->target, DNS_MX)) == NULL)
			return false;
		if (tt->ans->status != DNS_OK)
			return true; /* no hosts to resolve */
		if (tt->hosts == NULL) {
			n = tt->ans->nrr;
			if (n > SPF_TREE_MAX_HOSTS)
				n = SPF_TREE_MAX_HOSTS;
			tt->hosts = xcalloc(n, sizeof *tt->hosts);
			for (i = 0; i < n; i++) {
				const struct dns_rr *rr = &tt->ans->rr[i];
				char                 why[128];
				/* A null MX (RFC 7505) names no host. */
				if (rr->data[0] == '\0' ||
				    !dns_name_check((const char *)rr->data, why,
					sizeof why))
					continue;
				tt->hosts[tt->nhosts].name =
				    xstrdup((const char *)rr->data);
				tt->hosts[tt->nhosts++].pref = rr->pref;
			}
		}
		for (i = 0; i < tt->nhosts; i++) {
			struct spf_tree_host *h = &tt->hosts[i];
			if (h->a == NULL)
				h->a = dns_cache_need(c, h->name, DNS_A);
			if (h->aaaa == NULL)
				h->aaaa = dns_cache_need(c, h->name, DNS_AAAA);
			done = done && h->a != NULL && h->aaaa != NULL;
		}
		return done;
	default:
		return true;
	}
}

bool
spf_tree_resume(struct spf_tree *t)
{
	bool   complete = true;
	size_t i, k;

	/* Nodes added during the pass are visited in the same pass: a
	 * draft or a cached answer lets a whole chain load at once. */
	for (i = 0; i < t->nnodes; i++) {
		struct spf_tree_node *n = t->nodes[i];
		if (n->state == SPF_TREE_WAITING)
			spf_tree_load(t, n);
		if (n->state == SPF_TREE_WAITING) {
			complete = false;
			continue;
		}
		if (n->state != SPF_TREE_LOADED || n->resolved)
			continue;
		n->resolved = true;
		for (k = 0; k < n->nterms; k++)
			if (!spf_tree_resolve(t, &n->terms[k]))
				n->resolved = false;
		if (!n->resolved)
			complete = false;
	}
	spf_tree_cost(t);
	t->complete = complete;
	return complete;
}
