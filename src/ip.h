/* ip.h: client and network addresses, CIDR matching, reverse names. */
#ifndef SPFSCOPE_IP_H
#define SPFSCOPE_IP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ip_addr {
	int     family; /* 4 or 6 */
	uint8_t b[16];  /* 4 bytes used for IPv4 */
};

/* Strict textual forms (inet_pton); len bytes of s, no NUL needed. */
bool ip_parse(const char *s, size_t len, struct ip_addr *out);

/* RFC 7208 5 (and 4.1): an IPv4-mapped IPv6 client (::ffff:a.b.c.d) is
 * evaluated as the IPv4 address it carries. Returns true when it mapped. */
bool ip_unmap(struct ip_addr *ip);

/* Does ip fall inside net/prefix? Families must agree, else false:
 * RFC 7208 5.6/2, ip6 never matches an IPv4 client and ip4 no IPv6. */
bool ip_in_net(const struct ip_addr *ip, const uint8_t *net, int family,
    unsigned prefix);

/* inet_ntop form into buf; returns buf. */
const char *ip_format(const struct ip_addr *ip, char *buf, size_t size);

/* "4.3.2.1.in-addr.arpa" or the 32 nibbles + "ip6.arpa" (RFC 7208 5.5). */
bool ip_reverse_name(const struct ip_addr *ip, char *buf, size_t size);

/* RFC 7208 7.3: the "i" macro: dotted quad, or 32 dot-separated
 * upper-case nibbles for IPv6 (CHOICE in ip.c). */
bool ip_macro_i(const struct ip_addr *ip, char *buf, size_t size);

#endif
