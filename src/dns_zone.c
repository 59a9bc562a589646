/* dns_zone.c: the offline DNS source. Zone files are read with Knot's
 * libzscanner in manual mode, behind the guards that
 * notes/zone-files-and-wire.md measured as needed; records stay in memory
 * in a hash table of names and are answered as a recursive resolver
 * would, CNAMEs chased. The zone owns its nodes, records, directives and
 * the names of included files (err->file may point at one until
 * dns_zone_free()); each answer dns_zone_lookup() returns is the
 * caller's. */
#include "dns_zone.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libzscanner/scanner.h>

#include "dns_zone_directive.h"
#include "spf_limits.h"
#include "xmalloc.h"

#define ZONE_MAX_INCLUDE 8         /* $INCLUDE nesting */
#define ZONE_MAX_BYTES (64u << 20) /* per file, and per zone in total */
#define ZONE_CLASS_IN 1

struct zone_rr {
	struct zone_rr *next; /* file order, all types mixed */
	uint16_t        type;
	uint16_t        pref;
	uint16_t        rdlen; /* on the wire, for answer sizes */
	uint32_t        ttl;
	size_t          len;
	unsigned char   data[]; /* as dns.h stores it, then a NUL */
};

struct zone_fault {
	struct zone_fault *next; /* newest first */
	enum dns_status    status;
	bool               any_type;
	uint16_t           type;
};

struct zone_node {
	struct zone_node  *next; /* hash chain */
	struct zone_rr    *rr;
	struct zone_fault *faults;
	bool               exists; /* owns records or is an ancestor of one */
	size_t             wirelen;
	uint32_t           hash;
	char               key[]; /* dns_name_key() form */
};

struct zone_file {
	struct zone_file *next;
	char              name[];
};

struct dns_zone {
	struct zone_node **tab;
	size_t             nbucket;
	size_t             nnode;
	size_t             bytes; /* zone text read, against ZONE_MAX_BYTES */
	struct zone_file  *files;
};

/* One dns_zone_load*() call: the files open, outermost first, so that
 * an $INCLUDE cycle is seen whatever path spells the file. */
struct zone_load {
	struct dns_zone *z;
	struct spf_err  *err;
	bool             allow_include;
	int              depth;
	dev_t            dev[ZONE_MAX_INCLUDE + 1];
	ino_t            ino[ZONE_MAX_INCLUDE + 1];
};

struct zone_source {
	struct dns_source src; /* first: the cache hands back &src */
	struct dns_zone  *z;
};

static int zone_parse(struct zone_load *, const char *, const char *, size_t,
    const char *, const char *, uint16_t, uint32_t);

static int zone_fail(struct zone_load *, const char *, unsigned, const char *,
    ...) __attribute__((format(printf, 4, 5)));

static int
zone_fail(struct zone_load *ld, const char *file, unsigned line,
    const char *fmt, ...)
{
	char    what[sizeof ld->err->msg], vis[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	dns_zone_directive_vis(vis, sizeof vis, file, strlen(file));
	if (line > 0)
		spf_err_setc(ld->err, DNS_EZONE, "%s:%u: %s", vis, line, what);
	else
		spf_err_setc(ld->err, DNS_EZONE, "%s: %s", vis, what);
	ld->err->file = file;
	ld->err->line = line;
	return DNS_EZONE;
}

/* FNV-1a. */
static uint32_t
zone_hash(const char *key)
{
	uint32_t h = 2166136261u;

	for (; *key != '\0'; key++)
		h = (h ^ (unsigned char)*key) * 16777619u;
	return h;
}

static struct zone_node *
zone_node_find(const struct dns_zone *z, const char *key)
{
	struct zone_node *n;
	uint32_t          h = zone_hash(key);

	for (n = z->tab[h & (z->nbucket - 1)]; n != NULL; n = n->next)
		if (n->hash == h && strcmp(n->key, key) == 0)
			return n;
	return NULL;
}

/* The buckets are pointers: sizeof a pointer to a struct is meant. */
static struct zone_node **
zone_table(size_t n)
{
	/* NOLINTNEXTLINE(bugprone-sizeof-expression) */
	return xcalloc(n, sizeof(struct zone_node *));
}

static void
zone_grow(struct dns_zone *z)
{
	struct zone_node **tab = zone_table(z->nbucket * 2), *n, *next;
	size_t             i, mask = z->nbucket * 2 - 1;

	for (i = 0; i < z->nbucket; i++) {
		for (n = z->tab[i]; n != NULL; n = next) {
			next = n->next;
			n->next = tab[n->hash & mask];
			tab[n->hash & mask] = n;
		}
	}
	free(z->tab);
	z->tab = tab;
	z->nbucket *= 2;
}

static struct zone_node *
zone_node_get(struct dns_zone *z, const char *key, size_t wirelen)
{
	struct zone_node *n;
	size_t            klen;

	if ((n = zone_node_find(z, key)) != NULL)
		return n;
	if (z->nnode >= z->nbucket)
		zone_grow(z);
	klen = strlen(key);
	n = xcalloc(1, sizeof *n + klen + 1);
	memcpy(n->key, key, klen + 1);
	n->hash = zone_hash(key);
	n->wirelen = wirelen;
	n->next = z->tab[n->hash & (z->nbucket - 1)];
	z->tab[n->hash & (z->nbucket - 1)] = n;
	z->nnode++;
	return n;
}

static const struct zone_rr *
zone_rr_find(const struct zone_node *n, uint16_t type)
{
	const struct zone_rr *rr;

	for (rr = n->rr; rr != NULL && rr->type != type; rr = rr->next)
		;
	return rr;
}

static const char *
zone_file_keep(struct dns_zone *z, const char *name)
{
	size_t            len = strlen(name);
	struct zone_file *f = xmalloc(sizeof *f + len + 1);

	memcpy(f->name, name, len + 1);
	f->next = z->files;
	z->files = f;
	return f->name;
}

struct dns_zone *
dns_zone_new(void)
{
	struct dns_zone *z = xcalloc(1, sizeof *z);

	z->nbucket = 64;
	z->tab = zone_table(z->nbucket);
	return z;
}

void
dns_zone_free(struct dns_zone *z)
{
	struct zone_node  *n, *nn;
	struct zone_rr    *rr, *nr;
	struct zone_fault *f, *nf;
	struct zone_file  *file, *nfile;
	size_t             i;

	if (z == NULL)
		return;
	for (i = 0; i < z->nbucket; i++) {
		for (n = z->tab[i]; n != NULL; n = nn) {
			nn = n->next;
			for (rr = n->rr; rr != NULL; rr = nr) {
				nr = rr->next;
				free(rr);
			}
			for (f = n->faults; f != NULL; f = nf) {
				nf = f->next;
				free(f);
			}
			free(n);
		}
	}
	for (file = z->files; file != NULL; file = nfile) {
		nfile = file->next;
		free(file);
	}
	free(z->tab);
	free(z);
}

static void
zone_directive_add(void *arg, const struct dns_zone_directive *d)
{
	struct dns_zone   *z = arg;
	struct zone_node  *n = zone_node_get(z, d->key, d->wirelen);
	struct zone_fault *f = xcalloc(1, sizeof *f);

	f->status = d->status;
	f->any_type = d->any_type;
	f->type = d->type;
	f->next = n->faults;
	n->faults = f;
}

/* Marks the node and its ancestors as existing: an empty non-terminal
 * (RFC 4592 2.2.2) answers NODATA, not NXDOMAIN. */
static void
zone_mark(struct dns_zone *z, struct zone_node *n, const unsigned char *wire,
    size_t len)
{
	char   text[DNS_ZONE_KEY_MAX], key[DNS_ZONE_KEY_MAX];
	size_t off = 0;

	n->exists = true;
	for (;;) {
		off += 1 + (size_t)wire[off];
		if (off >= len || wire[off] == 0)
			return;
		if (!dns_name_from_wire(wire + off, len - off, text,
			sizeof text) ||
		    !dns_name_key(text, key, sizeof key))
			return;
		n = zone_node_get(z, key, len - off);
		/* Whatever exists has its ancestors marked already. */
		if (n->exists)
			return;
		n->exists = true;
	}
}

static const char *
zone_rr_add(struct zone_node *n, uint16_t type, uint32_t ttl, uint16_t pref,
    const unsigned char *data, size_t len, size_t rdlen)
{
	struct zone_rr **tail, *rr;
	size_t           sum = 0, bytes = n->wirelen + 10 + rdlen;

	for (tail = &n->rr; (rr = *tail) != NULL; tail = &rr->next) {
		if (rr->type != type)
			continue;
		/* An RRset is a set (RFC 2181 5): a record written twice is
		 * served once, or a repeated SPF record would read as two. */
		if (rr->len == len && rr->rdlen == rdlen && rr->pref == pref &&
		    memcmp(rr->data, data, len) == 0)
			return NULL;
		sum += n->wirelen + 10 + rr->rdlen;
	}
	/* The cap keeps the scan above bounded: no DNS message could carry
	 * a bigger set anyway. */
	if (sum > 0 && sum + bytes > 65535 - 12)
		return "more records of the type than one DNS message holds";
	rr = xcalloc(1, sizeof *rr + len + 1);
	rr->type = type;
	rr->ttl = ttl;
	rr->pref = pref;
	rr->rdlen = (uint16_t)rdlen;
	rr->len = len;
	memcpy(rr->data, data, len);
	*tail = rr;
	return NULL;
}

static int
zone_add(struct zone_load *ld, const zs_scanner_t *s, const char *file)
{
	char                 text[DNS_ZONE_KEY_MAX], key[DNS_ZONE_KEY_MAX];
	char                 rname[DNS_ZONE_KEY_MAX];
	const unsigned char *data;
	const char          *bad;
	size_t               len, olen = s->r_owner_length;
	uint16_t             pref;
	struct zone_node    *n;
	unsigned             line = (unsigned)s->line_counter;

	if (!dns_name_from_wire(s->r_owner, olen, text, sizeof text) ||
	    !dns_name_key(text, key, sizeof key))
		return zone_fail(ld, file, line,
		    "owner name with a NUL byte (unsupported)");
	if (dns_zone_directive_relative(s->r_owner, olen)) {
		char vis[200];
		/* Shown as written: without ".spfscope-no-origin.invalid". */
		len = strlen(text) - (sizeof DNS_ZONE_ORIGIN - 2);
		len = len > 0 ? len - 1 : 0;
		dns_zone_directive_vis(vis, sizeof vis, text,
		    len < 40 ? len : 40);
		return zone_fail(ld, file, line,
		    "relative name '%s' and no $ORIGIN", len > 0 ? vis : "@");
	}
	if ((bad = dns_zone_directive_rdata(s->r_type, s->r_data,
		 s->r_data_length, rname, sizeof rname, &data, &len, &pref)))
		return zone_fail(ld, file, line, "%s", bad);
	n = zone_node_get(ld->z, key, olen);
	zone_mark(ld->z, n, s->r_owner, olen);
	if ((bad = zone_rr_add(n, s->r_type, s->r_ttl, pref, data, len,
		 s->r_data_length)) != NULL)
		return zone_fail(ld, file, line, "%s", bad);
	return 0;
}

static int
zone_scan_error(struct zone_load *ld, const zs_scanner_t *s, const char *file)
{
	char        vis[64];
	const char *what = zs_strerror(s->error.code);
	size_t      n = s->buffer_length;
	unsigned    line = (unsigned)s->line_counter;

	/* The buffer holds the rest of the line where the scan failed,
	 * NUL-terminated, or nothing useful when the line was consumed. */
	if (n > sizeof s->buffer)
		n = sizeof s->buffer;
	n = strnlen((const char *)s->buffer, n);
	if (s->error.code == ZS_DOS_NEWLINE) {
		dns_zone_directive_vis(vis, sizeof vis, file,
		    strnlen(file, 40));
		return zone_fail(ld, file, line, "%s (sed -i 's/\\r$//' %s)",
		    what, vis);
	}
	/* BIND takes an indented comment line as blank; zscanner as a
	 * record of the previous owner, an error before the first record. */
	if (s->error.code == ZS_BAD_PREVIOUS_OWNER)
		what = "indented line before the first record";
	/* zscanner reads an unknown type as a number (TTL or class). */
	if (s->error.code == ZS_BAD_NUMBER && n > 0 &&
	    ((s->buffer[0] | 0x20) >= 'a' && (s->buffer[0] | 0x20) <= 'z'))
		what = "unknown type or invalid number";
	if (n == 0)
		return zone_fail(ld, file, line, "%s", what);
	dns_zone_directive_vis(vis, sizeof vis, (const char *)s->buffer,
	    n < 40 ? n : 40);
	return zone_fail(ld, file, line, "%s near '%s'", what, vis);
}

/* Reads a regular file whole: the directive pre-pass and the scanner see
 * the same bytes, and no FIFO or device can feed us forever. */
static const char *
zone_read(struct zone_load *ld, const char *path, char **buf, size_t *len,
    struct stat *st)
{
	int    fd, error = 0;
	size_t size;

	memset(st, 0, sizeof *st);
	*buf = NULL;
	*len = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd == -1)
		return strerror(errno);
	if (fstat(fd, st) == -1 || !S_ISREG(st->st_mode)) {
		close(fd);
		return "not a regular file";
	}
	if (st->st_size < 0 || (uintmax_t)st->st_size > ZONE_MAX_BYTES ||
	    (size_t)st->st_size > ZONE_MAX_BYTES - ld->z->bytes) {
		close(fd);
		return "zone files over 64 MiB";
	}
	size = (size_t)st->st_size;
	*buf = xmalloc(size + 1);
	/* Never past the size checked: a file that grows is cut there. */
	while (*len < size) {
		ssize_t r = read(fd, *buf + *len, size - *len);

		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			error = errno;
		if (r <= 0)
			break;
		*len += (size_t)r;
	}
	close(fd);
	if (error != 0) {
		free(*buf);
		*buf = NULL;
		return strerror(error);
	}
	ld->z->bytes += *len;
	return NULL;
}

/* Recursive through $INCLUDE, depth <= ZONE_MAX_INCLUDE. */
static int /* NOLINTNEXTLINE(misc-no-recursion) */
zone_include(struct zone_load *ld, const zs_scanner_t *s, const char *file)
{
	const char *name, *why;
	char       *buf, *copy, vis[128];
	size_t      len;
	struct stat st;
	int         rc, i;
	unsigned    line = (unsigned)s->line_counter;

	if (!ld->allow_include)
		return zone_fail(ld, file, line,
		    "$INCLUDE is not allowed in a zone read from memory");
	if (ld->depth >= ZONE_MAX_INCLUDE)
		return zone_fail(ld, file, line,
		    "$INCLUDE nested deeper than %d files", ZONE_MAX_INCLUDE);
	/* zscanner made the name absolute, relative to this file. */
	name = zone_file_keep(ld->z, s->include_filename);
	dns_zone_directive_vis(vis, sizeof vis, name, strnlen(name, 100));
	if ((why = zone_read(ld, name, &buf, &len, &st)) != NULL)
		return zone_fail(ld, file, line, "$INCLUDE %s: %s", vis, why);
	for (i = 0; i <= ld->depth; i++) {
		if (ld->dev[i] == st.st_dev && ld->ino[i] == st.st_ino) {
			free(buf);
			return zone_fail(ld, file, line,
			    "$INCLUDE %s: cycle, the file is already being read",
			    vis);
		}
	}
	ld->depth++;
	ld->dev[ld->depth] = st.st_dev;
	ld->ino[ld->depth] = st.st_ino;
	copy = xstrdup(name);
	/* The origin is in s->buffer, as text zs_init() accepts. */
	rc = zone_parse(ld, name, buf, len, dirname(copy),
	    (const char *)s->buffer, s->default_class, s->default_ttl);
	free(copy);
	ld->depth--;
	free(buf);
	return rc;
}

/* Recursive through $INCLUDE, depth <= ZONE_MAX_INCLUDE. */
static int /* NOLINTNEXTLINE(misc-no-recursion) */
zone_parse(struct zone_load *ld, const char *file, const char *buf, size_t len,
    const char *dir, const char *origin, uint16_t rclass, uint32_t ttl)
{
	zs_scanner_t *s;
	char          vis[128];
	int           rc;
	bool          done = false;

	/* Every file opened, included ones too, gets the pre-pass: zscanner's
	 * manual mode never shows a whole-line comment. */
	dns_zone_directive_vis(vis, sizeof vis, file, strlen(file));
	rc = dns_zone_directive_scan(vis, buf, len, zone_directive_add, ld->z,
	    ld->err);
	if (rc != 0) {
		ld->err->file = file;
		return rc;
	}
	/* 200 KiB: never on the stack. */
	s = xmalloc(sizeof *s);
	if (zs_init(s, origin, rclass, ttl) != 0 ||
	    zs_set_input_string(s, buf, len) != 0) {
		rc = zone_fail(ld, file, 0, "%s", zs_strerror(s->error.code));
		zs_deinit(s);
		free(s);
		return rc;
	}
	/* With string input zscanner resolves $INCLUDE against s->path,
	 * which zs_init() set to "."; make it this file's directory. */
	free(s->path);
	s->path = xstrdup(dir);
	while (rc == 0 && !done) {
		if (zs_parse_record(s) != 0) {
			rc = zone_fail(ld, file, (unsigned)s->line_counter,
			    "%s", zs_strerror(s->error.code));
			break;
		}
		switch (s->state) {
		case ZS_STATE_DATA:
			rc = zone_add(ld, s, file);
			break;
		case ZS_STATE_ERROR:
			rc = zone_scan_error(ld, s, file);
			break;
		case ZS_STATE_INCLUDE:
			/* zscanner 3.2.6 leaves a Ragel stack frame per
			 * $INCLUDE in manual mode and the 18th smashes the
			 * stack (still so upstream); the scanner is back at
			 * the top level here, so the stack can be emptied. */
			s->top = 0;
			rc = zone_include(ld, s, file);
			break;
		default:
			done = true;
			break;
		}
	}
	zs_deinit(s);
	free(s);
	return rc;
}

int
dns_zone_load(struct dns_zone *z, const char *path, struct spf_err *err)
{
	struct spf_err   dummy;
	struct zone_load ld = { .z = z, .err = err, .allow_include = true };
	struct stat      st;
	const char      *why;
	char            *buf, *full, *dir;
	size_t           len;
	int              rc;

	if (ld.err == NULL)
		ld.err = &dummy;
	if ((why = zone_read(&ld, path, &buf, &len, &st)) != NULL)
		return zone_fail(&ld, path, 0, "%s", why);
	ld.dev[0] = st.st_dev;
	ld.ino[0] = st.st_ino;
	/* Relative $INCLUDEs start from this file's real directory. */
	if ((full = realpath(path, NULL)) == NULL)
		full = xstrdup(path);
	dir = dirname(full);
	rc = zone_parse(&ld, path, buf, len, dir, DNS_ZONE_ORIGIN,
	    ZONE_CLASS_IN, 3600);
	free(full);
	free(buf);
	return rc;
}

int
dns_zone_load_string(struct dns_zone *z, const char *name, const char *buf,
    size_t len, struct spf_err *err)
{
	struct spf_err   dummy;
	struct zone_load ld = { .z = z, .err = err };

	if (ld.err == NULL)
		ld.err = &dummy;
	if (name == NULL)
		name = "(string)";
	if (len > ZONE_MAX_BYTES - z->bytes)
		return zone_fail(&ld, name, 0, "zone files over 64 MiB");
	z->bytes += len;
	return zone_parse(&ld, name, buf, len, ".", DNS_ZONE_ORIGIN,
	    ZONE_CLASS_IN, 3600);
}

static const struct zone_fault *
zone_fault_find(const struct zone_node *n, uint16_t type)
{
	const struct zone_fault *f, *any = NULL;

	/* CHOICE: a directive naming the type beats one for every type,
	 * in any order; among equals the last one read wins. */
	for (f = n->faults; f != NULL; f = f->next) {
		if (!f->any_type && f->type == type)
			return f;
		if (f->any_type && any == NULL)
			any = f;
	}
	return any;
}

static int
zone_rcode(enum dns_status st)
{
	switch (st) {
	case DNS_SERVFAIL:
		return 2;
	case DNS_NXDOMAIN:
		return 3;
	case DNS_REFUSED:
		return 5;
	default:
		return -1; /* a timeout: no message came */
	}
}

/* RFC 4592 3.3.1: a name that does not exist may be answered by the
 * wildcard "*." under its closest encloser, the nearest ancestor that
 * exists (empty non-terminals included), and by no other. */
static const struct zone_node *
zone_wildcard(const struct dns_zone *z, const char *key)
{
	const struct zone_node *n;
	char                    wild[DNS_ZONE_KEY_MAX + 2];

	for (;;) {
		while (*key != '\0' && *key != '.')
			key += key[0] == '\\' && key[1] != '\0' ? 2 : 1;
		if (*key++ == '\0')
			return NULL; /* CHOICE: no wildcard at the root */
		if ((n = zone_node_find(z, key)) != NULL && n->exists)
			break;
	}
	snprintf(wild, sizeof wild, "*.%s", key);
	n = zone_node_find(z, wild);
	return n != NULL && n->exists ? n : NULL;
}

struct dns_answer *
dns_zone_lookup(const struct dns_zone *z, const char *name, uint16_t type)
{
	struct dns_answer       *a = dns_answer_new(name, type);
	const struct zone_node  *n, *seen[DNS_MAX_CNAME];
	const struct zone_fault *f;
	const struct zone_rr    *rr;
	char                     key[DNS_ZONE_KEY_MAX];
	size_t                   owner, nseen = 0, i;
	uint32_t                 cttl = 0;
	bool                     absolute;

	a->from_zone = true;
	if (!dns_zone_directive_name(name, strlen(name), false, key, sizeof key,
		&owner, &absolute)) {
		a->status = DNS_BADNAME;
		return a;
	}
	/* RFC 1035 4.1: header, question (name, type, class), then each
	 * answer RR as name, type, class, TTL, rdlength, rdata; owner is
	 * the wire length of the name being answered. */
	a->size = 12 + owner + 4;
	for (;;) {
		n = zone_node_find(z, key);
		f = n != NULL ? zone_fault_find(n, type) : NULL;
		if (f == NULL && (n == NULL || !n->exists)) {
			n = zone_wildcard(z, key);
			f = n != NULL ? zone_fault_find(n, type) : NULL;
		}
		if (f != NULL) {
			a->status = f->status;
			a->rcode = zone_rcode(f->status);
			if (f->status == DNS_TIMEOUT)
				a->size = 0;
			break;
		}
		if (n == NULL || !n->exists) {
			a->status = DNS_NXDOMAIN;
			a->rcode = 3;
			break;
		}
		a->rcode = 0;
		for (rr = n->rr; rr != NULL; rr = rr->next) {
			if (rr->type != type)
				continue;
			dns_answer_add_rr(a, type, rr->ttl, rr->pref, rr->data,
			    rr->len);
			a->size += owner + 10 + rr->rdlen;
		}
		if (a->nrr > 0 || type == DNS_CNAME ||
		    (rr = zone_rr_find(n, DNS_CNAME)) == NULL)
			break; /* the data, or NODATA */
		/* A loop or an over-long chain ends here, NOERROR with what
		 * was found, as the openspf suite's resolver does. */
		for (i = 0; i < nseen && seen[i] != n; i++)
			;
		if (i < nseen || nseen == DNS_MAX_CNAME)
			break;
		seen[nseen++] = n; /* RFC 1034 3.6.2: one CNAME per name */
		a->size += owner + 10 + rr->rdlen;
		owner = rr->rdlen; /* the target's name is the CNAME's rdata */
		if (a->cnames++ == 0 || rr->ttl < cttl)
			cttl = rr->ttl;
		if (!dns_name_key((const char *)rr->data, key, sizeof key))
			break;
	}
	/* The answer's TTL is the smallest in its answer section. */
	if (a->cnames > 0 && (a->nrr == 0 || cttl < a->ttl))
		a->ttl = cttl;
	return a;
}

static void
zone_source_ask(struct dns_source *src, struct dns_cache *c, const char *name,
    uint16_t type)
{
	const struct zone_source *zs = (const struct zone_source *)src;

	dns_cache_put(c, dns_zone_lookup(zs->z, name, type));
}

static void
zone_source_free(struct dns_source *src)
{
	struct zone_source *zs = (struct zone_source *)src;

	dns_zone_free(zs->z);
	free(zs);
}

struct dns_source *
dns_zone_source(struct dns_zone *z)
{
	struct zone_source *zs = xcalloc(1, sizeof *zs);

	zs->src.ask = zone_source_ask;
	zs->src.free = zone_source_free;
	zs->z = z;
	return &zs->src;
}
