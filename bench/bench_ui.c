/* bench_ui.c: how fast the explorer answers a key, and how fast it starts.
 *
 * In-process, with the explorer's own objects (build/libspfscope-ui.a):
 *
 * keys   A zone is generated in memory: a root including G groups, each
 *        including P records of a few terms (G x P = 1,000 by default,
 *        1,011 records in all), loaded offline with dns_zone_load_string().
 *        Curses runs on a pseudo-terminal (a thread drains its other end,
 *        as a terminal emulator would) or, with --null, on /dev/null. Each
 *        key is timed from before ui_keys_handle() to after refresh(): the
 *        handler, ui_frame_draw() and curses writing the changes out, what
 *        one turn of the explorer's loop does for a key (wall time, and
 *        the thread's CPU time: the same without the scheduler's waits).
 *        The keys: Down, PgDn, n (search next) each followed by Enter
 *        (opens or closes the include found), e, E, and one search typed
 *        at the prompt (/ r 7 3 Enter).
 *
 * --startup  examples/demo.zone (or --zone FILE, --domain NAME): from the
 *        start of main() to the first frame drawn with the tree complete:
 *        zone file read, curses set up, the prompt's libedit, the tree
 *        resumed to its end, linted, drawn and refreshed. One run per
 *        process (bench/bench_ui runs it many times); the process start
 *        before main() (exec, dynamic linking) is timed from outside there.
 *
 * Prints one JSON object (jansson) on stdout; bench/bench_ui formats it.
 * Options: --startup, --keys N (2000), --warmup N (200), --size COLSxROWS
 * (100x30), --groups G (10), --per-group P (100), --null, --zone FILE,
 * --domain NAME. */
#include "ui.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <locale.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "dns_zone.h"
#include "lint.h"
#include "ui_curses.h"

static struct timespec bench_main_start;

static double
bench_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* CPU time of this thread: what a key cost, without the waits for the
 * scheduler (2 CPUs shared with the pty's reader and everything else). */
static double
bench_cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double
bench_since_main_ms(void)
{
	return bench_now_ms() -
	    ((double)bench_main_start.tv_sec * 1e3 +
		(double)bench_main_start.tv_nsec / 1e6);
}

/* --- the terminal -------------------------------------------------------- */

struct bench_term {
	int           master, slave;
	FILE         *out, *in;
	SCREEN       *scr;
	pthread_t     reader;
	bool          pty;
	unsigned long bytes; /* written to the terminal (pty only) */
};

static void *
bench_drain(void *arg)
{
	struct bench_term *t = arg;
	char               buf[65536];
	ssize_t            n;

	for (;;) {
		n = read(t->master, buf, sizeof buf);
		if (n > 0) {
			__atomic_add_fetch(&t->bytes, (unsigned long)n,
			    __ATOMIC_RELAXED);
			continue;
		}
		if (n == -1 && errno == EINTR)
			continue;
		break; /* EIO: the slave side is closed */
	}
	return NULL;
}

static bool
bench_term_open(struct bench_term *t, bool pty, int cols, int rows)
{
	char buf[16];

	memset(t, 0, sizeof *t);
	t->pty = pty;
	t->master = t->slave = -1;
	if (pty) {
		struct winsize ws;
		const char    *name;

		unsetenv("LINES");
		unsetenv("COLUMNS");
		if ((t->master = posix_openpt(O_RDWR | O_NOCTTY)) == -1 ||
		    grantpt(t->master) == -1 || unlockpt(t->master) == -1 ||
		    (name = ptsname(t->master)) == NULL ||
		    (t->slave = open(name, O_RDWR | O_NOCTTY)) == -1) {
			perror("bench_ui: pty");
			return false;
		}
		memset(&ws, 0, sizeof ws);
		ws.ws_col = (unsigned short)cols;
		ws.ws_row = (unsigned short)rows;
		ioctl(t->slave, TIOCSWINSZ, &ws);
		t->out = fdopen(t->slave, "w");
		t->in = fdopen(dup(t->slave), "r");
		if (pthread_create(&t->reader, NULL, bench_drain, t) != 0) {
			fprintf(stderr, "bench_ui: pthread_create failed\n");
			return false;
		}
	} else {
		snprintf(buf, sizeof buf, "%d", cols);
		setenv("COLUMNS", buf, 1);
		snprintf(buf, sizeof buf, "%d", rows);
		setenv("LINES", buf, 1);
		t->out = fopen("/dev/null", "w");
		t->in = fopen("/dev/null", "r");
	}
	if (t->out == NULL || t->in == NULL) {
		perror("bench_ui: terminal");
		return false;
	}
	return true;
}

/* As ui_explore() sets up curses. */
static bool
bench_curses_start(struct bench_term *t)
{
	if ((t->scr = newterm("xterm-256color", t->out, t->in)) == NULL) {
		fprintf(stderr, "bench_ui: newterm(xterm-256color) failed\n");
		return false;
	}
	set_term(t->scr);
	raw();
	noecho();
	nonl();
	set_escdelay(25);
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	return true;
}

static void
bench_curses_stop(struct bench_term *t)
{
	endwin();
	delscreen(t->scr);
	t->scr = NULL;
}

static void
bench_term_close(struct bench_term *t)
{
	fclose(t->out);
	fclose(t->in);
	if (t->pty) {
		/* The slave fds are closed: the reader gets EIO. */
		pthread_join(t->reader, NULL);
		close(t->master);
	}
}

/* --- the explorer on a cache --------------------------------------------- */

static void
bench_ui_init(struct ui *ui, struct dns_cache *cache)
{
	memset(ui, 0, sizeof *ui);
	ui->cache = cache;
	ui->opts.nzones = 1; /* the title says "zone file" */
	ui->color = true;
	ui_text_init(ui);
	ui->prompt = ui_prompt_new(NULL);
	ui_prompt_set_completion(ui->prompt, ui_cmd_complete, ui);
}

/* What ui_explore.c's loop does until the tree is complete. */
static bool
bench_ui_load(struct ui *ui, const char *domain)
{
	bool done = false;
	int  turns = 0;

	if (!ui_load_domain(ui, domain))
		return false;
	while (!done && turns++ < 10000) {
		done = spf_tree_resume(ui->tree);
		lint_report_free(&ui->lint);
		memset(&ui->lint, 0, sizeof ui->lint);
		lint_tree(ui->tree, &ui->lint);
		ui_rows_build(ui);
		if (!done)
			dns_wait(ui->cache, NULL, NULL);
	}
	return done;
}

static void
bench_ui_free(struct ui *ui)
{
	ui_results_clear(ui);
	lint_report_free(&ui->lint);
	spf_tree_free(ui->tree);
	dns_cache_free(ui->cache);
	ui_prompt_free(ui->prompt);
	ui_draft_free(ui);
	free(ui->rows);
	free(ui->expanded);
	free(ui->results);
	free(ui->path_terms);
	free(ui->shadow_terms);
}

/* --- the generated zone -------------------------------------------------- */

struct bench_buf {
	char  *p;
	size_t len, cap;
};

static void bench_printf(struct bench_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
bench_printf(struct bench_buf *b, const char *fmt, ...)
{
	va_list ap;
	int     n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
		if (n >= 0 && (size_t)n < b->cap - b->len) {
			b->len += (size_t)n;
			return;
		}
		b->cap = b->cap * 2 + (size_t)n + 1024;
		if ((b->p = realloc(b->p, b->cap)) == NULL) {
			perror("bench_ui");
			exit(2);
		}
	}
}

/* A TXT record whose text is split into strings of at most 250 bytes. */
static void
bench_txt(struct bench_buf *z, const char *owner, const char *text)
{
	size_t len = strlen(text), o;

	bench_printf(z, "%s 300 IN TXT", owner);
	for (o = 0; o < len; o += 250)
		bench_printf(z, " \"%.*s\"",
		    (int)(len - o < 250 ? len - o : 250), text + o);
	bench_printf(z, "\n");
}

static char *
bench_zone(unsigned groups, unsigned per, size_t *len)
{
	struct bench_buf z = { NULL, 0, 0 }, rec = { NULL, 0, 0 };
	char             owner[128];
	unsigned         g, p, n = 0;

	bench_printf(&z, "$TTL 300\n");
	bench_printf(&rec, "v=spf1");
	for (g = 0; g < groups; g++)
		bench_printf(&rec, " include:g%u.b.example", g);
	bench_printf(&rec, " -all");
	bench_txt(&z, "b.example.", rec.p);
	for (g = 0; g < groups; g++) {
		rec.len = 0;
		bench_printf(&rec, "v=spf1");
		for (p = 0; p < per; p++)
			bench_printf(&rec, " include:r%u.g%u.b.example", p, g);
		bench_printf(&rec, " ~all");
		snprintf(owner, sizeof owner, "g%u.b.example.", g);
		bench_txt(&z, owner, rec.p);
		for (p = 0; p < per; p++, n++) {
			rec.len = 0;
			bench_printf(&rec,
			    "v=spf1 ip4:10.%u.%u.0/24 "
			    "ip4:172.16.%u.%u/32 ip6:2001:db8:%x::/48 -all",
			    n / 256, n % 256, n / 256, n % 256, n);
			snprintf(owner, sizeof owner, "r%u.g%u.b.example.", p,
			    g);
			bench_txt(&z, owner, rec.p);
		}
	}
	free(rec.p);
	*len = z.len;
	return z.p;
}

/* --- statistics ---------------------------------------------------------- */

static int
bench_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static json_t *
bench_stats(double *v, size_t n)
{
	double sum = 0;
	size_t i;

	if (n == 0)
		return json_pack("{s:i}", "n", 0);
	qsort(v, n, sizeof *v, bench_cmp);
	for (i = 0; i < n; i++)
		sum += v[i];
	return json_pack("{s:i,s:f,s:f,s:f,s:f,s:f}", "n", (json_int_t)n,
	    "median_ms", n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2,
	    "mean_ms", sum / (double)n, "p99_ms",
	    v[(n * 99) / 100 < n ? (n * 99) / 100 : n - 1], "min_ms", v[0],
	    "max_ms", v[n - 1]);
}

/* --- the key benchmark --------------------------------------------------- */

enum bench_key {
	BK_DOWN,
	BK_PGDN,
	BK_ENTER,
	BK_EXPAND,
	BK_COLLAPSE,
	BK_NEXT,
	BK_PROMPT,
	BK_COUNT
};

static const char *const bench_key_names[BK_COUNT] = { "Down", "PgDn", "Enter",
	"e", "E", "n", "prompt" };

static enum bench_key
bench_pick(size_t i)
{
	if (i % 200 == 0)
		return BK_EXPAND;
	if (i % 200 == 100)
		return BK_COLLAPSE;
	if (i % 10 == 5)
		return BK_NEXT;
	if (i % 10 == 6) /* on the include n just found */
		return BK_ENTER;
	if (i % 25 == 13)
		return BK_PGDN;
	return BK_DOWN;
}

struct bench_keys_out {
	double *all, *cpu, *by[BK_COUNT];
	size_t  nall, nby[BK_COUNT];
	double  handle_ms, draw_ms, refresh_ms; /* sums */
	struct {
		double ms, cpu;
		int    key;
		size_t i;
	} worst[5]; /* slowest, by wall */
	size_t toggles, max_rows;
};

static void
bench_one_key(struct ui *ui, bool is_code, wint_t ch, double *out, double *cpu,
    struct bench_keys_out *o)
{
	double t0, t1, t2, t3, c0 = bench_cpu_ms();

	t0 = bench_now_ms();
	ui_keys_handle(ui, is_code, ch);
	t1 = bench_now_ms();
	/* One turn of the loop: draw when something changed. */
	ui_frame_draw(ui);
	t2 = bench_now_ms();
	refresh();
	ui->dirty = false;
	t3 = bench_now_ms();
	*out = t3 - t0;
	*cpu = bench_cpu_ms() - c0;
	if (o != NULL) {
		o->handle_ms += t1 - t0;
		o->draw_ms += t2 - t1;
		o->refresh_ms += t3 - t2;
	}
}

static json_t *
bench_keys(unsigned groups, unsigned per, size_t nkeys, size_t warmup, bool pty,
    int cols, int rows)
{
	struct bench_term     term;
	struct dns_zone      *z = dns_zone_new();
	struct spf_err        err;
	struct ui             ui;
	struct bench_keys_out o;
	size_t                zlen, i, k;
	char                 *ztext = bench_zone(groups, per, &zlen);
	double                t, c, load0, load_ms;
	json_t               *res, *by, *worst;
	static const char     search[] = "/r73\r";

	spf_err_clear(&err);
	if (dns_zone_load_string(z, "bench", ztext, zlen, &err) != SPF_OK) {
		fprintf(stderr, "bench_ui: zone: %s\n", err.msg);
		exit(2);
	}
	free(ztext);
	if (!bench_term_open(&term, pty, cols, rows) ||
	    !bench_curses_start(&term))
		exit(2);
	bench_ui_init(&ui, dns_cache_new(dns_zone_source(z)));
	load0 = bench_now_ms();
	if (!bench_ui_load(&ui, "b.example")) {
		bench_curses_stop(&term);
		fprintf(stderr, "bench_ui: the tree never completed\n");
		exit(2);
	}
	ui_frame_draw(&ui);
	refresh();
	load_ms = bench_now_ms() - load0;

	memset(&o, 0, sizeof o);
	o.all = calloc(nkeys + sizeof search, sizeof *o.all);
	o.cpu = calloc(nkeys + sizeof search, sizeof *o.cpu);
	for (k = 0; k < BK_COUNT; k++)
		o.by[k] = calloc(nkeys + sizeof search, sizeof *o.by[k]);
	/* The search typed at the prompt, key by key. */
	for (i = 0; search[i] != '\0'; i++) {
		bench_one_key(&ui, false, (wint_t)(unsigned char)search[i], &t,
		    &c, &o);
		o.cpu[o.nall] = c;
		o.all[o.nall++] = t;
		o.by[BK_PROMPT][o.nby[BK_PROMPT]++] = t;
	}
	for (i = 0; i < warmup + nkeys; i++) {
		enum bench_key              key = bench_pick(i);
		bool                        code = false;
		wint_t                      ch = 0;
		const struct spf_tree_term *cur =
		    ui.selected < ui.nrows ? ui.rows[ui.selected].term : NULL;

		switch (key) {
		case BK_DOWN:
			code = true;
			ch = KEY_DOWN;
			break;
		case BK_PGDN:
			code = true;
			ch = KEY_NPAGE;
			break;
		case BK_ENTER:
			ch = '\r';
			break;
		case BK_EXPAND:
			ch = 'e';
			break;
		case BK_COLLAPSE:
			ch = 'E';
			break;
		case BK_NEXT:
			ch = 'n';
			break;
		default:
			break;
		}
		/* At the end of the lines: back to the top, untimed. */
		if (ui.selected + 1 >= ui.nrows && key == BK_DOWN) {
			ui_keys_handle(&ui, true, KEY_HOME);
			ui_frame_draw(&ui);
			refresh();
		}
		bench_one_key(&ui, code, ch, &t, &c, i < warmup ? NULL : &o);
		if (ui.nrows > o.max_rows)
			o.max_rows = ui.nrows;
		if (i < warmup)
			continue;
		if (key == BK_ENTER && cur != NULL && cur->child != NULL)
			o.toggles++;
		o.cpu[o.nall] = c;
		o.all[o.nall++] = t;
		o.by[key][o.nby[key]++] = t;
		for (k = 0; k < 5; k++) {
			if (t > o.worst[k].ms) {
				memmove(&o.worst[k + 1], &o.worst[k],
				    (4 - k) * sizeof o.worst[0]);
				o.worst[k].ms = t;
				o.worst[k].cpu = c;
				o.worst[k].key = (int)key;
				o.worst[k].i = i - warmup;
				break;
			}
		}
	}
	worst = json_array();
	for (k = 0; k < 5; k++)
		json_array_append_new(worst,
		    json_pack("{s:f,s:f,s:s,s:i}", "ms", o.worst[k].ms,
			"cpu_ms", o.worst[k].cpu, "key",
			bench_key_names[o.worst[k].key], "index",
			(json_int_t)o.worst[k].i));
	by = json_object();
	for (k = 0; k < BK_COUNT; k++) {
		json_object_set_new(by, bench_key_names[k],
		    bench_stats(o.by[k], o.nby[k]));
		free(o.by[k]);
	}
	res = json_pack(
	    "{s:s,s:i,s:i,s:i,s:i,s:i,s:i,s:f,s:o,s:o,s:o,s:o,s:f,s:f,"
	    "s:f,s:i,s:i}",
	    "terminal", pty ? "pty" : "/dev/null", "cols", cols, "rows", rows,
	    "records", (json_int_t)spf_tree_totals(ui.tree)->records, "lookups",
	    (json_int_t)spf_tree_totals(ui.tree)->lookups, "findings",
	    (json_int_t)ui.lint.n, "max_lines", (json_int_t)o.max_rows,
	    "load_ms", load_ms, "all", bench_stats(o.all, o.nall), "cpu",
	    bench_stats(o.cpu, o.nall), "by_key", by, "slowest", worst,
	    "handle_mean_ms", o.handle_ms / (double)o.nall, "draw_mean_ms",
	    o.draw_ms / (double)o.nall, "refresh_mean_ms",
	    o.refresh_ms / (double)o.nall, "enter_toggles",
	    (json_int_t)o.toggles, "bytes_out", (json_int_t)term.bytes);
	free(o.all);
	free(o.cpu);
	bench_curses_stop(&term);
	bench_ui_free(&ui);
	bench_term_close(&term);
	return res;
}

/* --- startup ------------------------------------------------------------- */

static double
bench_startup_once(const char *zone, const char *domain, bool pty, int cols,
    int rows, unsigned *records)
{
	struct bench_term term;
	struct dns_zone  *z;
	struct spf_err    err;
	struct ui         ui;
	double            ms;

	z = dns_zone_new();
	spf_err_clear(&err);
	if (dns_zone_load(z, zone, &err) != SPF_OK) {
		fprintf(stderr, "bench_ui: %s\n", err.msg);
		exit(2);
	}
	if (!bench_term_open(&term, pty, cols, rows) ||
	    !bench_curses_start(&term))
		exit(2);
	bench_ui_init(&ui, dns_cache_new(dns_zone_source(z)));
	if (!bench_ui_load(&ui, domain)) {
		bench_curses_stop(&term);
		fprintf(stderr, "bench_ui: %s: the tree never completed\n",
		    domain);
		exit(2);
	}
	ui_frame_draw(&ui);
	refresh();
	ms = bench_since_main_ms();
	*records = spf_tree_totals(ui.tree)->records;
	bench_curses_stop(&term);
	bench_ui_free(&ui);
	bench_term_close(&term);
	return ms;
}

static json_t *
bench_startup(const char *zone, const char *domain, bool pty, int cols,
    int rows)
{
	unsigned records = 0;
	double   ms;

	ms = bench_startup_once(zone, domain, pty, cols, rows, &records);
	return json_pack("{s:s,s:s,s:s,s:i,s:i,s:i,s:f}", "zone", zone,
	    "domain", domain, "terminal", pty ? "pty" : "/dev/null", "cols",
	    cols, "rows", rows, "records", (json_int_t)records, "from_main_ms",
	    ms);
}

/* --- main ---------------------------------------------------------------- */

/* ui_explore.o pulls cli_parse(), whose --help calls this (in ui/main.c,
 * which is not linked here). Never called. */
void
cli_help(void)
{
}

static unsigned long
bench_num(const char *opt, const char *s, unsigned long lo, unsigned long hi)
{
	char         *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < lo || v > hi) {
		fprintf(stderr, "bench_ui: %s '%s': expected %lu..%lu\n", opt,
		    s, lo, hi);
		exit(2);
	}
	return v;
}

int
main(int argc, char **argv)
{
	size_t      nkeys = 2000, warmup = 200;
	bool        startup = false;
	unsigned    groups = 10, per = 100;
	int         cols = 100, rows = 30, i;
	bool        pty = true;
	const char *zone = "examples/demo.zone", *domain = "demo.example";
	json_t     *out;
	char        cwd_zone[4096];

	clock_gettime(CLOCK_MONOTONIC, &bench_main_start);
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "--null") == 0) {
			pty = false;
			continue;
		}
		if (strcmp(a, "--startup") == 0) {
			startup = true;
			continue;
		}
		if (v == NULL) {
			fprintf(stderr,
			    "bench_ui: unknown option or missing "
			    "value: %s\n",
			    a);
			return 2;
		}
		i++;
		if (strcmp(a, "--keys") == 0)
			nkeys = bench_num(a, v, 1, 1000000);
		else if (strcmp(a, "--warmup") == 0)
			warmup = bench_num(a, v, 0, 1000000);
		else if (strcmp(a, "--groups") == 0)
			groups = (unsigned)bench_num(a, v, 1, 100);
		else if (strcmp(a, "--per-group") == 0)
			per = (unsigned)bench_num(a, v, 1, 1000);
		else if (strcmp(a, "--zone") == 0)
			zone = v;
		else if (strcmp(a, "--domain") == 0)
			domain = v;
		else if (strcmp(a, "--size") == 0) {
			if (sscanf(v, "%dx%d", &cols, &rows) != 2 ||
			    cols < 40 || rows < 12 || cols > 1000 ||
			    rows > 1000) {
				fprintf(stderr,
				    "bench_ui: --size '%s': COLSxROWS, "
				    "at least 40x12\n",
				    v);
				return 2;
			}
		} else {
			fprintf(stderr, "bench_ui: unknown option %s\n", a);
			return 2;
		}
	}
	if (1 + groups + (size_t)groups * per > SPF_TREE_MAX_RECORDS) {
		fprintf(stderr,
		    "bench_ui: %u x %u records: more than the tree "
		    "holds (%d)\n",
		    groups, per, SPF_TREE_MAX_RECORDS);
		return 2;
	}
	setlocale(LC_ALL, "C.UTF-8");
	unsetenv("NO_COLOR");
	snprintf(cwd_zone, sizeof cwd_zone, "%s", zone);
	/* One curses screen and one libedit per process, as in spfscope:
	 * after delscreen() a second newterm() and el_init() crash in
	 * libtinfo's tgetent() cache (a freed TERMINAL). */
	out = startup ? bench_startup(cwd_zone, domain, pty, cols, rows)
		      : bench_keys(groups, per, nkeys, warmup, pty, cols, rows);
	json_dumpf(out, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(6));
	putchar('\n');
	json_decref(out);
	return 0;
}
