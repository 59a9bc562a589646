/* fuzz_answer.c: libFuzzer target for the DNS answer handling: raw DNS
 * messages as c-ares hands them to its callback, fed to dns_ares_answer()
 * (src/dns_ares.c), where answers enter the cache; then the same messages
 * as the only DNS there is, for check_host() and the tree, whose readers
 * (TXT joining, MX targets, CNAME chains) see them as they come. The
 * input:
 *
 *   byte 0: bits 0-2 the type asked (TXT A AAAA MX CNAME PTR SPF, or 7:
 *           the question's type), bit 3 the client is IPv6, bit 4 also
 *           run check_host() and the tree over the messages
 *   then messages, each a 16-bit big-endian length and that many bytes
 *   (the last one takes what is left).
 *
 * The name asked is the question's name when it reads as one
 * (dns_name_from_wire), else example.com. In the second part the k-th
 * query the cache sends is answered by message k modulo their number. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dns.h"
#include "dns_ares.h"
#include "dns_cache.h"
#include "fuzz_common.h"
#include "lint.h"
#include "report_tree.h"
#include "spf_limits.h"
#include "spf_tree.h"

#define FUZZ_ANSWER_MAX (65535 + 1024) /* one TXT RRset of 64 KiB */
#define FUZZ_ANSWER_MSGS 8

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct fuzz_msgs {
	unsigned char *msg[FUZZ_ANSWER_MSGS];
	size_t         len[FUZZ_ANSWER_MSGS];
	size_t         n;
	size_t         asked;
};

struct fuzz_source {
	struct dns_source base; /* first: the cache sees only this */
	struct fuzz_msgs *m;
};

static const uint16_t fuzz_answer_types[7] = { DNS_TXT, DNS_A, DNS_AAAA, DNS_MX,
	DNS_CNAME, DNS_PTR, DNS_SPF };

static void
fuzz_answer_check(const struct dns_answer *a, uint16_t type, size_t alen)
{
	size_t i;

	if (a->type != type)
		fuzz_fail("answer of another type");
	if (a->status != DNS_OK && a->nrr != 0)
		fuzz_fail("records in a failed answer");
	if (a->nrr > a->cap || (alen >= 12 && a->size != alen))
		fuzz_fail("answer counts do not add up");
	if (a->cnames > DNS_MAX_CNAME + 1)
		fuzz_fail("more CNAME hops than DNS_MAX_CNAME");
	for (i = 0; i < a->nrr; i++) {
		if (a->rr[i].type != type)
			fuzz_fail("record of another type kept");
		fuzz_check_rr(&a->rr[i]);
	}
}

/* The question's name when the message has one that reads as a name. */
static void
fuzz_answer_qname(const unsigned char *m, size_t len, char *name, size_t size,
    uint16_t *qtype)
{
	size_t i = 12;

	str_lcpy(name, "example.com", size);
	*qtype = DNS_TXT;
	if (len <= 12 || (m[4] == 0 && m[5] == 0))
		return;
	while (i < len && m[i] != 0 && m[i] < 64)
		i += 1 + m[i];
	if (i >= len || m[i] != 0)
		return;
	if (len - i >= 3)
		*qtype = (uint16_t)(m[i + 1] << 8 | m[i + 2]);
	if (!dns_name_from_wire(m + 12, i + 1 - 12, name, size) ||
	    name[0] == '\0')
		str_lcpy(name, "example.com", size);
}

static void
fuzz_source_ask(struct dns_source *src, struct dns_cache *c, const char *name,
    uint16_t type)
{
	struct fuzz_msgs *m = ((struct fuzz_source *)src)->m;
	size_t            k = m->asked++ % m->n;

	dns_cache_put(c,
	    dns_ares_answer(name, type, m->msg[k], (int)m->len[k]));
}

static void
fuzz_source_free(struct dns_source *src)
{
	free(src);
}

static struct dns_cache *
fuzz_msgs_cache(struct fuzz_msgs *m)
{
	struct fuzz_source *s = xcalloc(1, sizeof *s);

	s->base.ask = fuzz_source_ask;
	s->base.free = fuzz_source_free;
	s->m = m;
	m->asked = 0;
	return dns_cache_new(&s->base);
}

static void
fuzz_answer_eval(struct fuzz_msgs *m, bool v6)
{
	struct fuzz_opts      o;
	struct dns_cache     *c;
	struct spf_eval      *ev;
	struct spf_tree      *t;
	struct spf_tree_opts  to;
	struct lint_report    lint = { NULL, 0 };
	struct report_tree_in in;
	struct spf_err        err;
	char                 *text;
	bool                  done;
	int                   i;

	memset(&o, 0, sizeof o);
	o.addr.family = v6 ? 6 : 4;
	if (v6) {
		o.addr.b[0] = 0x20, o.addr.b[1] = 0x01, o.addr.b[2] = 0x0d;
		o.addr.b[3] = 0xb8, o.addr.b[15] = 1;
	} else {
		o.addr.b[0] = 192, o.addr.b[2] = 2, o.addr.b[3] = 1;
	}
	o.sender = (char *)"user@example.com";
	o.helo = (char *)"mx.example.com";
	c = fuzz_msgs_cache(m);
	if ((ev = fuzz_eval(c, &o, &done)) != NULL)
		spf_eval_free(ev);
	dns_cache_free(c);

	c = fuzz_msgs_cache(m);
	memset(&to, 0, sizeof to);
	to.domain = "example.com";
	to.sender = o.sender;
	to.helo = o.helo;
	to.ip = &o.addr;
	spf_err_clear(&err);
	if ((t = spf_tree_new(c, &to, &err)) == NULL)
		fuzz_fail("spf_tree_new refused example.com");
	for (i = 0; i < FUZZ_MAX_RUNS && !spf_tree_resume(t); i++)
		;
	lint_tree(t, &lint);
	memset(&in, 0, sizeof in);
	in.tree = t;
	in.lint = &lint;
	text = report_tree_text(&in);
	fuzz_check_text(text, strlen(text));
	free(text);
	lint_report_free(&lint);
	spf_tree_free(t);
	dns_cache_free(c);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_msgs   m;
	struct dns_answer *a;
	const uint8_t     *p, *end;
	unsigned           flags;
	uint16_t           qtype, type;
	char               name[1024];
	size_t             i, n;

	if (size < 1 || size > FUZZ_ANSWER_MAX)
		return -1;
	flags = data[0];
	p = data + 1;
	end = data + size;
	memset(&m, 0, sizeof m);
	while (p < end && m.n < FUZZ_ANSWER_MSGS) {
		n = end - p >= 2 ? (size_t)(p[0] << 8 | p[1]) : 0;
		p += end - p >= 2 ? 2 : end - p;
		if (n > (size_t)(end - p) || m.n + 1 == FUZZ_ANSWER_MSGS)
			n = (size_t)(end - p);
		/* Exactly n bytes: the walk is given a length. */
		m.msg[m.n] = xmalloc(n == 0 ? 1 : n);
		memcpy(m.msg[m.n], p, n);
		m.len[m.n++] = n;
		p += n;
	}
	for (i = 0; i < m.n; i++) {
		fuzz_answer_qname(m.msg[i], m.len[i], name, sizeof name,
		    &qtype);
		type = (flags & 7) == 7 ? qtype : fuzz_answer_types[flags & 7];
		a = dns_ares_answer(name, type, m.msg[i], (int)m.len[i]);
		fuzz_answer_check(a, type, m.len[i]);
		dns_answer_free(a);
	}
	if ((flags & 16) && m.n > 0)
		fuzz_answer_eval(&m, (flags & 8) != 0);
	for (i = 0; i < m.n; i++)
		free(m.msg[i]);
	return 0;
}
