/* cli_opts.c: option parsing for every subcommand, and the DNS source the
 * options ask for. Errors are one line and exit status 2. */
#include "cli.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns_ares.h"
#include "dns_zone.h"
#include "receiver.h"
#include "spf_limits.h"
#include "vis.h"

#define CLI_DEFAULT_TIMEOUT_MS 3000

enum {
	OPT_SENDER = 256,
	OPT_HELO,
	OPT_SERVER,
	OPT_ZONE,
	OPT_RECORD,
	OPT_DRAFT,
	OPT_DEFAULT_EXP,
	OPT_TIMEOUT,
	OPT_JSON,
	OPT_NO_COLOR,
	OPT_ASCII,
	OPT_TRACE,
	OPT_IP,
	OPT_DMARC,
	OPT_FORWARDER,
	OPT_CHECK,
	OPT_HELP
};

static const struct option cli_options[] = { { "sender", required_argument,
						 NULL, OPT_SENDER },
	{ "helo", required_argument, NULL, OPT_HELO },
	{ "server", required_argument, NULL, OPT_SERVER },
	{ "zone", required_argument, NULL, OPT_ZONE },
	{ "record", required_argument, NULL, OPT_RECORD },
	{ "draft", required_argument, NULL, OPT_DRAFT },
	{ "default-explanation", required_argument, NULL, OPT_DEFAULT_EXP },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "no-color", no_argument, NULL, OPT_NO_COLOR },
	{ "ascii", no_argument, NULL, OPT_ASCII },
	{ "trace", no_argument, NULL, OPT_TRACE },
	{ "ip", required_argument, NULL, OPT_IP },
	{ "dmarc", required_argument, NULL, OPT_DMARC },
	{ "forwarder", no_argument, NULL, OPT_FORWARDER },
	{ "check", no_argument, NULL, OPT_CHECK },
	{ "help", no_argument, NULL, OPT_HELP }, { NULL, 0, NULL, 0 } };

/* The one writer of error lines. Arguments, file names and the messages
 * that quote them (zone files, records, macros) may hold any byte: they
 * are escaped here, at the edge, as everything else that reaches a
 * terminal (an argument of ESC ] 0 ; ... BEL retitled the terminal). */
int
cli_usage_error(const char *fmt, ...)
{
	char    msg[1024], *v;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	v = vis_dup(msg, strlen(msg));
	fprintf(stderr, "spfscope: %s\n", v);
	free(v);
	return 2;
}

static bool
cli_add(const char **list, size_t *n, const char *v, const char *what)
{
	if (*n == CLI_MAX_LIST) {
		cli_usage_error("more than %d %s options", CLI_MAX_LIST, what);
		return false;
	}
	list[(*n)++] = v;
	return true;
}

static bool
cli_timeout(const char *s, unsigned *out)
{
	unsigned long v = 0;
	size_t        i;

	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] < '0' || s[i] > '9' || i >= 7)
			return false;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	if (i == 0 || v < 10 || v > 600000)
		return false;
	*out = (unsigned)v;
	return true;
}

bool
cli_domain_ok(const char *d)
{
	size_t n = strlen(d), label = 0, i;

	if (n > 0 && d[n - 1] == '.')
		n--;
	if (n == 0 || n > SPF_MAX_NAME)
		return false;
	for (i = 0; i < n; i++) {
		if (d[i] == '.') {
			if (label == 0)
				return false;
			label = 0;
		} else if (++label > SPF_MAX_LABEL) {
			return false;
		}
	}
	return true;
}

bool
cli_parse(int argc, char **argv, struct cli_opts *o)
{
	const char *no_color = getenv("NO_COLOR");
	char       *eq;
	int         c;

	memset(o, 0, sizeof *o);
	o->timeout_ms = CLI_DEFAULT_TIMEOUT_MS;
	o->no_color = no_color != NULL && no_color[0] != '\0';
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":", cli_options, NULL)) != -1) {
		switch (c) {
		case OPT_SENDER:
			o->sender = optarg;
			break;
		case OPT_HELO:
			o->helo = optarg;
			break;
		case OPT_SERVER:
			if (!cli_add(o->servers, &o->nservers, optarg,
				"--server"))
				return false;
			break;
		case OPT_ZONE:
			if (!cli_add(o->zones, &o->nzones, optarg, "--zone"))
				return false;
			break;
		case OPT_RECORD:
			o->record = optarg;
			break;
		case OPT_DRAFT:
			if ((eq = strchr(optarg, '=')) == NULL ||
			    eq == optarg) {
				cli_usage_error("--draft '%.64s': expected "
						"NAME=TEXT",
				    optarg);
				return false;
			}
			if (o->ndrafts == CLI_MAX_LIST) {
				cli_usage_error("more than %d --draft options",
				    CLI_MAX_LIST);
				return false;
			}
			*eq = '\0';
			o->drafts[o->ndrafts].name = optarg;
			o->drafts[o->ndrafts++].text = eq + 1;
			break;
		case OPT_DEFAULT_EXP:
			o->default_exp = optarg;
			break;
		case OPT_TIMEOUT:
			if (!cli_timeout(optarg, &o->timeout_ms)) {
				cli_usage_error(
				    "--timeout '%.32s': expected "
				    "milliseconds from 10 to 600000",
				    optarg);
				return false;
			}
			break;
		case OPT_IP:
			o->ip = optarg;
			break;
		case OPT_DMARC: {
			enum dmarc_policy p;
			if (!dmarc_policy_parse(optarg, &p)) {
				cli_usage_error(
				    "--dmarc '%.32s': expected none, "
				    "quarantine or reject",
				    optarg);
				return false;
			}
			o->dmarc = optarg;
			break;
		}
		case OPT_FORWARDER:
			o->forwarder = true;
			break;
		case OPT_CHECK:
			o->check = true;
			break;
		case OPT_JSON:
			o->json = true;
			break;
		case OPT_NO_COLOR:
			o->no_color = true;
			break;
		case OPT_ASCII:
			o->ascii = true;
			break;
		case OPT_TRACE:
			o->trace = true;
			break;
		case OPT_HELP:
			cli_help();
			exit(0);
		case ':':
			cli_usage_error("%s needs a value", argv[optind - 1]);
			return false;
		default:
			cli_usage_error("unknown option '%s' (see --help)",
			    argv[optind - 1]);
			return false;
		}
	}
	o->args = argv + optind;
	o->nargs = argc - optind;
	return true;
}

struct dns_cache *
cli_dns_open(const struct cli_opts *o)
{
	struct dns_source *src;
	struct spf_err     err;
	size_t             i;

	spf_err_clear(&err);
	if (o->nzones > 0) {
		/* Offline: the zone files are the whole DNS. */
		struct dns_zone *z = dns_zone_new();
		for (i = 0; i < o->nzones; i++) {
			if (dns_zone_load(z, o->zones[i], &err) != SPF_OK) {
				cli_usage_error("%s", err.msg);
				dns_zone_free(z);
				return NULL;
			}
		}
		src = dns_zone_source(z);
	} else {
		src = dns_ares_new(o->nservers > 0 ? o->servers : NULL,
		    o->nservers, o->timeout_ms, &err);
		if (src == NULL) {
			cli_usage_error("%s", err.msg);
			return NULL;
		}
	}
	return dns_cache_new(src);
}
