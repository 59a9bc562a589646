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

#include "dns_ares.h"
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
ui_load_domain(struct ui *ui, const char *domain)
{
	struct spf_tree_opts o;
	struct spf_err       err;
	bool                 same = strcmp(domain, ui->domain) == 0;

	ui_free_tree(ui);
	snprintf(ui->domain, sizeof ui->domain, "%s", domain);
	memset(&o, 0, sizeof o);
	o.domain = ui->domain;
	o.sender = ui->has_sender ? ui->sender : NULL;
	o.helo = ui->has_helo ? ui->helo : NULL;
	o.record = ui->opts.record;
	o.drafts = ui->opts.drafts;
	o.ndrafts = ui->opts.ndrafts;
	spf_err_clear(&err);
	if ((ui->tree = spf_tree_new(ui->cache, &o, &err)) == NULL) {
		ui_message(ui, true, "%s", err.msg);
		return false;
	}
	if (!same)
		ui_results_clear(ui);
	ui->detail_top = 0;
	ui_rows_build(ui);
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
		o.servers[0] = server;
		o.nservers = 1;
		o.nzones = 0;
	}
	/* cli_dns_open() reports errors on stderr: not under curses. */
	if (server != NULL) {
		char           buf[80];
		struct spf_err err;
		spf_err_clear(&err);
		if (!dns_ares_server_parse(server, buf, sizeof buf, &err)) {
			ui_message(ui, true, "%s", err.msg);
			return false;
		}
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
	ui->server = server;
	if (ui->domain[0] != '\0') {
		char d[256];
		snprintf(d, sizeof d, "%s", ui->domain);
		ui->domain[0] = '\0';
		ui_load_domain(ui, d);
	}
	return true;
}

/* Takes in what DNS brought: the tree grows, lint follows, tests go on. */
static void
ui_resume(struct ui *ui, bool *tree_done)
{
	if (ui->tree != NULL && !*tree_done) {
		*tree_done = spf_tree_resume(ui->tree);
		lint_report_free(&ui->lint);
		memset(&ui->lint, 0, sizeof ui->lint);
		lint_tree(ui->tree, &ui->lint);
		ui_rows_build(ui);
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
		    !keys[i + 1].code && (keys[i + 1].ch == '[' ||
		    keys[i + 1].ch == 'O')) {
			bool csi = keys[i + 1].ch == '[';
			for (i += 2; i < n && !keys[i].code; i++)
				if (!csi || (keys[i].ch >= 0x40 &&
				    keys[i].ch <= 0x7e))
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
	int           n, timeout;

	ui->dirty = true;
	while (!ui->quit && !ui_signalled) {
		if (ui->tree != tree) { /* a new domain, or a reload */
			tree = ui->tree;
			tree_done = false;
		}
		ui_resume(ui, &tree_done);
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
		if (poll(pfd, (nfds_t)n, timeout) == -1 && errno != EINTR) {
			ui_restore_terminal();
			fprintf(stderr, "spfscope: poll: %s\n", strerror(errno));
			return 1;
		}
		dns_process(ui->cache, pfd + 1, n - 1);
		if (pfd[0].revents & (POLLHUP | POLLERR | POLLNVAL))
			ui->quit = true; /* the terminal went away */
		else if (pfd[0].revents & POLLIN)
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
	free(ui->rows);
	free(ui->expanded);
	free(ui->results);
	free(ui->path_terms);
	free(ui->shadow_terms);
}

int
ui_explore(int argc, char **argv)
{
	struct ui        ui;
	struct sigaction sa;
	char            *hist;
	int              rc;

	memset(&ui, 0, sizeof ui);
	if (!cli_parse(argc, argv, &ui.opts))
		return 2;
	if (ui.opts.nargs > 1)
		return cli_usage_error("usage: spfscope [OPTIONS] [DOMAIN] (see "
		    "--help)");
	if (ui.opts.nargs == 1 && !cli_domain_ok(ui.opts.args[0]))
		return cli_usage_error("'%.64s' is not a domain name",
		    ui.opts.args[0]);
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return cli_usage_error("the explorer needs a terminal; in "
		    "scripts use 'spfscope tree' or 'spfscope check'");
	setlocale(LC_ALL, "");
	if ((ui.cache = cli_dns_open(&ui.opts)) == NULL)
		return 2;
	if (ui.opts.sender != NULL && ui.opts.sender[0] != '\0') {
		snprintf(ui.sender, sizeof ui.sender, "%s", ui.opts.sender);
		ui.has_sender = true;
	}
	if (ui.opts.helo != NULL) {
		snprintf(ui.helo, sizeof ui.helo, "%s", ui.opts.helo);
		ui.has_helo = true;
	}
	ui.ascii = ui.opts.ascii;
	ui.color = !ui.opts.no_color;
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
	ui_text_init(&ui);
	hist = ui_prompt_history_path();
	ui.prompt = ui_prompt_new(hist);
	free(hist);
	ui_prompt_set_completion(ui.prompt, ui_cmd_complete, &ui);
	if (ui_prompt_fallback(ui.prompt))
		ui_message(&ui, false, "no pseudo-terminal: simple line editing");
	if (ui.opts.nargs == 1) {
		ui_load_domain(&ui, ui.opts.args[0]);
	} else {
		ui.focus = UI_FOCUS_PROMPT;
		ui_message(&ui, false, "type 'domain NAME' to explore a domain");
	}
	rc = ui_loop(&ui);
	ui_restore_terminal();
	ui_free(&ui);
	return rc;
}
