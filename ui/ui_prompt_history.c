/* ui_prompt_history.c: the command line's history, shared by both
 * editors: libedit's HistoryW, kept to UI_PROMPT_HISTORY entries, loaded
 * from its file when the prompt is made and saved whole after each line,
 * and where that file lives. struct ui_prompt owns the history and its
 * path; prompt_history_close() frees both. */
#include <sys/stat.h>
#include <sys/types.h>

#include <errno.h>
#include <histedit.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

#include "ui_prompt_int.h"
#include "xmalloc.h"

void
prompt_history_open(struct ui_prompt *p, const char *history_path)
{
	HistEventW ev;

	if (history_path != NULL)
		p->hist_path = xstrdup(history_path);
	if ((p->hist = history_winit()) != NULL) {
		(void)history_w(p->hist, &ev, H_SETSIZE, UI_PROMPT_HISTORY);
		(void)history_w(p->hist, &ev, H_SETUNIQUE, 1);
		/* -1 when the file is missing or not a history file: the
		 * first save then (re)writes it. */
		if (p->hist_path != NULL)
			(void)history_w(p->hist, &ev, H_LOAD, p->hist_path);
	}
}

void
prompt_history_add(struct ui_prompt *p, const wchar_t *w)
{
	HistEventW ev;

	if (p->hist == NULL || w[0] == L'\0')
		return;
	(void)history_w(p->hist, &ev, H_ENTER, w);
	/* CHOICE: a history that cannot be saved (read-only home, full
	 * disk) is not worth interrupting the user; it lives on in memory
	 * until the next successful save rewrites the whole file. */
	if (p->hist_path != NULL)
		(void)history_w(p->hist, &ev, H_SAVE, p->hist_path);
}

void
prompt_history_close(struct ui_prompt *p)
{
	if (p->hist != NULL)
		history_wend(p->hist);
	p->hist = NULL;
	free(p->hist_path);
	p->hist_path = NULL;
}

/* mkdir -p, each missing directory 0700 (the XDG base directory spec
 * asks that of the state directory). */
static int
prompt_history_mkdirs(char *path)
{
	struct stat sb;
	char       *s;

	for (s = path + 1; *s != '\0'; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(path, 0700) == -1 && errno != EEXIST) {
			*s = '/';
			return -1;
		}
		*s = '/';
	}
	if (mkdir(path, 0700) == -1 && errno != EEXIST)
		return -1;
	if (stat(path, &sb) == -1 || !S_ISDIR(sb.st_mode))
		return -1;
	return 0;
}

char *
ui_prompt_history_path(void)
{
	const char *state = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	char        dir[PATH_MAX], path[PATH_MAX];
	int         n;

	/* XDG: a relative $XDG_STATE_HOME is invalid and to be ignored. */
	if (state != NULL && state[0] == '/')
		n = snprintf(dir, sizeof dir, "%s/spfscope", state);
	else if (home != NULL && home[0] == '/')
		n = snprintf(dir, sizeof dir, "%s/.local/state/spfscope", home);
	else
		return NULL;
	if (n < 0 || (size_t)n >= sizeof dir ||
	    prompt_history_mkdirs(dir) == -1)
		return NULL;
	n = snprintf(path, sizeof path, "%s/history", dir);
	if (n < 0 || (size_t)n >= sizeof path)
		return NULL;
	return xstrdup(path);
}
