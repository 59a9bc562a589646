/* ui_lesson.c: a guided lesson beside the tree: the step's text, what it
 * promises (each expected result, checked against the tests pane), and
 * "a" to carry out the step's actions for the user. The lesson is the
 * caller's (cli_lesson.c); the pane only reads it. */
#include "ui.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson.h"
#include "spf_edit.h"
#include "ui_curses.h"

struct ui_lesson_find {
	const char                 *name;
	const struct spf_tree_node *hit;
};

static bool
ui_lesson_match(const struct spf_tree_node *n, void *arg)
{
	struct ui_lesson_find *f = arg;

	if (dns_name_eq(n->name, f->name) && n->state == SPF_TREE_LOADED) {
		f->hit = n;
		return false;
	}
	return true;
}

static const struct ui_result *
ui_lesson_result(const struct ui *ui, const char *ip)
{
	size_t i;

	for (i = 0; i < ui->nresults; i++)
		if (strcmp(ui->results[i].ip, ip) == 0)
			return &ui->results[i];
	return NULL;
}

static void
ui_lesson_test(struct ui *ui, const char *ip, const char *label, bool fwd)
{
	struct ui_result *r;

	if (ui_lesson_result(ui, ip) == NULL)
		ui_results_add(ui, ip);
	if ((r = (struct ui_result *)ui_lesson_result(ui, ip)) == NULL)
		return;
	if (label != NULL)
		snprintf(r->label, sizeof r->label, "%s", label);
	if (fwd)
		r->forwarder = true;
}

/* The pinned senders go in as tests. */
void
ui_lesson_start(struct ui *ui)
{
	size_t i;

	for (i = 0; ui->lesson != NULL && i < ui->lesson->npins; i++)
		ui_lesson_test(ui, ui->lesson->pins[i].ip,
		    ui->lesson->pins[i].label, false);
	ui->rselected = 0;
	ui_message(ui, false,
	    "lesson: > next step, < back, a: do the step "
	    "for me");
}

static void
ui_lesson_qualifier(struct ui *ui, const struct lesson_action *a)
{
	struct ui_lesson_find f = { a->arg1, NULL };
	char                 *s;
	int                   k;

	if (ui->tree != NULL)
		spf_tree_walk(ui->tree, ui_lesson_match, &f);
	if (f.hit == NULL || (k = spf_edit_find(f.hit->rec, a->arg2)) < 0) {
		ui_message(ui, true, "lesson: no '%s' in %s", a->arg2, a->arg1);
		return;
	}
	s = spf_edit_qualifier(f.hit->text, f.hit->len, &f.hit->rec->terms[k],
	    a->arg3[0]);
	ui_draft_set(ui, a->arg1, s);
	free(s);
}

void
ui_lesson_apply(struct ui *ui)
{
	const struct lesson_step *s;
	enum dmarc_policy         p;
	size_t                    i;

	if (ui->lesson == NULL || ui->lesson_step >= ui->lesson->nsteps)
		return;
	s = &ui->lesson->steps[ui->lesson_step];
	if (s->nact == 0)
		ui_message(ui, false, "nothing to do in this step: read on");
	for (i = 0; i < s->nact; i++) {
		const struct lesson_action *a = &s->act[i];
		switch (a->kind) {
		case LESSON_DO_QUALIFIER:
			ui_lesson_qualifier(ui, a);
			break;
		case LESSON_DO_DRAFT:
			ui_draft_set(ui, a->arg1, a->arg2);
			break;
		case LESSON_DO_REVERT:
			if (ui->ndrafts > 0)
				ui_draft_revert(ui, a->arg1);
			break;
		case LESSON_DO_TEST:
			ui_lesson_test(ui, a->arg1, NULL, false);
			break;
		case LESSON_DO_FORWARD:
			ui_lesson_test(ui, a->arg1, "forwarder", true);
			break;
		case LESSON_DO_DMARC:
			if (dmarc_policy_parse(a->arg1, &p)) {
				ui->dmarc = p;
				ui->dmarc_done = true;
			}
			break;
		}
	}
	ui->dirty = true;
}

bool
ui_lesson_key(struct ui *ui, wint_t ch)
{
	if (ui->lesson == NULL)
		return false;
	if (ch == '>' && ui->lesson_step + 1 < ui->lesson->nsteps)
		ui->lesson_step++;
	else if (ch == '<' && ui->lesson_step > 0)
		ui->lesson_step--;
	else if (ch == 'a')
		ui_lesson_apply(ui);
	else
		return ch == '>' || ch == '<';
	ui->dirty = true;
	return true;
}

void
ui_lesson_draw(struct ui *ui, int y, int x, int h, int w)
{
	const struct lesson      *l = ui->lesson;
	const struct lesson_step *s;
	char                      line[512];
	size_t                    i, len, off = 0;
	int                       row = 0;

	if (l == NULL || h < 3)
		return;
	s = &l->steps[ui->lesson_step];
	/* The counter first in importance: the title gives way to it. */
	snprintf(line, sizeof line, "  (step %zu of %zu)", ui->lesson_step + 1,
	    l->nsteps);
	ui_text_fill(y, x, w, ui_text_attr(ui, UI_STYLE_TITLE));
	ui_text_puts(y, x + 1, l->title, w - 1 - (int)strlen(line),
	    ui_text_attr(ui, UI_STYLE_TITLE));
	ui_text_puts(y + row++, x + w - (int)strlen(line), line,
	    (int)strlen(line), ui_text_attr(ui, UI_STYLE_TITLE));
	/* The step's text, wrapped at spaces. */
	len = strlen(s->text);
	while (off < len && row < h - 1 - (int)s->nexp - 1) {
		size_t n = len - off <= (size_t)w - 2 ? len - off
						      : (size_t)w - 2,
		       k;
		if (off + n < len) {
			k = n;
			while (k > n / 2 && s->text[off + k] != ' ')
				k--;
			if (k > n / 2)
				n = k;
		}
		ui_text_put(y + row++, x + 1, s->text + off, n, w - 2,
		    (int)A_NORMAL);
		off += n;
		while (off < len && s->text[off] == ' ')
			off++;
	}
	for (i = 0; i < s->nexp && row < h - 1; i++) {
		const struct lesson_expect *e = &s->exp[i];
		const struct ui_result     *r = ui_lesson_result(ui, e->ip);
		enum spf_result             got = r != NULL && r->done
				? spf_eval_outcome(r->ev)->result
				: SPF_NONE;
		bool ok = r != NULL && r->done && got == e->result;
		snprintf(line, sizeof line, "%s %s gives %s%s%s",
		    ok ? (ui->ascii ? "[x]" : "\xe2\x9c\x93")
		       : (ui->ascii ? "[ ]" : "\xc2\xb7"),
		    e->ip, spf_result_name(e->result),
		    r == NULL || !r->done ? "  (not tested yet)"
			: ok              ? ""
					  : "  (now: ",
		    r != NULL && r->done && !ok ? spf_result_name(got) : "");
		if (r != NULL && r->done && !ok)
			strncat(line, ")", sizeof line - strlen(line) - 1);
		ui_text_puts(y + row++, x + 1, line, w - 2,
		    ui_text_attr(ui, ok ? UI_STYLE_PASS : UI_STYLE_DIM));
	}
	ui_text_puts(y + h - 1, x + 1, "a: do it for me   >: next   <: back",
	    w - 2, ui_text_attr(ui, UI_STYLE_DIM));
}
