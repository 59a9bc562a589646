/* fuzz_macro.c: libFuzzer target for the macro expander (src/spf_macro.c,
 * RFC 7208 7) with every input of the context fuzzed. The input:
 *
 *   byte 0: bit 0 mode (0 domain-spec, 1 explain-string), bit 1 IPv6,
 *           bits 2-4 the output buffer size (from 1 byte to 4 KiB)
 *   then fields split at NUL bytes: spec, sender (s), local (l), sender
 *   domain (o), domain (d), helo (h), validated (p), receiver (r), and
 *   the client address (i: its first 4 or 16 bytes, zero-padded).
 *
 * Each field is its own allocation of exactly its length (struct str is
 * not NUL-terminated), so a read past a slice is an ASan report. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "spf_limits.h"
#include "spf_macro.h"

#define FUZZ_MACRO_MAX 4096
#define FUZZ_MACRO_FIELDS 9

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const size_t fuzz_macro_sizes[8] = { 1, 2, 8, 64, 254, 256, 1025, 4096 };

static struct str
fuzz_field(char **own, const uint8_t *p, size_t len)
{
	*own = xmalloc(len == 0 ? 1 : len);
	if (len > 0)
		memcpy(*own, p, len);
	return str_make(*own, len);
}

static void
fuzz_macro_expand(const struct spf_macro_ctx *ctx, struct str spec,
    enum spf_macro_mode mode, size_t size)
{
	struct spf_err err;
	char          *out = xmalloc(size);
	size_t         outlen = (size_t)-1;
	int            rc, chk;

	spf_err_clear(&err);
	chk = spf_macro_check(spec, mode, &err);
	if (chk != SPF_OK && err.off > spec.len)
		fuzz_fail("check: error offset past the spec");
	spf_err_clear(&err);
	rc = spf_macro_expand(ctx, spec, mode, out, size, &outlen, &err);
	/* A syntax error anywhere wins over a lack of room (spf_macro.c). */
	if ((rc == SPF_ESYNTAX) != (chk != SPF_OK))
		fuzz_fail("expand and check disagree on the syntax");
	if (rc == SPF_OK) {
		if (outlen >= size || out[outlen] != '\0')
			fuzz_fail("expansion not terminated inside out");
		if (mode == SPF_MACRO_DOMAIN && outlen > SPF_MAX_NAME)
			fuzz_fail("domain expansion over SPF_MAX_NAME");
	} else if (rc != SPF_ESYNTAX && rc != SPF_ELIMIT) {
		fuzz_fail("unexpected status");
	} else if (rc == SPF_ESYNTAX && err.off > spec.len) {
		fuzz_fail("expand: error offset past the spec");
	}
	free(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct spf_macro_ctx ctx;
	struct ip_addr       ip;
	struct str           f[FUZZ_MACRO_FIELDS];
	char                *own[FUZZ_MACRO_FIELDS];
	const uint8_t       *p, *end, *nul;
	size_t               i, n, outsize;
	unsigned             flags;
	const char          *c;

	if (size < 1 || size > FUZZ_MACRO_MAX)
		return -1;
	flags = data[0];
	p = data + 1;
	end = data + size;
	for (i = 0; i < FUZZ_MACRO_FIELDS; i++) {
		nul = memchr(p, '\0', (size_t)(end - p));
		n = nul != NULL && i + 1 < FUZZ_MACRO_FIELDS
		    ? (size_t)(nul - p)
		    : (size_t)(end - p);
		f[i] = fuzz_field(&own[i], p, n);
		p += n;
		if (p < end)
			p++;
	}
	memset(&ip, 0, sizeof ip);
	ip.family = flags & 2 ? 6 : 4;
	memcpy(ip.b, f[8].p, f[8].len < 16 ? f[8].len : 16);
	memset(&ctx, 0, sizeof ctx);
	ctx.sender = f[1];
	ctx.local = f[2];
	ctx.sender_domain = f[3];
	ctx.domain = f[4];
	ctx.helo = f[5];
	ctx.validated = f[6];
	ctx.receiver = f[7];
	ctx.ip = &ip;
	ctx.now = FUZZ_NOW;
	outsize = fuzz_macro_sizes[(flags >> 2) & 7];
	fuzz_macro_expand(&ctx, f[0],
	    flags & 1 ? SPF_MACRO_EXPLAIN : SPF_MACRO_DOMAIN, outsize);
	/* The other mode, with room to spare. */
	fuzz_macro_expand(&ctx, f[0],
	    flags & 1 ? SPF_MACRO_DOMAIN : SPF_MACRO_EXPLAIN, 4096);
	for (c = "slodiphcrtv"; *c != '\0'; c++)
		(void)spf_macro_uses(f[0], *c);
	/* The sender field as typed text: the address parser too. */
	if (ip_parse(f[1].p, f[1].len, &ip)) {
		char buf[160];

		(void)ip_format(&ip, buf, sizeof buf);
		(void)ip_reverse_name(&ip, buf, sizeof buf);
		(void)ip_macro_i(&ip, buf, sizeof buf);
	}
	for (i = 0; i < FUZZ_MACRO_FIELDS; i++)
		free(own[i]);
	return 0;
}
