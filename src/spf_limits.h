/* spf_limits.h: every bound, named once. RFC 7208 sections cited. */
#ifndef SPFSCOPE_SPF_LIMITS_H
#define SPFSCOPE_SPF_LIMITS_H

#define SPF_MAX_DNS_TERMS 10 /* 4.6.4/1: include a mx ptr exists redirect */
#define SPF_MAX_VOID 2       /* 4.6.4/7: NXDOMAIN or empty answers */
#define SPF_MAX_MX_NAMES 10  /* 4.6.4/2 (the suite's numbering) */
#define SPF_MAX_PTR_NAMES 10 /* 4.6.4/3 */
/* Include/redirect nesting; the 10 lookups cap it first. */
#define SPF_MAX_DEPTH 32
#define SPF_MAX_RECORD (1 << 20) /* bytes of a record text (drafts) */
#define DNS_MAX_TXT 65535        /* a TXT RDATA cannot hold more */
#define SPF_MAX_TERMS 32768 /* terms in one record: 2 bytes each at least */
#define SPF_MAX_NAME 253    /* 7.3/6: expanded names, text form */
#define SPF_MAX_LABEL 63
#define SPF_MAX_EXPLAIN 1024 /* bytes of an expanded explanation */
#define DNS_MAX_INFLIGHT 100 /* queries in flight per cache */
#define DNS_MAX_CNAME 16     /* CNAME hops chased in one answer */

#endif
