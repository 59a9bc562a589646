/* lesson.c: the step file of a lesson, line by line:
 *
 *   title: TEXT            zone: FILE            domain: NAME
 *   sender: ADDR           dmarc: POLICY         pin: IP [LABEL...]
 *   step: TEXT             (indented lines continue the text)
 *   do: ACTION ARGS...     expect: IP RESULT     # a comment
 *
 * Every field is bounded; an unknown key, a missing argument or a bad
 * result word is FILE:LINE: what. The lesson owns all its strings. */
#include "lesson.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ip.h"
#include "report_buf.h"
#include "xmalloc.h"

bool
spf_result_parse(const char *s, enum spf_result *r)
{
	int i;

	for (i = SPF_NONE; i <= SPF_PERMERROR; i++) {
		if (strcmp(s, spf_result_name((enum spf_result)i)) == 0) {
			*r = (enum spf_result)i;
			return true;
		}
	}
	return false;
}

static int
lesson_error(struct spf_err *err, const char *name, unsigned line,
    const char *what)
{
	spf_err_setc(err, SPF_ESYNTAX, "%s:%u: %s", name, line, what);
	if (err != NULL)
		err->line = line;
	return SPF_ESYNTAX;
}

/* The next word of *p (blanks skipped), or NULL. */
static char *
lesson_word(char **p)
{
	char *s = *p, *w;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '\0')
		return NULL;
	w = s;
	while (*s != '\0' && *s != ' ' && *s != '\t')
		s++;
	if (*s != '\0')
		*s++ = '\0';
	*p = s;
	return w;
}

static char *
lesson_rest(char *p)
{
	char *end;

	while (*p == ' ' || *p == '\t')
		p++;
	end = p + strlen(p);
	while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
		*--end = '\0';
	return p;
}

static const struct {
	const char             *word;
	enum lesson_action_kind kind;
	int                     args; /* words before the rest; -1: optional */
} lesson_actions[] = {
	{ "qualifier", LESSON_DO_QUALIFIER, 3 },
	{ "draft", LESSON_DO_DRAFT, 1 }, /* then the text */
	{ "revert", LESSON_DO_REVERT, -1 },
	{ "test", LESSON_DO_TEST, 1 },
	{ "forward", LESSON_DO_FORWARD, 1 },
	{ "dmarc", LESSON_DO_DMARC, 1 },
};

static const char *
lesson_do(struct lesson_step *s, char *rest)
{
	struct lesson_action *a;
	char                 *w = lesson_word(&rest), *x;
	struct ip_addr        ip;
	size_t                i;

	if (s->nact == LESSON_MAX_ITEMS)
		return "too many do: lines in one step";
	for (i = 0;
	     w != NULL && i < sizeof lesson_actions / sizeof lesson_actions[0];
	     i++)
		if (strcmp(w, lesson_actions[i].word) == 0)
			break;
	if (w == NULL || i == sizeof lesson_actions / sizeof lesson_actions[0])
		return "do: expects qualifier, draft, revert, test, forward "
		       "or dmarc";
	/* Counted at once: on an error below, lesson_free() frees its
	 * arguments with the rest. */
	a = &s->act[s->nact++];
	memset(a, 0, sizeof *a);
	a->kind = lesson_actions[i].kind;
	if (a->kind == LESSON_DO_DRAFT) {
		if ((x = lesson_word(&rest)) == NULL ||
		    *lesson_rest(rest) == '\0')
			return "do: draft expects a name and the record text";
		a->arg1 = xstrdup(x);
		a->arg2 = xstrdup(lesson_rest(rest));
	} else {
		char **slot[3] = { &a->arg1, &a->arg2, &a->arg3 };
		int    k, n = lesson_actions[i].args,
		       nslot = (int)(sizeof slot / sizeof slot[0]);
		/* No action takes more words than there are slots; one that
		 * did would get "too many arguments", never a write past. */
		for (k = 0; k < (n < 0 ? 1 : n) && k < nslot; k++) {
			if ((x = lesson_word(&rest)) == NULL) {
				if (n < 0)
					break;
				return "do: missing an argument";
			}
			*slot[k] = xstrdup(x);
		}
		if (*lesson_rest(rest) != '\0')
			return "do: too many arguments";
	}
	if ((a->kind == LESSON_DO_TEST || a->kind == LESSON_DO_FORWARD) &&
	    !ip_parse(a->arg1, strlen(a->arg1), &ip))
		return "do: not an IP address";
	if (a->kind == LESSON_DO_QUALIFIER &&
	    (strlen(a->arg3) != 1 || strchr("+-~?", a->arg3[0]) == NULL))
		return "do: qualifier expects one of + - ~ ?";
	return NULL;
}

static const char *
lesson_expect(struct lesson_step *s, char *rest)
{
	char          *ip = lesson_word(&rest), *res = lesson_word(&rest);
	struct ip_addr a;

	if (s->nexp == LESSON_MAX_ITEMS)
		return "too many expect: lines in one step";
	if (ip == NULL || res == NULL || *lesson_rest(rest) != '\0')
		return "expect: IP RESULT";
	if (!ip_parse(ip, strlen(ip), &a))
		return "expect: not an IP address";
	if (!spf_result_parse(res, &s->exp[s->nexp].result))
		return "expect: RESULT is one of pass fail softfail neutral "
		       "none permerror temperror";
	s->exp[s->nexp++].ip = xstrdup(ip);
	return NULL;
}

static char *
lesson_path(const char *dir, const char *file)
{
	char *p;

	if (file[0] == '/' || dir == NULL || dir[0] == '\0')
		return xstrdup(file);
	p = xmalloc(strlen(dir) + strlen(file) + 2);
	sprintf(p, "%s/%s", dir, file); /* sized above */
	return p;
}

/* One line of the file; NULL when it is fine, else what is wrong. */
static const char *
lesson_line(struct lesson *l, const char *dir, char *line, bool *in_step)
{
	char *key = line, *colon, *rest;

	if (*in_step && (line[0] == ' ' || line[0] == '\t') &&
	    *lesson_rest(line) != '\0') {
		/* Grown in place, geometrically: copying the text so far for
		 * every line made a file of many short lines quadratic. */
		struct lesson_step *s = &l->steps[l->nsteps - 1];
		struct report_buf   b = { s->text, s->text_len, s->text_cap };
		const char         *more = lesson_rest(line);
		report_buf_add(&b, " ", 1);
		report_buf_add(&b, more, strlen(more));
		s->text = b.p;
		s->text_len = b.len;
		s->text_cap = b.cap;
		return NULL;
	}
	rest = lesson_rest(line);
	if (*rest == '\0' || *rest == '#')
		return NULL;
	if ((colon = strchr(key, ':')) == NULL)
		return "expected KEY: VALUE";
	*colon = '\0';
	key = lesson_rest(key);
	rest = lesson_rest(colon + 1);
	if (strcmp(key, "step") == 0) {
		if (l->nsteps == LESSON_MAX_STEPS)
			return "too many steps";
		struct lesson_step *s = &l->steps[l->nsteps++];
		s->text = xstrdup(rest);
		s->text_len = strlen(rest);
		s->text_cap = s->text_len + 1;
		*in_step = true;
		return NULL;
	}
	if (strcmp(key, "do") == 0 || strcmp(key, "expect") == 0) {
		if (l->nsteps == 0)
			return "do: and expect: belong to a step";
		return key[0] == 'd'
		    ? lesson_do(&l->steps[l->nsteps - 1], rest)
		    : lesson_expect(&l->steps[l->nsteps - 1], rest);
	}
	if (*rest == '\0')
		return "a value is missing";
	if (strcmp(key, "pin") == 0) {
		char          *ip = lesson_word(&rest);
		struct ip_addr a;
		if (l->npins == LESSON_MAX_PINS)
			return "too many pins";
		if (!ip_parse(ip, strlen(ip), &a))
			return "pin: not an IP address";
		l->pins[l->npins].ip = xstrdup(ip);
		l->pins[l->npins++].label = xstrdup(lesson_rest(rest));
		*in_step = false;
		return NULL;
	}
	{
		char **slot = strcmp(key, "title") == 0 ? &l->title
		    : strcmp(key, "domain") == 0        ? &l->domain
		    : strcmp(key, "sender") == 0        ? &l->sender
		    : strcmp(key, "dmarc") == 0         ? &l->dmarc
		    : strcmp(key, "zone") == 0          ? &l->zone
							: NULL;
		if (slot == NULL)
			return "unknown key (title, zone, domain, sender, "
			       "dmarc, pin, step, do, expect)";
		if (*slot != NULL)
			return "this key was given already";
		*slot =
		    slot == &l->zone ? lesson_path(dir, rest) : xstrdup(rest);
	}
	*in_step = false;
	return NULL;
}

int
lesson_parse(const char *name, const char *dir, const char *buf, size_t len,
    struct lesson **out, struct spf_err *err)
{
	struct lesson *l = xcalloc(1, sizeof *l);
	char           line[2048];
	const char    *why, *nl;
	unsigned       lineno = 0;
	size_t         i = 0, n;
	bool           in_step = false;

	*out = NULL;
	if (len > LESSON_MAX_BYTES) {
		lesson_free(l);
		return lesson_error(err, name, 0, "file too large");
	}
	while (i < len) {
		lineno++;
		nl = memchr(buf + i, '\n', len - i);
		n = nl != NULL ? (size_t)(nl - buf - i) : len - i;
		if (n >= sizeof line || memchr(buf + i, '\0', n) != NULL) {
			lesson_free(l);
			return lesson_error(err, name, lineno,
			    n >= sizeof line ? "line too long"
					     : "NUL byte in the line");
		}
		memcpy(line, buf + i, n);
		line[n] = '\0';
		if (n > 0 && line[n - 1] == '\r')
			line[n - 1] = '\0';
		i += n + 1;
		if ((why = lesson_line(l, dir, line, &in_step)) != NULL) {
			lesson_free(l);
			return lesson_error(err, name, lineno, why);
		}
	}
	if (l->title == NULL || l->zone == NULL || l->domain == NULL ||
	    l->nsteps == 0) {
		lesson_free(l);
		return lesson_error(err, name, lineno,
		    "a lesson needs title:, "
		    "zone:, domain: and at least one step:");
	}
	*out = l;
	return SPF_OK;
}

int
lesson_load(const char *path, struct lesson **out, struct spf_err *err)
{
	char  *buf, *dir, *slash, *base, *dot;
	FILE  *f;
	size_t n;
	int    st;

	*out = NULL;
	if ((f = fopen(path, "r")) == NULL)
		return spf_err_setc(err, SPF_EUSAGE, "%s: %s", path,
		    strerror(errno));
	buf = xmalloc(LESSON_MAX_BYTES + 1);
	n = fread(buf, 1, LESSON_MAX_BYTES + 1, f);
	fclose(f);
	dir = xstrdup(path);
	slash = strrchr(dir, '/');
	base = xstrdup(slash != NULL ? slash + 1 : path);
	if (slash != NULL)
		*slash = '\0';
	else
		dir[0] = '\0';
	if ((dot = strrchr(base, '.')) != NULL && strcmp(dot, ".lesson") == 0)
		*dot = '\0';
	st = lesson_parse(path, dir, buf, n, out, err);
	if (*out != NULL)
		(*out)->name = xstrdup(base);
	free(base);
	free(dir);
	free(buf);
	return st;
}

void
lesson_free(struct lesson *l)
{
	size_t i, k;

	if (l == NULL)
		return;
	for (i = 0; i < l->nsteps; i++) {
		struct lesson_step *s = &l->steps[i];
		free(s->text);
		for (k = 0; k < s->nact; k++) {
			free(s->act[k].arg1);
			free(s->act[k].arg2);
			free(s->act[k].arg3);
		}
		for (k = 0; k < s->nexp; k++)
			free(s->exp[k].ip);
	}
	for (i = 0; i < l->npins; i++) {
		free(l->pins[i].ip);
		free(l->pins[i].label);
	}
	free(l->name);
	free(l->title);
	free(l->zone);
	free(l->domain);
	free(l->sender);
	free(l->dmarc);
	free(l);
}
