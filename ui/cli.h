/* cli.h: the command line shared by every subcommand (DESIGN.md: a
 * contract that tests and scripts depend on). */
#ifndef SPFSCOPE_CLI_H
#define SPFSCOPE_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include "dns_cache.h"
#include "spf_eval.h"

#define CLI_MAX_LIST 32 /* --server, --zone, --draft */

struct cli_opts {
	const char      *sender; /* NULL: not given; "": null sender */
	const char      *helo;
	const char      *servers[CLI_MAX_LIST];
	size_t           nservers;
	const char      *zones[CLI_MAX_LIST];
	size_t           nzones;
	const char      *record;
	struct spf_draft drafts[CLI_MAX_LIST];
	size_t           ndrafts;
	const char      *default_exp;
	const char      *ip; /* tree: expand %{i} for this client */
	unsigned         timeout_ms;
	bool             json, no_color, ascii, trace;
	bool             forwarder; /* check: the IP re-sends others' mail */
	bool             check;     /* lesson: run it without a screen */
	const char      *dmarc;     /* check: none|quarantine|reject */
	char           **args;      /* what is left after the options */
	int              nargs;
};

/* Parses argv after the subcommand; on error prints one line to stderr
 * and returns false (exit status 2). */
bool cli_parse(int argc, char **argv, struct cli_opts *o);

/* Prints "spfscope: MESSAGE" to stderr; returns 2 (usage) for chaining. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The DNS cache over --zone files or the network; NULL with one line on
 * stderr when a zone does not load or a server is not an address. */
struct dns_cache *cli_dns_open(const struct cli_opts *o);

/* Is it a domain name we can ask about (1..253 bytes, labels 1..63)? */
bool cli_domain_ok(const char *d);

int  cli_check(int argc, char **argv);
int  cli_tree(int argc, char **argv);
int  cli_lesson(int argc, char **argv);
void cli_help(void);

#endif
