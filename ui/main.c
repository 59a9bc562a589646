/* main.c: spfscope's entry: the subcommand, --help and --version. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "ui.h"

#define SPFSCOPE_VERSION "0.1.0"

void
cli_help(void)
{
	fputs(
	    "usage: spfscope [OPTIONS] [DOMAIN]                the explorer\n"
	    "       spfscope tree  [OPTIONS] DOMAIN            the annotated tree as text\n"
	    "       spfscope check [OPTIONS] IP [DOMAIN]       one evaluation, explained\n"
	    "       spfscope lesson [NAME [--check]]           guided lessons: list, open\n"
	    "\n"
	    "options:\n"
	    "  --sender ADDR   MAIL FROM identity; DOMAIN defaults to its domain part.\n"
	    "                  No local part means postmaster; --sender '' is the null\n"
	    "                  sender, checked as postmaster@HELO\n"
	    "  --helo NAME     HELO identity (and the %{h} macro)\n"
	    "  --server ADDR[:PORT]   name server to ask (repeatable; [v6]:port)\n"
	    "  --zone FILE     offline DNS data, an RFC 1035 zone file (repeatable)\n"
	    "  --record TEXT   a draft SPF record that replaces DOMAIN's published one\n"
	    "  --draft NAME=TEXT  a draft record for any name in the tree (repeatable)\n"
	    "  --default-explanation TEXT   explanation for a fail without exp=\n"
	    "  --timeout MS    how long one DNS query may take (default 3000)\n"
	    "  --json          machine-readable output\n"
	    "  --trace         check: every term tried\n"
	    "  --ip ADDR       tree: expand %{i} macros for this client\n"
	    "  --dmarc POLICY  check: the sender's DMARC policy (none, quarantine,\n"
	    "                  reject); default: read _dmarc. from DNS\n"
	    "  --forwarder     check: IP is a forwarder re-sending the sender's mail\n"
	    "  --no-color, --ascii, --help, --version\n"
	    "\n"
	    "check exits 0 whenever a result was computed (even permerror), 2 on bad\n"
	    "input, 1 when the DNS machinery itself failed.\n",
	    stdout);
}

int
main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "check") == 0)
		return cli_check(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "tree") == 0)
		return cli_tree(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "lesson") == 0)
		return cli_lesson(argc - 1, argv + 1);
	if (argc >= 2 &&
	    (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		cli_help();
		return 0;
	}
	if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
		printf("spfscope %s\n", SPFSCOPE_VERSION);
		return 0;
	}
	if (argc >= 2 && argv[1][0] != '-' && strchr(argv[1], '.') == NULL)
		return cli_usage_error("unknown command '%.32s' (see --help)",
		    argv[1]);
	return ui_explore(argc, argv);
}
