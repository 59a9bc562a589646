/* cli_lesson.c: `spfscope lesson` lists the lessons, `spfscope lesson
 * NAME` opens one in the explorer, `--check` carries it out without a
 * screen and checks every expectation (for authors and CI). Lessons are
 * found in $SPFSCOPE_LESSONS, beside the binary (../share/spfscope/lessons
 * when installed, ../examples/lessons in a build tree), or in
 * ./examples/lessons. */
#include "cli.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lesson.h"
#include "lesson_run.h"
#include "ui.h"

#define CLI_LESSON_MAX 64

static bool
cli_lesson_isdir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool
cli_lesson_dir(char *out, size_t size)
{
	const char *env = getenv("SPFSCOPE_LESSONS");
	char        exe[PATH_MAX], *slash;
	ssize_t     n;

	if (env != NULL && env[0] != '\0')
		return (size_t)snprintf(out, size, "%s", env) < size;
	if ((n = readlink("/proc/self/exe", exe, sizeof exe - 1)) > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL)
			*slash = '\0';
		if ((size_t)snprintf(out, size, "%s/../share/spfscope/lessons",
			exe) < size &&
		    cli_lesson_isdir(out))
			return true;
		if ((size_t)snprintf(out, size, "%s/../examples/lessons", exe) <
			size &&
		    cli_lesson_isdir(out))
			return true;
	}
	snprintf(out, size, "%s", "examples/lessons");
	return cli_lesson_isdir(out);
}

static int
cli_lesson_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The lesson files of dir, sorted; the caller frees them. */
static size_t
cli_lesson_list(const char *dir, char **names, size_t max)
{
	DIR           *d = opendir(dir);
	struct dirent *e;
	size_t         n = 0, len;

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL && n < max) {
		len = strlen(e->d_name);
		if (len > 7 && strcmp(e->d_name + len - 7, ".lesson") == 0)
			names[n++] = strndup(e->d_name, len - 7);
	}
	closedir(d);
	qsort(names, n, sizeof *names, cli_lesson_cmp);
	return n;
}

/* NAME, a unique part of one ("forgotten", "1"), or a path. */
static int
cli_lesson_find(const char *dir, const char *want, char *path, size_t size)
{
	char  *names[CLI_LESSON_MAX];
	size_t n, i, hit = 0, hits = 0;

	if (strchr(want, '/') != NULL) {
		snprintf(path, size, "%s", want);
		return 0;
	}
	n = cli_lesson_list(dir, names, CLI_LESSON_MAX);
	for (i = 0; i < n; i++) {
		if (strcmp(names[i], want) == 0) {
			hit = i;
			hits = 1;
			break;
		}
		if (strstr(names[i], want) != NULL) {
			hit = i;
			hits++;
		}
	}
	if (hits == 1 &&
	    (size_t)snprintf(path, size, "%s/%s.lesson", dir, names[hit]) >=
		size)
		hits = 0;
	for (i = 0; i < n; i++)
		free(names[i]);
	if (hits == 1)
		return 0;
	return cli_usage_error("lesson '%.64s': %s (see 'spfscope lesson')",
	    want,
	    hits == 0 ? "no such lesson"
		      : "more than one lesson "
			"matches");
}

static int
cli_lesson_show_list(const char *dir)
{
	char          *names[CLI_LESSON_MAX], path[PATH_MAX];
	struct lesson *l;
	struct spf_err err;
	size_t         n, i;

	n = cli_lesson_list(dir, names, CLI_LESSON_MAX);
	for (i = 0; i < n; i++) {
		spf_err_clear(&err);
		if ((size_t)snprintf(path, sizeof path, "%s/%s.lesson", dir,
			names[i]) < sizeof path &&
		    lesson_load(path, &l, &err) == SPF_OK) {
			printf("%-28s %s\n", names[i], l->title);
			lesson_free(l);
		} else {
			printf("%-28s (does not load: %s)\n", names[i],
			    err.msg);
		}
		free(names[i]);
	}
	if (n == 0)
		return cli_usage_error("no lessons in %s", dir);
	printf("\nOpen one with 'spfscope lesson NAME' (a unique part of "
	       "the name will do).\n");
	return 0;
}

/* Every step's do: lines, then its expect: lines; exit 1 on a miss. */
static int
cli_lesson_check(const struct lesson *l)
{
	struct lesson_run *r;
	struct spf_err     err;
	char               why[256];
	size_t             k, e, met = 0, missed = 0;

	spf_err_clear(&err);
	if ((r = lesson_run_new(l, &err)) == NULL)
		return cli_usage_error("%s", err.msg);
	printf("lesson %s: %s\n", l->name, l->title);
	for (k = 0; k < l->nsteps; k++) {
		if (!lesson_run_do(r, k, why, sizeof why)) {
			printf("  step %zu: cannot do it: %s\n", k + 1, why);
			missed++;
			continue;
		}
		for (e = 0; e < l->steps[k].nexp; e++) {
			const struct lesson_expect *x = &l->steps[k].exp[e];
			enum spf_result got = lesson_run_eval(r, x->ip);
			bool            ok = got == x->result;
			printf("  step %zu: %-16s %-10s %s%s\n", k + 1, x->ip,
			    spf_result_name(x->result),
			    ok ? "ok" : "NOT MET, got ",
			    ok ? "" : spf_result_name(got));
			if (ok)
				met++;
			else
				missed++;
		}
	}
	printf("%zu expectations met, %zu not\n", met, missed);
	lesson_run_free(r);
	return missed == 0 ? 0 : 1;
}

int
cli_lesson(int argc, char **argv)
{
	struct cli_opts o;
	struct lesson  *l;
	struct spf_err  err;
	char            dir[PATH_MAX], path[PATH_MAX];
	int             rc;

	if (!cli_parse(argc, argv, &o))
		return 2;
	if (o.nargs > 1)
		return cli_usage_error(
		    "usage: spfscope lesson [NAME [--check]]");
	if (!cli_lesson_dir(dir, sizeof dir) &&
	    (o.nargs == 0 || strchr(o.args[0], '/') == NULL))
		return cli_usage_error("no lessons directory (set "
				       "SPFSCOPE_LESSONS)");
	if (o.nargs == 0)
		return cli_lesson_show_list(dir);
	if ((rc = cli_lesson_find(dir, o.args[0], path, sizeof path)) != 0)
		return rc;
	spf_err_clear(&err);
	if (lesson_load(path, &l, &err) != SPF_OK)
		return cli_usage_error("%s", err.msg);
	rc = o.check ? cli_lesson_check(l) : ui_explore_lesson(&o, l);
	lesson_free(l);
	return rc;
}
