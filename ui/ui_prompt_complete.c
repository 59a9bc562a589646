/* ui_prompt_complete.c: Tab, for both editors. The words before the
 * cursor's word and its prefix go to the caller's ui_prompt_complete_fn;
 * what the candidates have in common beyond the prefix is inserted, and
 * when several remain they are listed for the UI to show. The result
 * lands in the struct ui_prompt (p->ins, p->cands); the words handed to
 * the callback are ours, freed before returning, and the candidates it
 * returns stay its own. */
#include <histedit.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "ui_prompt_int.h"
#include "xmalloc.h"

#define PROMPT_NCANDS 64 /* candidates asked of the callback */
#define PROMPT_NWORDS 64 /* words before the cursor's word */

/* A copy of src[0..len) in the locale's multibyte form; owned by the
 * caller. */
static char *
prompt_complete_dup(const wchar_t *src, size_t len)
{
	char *s = xreallocarray(NULL, len + 1, MB_CUR_MAX); /* checks * */

	(void)prompt_to_mb(s, (len + 1) * MB_CUR_MAX, src, len);
	return s;
}

bool
prompt_complete(struct ui_prompt *p, const LineInfoW *li, size_t room)
{
	const wchar_t **argv;
	const char     *out[PROMPT_NCANDS];
	char           *words[PROMPT_NWORDS];
	char           *prefix;
	size_t          i, k, n, plen, lcp, o, need, nw = 0;
	bool            unique, ok = false;
	int             argc, argi, argoff;

	p->ins[0] = L'\0';
	if (p->complete == NULL || p->tok == NULL)
		return false;
	tok_wreset(p->tok);
	if (tok_wline(p->tok, li, &argc, &argv, &argi, &argoff) != 0 ||
	    argi < 0 || argi > argc || argi > PROMPT_NWORDS || argoff < 0) {
		tok_wreset(p->tok);
		return false;
	}
	for (nw = 0; nw < (size_t)argi; nw++)
		words[nw] = prompt_complete_dup(argv[nw], wcslen(argv[nw]));
	if (argi < argc) {
		n = wcslen(argv[argi]);
		prefix = prompt_complete_dup(argv[argi],
		    (size_t)argoff < n ? (size_t)argoff : n);
	} else
		prefix = xstrdup("");
	tok_wreset(p->tok); /* argv pointed into it */

	n = p->complete(p->complete_arg, argi, (const char *const *)words,
	    prefix, out, PROMPT_NCANDS);
	if (n > PROMPT_NCANDS)
		n = PROMPT_NCANDS;
	/* Keep only the candidates that extend the prefix: the rest cannot
	 * be completed to by inserting at the cursor. */
	plen = strlen(prefix);
	for (i = k = 0; i < n; i++)
		if (out[i] != NULL && strncmp(out[i], prefix, plen) == 0)
			out[k++] = out[i];
	if (k == 0)
		goto done;

	/* The longest common prefix, backed off to a character boundary. */
	lcp = strlen(out[0]);
	for (i = 1; i < k; i++) {
		o = 0;
		while (o < lcp && out[i][o] == out[0][o])
			o++;
		lcp = o;
	}
	unique = true;
	for (i = 1; i < k && unique; i++)
		unique = strlen(out[i]) == lcp;
	if (!unique) {
		mbstate_t st;

		memset(&st, 0, sizeof st);
		for (o = plen; o < lcp; o += need) {
			need = mbrlen(out[0] + o, lcp - o, &st);
			if (need == 0 || need > lcp - o)
				break;
		}
		lcp = o;
	}

	n = prompt_to_wcs(p->ins, sizeof p->ins / sizeof p->ins[0],
	    out[0] + plen, lcp - plen);
	if (unique && n + 1 < sizeof p->ins / sizeof p->ins[0]) {
		p->ins[n++] = L' ';
		p->ins[n] = L'\0';
	}
	if (n > room) {
		p->ins[0] = L'\0';
		goto done;
	}
	ok = true;
	if (unique)
		goto done;

	/* "explain  expand": whole candidates only, "..." when cut. */
	for (i = o = 0; i < k; i++) {
		n = strlen(out[i]);
		need = (i > 0 ? 2 : 0) + n;
		if (sizeof p->cands - o <= need) {
			if (sizeof p->cands - o > 5) {
				memcpy(p->cands + o, "  ...", 5);
				o += 5;
			}
			break;
		}
		if (i > 0) {
			memcpy(p->cands + o, "  ", 2);
			o += 2;
		}
		memcpy(p->cands + o, out[i], n);
		o += n;
	}
	p->cands[o] = '\0';
done:
	while (nw > 0)
		free(words[--nw]);
	free(prefix);
	return ok;
}

unsigned char
prompt_complete_el(EditLine *el, int ch)
{
	struct ui_prompt *p;
	const LineInfoW  *li;
	void             *data = NULL;
	size_t            len;

	(void)ch;
	if (el_wget(el, EL_CLIENTDATA, &data) != 0 || data == NULL)
		return CC_ERROR;
	p = data;
	li = el_wline(el);
	len = (size_t)(li->lastchar - li->buffer);
	if (!prompt_complete(p, li, len < PROMPT_MAX ? PROMPT_MAX - len : 0))
		return CC_ERROR;
	if (p->ins[0] != L'\0' && el_winsertstr(el, p->ins) == -1)
		return CC_ERROR;
	return CC_REFRESH;
}
