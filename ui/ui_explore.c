/* ui_explore.c: `spfscope [OPTIONS] [DOMAIN]`, the explorer. Sets up the
 * terminal, runs the one loop (poll on stdin and the DNS sockets, the DNS
 * timeout bounding the wait), and restores the terminal on every way out:
 * q, Ctrl-C, SIGTERM/SIGHUP, and out of memory. The ui owns the cache,
 * the tree, the lint report, the prompt and the results. */
#include "ui.h"

#include <errno.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dmarc.h"
#include "dns_ares.h"
#include "lesson.h"
#include "ui_curses.h"
#include "xmalloc.h"

#define UI_MAX_POLL 64

static volatile sig_atomic_t ui_signalled;

static void
ui_on_signal(int sig)
{
	ui_signalled = sig;
}

static void
ui_restore_terminal(void)
{
	if (!isendwin())
		endwin();
}

void
ui_message(struct ui *ui, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ui->message, sizeof ui->message, fmt, ap);
	va_end(ap);
	ui->message_is_error = error;
	ui->dirty = true;
}

static void ui_reopen(struct ui *ui, bool done);

static void
ui_free_tree(struct ui *ui)
{
	lint_report_free(&ui->lint);
	memset(&ui->lint, 0, sizeof ui->lint);
	spf_tree_free(ui->tree);
	ui->tree = NULL;
	ui->nrows = ui->nexpanded = ui->selected = ui->top = 0;
	ui->npath = ui->nshadow = 0;
}

bool
ui_load_domain(struct ui *ui, const char *name)
{
	struct spf_tree_opts o;
	struct spf_err       err;
	char                 domain[256];
	bool                 same = strcmp(name, ui->domain) == 0;

	/* name may be ui->domain itself (a reload). */
	snprintf(domain, sizeof domain, "%s", name);
	ui_free_tree(ui);
	snprintf(ui->domain, sizeof ui->domain, "%s", domain);
	memset(&o, 0, sizeof o);
	o.domain = ui->domain;
	o.sender = ui->has_sender ? ui->sender : NULL;
	o.helo = ui->has_helo ? ui->helo : NULL;
	o.drafts = ui->draft_view;
	o.ndrafts = ui->ndrafts;
	spf_err_clear(&err);
	if ((ui->tree = spf_tree_new(ui->cache, &o, &err)) == NULL) {
		ui_message(ui, true, "%s", err.msg);
		return false;
	}
	/* A new domain: new tests, and its own DMARC policy. A reload of
	 * the same one (an edit) keeps both, a typed "dmarc" included. */
	if (!same) {
		ui_results_clear(ui);
		ui->dmarc_done = false;
	}
	ui->detail_top = 0;
	/* Take in what the cache holds now: keys that follow in the same
	 * batch (an edit, then "v") see the records, not a bare root. */
	spf_tree_resume(ui->tree);
	lint_tree(ui->tree, &ui->lint);
	ui_rows_build(ui);
	/* What was open and selected before an edit, at once: keys later
	 * in the same batch (c c c) act on the same term. */
	ui_reopen(ui, false);
	ui->dirty = true;
	return true;
}

/* A fresh cache (and source): "server ADDR", or "r" to reload. */
bool
ui_set_server(struct ui *ui, const char *server)
{
	struct cli_opts   o = ui->opts;
	struct dns_cache *c;

	if (server != NULL) {
		char           buf[80];
		struct spf_err err;
		/* cli_dns_open() reports errors on stderr: not under curses,
		 * so the address is checked here first. */
		spf_err_clear(&err);
		if (!dns_ares_server_parse(server, buf, sizeof buf, &err)) {
			ui_message(ui, true, "%s", err.msg);
			return false;
		}
		o.servers[0] = server;
		o.nservers = 1;
		o.nzones = 0;
	}
	ui_free_tree(ui);
	ui_results_clear(ui);
	dns_cache_free(ui->cache);
	if ((c = cli_dns_open(&o)) == NULL) {
		ui->cache = NULL;
		ui->quit = true;
		return false;
	}
	ui->cache = c;
	/* server may point into the caller's line buffer: keep a copy. */
	if (server != NULL && server != ui->server_buf)
		snprintf(ui->server_buf, sizeof ui->server_buf, "%s", server);
	ui->server = server != NULL ? ui->server_buf : NULL;
	if (ui->domain[0] != '\0') {
		char d[256];
		snprintf(d, sizeof d, "%s", ui->domain);
		ui->domain[0] = '\0';
		ui_load_domain(ui, d);
	}
	return true;
}

/* Opens again what was open before a reload, by names, as the records
 * arrive; done when the tree is complete. */
static void
ui_reopen(struct ui *ui, bool done)
{
	size_t i, k;
	bool   opened = false;

	for (k = 0; k < ui->nreopen; k++) {
		for (i = 0; i < ui->nrows; i++) {
			const struct spf_tree_term *t = ui->rows[i].term;
			char                        buf[600];
			if (t == NULL || t->child == NULL)
				continue;
			snprintf(buf, sizeof buf, "%s|%s", t->node->name,
			    t->child->name);
			if (strcmp(buf, ui->reopen[k]) == 0 &&
			    !ui_rows_is_expanded(ui, t)) {
				ui_rows_set_expanded(ui, t, true);
				opened = true;
			}
		}
	}
	if (opened)
		ui_rows_build(ui);
	/* The line that was selected before the reload, by name. */
	for (i = 0; ui->reselect[0] != '\0' && i < ui->nrows; i++) {
		const struct ui_row *r = &ui->rows[i];
		if (strcmp(r->node->name, ui->reselect) == 0 &&
		    (r->term != NULL ? (long)r->term->index : -1) ==
			ui->reselect_index) {
			ui->selected = i;
			if (done)
				ui->reselect[0] = '\0';
			break;
		}
	}
	if (done) {
		for (k = 0; k < ui->nreopen; k++)
			free(ui->reopen[k]);
		ui->nreopen = 0;
	}
}

/* Takes in what DNS brought: the tree grows, lint follows, tests go on,
 * and the sender's DMARC policy is found for the tests pane. */
static void
ui_resume(struct ui *ui, bool *tree_done, unsigned *seen)
{
	const char *at;

	/* Only when answers came: on a huge tree over slow DNS, a resume
	 * and a lint on every key would make each key wait. */
	if (ui->tree != NULL && !*tree_done &&
	    dns_cache_answered(ui->cache) != *seen) {
		*seen = dns_cache_answered(ui->cache);
		*tree_done = spf_tree_resume(ui->tree);
		lint_report_free(&ui->lint);
		memset(&ui->lint, 0, sizeof ui->lint);
		lint_tree(ui->tree, &ui->lint);
		ui_rows_build(ui);
		ui_reopen(ui, *tree_done);
		if (*tree_done && ui->npath == 0 && ui->nresults > 0)
			ui_results_show(ui, ui->rselected);
	}
	if (!ui->dmarc_done && ui->domain[0] != '\0' && ui->cache != NULL) {
		at = ui->has_sender ? strrchr(ui->sender, '@') : NULL;
		if (ui->opts.dmarc != NULL)
			ui->dmarc_done =
			    dmarc_policy_parse(ui->opts.dmarc, &ui->dmarc);
		else
			ui->dmarc_done = dmarc_lookup(ui->cache,
			    at != NULL ? at + 1 : ui->domain, &ui->dmarc,
			    ui->dmarc_from, sizeof ui->dmarc_from);
		if (ui->dmarc_done)
			ui->dirty = true;
	}
	ui_results_resume(ui);
}

#define UI_BATCH 4096

static void
ui_input(struct ui *ui)
{
	static struct {
		wint_t ch;
		bool   code;
	} keys[UI_BATCH];
	wint_t wc;
	int    r;
	size_t n = 0, i;

	/* Drain what arrived: one redraw per batch, not per key. */
	while (n < UI_BATCH && (r = get_wch(&wc)) != ERR) {
		keys[n].ch = wc;
		keys[n++].code = r == KEY_CODE_YES;
	}
	for (i = 0; i < n; i++) {
		/* ESC [ or ESC O in one batch is a sequence ncurses did not
		 * know (not in terminfo): swallow it to its final byte, or
		 * its tail would be typed as text (libedit note). */
		if (!keys[i].code && keys[i].ch == 0x1b && i + 1 < n &&
		    !keys[i + 1].code &&
		    (keys[i + 1].ch == '[' || keys[i + 1].ch == 'O')) {
			bool csi = keys[i + 1].ch == '[';
			for (i += 2; i < n && !keys[i].code; i++)
				if (!csi ||
				    (keys[i].ch >= 0x40 && keys[i].ch <= 0x7e))
					break;
			continue;
		}
		ui_keys_handle(ui, keys[i].code, keys[i].ch);
	}
}

static int
ui_loop(struct ui *ui)
{
	struct pollfd pfd[UI_MAX_POLL];
	bool          tree_done = false;
	const void   *tree = NULL;
	unsigned      seen = 0;
	int           n, r, timeout;

	ui->dirty = true;
	while (!ui->quit && !ui_signalled) {
		if (ui->tree != tree) { /* a new domain, or a reload */
			tree = ui->tree;
			tree_done = false;
			seen = (unsigned)-1;
		}
		ui_resume(ui, &tree_done, &seen);
		if (ui->dirty) {
			ui_frame_draw(ui);
			refresh();
			ui->dirty = false;
		}
		pfd[0].fd = STDIN_FILENO;
		pfd[0].events = POLLIN;
		pfd[0].revents = 0;
		n = 1 + dns_pollfds(ui->cache, pfd + 1, UI_MAX_POLL - 1);
		/* While anything loads, a tick turns the spinner. */
		timeout = dns_timeout_ms(ui->cache,
		    dns_cache_busy(ui->cache) ? 120 : -1);
		if ((r = poll(pfd, (nfds_t)n, timeout)) == -1 &&
		    errno != EINTR) {
			ui_restore_terminal();
			fprintf(stderr, "spfscope: poll: %s\n",
			    strerror(errno));
			return 1;
		}
		dns_process(ui->cache, pfd + 1, n - 1);
		if (r > 0 && (pfd[0].revents & (POLLHUP | POLLERR | POLLNVAL)))
			ui->quit = true; /* the terminal went away */
		else if (r == -1 || (pfd[0].revents & POLLIN))
			/* EINTR: SIGWINCH, whose KEY_RESIZE ncurses hands
			 * out with the next read, with no byte on stdin. */
			ui_input(ui);
		if (dns_cache_busy(ui->cache) || ui->nresults > 0) {
			ui->spin++;
			ui->dirty = true;
		}
	}
	return 0;
}

static void
ui_free(struct ui *ui)
{
	ui_results_clear(ui);
	ui_free_tree(ui);
	dns_cache_free(ui->cache);
	ui_prompt_free(ui->prompt);
	ui_draft_free(ui);
	free(ui->rows);
	free(ui->expanded);
	free(ui->results);
	free(ui->path_terms);
	free(ui->shadow_terms);
}

/* The explorer proper, once the options are known. */
static int
ui_run(struct ui *ui)
{
	struct sigaction sa;
	char            *hist;
	size_t           i;
	int              rc;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return cli_usage_error(
		    "the explorer needs a terminal; in "
		    "scripts use 'spfscope tree' or 'spfscope check'");
	setlocale(LC_ALL, "");
	if ((ui->cache = cli_dns_open(&ui->opts)) == NULL)
		return 2;
	if (ui->opts.sender != NULL && ui->opts.sender[0] != '\0') {
		snprintf(ui->sender, sizeof ui->sender, "%s", ui->opts.sender);
		ui->has_sender = true;
	}
	if (ui->opts.helo != NULL) {
		snprintf(ui->helo, sizeof ui->helo, "%s", ui->opts.helo);
		ui->has_helo = true;
	}
	ui->ascii = ui->opts.ascii;
	ui->color = !ui->opts.no_color;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = ui_on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	initscr();
	xmalloc_set_fatal_hook(ui_restore_terminal);
	raw();
	noecho();
	nonl();
	set_escdelay(25);
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	ui_text_init(ui);
	hist = ui_prompt_history_path();
	ui->prompt = ui_prompt_new(hist);
	free(hist);
	ui_prompt_set_completion(ui->prompt, ui_cmd_complete, ui);
	if (ui_prompt_fallback(ui->prompt))
		ui_message(ui, false,
		    "no pseudo-terminal: simple line editing");
	/* --record and --draft are the first drafts. */
	for (i = 0; i < ui->opts.ndrafts; i++)
		ui_draft_add(ui, ui->opts.drafts[i].name,
		    ui->opts.drafts[i].text);
	if (ui->opts.record != NULL && ui->opts.nargs == 1)
		ui_draft_add(ui, ui->opts.args[0], ui->opts.record);
	if (ui->opts.nargs == 1) {
		ui_load_domain(ui, ui->opts.args[0]);
		if (ui->lesson != NULL)
			ui_lesson_start(ui);
	} else {
		ui->focus = UI_FOCUS_PROMPT;
		ui_message(ui, false, "type 'domain NAME' to explore a domain");
	}
	rc = ui_loop(ui);
	ui_restore_terminal();
	ui_free(ui);
	return rc;
}

int
ui_explore(int argc, char **argv)
{
	struct ui ui;

	memset(&ui, 0, sizeof ui);
	if (!cli_parse(argc, argv, &ui.opts))
		return 2;
	if (ui.opts.nargs > 1)
		return cli_usage_error(
		    "usage: spfscope [OPTIONS] [DOMAIN] (see "
		    "--help)");
	if (ui.opts.nargs == 1 && !cli_domain_ok(ui.opts.args[0]))
		return cli_usage_error("'%.64s' is not a domain name",
		    ui.opts.args[0]);
	return ui_run(&ui);
}

/* A lesson: its zone is the whole DNS, its domain, sender and DMARC
 * policy the context, its pins the first tests. */
int
ui_explore_lesson(const struct cli_opts *o, const struct lesson *l)
{
	static char *args[1];
	struct ui    ui;

	memset(&ui, 0, sizeof ui);
	ui.opts = *o;
	ui.opts.zones[0] = l->zone;
	ui.opts.nzones = 1;
	ui.opts.nservers = 0;
	args[0] = l->domain;
	ui.opts.args = args;
	ui.opts.nargs = 1;
	if (l->sender != NULL)
		ui.opts.sender = l->sender;
	if (l->dmarc != NULL)
		ui.opts.dmarc = l->dmarc;
	ui.lesson = l;
	return ui_run(&ui);
}
