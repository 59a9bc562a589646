/* ip.c: address parsing, CIDR tests and the reverse-name forms. */
#include "ip.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "str.h"

bool
ip_parse(const char *s, size_t len, struct ip_addr *out)
{
	char buf[64];

	if (len == 0 || len >= sizeof buf || memchr(s, '\0', len) != NULL)
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	memset(out, 0, sizeof *out);
	if (inet_pton(AF_INET, buf, out->b) == 1) {
		out->family = 4;
		return true;
	}
	if (inet_pton(AF_INET6, buf, out->b) == 1) {
		out->family = 6;
		return true;
	}
	return false;
}

bool
ip_unmap(struct ip_addr *ip)
{
	static const uint8_t prefix[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff,
		0xff };

	if (ip->family != 6 || memcmp(ip->b, prefix, sizeof prefix) != 0)
		return false;
	memmove(ip->b, ip->b + 12, 4);
	memset(ip->b + 4, 0, 12);
	ip->family = 4;
	return true;
}

bool
ip_in_net(const struct ip_addr *ip, const uint8_t *net, int family,
    unsigned prefix)
{
	unsigned bytes = prefix / 8, bits = prefix % 8;
	unsigned max = family == 4 ? 32 : 128;

	if (ip->family != family || prefix > max)
		return false;
	if (memcmp(ip->b, net, bytes) != 0)
		return false;
	if (bits != 0) {
		uint8_t mask = (uint8_t)(0xff << (8 - bits));
		if ((ip->b[bytes] & mask) != (net[bytes] & mask))
			return false;
	}
	return true;
}

const char *
ip_format(const struct ip_addr *ip, char *buf, size_t size)
{
	if (inet_ntop(ip->family == 4 ? AF_INET : AF_INET6, ip->b, buf,
		(socklen_t)size) == NULL &&
	    size > 0)
		buf[0] = '\0';
	return buf;
}

static bool
ip_nibbles(const struct ip_addr *ip, char *buf, size_t size, bool reverse,
    const char *hex)
{
	size_t o = 0;
	int    i;

	if (size < 64)
		return false;
	for (i = 0; i < 32; i++) {
		int     k = reverse ? 31 - i : i;
		uint8_t v = ip->b[k / 2];
		buf[o++] = hex[k % 2 == 0 ? v >> 4 : v & 0xf];
		buf[o++] = '.';
	}
	buf[o - 1] = '\0';
	return true;
}

bool
ip_reverse_name(const struct ip_addr *ip, char *buf, size_t size)
{
	int n;

	if (ip->family == 4) {
		n = snprintf(buf, size, "%u.%u.%u.%u.in-addr.arpa", ip->b[3],
		    ip->b[2], ip->b[1], ip->b[0]);
		return n > 0 && (size_t)n < size;
	}
	if (!ip_nibbles(ip, buf, size, true, "0123456789abcdef"))
		return false;
	return str_append(buf, size, ".ip6.arpa", 9);
}

bool
ip_macro_i(const struct ip_addr *ip, char *buf, size_t size)
{
	int n;

	if (ip->family == 4) {
		n = snprintf(buf, size, "%u.%u.%u.%u", ip->b[0], ip->b[1],
		    ip->b[2], ip->b[3]);
		return n > 0 && (size_t)n < size;
	}
	/* CHOICE: RFC 7208 7.4's example writes the nibbles in lower case;
	 * the openspf suite (v-macro-ip6) expects upper case, as pyspf and
	 * Mail::SPF produce. DNS compares names case-insensitively, so only
	 * explanations differ: we follow the suite. */
	return ip_nibbles(ip, buf, size, false, "0123456789ABCDEF");
}
