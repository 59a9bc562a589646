/* fastdns.c: a DNS responder for benchmarks only. It answers UDP queries
 * on 127.0.0.1 from zone files read with the library's loader
 * (dns_zone_load(), dns_zone_lookup()), one datagram at a time, so that a
 * benchmark times spfscope and not tests/dnsserver.py (Python, ~0.4 ms a
 * query). Not a name server: no TCP, no NS/SOA in authority sections, no
 * DNSSEC; anything it cannot parse is dropped.
 *
 *   fastdns --zone FILE [--zone FILE]... --port N [-v]
 *
 * With --port 0 the port the kernel chose is the first line of stdout.
 * It serves until SIGTERM or SIGINT, then prints one line of counts on
 * stderr; -v also logs every query there. The zone owns every record; each
 * answer is looked up, encoded into one buffer on the stack and freed. */
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "dns.h"
#include "dns_zone.h"
#include "spf_err.h"
#include "str.h"

#define FASTDNS_EDNS 1232  /* our OPT's payload (DNS flag day 2020) */
#define FASTDNS_PLAIN 512  /* RFC 1035 4.2.1: UDP without EDNS */
#define FASTDNS_MSG 4096   /* largest message read or built */
#define FASTDNS_NAME 1024  /* a name in text form, escapes included */
#define FASTDNS_OPT_LEN 11 /* root owner, type, class, TTL, rdlength */
#define FASTDNS_BURST 64   /* datagrams read between two pselect() */
#define FASTDNS_MAX_LAB 63 /* RFC 1035 2.3.4 */
#define FASTDNS_MAX_WIRE 255

#define DNS_CLASS_IN 1
#define DNS_TYPE_OPT 41
#define DNS_QR 0x8000
#define DNS_AA 0x0400
#define DNS_TC 0x0200
#define DNS_RD 0x0100

enum fastdns_rcode {
	RCODE_NOERROR = 0,
	RCODE_FORMERR = 1,
	RCODE_SERVFAIL = 2,
	RCODE_NXDOMAIN = 3,
	RCODE_NOTIMP = 4,
	RCODE_REFUSED = 5,
	RCODE_DROP = -1 /* send nothing: the client times out */
};

/* The one question of a query, as slices of the datagram. */
struct fastdns_query {
	uint16_t             id;
	uint16_t             flags;
	const unsigned char *qname; /* uncompressed wire name */
	size_t               qnamelen;
	uint16_t             qtype;
	uint16_t             qclass;
	size_t               qend; /* offset just past the question */
	bool                 edns;
	size_t               payload; /* UDP size the client offered */
};

/* An output buffer with a sticky error, as OpenSMTPD's unpack_dns.c keeps
 * p->err: writes after the first that does not fit are ignored, and the
 * caller checks once. */
struct fastdns_buf {
	unsigned char *p;
	size_t         len;
	size_t         cap;
	bool           err;
};

struct fastdns_stats {
	unsigned long queries;
	unsigned long answered;
	unsigned long truncated;
	unsigned long dropped;
};

static volatile sig_atomic_t fastdns_stop;

static void
fastdns_on_signal(int sig)
{
	(void)sig;
	fastdns_stop = 1;
}

static uint16_t
fastdns_u16(const unsigned char *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void
fastdns_put(struct fastdns_buf *b, const void *data, size_t n)
{
	if (b->err || b->cap - b->len < n) {
		b->err = true;
		return;
	}
	memcpy(b->p + b->len, data, n);
	b->len += n;
}

static void
fastdns_put_u16(struct fastdns_buf *b, uint16_t v)
{
	unsigned char w[2] = { (unsigned char)(v >> 8), (unsigned char)v };

	fastdns_put(b, w, sizeof w);
}

static void
fastdns_put_u32(struct fastdns_buf *b, uint32_t v)
{
	unsigned char w[4] = { (unsigned char)(v >> 24),
		(unsigned char)(v >> 16), (unsigned char)(v >> 8),
		(unsigned char)v };

	fastdns_put(b, w, sizeof w);
}

static void
fastdns_set_u16(struct fastdns_buf *b, size_t off, uint16_t v)
{
	if (b->err || off > b->len || b->len - off < 2)
		return;
	b->p[off] = (unsigned char)(v >> 8);
	b->p[off + 1] = (unsigned char)v;
}

/* Writes a name in dns.h's text form ("\." and "\\" inside a label, no
 * trailing dot needed) as uncompressed labels. */
static void
fastdns_put_name(struct fastdns_buf *b, const char *name, size_t len)
{
	unsigned char lab[FASTDNS_MAX_LAB];
	size_t        i, n = 0, wire = 1;
	unsigned char c;

	for (i = 0; i < len; i++) {
		c = (unsigned char)name[i];
		if (c == '.') {
			if (n == 0)
				goto bad; /* empty label */
			wire += 1 + n;
			fastdns_put(b, (unsigned char[]){ (unsigned char)n },
			    1);
			fastdns_put(b, lab, n);
			n = 0;
			continue;
		}
		if (c == '\\' && i + 1 < len)
			c = (unsigned char)name[++i];
		if (n == sizeof lab)
			goto bad;
		lab[n++] = c;
	}
	if (n > 0) {
		wire += 1 + n;
		fastdns_put(b, (unsigned char[]){ (unsigned char)n }, 1);
		fastdns_put(b, lab, n);
	}
	if (wire > FASTDNS_MAX_WIRE)
		goto bad;
	fastdns_put(b, (unsigned char[]){ 0 }, 1);
	return;
bad:
	b->err = true;
}

/* Skips a possibly compressed name; returns its length in the message,
 * 0 if it runs past the end. */
static size_t
fastdns_skip_name(const unsigned char *m, size_t len, size_t off)
{
	size_t start = off;

	while (off < len) {
		size_t c = m[off];
		if (c == 0)
			return off + 1 - start;
		if ((c & 0xc0) == 0xc0)
			return len - off < 2 ? 0 : off + 2 - start;
		if ((c & 0xc0) != 0 || len - off - 1 < c)
			return 0; /* RFC 6891 extended label types: refused */
		off += 1 + c;
	}
	return 0;
}

/* RFC 1035 4.1: header, then one question; the answer and authority
 * sections of a query are skipped, the additional section searched for an
 * OPT RR (RFC 6891 6.1.2). False when the datagram is not a query we can
 * read: it is dropped. */
static bool
fastdns_parse(const unsigned char *m, size_t len, struct fastdns_query *q)
{
	size_t   off = 12;
	unsigned an, ns, ar, i;

	memset(q, 0, sizeof *q);
	if (len < 12)
		return false;
	q->id = fastdns_u16(m);
	q->flags = fastdns_u16(m + 2);
	if ((q->flags & DNS_QR) != 0 || fastdns_u16(m + 4) != 1)
		return false; /* an answer, or not one question */
	an = fastdns_u16(m + 6);
	ns = fastdns_u16(m + 8);
	ar = fastdns_u16(m + 10);
	/* The question name is uncompressed: nothing precedes it. */
	while (off < len && m[off] != 0) {
		if ((m[off] & 0xc0) != 0 || len - off - 1 < m[off])
			return false;
		off += 1 + m[off];
	}
	if (off >= len || off + 1 - 12 > FASTDNS_MAX_WIRE)
		return false;
	q->qname = m + 12;
	q->qnamelen = off + 1 - 12;
	off++;
	if (len - off < 4)
		return false;
	q->qtype = fastdns_u16(m + off);
	q->qclass = fastdns_u16(m + off + 2);
	off += 4;
	q->qend = off;
	q->payload = FASTDNS_PLAIN;
	for (i = 0; i < an + ns + ar; i++) {
		size_t n, rdlen;

		if ((n = fastdns_skip_name(m, len, off)) == 0 ||
		    len - off - n < 10)
			return false;
		rdlen = fastdns_u16(m + off + n + 8);
		if (len - off - n - 10 < rdlen)
			return false;
		/* RFC 6891 6.2.5: a payload under 512 is taken as 512. */
		if (i >= an + ns && !q->edns && n == 1 &&
		    fastdns_u16(m + off + 1) == DNS_TYPE_OPT) {
			q->edns = true;
			q->payload = fastdns_u16(m + off + 3);
			if (q->payload < FASTDNS_PLAIN)
				q->payload = FASTDNS_PLAIN;
		}
		off += n + 10 + rdlen;
	}
	return true;
}

static int
fastdns_rcode(enum dns_status st)
{
	switch (st) {
	case DNS_OK:
		return RCODE_NOERROR;
	case DNS_NXDOMAIN:
		return RCODE_NXDOMAIN;
	case DNS_SERVFAIL:
		return RCODE_SERVFAIL;
	case DNS_REFUSED:
		return RCODE_REFUSED;
	case DNS_FORMERR:
		return RCODE_FORMERR;
	case DNS_TIMEOUT:
		return RCODE_DROP; /* "; spfscope: timeout" never answers */
	case DNS_BADNAME:
		return RCODE_REFUSED;
	default:
		return RCODE_SERVFAIL;
	}
}

/* One RR whose owner is the name at offset owner of the message; returns
 * the offset of its rdata. */
static size_t
fastdns_put_rr(struct fastdns_buf *b, size_t owner, const struct dns_rr *rr)
{
	size_t rdlen_at, rdata;

	fastdns_put_u16(b, (uint16_t)(0xc000 | owner)); /* RFC 1035 4.1.4 */
	fastdns_put_u16(b, rr->type);
	fastdns_put_u16(b, DNS_CLASS_IN);
	fastdns_put_u32(b, rr->ttl);
	rdlen_at = b->len;
	fastdns_put_u16(b, 0);
	rdata = b->len;
	switch (rr->type) {
	case DNS_MX:
		fastdns_put_u16(b, rr->pref);
		fastdns_put_name(b, (const char *)rr->data, rr->len);
		break;
	case DNS_PTR:
	case DNS_CNAME:
		fastdns_put_name(b, (const char *)rr->data, rr->len);
		break;
	default: /* A, AAAA, TXT's wire rdata, other types raw */
		fastdns_put(b, rr->data, rr->len);
		break;
	}
	fastdns_set_u16(b, rdlen_at, (uint16_t)(b->len - rdata));
	return rdata;
}

/* The lookup chased CNAMEs and kept only the records of the asked type;
 * the chain is walked again so that the answer holds it, as a server's
 * would (spfscope counts the hops). Returns the offset of the name that
 * owns the final records. */
static size_t
fastdns_put_chain(struct fastdns_buf *b, const struct dns_zone *z,
    const char *name, const struct dns_answer *a, unsigned *count)
{
	struct dns_answer *c;
	char               cur[FASTDNS_NAME];
	size_t             owner = 12;
	unsigned           hop;

	if (a->type == DNS_CNAME ||
	    str_lcpy(cur, name, sizeof cur) >= sizeof cur)
		return owner;
	for (hop = 0; hop < a->cnames; hop++) {
		c = dns_zone_lookup(z, cur, DNS_CNAME);
		if (c->status != DNS_OK || c->nrr == 0 ||
		    c->rr[0].len >= sizeof cur) {
			dns_answer_free(c);
			break;
		}
		owner = fastdns_put_rr(b, owner, &c->rr[0]);
		(*count)++;
		memcpy(cur, c->rr[0].data, c->rr[0].len + 1);
		dns_answer_free(c);
	}
	return owner;
}

/* Builds the answer to q into out; returns its length, 0 to send nothing. */
static size_t
fastdns_answer(const struct dns_zone *z, const unsigned char *m,
    const struct fastdns_query *q, unsigned char *out, size_t size,
    struct fastdns_stats *st, bool verbose)
{
	struct fastdns_buf b = { out, 0, 0, false };
	struct dns_answer *a = NULL;
	char               name[FASTDNS_NAME];
	size_t             limit;
	unsigned           count = 0;
	int                rcode = RCODE_NOERROR;
	uint16_t           flags;

	limit = q->edns ? q->payload : FASTDNS_PLAIN;
	if (limit > size)
		limit = size;
	/* Room for the OPT RR is kept back until the end. */
	b.cap = limit - (q->edns ? FASTDNS_OPT_LEN : 0);
	if (((q->flags >> 11) & 0x0f) != 0)
		rcode = RCODE_NOTIMP; /* only QUERY */
	else if (q->qclass != DNS_CLASS_IN ||
	    !dns_name_from_wire(q->qname, q->qnamelen, name, sizeof name))
		rcode = RCODE_REFUSED; /* not IN, or a NUL byte in a label */
	else {
		a = dns_zone_lookup(z, name, q->qtype);
		rcode = fastdns_rcode(a->status);
	}
	if (verbose)
		fprintf(stderr, "fastdns: %s %s rcode %d, %zu records\n",
		    a != NULL ? name : "?", dns_type_name(q->qtype), rcode,
		    a != NULL ? a->nrr : 0);
	if (rcode == RCODE_DROP) {
		dns_answer_free(a);
		st->dropped++;
		return 0;
	}
	/* The header is written once the counts are known. */
	fastdns_put(&b, m, 12);
	fastdns_put(&b, m + 12, q->qend - 12); /* the question verbatim */
	if (a != NULL && a->status == DNS_OK) {
		size_t owner, i;

		owner = fastdns_put_chain(&b, z, name, a, &count);
		for (i = 0; i < a->nrr; i++)
			fastdns_put_rr(&b, owner, &a->rr[i]);
		count += (unsigned)a->nrr;
	}
	dns_answer_free(a);
	flags = DNS_QR | DNS_AA | (q->flags & (0x0f << 11 | DNS_RD)) |
	    (uint16_t)rcode;
	if (b.err) {
		/* RFC 2181 9: TC, and no partial RRsets: no records at all. */
		b.err = false;
		b.len = q->qend;
		count = 0;
		flags |= DNS_TC;
		st->truncated++;
	}
	b.cap = limit;
	if (q->edns) {
		fastdns_put(&b, (unsigned char[]){ 0 }, 1); /* root owner */
		fastdns_put_u16(&b, DNS_TYPE_OPT);
		fastdns_put_u16(&b, FASTDNS_EDNS);
		fastdns_put_u32(&b, 0); /* extended rcode 0, version 0 */
		fastdns_put_u16(&b, 0);
	}
	if (b.err) {
		st->dropped++;
		return 0;
	}
	fastdns_set_u16(&b, 2, flags);
	fastdns_set_u16(&b, 4, 1);
	fastdns_set_u16(&b, 6, (uint16_t)count);
	fastdns_set_u16(&b, 8, 0);
	fastdns_set_u16(&b, 10, q->edns ? 1 : 0);
	st->answered++;
	return b.len;
}

/* Reads what is waiting on fd (at most FASTDNS_BURST datagrams) and
 * answers each; false on a socket error. */
static bool
fastdns_serve(int fd, const struct dns_zone *z, struct fastdns_stats *st,
    bool verbose)
{
	unsigned char           in[FASTDNS_MSG], out[FASTDNS_MSG];
	struct fastdns_query    q;
	struct sockaddr_storage from;
	struct iovec            iov;
	struct msghdr           msg;
	size_t                  len;
	int                     i;

	for (i = 0; i < FASTDNS_BURST; i++) {
		ssize_t n;

		memset(&msg, 0, sizeof msg);
		iov.iov_base = in;
		iov.iov_len = sizeof in;
		msg.msg_name = &from;
		msg.msg_namelen = sizeof from;
		msg.msg_iov = &iov;
		msg.msg_iovlen = 1;
		n = recvmsg(fd, &msg, MSG_DONTWAIT);
		if (n == -1)
			return errno == EAGAIN || errno == EWOULDBLOCK ||
			    errno == EINTR;
		st->queries++;
		if ((msg.msg_flags & MSG_TRUNC) != 0 ||
		    !fastdns_parse(in, (size_t)n, &q)) {
			st->dropped++;
			continue;
		}
		len = fastdns_answer(z, in, &q, out, sizeof out, st, verbose);
		/* A lost answer is the client's to retry, as over any UDP. */
		if (len > 0)
			(void)sendto(fd, out, len, 0, (struct sockaddr *)&from,
			    msg.msg_namelen);
	}
	return true;
}

/* RFC 6335 port numbers: digits only, 0 to 65535. */
static bool
fastdns_port_parse(const char *s, unsigned *port)
{
	unsigned v = 0;

	if (*s == '\0' || strlen(s) > 5)
		return false;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9')
			return false;
		v = v * 10 + (unsigned)(*s - '0');
	}
	if (v > 65535)
		return false;
	*port = v;
	return true;
}

static int
fastdns_usage(void)
{
	fprintf(stderr,
	    "usage: fastdns --zone FILE [--zone FILE]... --port N [-v]\n");
	return 2;
}

static int
fastdns_socket(unsigned port, unsigned *bound)
{
	struct sockaddr_in sin;
	socklen_t          slen = sizeof sin;
	int                fd;

	if ((fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons((uint16_t)port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(fd, (struct sockaddr *)&sin, sizeof sin) == -1 ||
	    getsockname(fd, (struct sockaddr *)&sin, &slen) == -1) {
		close(fd);
		return -1;
	}
	*bound = ntohs(sin.sin_port);
	return fd;
}

int
main(int argc, char **argv)
{
	struct dns_zone     *z;
	struct spf_err       err;
	struct fastdns_stats st = { 0, 0, 0, 0 };
	struct sigaction     sa;
	sigset_t             block, orig;
	fd_set               rfds;
	unsigned             port = 0, bound;
	bool                 has_port = false, verbose = false, ok = true;
	int                  i, fd, nzones = 0;

	z = dns_zone_new();
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--zone") == 0 && i + 1 < argc) {
			spf_err_clear(&err);
			if (dns_zone_load(z, argv[++i], &err) != 0) {
				fprintf(stderr, "fastdns: %s\n", err.msg);
				dns_zone_free(z);
				return 1;
			}
			nzones++;
		} else if (strcmp(argv[i], "--port") == 0 && i + 1 < argc) {
			if (!fastdns_port_parse(argv[++i], &port)) {
				fprintf(stderr, "fastdns: bad port\n");
				dns_zone_free(z);
				return 2;
			}
			has_port = true;
		} else if (strcmp(argv[i], "-v") == 0) {
			verbose = true;
		} else {
			dns_zone_free(z);
			return fastdns_usage();
		}
	}
	if (nzones == 0 || !has_port) {
		dns_zone_free(z);
		return fastdns_usage();
	}
	if ((fd = fastdns_socket(port, &bound)) == -1 || fd >= FD_SETSIZE) {
		fprintf(stderr, "fastdns: 127.0.0.1:%u: %s\n", port,
		    strerror(errno));
		dns_zone_free(z);
		return 1;
	}
	if (port == 0) {
		printf("%u\n", bound);
		fflush(stdout);
	}
	/* The signals are let in only inside pselect(), so one that comes
	 * while a burst is answered is seen at the next wait, never lost
	 * between the test of the flag and the wait. */
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigprocmask(SIG_BLOCK, &block, &orig);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = fastdns_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	while (!fastdns_stop && ok) {
		FD_ZERO(&rfds);
		FD_SET(fd, &rfds);
		if (pselect(fd + 1, &rfds, NULL, NULL, NULL, &orig) == -1) {
			if (errno == EINTR)
				continue;
			ok = false;
			break;
		}
		ok = fastdns_serve(fd, z, &st, verbose);
	}
	if (!ok)
		fprintf(stderr, "fastdns: %s\n", strerror(errno));
	fprintf(stderr,
	    "fastdns: %lu queries, %lu answered (%lu truncated), %lu "
	    "dropped\n",
	    st.queries, st.answered, st.truncated, st.dropped);
	close(fd);
	dns_zone_free(z);
	return ok ? 0 : 1;
}
