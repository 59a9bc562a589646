/* ui_cmd.c: what a line typed at the prompt does: an address is tested;
 * sender, helo, domain, server, clear, help and quit change the context.
 * Every error is one line in the status bar. */
#include "ui.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "dns_ares.h"

static const char *const ui_cmd_words[] = { "sender", "helo", "domain",
	"server", "forward", "dmarc", "write", "revert", "clear", "help",
	"quit" };

static void
ui_cmd_identity(struct ui *ui, const char *what, const char *arg)
{
	bool   is_sender = strcmp(what, "sender") == 0;
	char  *dst = is_sender ? ui->sender : ui->helo;
	size_t size = is_sender ? sizeof ui->sender : sizeof ui->helo;

	if (arg[0] == '\0') {
		dst[0] = '\0';
		*(is_sender ? &ui->has_sender : &ui->has_helo) = false;
		ui_message(ui, false, "%s cleared", what);
	} else if (strlen(arg) >= size || (!is_sender && !cli_domain_ok(arg))) {
		ui_message(ui, true, "%s: '%.64s' is not a %s", what, arg,
		    is_sender ? "usable address" : "host name");
		return;
	} else {
		snprintf(dst, size, "%s", arg);
		*(is_sender ? &ui->has_sender : &ui->has_helo) = true;
		ui_message(ui, false, "%s is now %s; tests run again", what,
		    arg);
	}
	/* Macros of the tree and every test depend on the identity, and
	 * the DMARC policy on the sender's domain. */
	if (is_sender)
		ui->dmarc_done = false;
	if (ui->domain[0] != '\0')
		ui_load_domain(ui, ui->domain);
	ui_results_rerun(ui);
}

void
ui_cmd_run(struct ui *ui, const char *line)
{
	char           buf[1024], *cmd, *arg, *end;
	struct ip_addr ip;
	char           server[80];
	struct spf_err err;

	snprintf(buf, sizeof buf, "%s", line);
	cmd = buf;
	while (*cmd == ' ' || *cmd == '\t')
		cmd++;
	for (end = cmd + strlen(cmd);
	     end > cmd && (end[-1] == ' ' || end[-1] == '\t'); end--)
		end[-1] = '\0';
	if (*cmd == '\0')
		return;
	arg = strpbrk(cmd, " \t");
	if (arg != NULL) {
		*arg++ = '\0';
		while (*arg == ' ' || *arg == '\t')
			arg++;
	} else {
		arg = cmd + strlen(cmd);
	}
	if (ip_parse(cmd, strlen(cmd), &ip) && *arg == '\0') {
		if (ui->tree == NULL) {
			ui_message(ui, true,
			    "no domain yet: 'domain NAME' "
			    "first");
			return;
		}
		ui_results_add(ui, cmd);
		ui_message(ui, false, "testing %s", cmd);
	} else if (strcmp(cmd, "sender") == 0 || strcmp(cmd, "helo") == 0) {
		ui_cmd_identity(ui, cmd, arg);
	} else if (strcmp(cmd, "domain") == 0) {
		if (!cli_domain_ok(arg))
			ui_message(ui, true,
			    "domain: '%.64s' is not a domain "
			    "name",
			    arg);
		else
			ui_load_domain(ui, arg);
	} else if (strcmp(cmd, "server") == 0) {
		spf_err_clear(&err);
		if (!dns_ares_server_parse(arg, server, sizeof server, &err))
			ui_message(ui, true, "%s", err.msg);
		else if (ui_set_server(ui, arg))
			ui_message(ui, false, "asking %s from now on", server);
	} else if (strcmp(cmd, "forward") == 0) {
		/* The IP re-sends the sender's mail (a list, a forwarding
		 * address): SPF at the final receiver checks it. */
		if (!ip_parse(arg, strlen(arg), &ip) || ui->tree == NULL) {
			ui_message(ui, true,
			    "forward: give the forwarder's "
			    "IP address (and a domain first)");
			return;
		}
		ui_results_add(ui, arg);
		if (ui->nresults > 0 &&
		    strcmp(ui->results[ui->nresults - 1].ip, arg) == 0)
			ui->results[ui->nresults - 1].forwarder = true;
		ui_message(ui, false,
		    "%s forwards the mail: SPF checks it, "
		    "not the original server; only DKIM survives the trip",
		    arg);
	} else if (strcmp(cmd, "dmarc") == 0) {
		enum dmarc_policy p;
		if (!dmarc_policy_parse(arg, &p)) {
			ui_message(ui, true,
			    "dmarc: none, quarantine or reject");
			return;
		}
		ui->dmarc = p;
		ui->dmarc_done = true;
		ui->dmarc_from[0] = '\0';
		ui_message(ui, false, "the sender's DMARC policy is now p=%s",
		    arg);
	} else if (strcmp(cmd, "write") == 0) {
		ui_draft_write(ui, *arg != '\0' ? arg : "spfscope-drafts.zone");
	} else if (strcmp(cmd, "revert") == 0) {
		ui_draft_revert(ui,
		    *arg == '\0' || strcmp(arg, "all") == 0 ? NULL : arg);
	} else if (strcmp(cmd, "clear") == 0) {
		ui_results_clear(ui);
	} else if (strcmp(cmd, "help") == 0) {
		ui->help = true;
	} else if (strcmp(cmd, "quit") == 0 || strcmp(cmd, "exit") == 0) {
		ui->quit = true;
	} else if (strchr(cmd, '.') != NULL || strchr(cmd, ':') != NULL) {
		ui_message(ui, true, "'%.64s' is not an IPv4 or IPv6 address",
		    cmd);
	} else {
		ui_message(ui, true,
		    "unknown command '%.32s': type an IP "
		    "address, or help",
		    cmd);
	}
}

size_t
ui_cmd_complete(void *arg, int argc, const char *const *argv,
    const char *prefix, const char **out, size_t max)
{
	struct ui *ui = arg;
	size_t     n = 0, i, plen = strlen(prefix);

	if (argc == 0) {
		for (i = 0; i < sizeof ui_cmd_words / sizeof ui_cmd_words[0] &&
		     n < max;
		     i++)
			if (strncmp(ui_cmd_words[i], prefix, plen) == 0)
				out[n++] = ui_cmd_words[i];
		return n;
	}
	/* domain: the names of the records in the tree. */
	if (argc == 1 && strcmp(argv[0], "domain") == 0 && ui->tree != NULL) {
		for (i = 0; i < ui->nrows && n < max; i++) {
			const struct spf_tree_term *t = ui->rows[i].term;
			if (t != NULL && t->child != NULL &&
			    strncasecmp(t->child->name, prefix, plen) == 0)
				out[n++] = t->child->name;
		}
	}
	return n;
}
