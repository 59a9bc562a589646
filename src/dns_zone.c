/* dns_zone.c: the offline DNS source's loader. Zone files are read with
 * Knot's libzscanner in manual mode, behind the guards that
 * notes/zone-files-and-wire.md measured as needed: regular files only,
 * a byte budget, $INCLUDE depth and cycles, relative names caught; each
 * file's fault directives come from dns_zone_directive.c's pre-pass.
 * Records go to the table in dns_zone_table.c, which owns them and the
 * names of included files (err->file may point at one until
 * dns_zone_free()). A load owns only its buffers and its scanner. */
#include "dns_zone_int.h"

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
#include "xmalloc.h"

#define ZONE_MAX_INCLUDE 8         /* $INCLUDE nesting */
#define ZONE_MAX_BYTES (64u << 20) /* per file, and per zone in total */
#define ZONE_CLASS_IN 1

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

static int
zone_add(struct zone_load *ld, const zs_scanner_t *s, const char *file)
{
	char                 text[DNS_ZONE_KEY_MAX], key[DNS_ZONE_KEY_MAX];
	char                 rname[DNS_ZONE_KEY_MAX];
	const unsigned char *data;
	const char          *bad;
	size_t               len, olen = s->r_owner_length;
	uint16_t             pref;
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
	if ((bad = dns_zone_table_add(ld->z, key, s->r_owner, olen, s->r_type,
		 s->r_ttl, pref, data, len, s->r_data_length)) != NULL)
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
	name = dns_zone_table_keep(ld->z, s->include_filename);
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
	rc = dns_zone_directive_scan(vis, buf, len, dns_zone_table_add_fault,
	    ld->z, ld->err);
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
