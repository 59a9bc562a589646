/* dns_ares.c: c-ares as a dns_source. The one file that includes <ares.h>.
 * Each query is registered before ares_query() (which may call back at
 * once); its answer is walked from the raw message (rcode, TTLs, CNAME
 * chain), turned into a struct dns_answer and handed to the cache, which
 * owns it from then on. */
#include "dns_ares.h"

#include <ares.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ip.h"
#include "spf_limits.h"
#include "str.h"
#include "xmalloc.h"

#define DNS_ARES_MAX_FDS 64
#define DNS_ARES_EDNS 1232   /* DNS flag day 2020 payload */
#define DNS_ARES_MAX_RR 4096 /* answer RRs walked in one message */

struct dns_ares {
	struct dns_source base; /* first: the cache sees only this */
	ares_channel      ch;
	struct dns_cache *cache;
	struct pollfd     fds[DNS_ARES_MAX_FDS];
	int               nfds;
};

struct dns_ares_query {
	struct dns_ares *da;
	char            *name;
	uint16_t         type;
	struct timespec  start;
};

static void
dns_ares_sock_state(void *data, ares_socket_t fd, int readable, int writable)
{
	struct dns_ares *da = data;
	int              i;

	for (i = 0; i < da->nfds; i++)
		if (da->fds[i].fd == fd)
			break;
	if (!readable && !writable) {
		if (i < da->nfds)
			da->fds[i] = da->fds[--da->nfds];
		return;
	}
	if (i == da->nfds) {
		if (da->nfds == DNS_ARES_MAX_FDS)
			return; /* c-ares uses one UDP + one TCP per server */
		da->nfds++;
	}
	da->fds[i].fd = fd;
	da->fds[i].events =
	    (short)((readable ? POLLIN : 0) | (writable ? POLLOUT : 0));
	da->fds[i].revents = 0;
}

/* ares_expand_name() writes \DDD for bytes outside printable ASCII, "\."
 * and "\\"; our names keep raw bytes with "\." and "\\" (dns.h). */
static bool
dns_ares_unescape(const char *in, char *out, size_t size)
{
	size_t o = 0;

	while (*in != '\0') {
		unsigned char c = (unsigned char)*in++;
		if (c == '\\' && in[0] >= '0' && in[0] <= '9' && in[1] >= '0' &&
		    in[1] <= '9' && in[2] >= '0' && in[2] <= '9') {
			int v = (in[0] - '0') * 100 + (in[1] - '0') * 10 +
			    (in[2] - '0');
			if (v == 0 || v > 255)
				return false;
			c = (unsigned char)v;
			in += 3;
		} else if (c == '\\' && *in != '\0') {
			/* c-ares escapes more than dots and backslashes ("\(",
			 * "\;", "\@"...); our form escapes only those two. */
			c = (unsigned char)*in++;
			if (c == '.' || c == '\\') {
				if (size - o < 2)
					return false;
				out[o++] = '\\';
			}
		}
		if (size - o < 2)
			return false;
		out[o++] = (char)c;
	}
	out[o] = '\0';
	return true;
}

/* Expands the name at p; *used is its length in the message. */
static bool
dns_ares_name(const unsigned char *p, const unsigned char *abuf, int alen,
    char *out, size_t size, long *used)
{
	char *s = NULL;
	bool  ok;

	if (ares_expand_name(p, abuf, alen, &s, used) != ARES_SUCCESS)
		return false;
	ok = dns_ares_unescape(s, out, size);
	ares_free_string(s);
	return ok;
}

static unsigned
dns_ares_u16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static uint32_t
dns_ares_u32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* Does TXT rdata hold whole character-strings and nothing else? */
static bool
dns_ares_txt_ok(const unsigned char *p, size_t len)
{
	size_t i = 0;

	while (i < len) {
		size_t n = p[i++];
		if (len - i < n)
			return false;
		i += n;
	}
	return true;
}

struct dns_ares_rr {
	char                 owner[1024];
	unsigned             type;
	uint32_t             ttl;
	const unsigned char *rdata;
	size_t               rdlen;
};

static bool
dns_ares_add(struct dns_answer *a, const struct dns_ares_rr *rr,
    const unsigned char *abuf, int alen)
{
	char target[1024];
	long used;

	switch (rr->type) {
	case DNS_A:
	case DNS_AAAA:
		if (rr->rdlen != (rr->type == DNS_A ? 4u : 16u))
			return false;
		dns_answer_add_rr(a, (uint16_t)rr->type, rr->ttl, 0, rr->rdata,
		    rr->rdlen);
		return true;
	case DNS_TXT:
	case DNS_SPF:
		if (!dns_ares_txt_ok(rr->rdata, rr->rdlen))
			return false;
		dns_answer_add_rr(a, (uint16_t)rr->type, rr->ttl, 0, rr->rdata,
		    rr->rdlen);
		return true;
	case DNS_MX:
		if (rr->rdlen < 3 ||
		    !dns_ares_name(rr->rdata + 2, abuf, alen, target,
			sizeof target, &used))
			return false;
		dns_answer_add_rr(a, DNS_MX, rr->ttl,
		    (uint16_t)dns_ares_u16(rr->rdata), target, strlen(target));
		return true;
	case DNS_PTR:
	case DNS_CNAME:
		if (!dns_ares_name(rr->rdata, abuf, alen, target, sizeof target,
			&used))
			return false;
		dns_answer_add_rr(a, (uint16_t)rr->type, rr->ttl, 0, target,
		    strlen(target));
		return true;
	default:
		dns_answer_add_rr(a, (uint16_t)rr->type, rr->ttl, 0, rr->rdata,
		    rr->rdlen);
		return true;
	}
}

/* Walks the answer section: every RR bounded (what is left is checked
 * before each read, OpenSMTPD unpack_dns.c), then the CNAME chain from the
 * question name is followed, at most DNS_MAX_CNAME hops. */
static bool
dns_ares_walk(struct dns_answer *a, const unsigned char *abuf, int alen)
{
	const unsigned char *p = abuf + 12, *end = abuf + alen;
	struct dns_ares_rr  *rrs = NULL;
	char                 cur[1024], skip[1024];
	char                 seen[DNS_MAX_CNAME + 1][1024];
	unsigned             qd, an, i, k, hop, n = 0;
	long                 used;
	bool                 ok = false, found;

	qd = dns_ares_u16(abuf + 4);
	an = dns_ares_u16(abuf + 6);
	if (an > DNS_ARES_MAX_RR)
		return false;
	for (i = 0; i < qd; i++) {
		if (!dns_ares_name(p, abuf, alen, skip, sizeof skip, &used) ||
		    end - p < used + 4)
			return false;
		p += used + 4;
	}
	rrs = xcalloc(an == 0 ? 1 : an, sizeof *rrs);
	for (i = 0; i < an; i++, n++) {
		struct dns_ares_rr *rr = &rrs[n];
		if (!dns_ares_name(p, abuf, alen, rr->owner, sizeof rr->owner,
			&used) ||
		    end - p < used + 10)
			goto out;
		p += used;
		rr->type = dns_ares_u16(p);
		rr->ttl = dns_ares_u32(p + 4);
		rr->rdlen = dns_ares_u16(p + 8);
		p += 10;
		if ((size_t)(end - p) < rr->rdlen)
			goto out;
		rr->rdata = p;
		p += rr->rdlen;
	}
	str_lcpy(cur, a->name, sizeof cur);
	str_lcpy(seen[0], cur, sizeof seen[0]);
	for (hop = 0; hop <= DNS_MAX_CNAME; hop++) {
		found = false;
		for (i = 0; i < n; i++) {
			if (rrs[i].type != a->type ||
			    !dns_name_eq(rrs[i].owner, cur))
				continue;
			if (!dns_ares_add(a, &rrs[i], abuf, alen))
				goto out;
			found = true;
		}
		if (found)
			break;
		for (i = 0; i < n; i++)
			if (rrs[i].type == DNS_CNAME &&
			    dns_name_eq(rrs[i].owner, cur))
				break;
		if (i == n || a->type == DNS_CNAME)
			break;
		if (!dns_ares_name(rrs[i].rdata, abuf, alen, cur, sizeof cur,
			&used))
			goto out;
		/* A loop ends the chain, NOERROR with what was found, as a
		 * resolver answers it; a chain longer than DNS_MAX_CNAME
		 * distinct names is an error (resolvers give SERVFAIL). */
		k = 0;
		while (k <= hop && !dns_name_eq(seen[k], cur))
			k++;
		if (k <= hop)
			break;
		if (hop == DNS_MAX_CNAME)
			goto out;
		str_lcpy(seen[hop + 1], cur, sizeof seen[0]);
		a->cnames++;
		if (a->nrr == 0 || rrs[i].ttl < a->ttl)
			a->ttl = rrs[i].ttl;
	}
	ok = true;
out:
	free(rrs);
	return ok;
}

static enum dns_status
dns_ares_status(int rcode)
{
	switch (rcode) {
	case 0:
		return DNS_OK;
	case 1:
		return DNS_FORMERR;
	case 2:
		return DNS_SERVFAIL;
	case 3:
		return DNS_NXDOMAIN;
	case 5:
		return DNS_REFUSED;
	default:
		return DNS_NETERR;
	}
}

struct dns_answer *
dns_ares_answer(const char *name, uint16_t type, const unsigned char *abuf,
    int alen)
{
	struct dns_answer *a = dns_answer_new(name, type);

	if (abuf == NULL || alen < 12) {
		a->status = DNS_NETERR;
		return a;
	}
	a->rcode = abuf[3] & 0x0f;
	a->status = dns_ares_status(a->rcode);
	a->size = (size_t)alen;
	/* c-ares retries over TCP by itself and does not say so; an answer
	 * over the EDNS payload can only have come that way. */
	a->tcp = alen > DNS_ARES_EDNS;
	if (a->status == DNS_OK && !dns_ares_walk(a, abuf, alen)) {
		size_t i;
		a->status = DNS_NETERR; /* malformed answer */
		for (i = 0; i < a->nrr; i++)
			free(a->rr[i].data);
		a->nrr = 0;
	}
	return a;
}

static void
dns_ares_callback(void *arg, int status, int timeouts, unsigned char *abuf,
    int alen)
{
	struct dns_ares_query *q = arg;
	struct dns_ares       *da = q->da;
	struct dns_answer     *a;
	struct timespec        now;
	int64_t                us;

	(void)timeouts;
	if (status == ARES_EDESTRUCTION || status == ARES_ECANCELLED) {
		free(q->name);
		free(q);
		return;
	}
	if (abuf != NULL && alen >= 12) {
		a = dns_ares_answer(q->name, q->type, abuf, alen);
	} else {
		a = dns_answer_new(q->name, q->type);
		if (status == ARES_ETIMEOUT)
			a->status = DNS_TIMEOUT;
		else if (status == ARES_EBADNAME)
			a->status = DNS_BADNAME;
		else if (status == ARES_ENOTFOUND)
			a->status =
			    DNS_NXDOMAIN; /* .onion, RFC 7686: not sent */
		else
			a->status = DNS_NETERR;
	}
	clock_gettime(CLOCK_MONOTONIC, &now);
	us = (int64_t)(now.tv_sec - q->start.tv_sec) * 1000000 +
	    (now.tv_nsec - q->start.tv_nsec) / 1000;
	a->usec = us < 0 ? 0 : us > UINT32_MAX ? UINT32_MAX : (uint32_t)us;
	free(q->name);
	free(q);
	dns_cache_put(da->cache, a);
}

static void
dns_ares_ask(struct dns_source *src, struct dns_cache *c, const char *name,
    uint16_t type)
{
	struct dns_ares       *da = (struct dns_ares *)src;
	struct dns_ares_query *q = xcalloc(1, sizeof *q);

	da->cache = c;
	q->da = da;
	q->name = xstrdup(name);
	q->type = type;
	clock_gettime(CLOCK_MONOTONIC, &q->start);
	/* ares_query(), never ares_search(): no search domains (DESIGN.md). */
	ares_query(da->ch, name, 1 /* IN */, type, dns_ares_callback, q);
}

static int
dns_ares_pollfds(struct dns_source *src, struct pollfd *pfd, int n)
{
	struct dns_ares *da = (struct dns_ares *)src;
	int              i;

	for (i = 0; i < da->nfds && i < n; i++) {
		pfd[i] = da->fds[i];
		pfd[i].revents = 0;
	}
	return i;
}

static int
dns_ares_timeout_ms(struct dns_source *src, int upper)
{
	struct dns_ares *da = (struct dns_ares *)src;
	struct timeval   max, tv, *tvp;
	long             ms;

	if (upper >= 0) {
		max.tv_sec = upper / 1000;
		max.tv_usec = (suseconds_t)(upper % 1000) * 1000;
	}
	tvp = ares_timeout(da->ch, upper >= 0 ? &max : NULL, &tv);
	if (tvp == NULL)
		return upper;
	/* +1: ares_timeout() truncates to whole ms; without it the loop
	 * spins on zero-length polls before each timeout (note 1a). */
	ms = tvp->tv_sec * 1000 + tvp->tv_usec / 1000 + 1;
	return upper >= 0 && ms > upper ? upper : (int)ms;
}

static void
dns_ares_process(struct dns_source *src, const struct pollfd *pfd, int n)
{
	struct dns_ares *da = (struct dns_ares *)src;
	struct pollfd    ready[DNS_ARES_MAX_FDS];
	int              i, j, nready = 0;

	/* Copy first: ares_process_fd() opens and closes sockets through
	 * the state callback (note 1c). */
	for (i = 0; i < n; i++) {
		if (pfd[i].revents == 0)
			continue;
		for (j = 0; j < da->nfds; j++)
			if (da->fds[j].fd == pfd[i].fd &&
			    nready < DNS_ARES_MAX_FDS)
				ready[nready++] = pfd[i];
	}
	for (i = 0; i < nready; i++) {
		short re = ready[i].revents;
		ares_process_fd(da->ch,
		    (re & (POLLIN | POLLERR | POLLHUP | POLLNVAL)) != 0
			? ready[i].fd
			: ARES_SOCKET_BAD,
		    (re & POLLOUT) != 0 ? ready[i].fd : ARES_SOCKET_BAD);
	}
	/* Timeouts are processed on every turn, not only when poll()
	 * timed out, or a busy UI starves them (note 1b). */
	if (nready == 0)
		ares_process_fd(da->ch, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
}

static void
dns_ares_free(struct dns_source *src)
{
	struct dns_ares *da = (struct dns_ares *)src;

	ares_destroy(da->ch);
	ares_library_cleanup();
	free(da);
}

bool
dns_ares_server_parse(const char *in, char *out, size_t size,
    struct spf_err *err)
{
	char           host[64];
	const char    *port = NULL, *close;
	struct ip_addr ip;
	unsigned long  pn = 53;
	size_t         hl;
	int            n;

	if (in[0] == '[') {
		close = strchr(in, ']');
		if (close == NULL || (close[1] != '\0' && close[1] != ':'))
			goto bad;
		hl = (size_t)(close - in - 1);
		if (hl >= sizeof host)
			goto bad;
		memcpy(host, in + 1, hl);
		host[hl] = '\0';
		if (close[1] == ':')
			port = close + 2;
	} else {
		const char *colon = strchr(in, ':');
		/* One colon: v4:port. More: a bare IPv6 address. */
		if (colon != NULL && strchr(colon + 1, ':') == NULL) {
			hl = (size_t)(colon - in);
			port = colon + 1;
		} else {
			hl = strlen(in);
		}
		if (hl >= sizeof host)
			goto bad;
		memcpy(host, in, hl);
		host[hl] = '\0';
	}
	if (!ip_parse(host, strlen(host), &ip))
		goto bad;
	if (port != NULL) {
		char *endp;
		if (*port < '1' || *port > '9' || strlen(port) > 5)
			goto bad;
		pn = strtoul(port, &endp, 10);
		if (*endp != '\0' || pn > 65535)
			goto bad;
	}
	n = ip.family == 6 ? snprintf(out, size, "[%s]:%lu", host, pn)
			   : snprintf(out, size, "%s:%lu", host, pn);
	if (n < 0 || (size_t)n >= size)
		goto bad;
	return true;
bad:
	spf_err_setc(err, DNS_ESERVER,
	    "--server '%.64s': expected ADDR, "
	    "ADDR:PORT or [IPv6]:PORT",
	    in);
	return false;
}

struct dns_source *
dns_ares_new(const char *const *servers, size_t nservers, unsigned timeout_ms,
    struct spf_err *err)
{
	struct dns_ares    *da;
	struct ares_options o;
	char                csv[2048] = "", one[80];
	size_t              i;
	int                 st;

	for (i = 0; i < nservers; i++) {
		if (!dns_ares_server_parse(servers[i], one, sizeof one, err))
			return NULL;
		if ((i > 0 && !str_append(csv, sizeof csv, ",", 1)) ||
		    !str_append(csv, sizeof csv, one, strlen(one))) {
			spf_err_setc(err, DNS_ESERVER, "too many --server");
			return NULL;
		}
	}
	if ((st = ares_library_init(ARES_LIB_INIT_ALL)) != ARES_SUCCESS) {
		spf_err_setc(err, DNS_EINIT, "c-ares: %s", ares_strerror(st));
		return NULL;
	}
	da = xcalloc(1, sizeof *da);
	da->base.ask = dns_ares_ask;
	da->base.pollfds = dns_ares_pollfds;
	da->base.timeout_ms = dns_ares_timeout_ms;
	da->base.process = dns_ares_process;
	da->base.free = dns_ares_free;
	memset(&o, 0, sizeof o);
	o.sock_state_cb = dns_ares_sock_state;
	o.sock_state_cb_data = da;
	/* NOCHECKRESP: else SERVFAIL and REFUSED look like a dead server
	 * and are retried (note 2). EDNS 1232: no TCP for big TXT. */
	o.flags = ARES_FLAG_EDNS | ARES_FLAG_NOCHECKRESP | ARES_FLAG_STAYOPEN;
	o.ednspsz = DNS_ARES_EDNS;
	/* Two tries cost T + 2T (note 5): a third of the budget each. */
	o.tries = 2;
	o.timeout = (int)(timeout_ms / 3 > 0 ? timeout_ms / 3 : 1);
	st = ares_init_options(&da->ch, &o,
	    ARES_OPT_SOCK_STATE_CB | ARES_OPT_FLAGS | ARES_OPT_EDNSPSZ |
		ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES);
	if (st != ARES_SUCCESS) {
		spf_err_setc(err, DNS_EINIT, "c-ares: %s", ares_strerror(st));
		free(da);
		ares_library_cleanup();
		return NULL;
	}
	/* On failure c-ares keeps resolv.conf's servers: check (note 4). */
	if (nservers > 0 &&
	    (st = ares_set_servers_ports_csv(da->ch, csv)) != ARES_SUCCESS) {
		spf_err_setc(err, DNS_ESERVER, "--server: %s",
		    ares_strerror(st));
		dns_ares_free(&da->base);
		return NULL;
	}
	return &da->base;
}
