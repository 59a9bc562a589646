/* dns_zone.c: the offline DNS source's loader. Zone files are read with
 * Knot's libzscanner in manual mode, behind the guards that
 * notes/zone-files-and-wire.md measured as needed: regular files only,
 * a byte budget, $INCLUDE depth and cycles, relative names caught; each
 * file's fault directives come from dns_zone_directive.c's pre-pass.
 * Records go to the table in dns_zone_table.c, which owns them and the
 * names of included files (err->file may point at one until
 * dns_zone_free()). A load owns only its buffers and its scanner.
 *
 * A file is read whole into a mapping of our own, and the part the
 * scanner has passed is unmapped as it goes: the text and the table
 * built from it are never both in memory whole, and a large zone peaks
 * near the table's size, not the sum of the two. */
#include "dns_zone_int.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libzscanner/scanner.h>

#include "dns_zone_directive.h"
#include "xmalloc.h"

#define ZONE_MAX_INCLUDE 8         /* $INCLUDE nesting */
#define ZONE_MAX_BYTES (64u << 20) /* per file, and per zone in total */
#define ZONE_CLASS_IN 1
#define ZONE_RELEASE (1u << 20) /* text unmapped behind the scanner */
/* Linux maps every page at once instead of one fault per page as read()
 * fills them; elsewhere the pages come as they are written. */
#ifdef MAP_POPULATE
#define ZONE_MAP_POPULATE MAP_POPULATE
#else
#define ZONE_MAP_POPULATE 0
#endif

/* A file's bytes: the caller's (dns_zone_load_string()), or read into
 * map, of which done bytes were given back already. */
struct zone_text {
	const char *p;
	size_t      len;
	char       *map;
	size_t      done;
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

static int zone_parse(struct zone_load *, const char *, struct zone_text *,
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

/* zscanner gives a well-formed wire name; dns.h's text form cannot
 * carry a NUL byte in a label. */
static bool
zone_owner_ok(const unsigned char *wire, size_t len)
{
	size_t i = 0;

	while (i < len && wire[i] != 0) {
		if (len - i - 1 < wire[i] ||
		    memchr(wire + i + 1, '\0', wire[i]) != NULL)
			return false;
		i += 1 + (size_t)wire[i];
	}
	return i < len;
}

static int
zone_add(struct zone_load *ld, const zs_scanner_t *s, const char *file)
{
	char                 rname[DNS_ZONE_KEY_MAX];
	const unsigned char *data;
	const char          *bad;
	size_t               len, olen = s->r_owner_length;
	uint16_t             pref;
	unsigned             line = (unsigned)s->line_counter;

	if (!zone_owner_ok(s->r_owner, olen))
		return zone_fail(ld, file, line,
		    "owner name with a NUL byte (unsupported)");
	if (dns_zone_directive_relative(s->r_owner, olen)) {
		char text[DNS_ZONE_KEY_MAX], vis[200];

		if (!dns_name_from_wire(s->r_owner, olen, text, sizeof text))
			text[0] = '\0';
		/* Shown as written: without ".spfscope-no-origin.invalid". */
		len = strlen(text);
		len = len > sizeof DNS_ZONE_ORIGIN - 2
		    ? len - (sizeof DNS_ZONE_ORIGIN - 2) - 1
		    : 0;
		dns_zone_directive_vis(vis, sizeof vis, text,
		    len < 40 ? len : 40);
		return zone_fail(ld, file, line,
		    "relative name '%s' and no $ORIGIN", len > 0 ? vis : "@");
	}
	/* Checked here, converted again when answered: the table keeps
	 * the wire rdata, smaller than text for names. */
	if ((bad = dns_zone_directive_rdata(s->r_type, s->r_data,
		 s->r_data_length, rname, sizeof rname, &data, &len, &pref)))
		return zone_fail(ld, file, line, "%s", bad);
	if ((bad = dns_zone_table_add(ld->z, s->r_owner, olen, s->r_type,
		 s->r_ttl, s->r_data, s->r_data_length)) != NULL)
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

static void
zone_text_free(struct dns_zone *z, struct zone_text *t)
{
	if (t->map != NULL && t->len > t->done) {
		munmap(t->map + t->done, t->len - t->done);
		dns_zone_table_release(z, t->len - t->done);
	}
	t->map = NULL;
}

/* Gives back the text the scanner has passed, whole pages and one
 * behind, once a ZONE_RELEASE is gathered. zscanner reads its input
 * forward only and copies what it keeps (owner, rdata, error context);
 * at the end it switches to its own one-byte buffers, hence the range
 * check. */
static void
zone_text_release(struct dns_zone *z, struct zone_text *t, const char *cur)
{
	uintptr_t c = (uintptr_t)cur, p = (uintptr_t)t->p;
	size_t    at, page = (size_t)sysconf(_SC_PAGESIZE);

	if (t->map == NULL || c < p || c - p > t->len)
		return;
	at = (size_t)(c - p);
	if (at - t->done < ZONE_RELEASE + page)
		return;
	at = (at - page) & ~(page - 1);
	munmap(t->map + t->done, at - t->done);
	dns_zone_table_release(z, at - t->done);
	t->done = at;
}

/* Reads a regular file whole: the directive pre-pass and the scanner see
 * the same bytes, and no FIFO or device can feed us forever. */
static const char *
zone_read(struct zone_load *ld, const char *path, struct zone_text *t,
    struct stat *st)
{
	static const char empty[1];
	int               fd, error = 0;
	size_t            size;
	void             *map;

	memset(st, 0, sizeof *st);
	memset(t, 0, sizeof *t);
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
	t->p = empty;
	if (!dns_zone_table_hold(ld->z, size)) {
		close(fd);
		return ld->z->why;
	}
	if (size > 0) {
		/* Anonymous, not the file mapped: a file cut short while
		 * we read it must not become SIGBUS. */
		map = mmap(NULL, size, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | ZONE_MAP_POPULATE, -1, 0);
		if (map == MAP_FAILED) {
			error = errno;
			close(fd);
			dns_zone_table_release(ld->z, size);
			return strerror(error);
		}
		t->map = map;
		t->p = t->map;
	}
	/* Never past the size checked: a file that grows is cut there. */
	while (t->len < size) {
		ssize_t r = read(fd, t->map + t->len, size - t->len);

		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1)
			error = errno;
		if (r <= 0)
			break;
		t->len += (size_t)r;
	}
	close(fd);
	if (error != 0) {
		if (t->map != NULL)
			munmap(t->map, size);
		dns_zone_table_release(ld->z, size);
		memset(t, 0, sizeof *t);
		return strerror(error);
	}
	/* A file cut short is read as far as it went; the rest of the
	 * mapping goes back now. */
	if (t->map != NULL && t->len < size) {
		size_t page = (size_t)sysconf(_SC_PAGESIZE);
		size_t keep = (t->len + page - 1) & ~(page - 1);

		if (keep < size)
			munmap(t->map + keep, size - keep);
		dns_zone_table_release(ld->z, size - t->len);
	}
	ld->z->bytes += t->len;
	return NULL;
}

/* Recursive through $INCLUDE, depth <= ZONE_MAX_INCLUDE. */
static int /* NOLINTNEXTLINE(misc-no-recursion) */
zone_include(struct zone_load *ld, const zs_scanner_t *s, const char *file)
{
	const char      *name, *why;
	char            *copy, vis[128];
	struct zone_text text;
	struct stat      st;
	int              rc, i;
	unsigned         line = (unsigned)s->line_counter;

	if (!ld->allow_include)
		return zone_fail(ld, file, line,
		    "$INCLUDE is not allowed in a zone read from memory");
	if (ld->depth >= ZONE_MAX_INCLUDE)
		return zone_fail(ld, file, line,
		    "$INCLUDE nested deeper than %d files", ZONE_MAX_INCLUDE);
	/* zscanner made the name absolute, relative to this file. */
	name = dns_zone_table_keep(ld->z, s->include_filename);
	dns_zone_directive_vis(vis, sizeof vis, name, strnlen(name, 100));
	if ((why = zone_read(ld, name, &text, &st)) != NULL)
		return zone_fail(ld, file, line, "$INCLUDE %s: %s", vis, why);
	for (i = 0; i <= ld->depth; i++) {
		if (ld->dev[i] == st.st_dev && ld->ino[i] == st.st_ino) {
			zone_text_free(ld->z, &text);
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
	rc = zone_parse(ld, name, &text, dirname(copy), (const char *)s->buffer,
	    s->default_class, s->default_ttl);
	free(copy);
	ld->depth--;
	zone_text_free(ld->z, &text);
	return rc;
}

/* Recursive through $INCLUDE, depth <= ZONE_MAX_INCLUDE. */
static int /* NOLINTNEXTLINE(misc-no-recursion) */
zone_parse(struct zone_load *ld, const char *file, struct zone_text *t,
    const char *dir, const char *origin, uint16_t rclass, uint32_t ttl)
{
	zs_scanner_t *s;
	char          vis[128];
	int           rc;
	bool          done = false;

	/* Every file opened, included ones too, gets the pre-pass: zscanner's
	 * manual mode never shows a whole-line comment. */
	dns_zone_directive_vis(vis, sizeof vis, file, strlen(file));
	rc = dns_zone_directive_scan(vis, t->p, t->len,
	    dns_zone_table_add_fault, ld->z, ld->err);
	if (rc != 0) {
		ld->err->file = file;
		return rc;
	}
	dns_zone_table_expect(ld->z, t->len);
	/* 200 KiB: never on the stack. */
	s = xmalloc(sizeof *s);
	if (zs_init(s, origin, rclass, ttl) != 0 ||
	    zs_set_input_string(s, t->p, t->len) != 0) {
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
		zone_text_release(ld->z, t, s->input.current);
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
	struct zone_text text;
	struct stat      st;
	const char      *why;
	char            *full, *dir;
	int              rc;

	if (ld.err == NULL)
		ld.err = &dummy;
	if ((why = zone_read(&ld, path, &text, &st)) != NULL)
		return zone_fail(&ld, path, 0, "%s", why);
	ld.dev[0] = st.st_dev;
	ld.ino[0] = st.st_ino;
	/* Relative $INCLUDEs start from this file's real directory. */
	if ((full = realpath(path, NULL)) == NULL)
		full = xstrdup(path);
	dir = dirname(full);
	rc = zone_parse(&ld, path, &text, dir, DNS_ZONE_ORIGIN, ZONE_CLASS_IN,
	    3600);
	free(full);
	zone_text_free(z, &text);
	return rc;
}

int
dns_zone_load_string(struct dns_zone *z, const char *name, const char *buf,
    size_t len, struct spf_err *err)
{
	struct spf_err   dummy;
	struct zone_load ld = { .z = z, .err = err };
	struct zone_text text = { .p = buf, .len = len };

	if (ld.err == NULL)
		ld.err = &dummy;
	if (name == NULL)
		name = "(string)";
	if (len > ZONE_MAX_BYTES - z->bytes)
		return zone_fail(&ld, name, 0, "zone files over 64 MiB");
	z->bytes += len;
	return zone_parse(&ld, name, &text, ".", DNS_ZONE_ORIGIN, ZONE_CLASS_IN,
	    3600);
}
