/* dns_zone_table.c: the zone in memory and its answers. Names form a
 * tree of labels, each node one label under its parent; RRsets are
 * keyed by (node, type); records keep the wire rdata zscanner gave, in
 * file order. Lookups answer as a recursive resolver would: CNAMEs
 * chased, RFC 4592 wildcards, NXDOMAIN, NODATA for an empty
 * non-terminal, the fault a directive names, and the size of the DNS
 * message. The zone owns its arena (every node, RRset, record and
 * fault), its tables and the names kept for the loader (dns_zone.c);
 * each answer dns_zone_lookup() returns is the caller's; the dns_source
 * owns its zone.
 *
 * Why this shape: a 63 MiB file of two million A records took 370 MiB
 * and 7 s as a malloc'd node (with its whole name) and record per line,
 * pointer-linked: 150 bytes a record, and malloc and free were half the
 * time. Here objects are packed in 1 MiB chunks and linked by 32-bit
 * references, a name stores one label and its first RRset, and freeing
 * is one call per chunk: about 50 bytes for such a record. Every byte is
 * counted against DNS_ZONE_MAX_MEMORY (docs/BOUNDS.md). */
#include "dns_zone_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns_zone_directive.h"
#include "spf_limits.h"
#include "xmalloc.h"

/* A reference is a chunk index and a 4-byte unit in it; 0 is none (the
 * first unit of the first chunk is never handed out). */
#define ARENA_SHIFT 20 /* 1 MiB chunks: big enough for any record */
#define ARENA_CHUNK ((size_t)1 << ARENA_SHIFT)
#define ARENA_UNIT 4
#define ARENA_UNIT_BITS (ARENA_SHIFT - 2)
#define ARENA_MAX_CHUNKS ((size_t)1 << (32 - ARENA_UNIT_BITS))
#define ARENA_ZERO 16 /* the largest fixed part of an object */

#define TABLE_FIRST 64 /* buckets of a new table */
#define TABLE_GUESS 64 /* bytes of zone text a name takes, at least */
#define INDEX_FIRST 64 /* slots of a new RRset index */

/* An RRset under this many bytes on the wire (at most 46 records), or
 * of one record, is searched record by record for a duplicate; a larger
 * one through an index of its own (struct zone_index): a file of sets of
 * 2,800 records took 21 s, one name with 20,000 types 7 s for 2 MiB. */
#define SET_SCAN_BYTES 512
/* RFC 1035 4.2.1: a message is at most 65,535 bytes, 12 of them the
 * header. */
#define SET_MAX_BYTES (65535 - 12)

#define WIRE_MAX 255   /* RFC 1035 3.1: a name on the wire */
#define LABELS_MAX 128 /* labels of a name of WIRE_MAX bytes, root too */

/* An RRset: its records are a ring, entered at the newest. A name's
 * first set lives in its node; the others, rarer, in a zone_hset found
 * by (node, type). Both hold it SET_UNITS units in, so that a set's
 * reference is its holder's plus SET_UNITS. */
struct zone_set {
	uint32_t last; /* newest record, its next the oldest; 0: unused */
	uint16_t type;
	uint16_t bytes; /* on the wire, capped at 65,535 */
};

#define SET_UNITS 2

struct zone_node {
	uint32_t        next;    /* hash chain */
	uint32_t        parent;  /* 0 for a top-level label */
	struct zone_set set;     /* the name's first RRset */
	uint8_t         wirelen; /* of the whole name */
	uint8_t         flags;   /* NODE_EXISTS, NODE_SETS, NODE_FAULTS */
	uint8_t         len;
	unsigned char   label[]; /* A-Z lowered */
};

#define NODE_EXISTS 1 /* owns records or is an ancestor of one */
#define NODE_SETS 2   /* has RRsets in z->sets, besides n->set */
#define NODE_FAULTS 4 /* has faults in z->faults */

struct zone_hset {
	uint32_t        next; /* hash chain */
	uint32_t        node;
	struct zone_set set;
};

_Static_assert(offsetof(struct zone_node, set) / ARENA_UNIT == SET_UNITS &&
	offsetof(struct zone_hset, set) / ARENA_UNIT == SET_UNITS,
    "a set's reference is its holder's plus SET_UNITS");

struct zone_rr {
	uint32_t      next; /* a ring, in file order */
	uint32_t      ttl;
	uint16_t      rdlen;
	unsigned char rdata[]; /* wire form, names with their case */
};

struct zone_fault {
	uint32_t next; /* hash chain: a node's faults newest first */
	uint32_t node;
	uint16_t type;
	uint8_t  status; /* enum dns_status */
	uint8_t  any_type;
};

/* The index of a large RRset: open addressing over its records, at
 * most half full. Most sets have none, so it is not a field of the set
 * but found in z->idx, a chained table by set. Each index is small and
 * its set's records near each other: one shared table cost a cache
 * miss a record, and a 64 MiB jump when it grew. */
struct zone_index {
	struct zone_index *next; /* z->idx chain */
	uint32_t           set;
	uint32_t           cap; /* a power of two */
	uint32_t           count;
	uint32_t           slot[]; /* records; 0 is a free slot */
};

struct zone_file {
	struct zone_file *next;
	char              name[];
};

struct zone_source {
	struct dns_source src; /* first: the cache hands back &src */
	struct dns_zone  *z;
};

static void *
arena_at(const struct dns_zone *z, uint32_t ref)
{
	return z->chunk[ref >> ARENA_UNIT_BITS] +
	    (size_t)(ref & ((1u << ARENA_UNIT_BITS) - 1)) * ARENA_UNIT;
}

/* Counts size bytes against the memory bound, which the zone text held
 * by the loader shares; false when it is reached, with z->why saying
 * so. */
static bool
table_charge(struct dns_zone *z, size_t size)
{
	size_t used = z->mem + z->text;

	if (used > z->max_mem || size > z->max_mem - used) {
		snprintf(z->why, sizeof z->why,
		    "zone text and records need over %zu MiB of memory",
		    z->max_mem >> 20);
		return false;
	}
	z->mem += size;
	return true;
}

bool
dns_zone_table_hold(struct dns_zone *z, size_t len)
{
	if (!table_charge(z, len))
		return false;
	z->mem -= len;
	z->text += len;
	return true;
}

void
dns_zone_table_release(struct dns_zone *z, size_t len)
{
	z->text -= len < z->text ? len : z->text;
}

/* Returns an object of size bytes, its first ARENA_ZERO zeroed, and its
 * reference in *ref, or NULL at the memory bound. */
static void *
arena_alloc(struct dns_zone *z, size_t size, uint32_t *ref)
{
	unsigned char *p;

	size = (size + ARENA_UNIT - 1) & ~(size_t)(ARENA_UNIT - 1);
	if (z->nchunk == 0 || ARENA_CHUNK - z->used < size) {
		/* The bound is below ARENA_MAX_CHUNKS chunks: every
		 * reference fits in 32 bits. */
		if (!table_charge(z, ARENA_CHUNK))
			return NULL;
		/* Doubling: the array of chunks stays small. */
		if ((z->nchunk & (z->nchunk - 1)) == 0)
			z->chunk = xreallocarray(z->chunk,
			    z->nchunk == 0 ? 1 : z->nchunk * 2,
			    sizeof *z->chunk);
		/* Untouched pages of a chunk cost no memory: a small zone
		 * stays small. */
		z->chunk[z->nchunk++] = xmalloc(ARENA_CHUNK);
		z->used = z->nchunk == 1 ? ARENA_UNIT : 0;
	}
	*ref = (uint32_t)((z->nchunk - 1) << ARENA_UNIT_BITS |
	    z->used / ARENA_UNIT);
	p = z->chunk[z->nchunk - 1] + z->used;
	z->used += size;
	/* Every object's fixed fields fit in ARENA_ZERO bytes; the bytes
	 * after them are the caller's to fill (a record's rdata may be
	 * 64 KiB: zeroing it first cost as much as copying it). */
	memset(p, 0, size < ARENA_ZERO ? size : ARENA_ZERO);
	return p;
}

/* fmix32 of MurmurHash3: every input bit moves the low bits, which pick
 * the bucket. */
static uint32_t
table_mix(uint32_t h)
{
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	h ^= h >> 16;
	return h;
}

/* FNV-1a over a reference, then bytes. */
static uint32_t
table_hash(uint32_t ref, const unsigned char *p, size_t len)
{
	uint32_t h = 2166136261u;
	size_t   i;

	for (i = 0; i < 4; i++)
		h = (h ^ ((ref >> (8 * i)) & 0xff)) * 16777619u;
	for (i = 0; i < len; i++)
		h = (h ^ p[i]) * 16777619u;
	return table_mix(h);
}

static uint32_t
node_hash(const struct dns_zone *z, uint32_t ref)
{
	const struct zone_node *n = arena_at(z, ref);

	return table_hash(n->parent, n->label, n->len);
}

static uint32_t
set_hash_of(uint32_t node, uint16_t type)
{
	return table_mix(node * 0x9e3779b1u + type);
}

static uint32_t
set_hash(const struct dns_zone *z, uint32_t ref)
{
	const struct zone_hset *h = arena_at(z, ref);

	return set_hash_of(h->node, h->set.type);
}

static uint32_t
fault_hash(const struct dns_zone *z, uint32_t ref)
{
	const struct zone_fault *f = arena_at(z, ref);

	return table_mix(f->node);
}

static void
table_init(struct zone_hash *h)
{
	h->nbucket = TABLE_FIRST;
	h->count = 0;
	h->tab = xcalloc(h->nbucket, sizeof *h->tab);
}

/* Doubles h in place, splitting each chain between bucket i and i + n
 * by one more bit of the hash: realloc() can then move the pages
 * instead of holding old and new tables at once. */
static bool
table_grow(struct dns_zone *z, struct zone_hash *h,
    uint32_t (*hash)(const struct dns_zone *, uint32_t))
{
	size_t    n = h->nbucket, i;
	uint32_t *lo, *hi, ref, *link;

	if (!table_charge(z, n * sizeof *h->tab))
		return false;
	h->tab = xreallocarray(h->tab, n * 2, sizeof *h->tab);
	for (i = 0; i < n; i++) {
		ref = h->tab[i];
		lo = &h->tab[i];
		hi = &h->tab[i + n];
		while (ref != 0) {
			link = arena_at(z, ref);
			if ((hash(z, ref) & n) != 0) {
				*hi = ref;
				hi = link;
			} else {
				*lo = ref;
				lo = link;
			}
			ref = *link;
		}
		*lo = 0;
		*hi = 0;
	}
	h->nbucket = n * 2;
	return true;
}

static void
table_link(struct dns_zone *z, struct zone_hash *h, uint32_t ref, uint32_t hv)
{
	uint32_t *link = arena_at(z, ref);

	*link = h->tab[hv & (h->nbucket - 1)];
	h->tab[hv & (h->nbucket - 1)] = ref;
	h->count++;
}

static uint32_t
node_child_h(const struct dns_zone *z, uint32_t parent,
    const unsigned char *label, size_t len, uint32_t h)
{
	const struct zone_node *n;
	uint32_t                ref;

	for (ref = z->names.tab[h & (z->names.nbucket - 1)]; ref != 0;
	     ref = n->next) {
		n = arena_at(z, ref);
		if (n->parent == parent && n->len == len &&
		    memcmp(n->label, label, len) == 0)
			return ref;
	}
	return 0;
}

static uint32_t
node_child(const struct dns_zone *z, uint32_t parent,
    const unsigned char *label, size_t len)
{
	return node_child_h(z, parent, label, len,
	    table_hash(parent, label, len));
}

/* Splits the wire name wire[0..len) into labels: off[i] is where the
 * i-th label from the left starts (its length byte). Returns how many,
 * 0 for the root, or -1 when the name is malformed.
 *
 * A top-level label has parent 0. The root, which only an owner "." or
 * a CNAME to "." names (a lookup of "." is a bad name), is a node of
 * no label under parent 0, apart from the tree: it is no one's
 * ancestor, and no wildcard is looked for at it. */
static int
table_labels(const unsigned char *wire, size_t len, size_t *off)
{
	size_t i = 0;
	int    n = 0;

	while (i < len && wire[i] != 0) {
		if (wire[i] > SPF_MAX_LABEL || len - i - 1 < wire[i] ||
		    n == LABELS_MAX)
			return -1;
		off[n++] = i;
		i += 1 + (size_t)wire[i];
	}
	return i < len ? n : -1;
}

/* Copies the wire name with A-Z lowered into out (WIRE_MAX bytes): the
 * length bytes, at most 63, are never letters. */
static size_t
table_lower(const unsigned char *wire, size_t len, unsigned char *out)
{
	size_t i;

	if (len > WIRE_MAX)
		len = WIRE_MAX;
	for (i = 0; i < len; i++)
		out[i] = wire[i] >= 'A' && wire[i] <= 'Z'
		    ? (unsigned char)(wire[i] - 'A' + 'a')
		    : wire[i];
	return len;
}

/* Finds the node of the lowered wire name. *encloser gets the nearest
 * ancestor that exists (RFC 4592 3.3.1's closest encloser), or 0. */
static uint32_t
table_find(const struct dns_zone *z, const unsigned char *wire, size_t len,
    uint32_t *encloser)
{
	size_t                  off[LABELS_MAX];
	const struct zone_node *n;
	uint32_t                ref = 0, parent = 0;
	int                     i = table_labels(wire, len, off);

	*encloser = 0;
	if (i == 0)
		return node_child(z, 0, wire, 0);
	while (i-- > 0) {
		ref = node_child(z, parent, wire + off[i] + 1, wire[off[i]]);
		if (ref == 0)
			return 0;
		n = arena_at(z, ref);
		if (i > 0 && (n->flags & NODE_EXISTS) != 0)
			*encloser = ref;
		parent = ref;
	}
	return ref;
}

/* Finds or makes the child of parent labelled label[0..len), whose name
 * is wirelen bytes on the wire; 0 at the memory bound. */
static uint32_t
table_child(struct dns_zone *z, uint32_t parent, const unsigned char *label,
    size_t len, size_t wirelen)
{
	struct zone_node *n;
	uint32_t          ref, h = table_hash(parent, label, len);

	if ((ref = node_child_h(z, parent, label, len, h)) != 0)
		return ref;
	if (z->names.count >= z->names.nbucket && !z->pinned &&
	    !table_grow(z, &z->names, node_hash))
		return 0;
	n = arena_alloc(z, offsetof(struct zone_node, label) + len, &ref);
	if (n == NULL)
		return 0;
	n->parent = parent;
	n->len = (uint8_t)len;
	n->wirelen = (uint8_t)wirelen;
	memcpy(n->label, label, len);
	table_link(z, &z->names, ref, h);
	return ref;
}

/* Finds or makes the node of the lowered wire name and its ancestors;
 * with exists, marks them all as existing: an empty non-terminal (RFC
 * 4592 2.2.2) answers NODATA, not NXDOMAIN. Returns 0 at the memory
 * bound or for a malformed name. */
static uint32_t
table_make(struct dns_zone *z, const unsigned char *wire, size_t len,
    bool exists)
{
	size_t            off[LABELS_MAX];
	struct zone_node *n;
	uint32_t          ref = 0, parent = 0;
	int               i = table_labels(wire, len, off);

	if (i < 0) {
		snprintf(z->why, sizeof z->why, "malformed name");
		return 0;
	}
	if (i == 0)
		ref = table_child(z, 0, wire, 0, 1);
	while (i-- > 0) {
		ref = table_child(z, parent, wire + off[i] + 1, wire[off[i]],
		    len - off[i]);
		if (ref == 0)
			return 0;
		n = arena_at(z, ref);
		if (exists)
			n->flags |= NODE_EXISTS;
		parent = ref;
	}
	if (ref != 0 && exists) {
		n = arena_at(z, ref);
		n->flags |= NODE_EXISTS;
	}
	return ref;
}

/* A name's first RRset is in its node: most names have one or two,
 * and looking each up in z->sets cost a cache miss. */
static uint32_t
set_find(const struct dns_zone *z, uint32_t node, uint16_t type)
{
	const struct zone_node *n = arena_at(z, node);
	const struct zone_hset *hs;
	uint32_t                ref, h = set_hash_of(node, type);

	if (n->set.last != 0 && n->set.type == type)
		return node + SET_UNITS;
	if ((n->flags & NODE_SETS) == 0)
		return 0;
	for (ref = z->sets.tab[h & (z->sets.nbucket - 1)]; ref != 0;
	     ref = hs->next) {
		hs = arena_at(z, ref);
		if (hs->node == node && hs->set.type == type)
			return hs->set.last != 0 ? ref + SET_UNITS : 0;
	}
	return 0;
}

/* Makes the set of type at node, or finds an unused one: in the node
 * when the name has no set yet. Returns its reference, 0 at the memory
 * bound. */
static uint32_t
set_make(struct dns_zone *z, uint32_t node, uint16_t type)
{
	struct zone_node *n = arena_at(z, node);
	struct zone_hset *hs;
	uint32_t          ref, h = set_hash_of(node, type);

	if (n->set.last == 0) {
		n->set.type = type;
		n->set.bytes = 0;
		z->nset++;
		return node + SET_UNITS;
	}
	for (ref = z->sets.tab[h & (z->sets.nbucket - 1)]; ref != 0;
	     ref = hs->next) {
		hs = arena_at(z, ref);
		if (hs->node == node && hs->set.type == type)
			return ref + SET_UNITS; /* left unused at the bound */
	}
	if (z->sets.count >= z->sets.nbucket && !z->pinned &&
	    !table_grow(z, &z->sets, set_hash))
		return 0;
	if ((hs = arena_alloc(z, sizeof *hs, &ref)) == NULL)
		return 0;
	hs->node = node;
	hs->set.type = type;
	table_link(z, &z->sets, ref, h);
	n = arena_at(z, node);
	n->flags |= NODE_SETS;
	z->nset++;
	return ref + SET_UNITS;
}

/* The oldest record of the set: the ring starts after the newest. */
static uint32_t
set_first(const struct dns_zone *z, const struct zone_set *s)
{
	const struct zone_rr *last = arena_at(z, s->last);

	return last->next;
}

static size_t
index_size(uint32_t cap)
{
	return sizeof(struct zone_index) + cap * sizeof(uint32_t);
}

/* The link to the index of set in z->idx, or to the NULL that ends its
 * chain. */
static struct zone_index **
index_link(const struct dns_zone *z, uint32_t set)
{
	struct zone_index **link;

	for (link = &z->idx[table_mix(set) & (z->idxcap - 1)];
	     *link != NULL && (*link)->set != set; link = &(*link)->next)
		;
	return link;
}

static struct zone_index *
index_of(struct dns_zone *z, uint32_t set)
{
	if (z->oidx == NULL || z->oidx->set != set)
		z->oidx = z->idxcap == 0 ? NULL : *index_link(z, set);
	return z->oidx;
}

static bool
index_has(const struct dns_zone *z, const struct zone_index *ix,
    const unsigned char *rd, size_t len)
{
	const struct zone_rr *rr;
	uint32_t              i, mask = ix->cap - 1;

	for (i = table_hash(0, rd, len) & mask; ix->slot[i] != 0;
	     i = (i + 1) & mask) {
		rr = arena_at(z, ix->slot[i]);
		if (rr->rdlen == len && memcmp(rr->rdata, rd, len) == 0)
			return true;
	}
	return false;
}

static void
index_put(const struct dns_zone *z, struct zone_index *ix, uint32_t ref)
{
	const struct zone_rr *rr = arena_at(z, ref);
	uint32_t              i, mask = ix->cap - 1;

	for (i = table_hash(0, rr->rdata, rr->rdlen) & mask; ix->slot[i] != 0;
	     i = (i + 1) & mask)
		;
	ix->slot[i] = ref;
	ix->count++;
}

/* The bytes of n buckets of z->idx: the size of a pointer is meant. */
static size_t
index_table_bytes(size_t n)
{
	/* NOLINTNEXTLINE(bugprone-sizeof-expression) */
	return n * sizeof(struct zone_index *);
}

/* Doubles z->idx, the table of indexes, when it holds one a bucket. */
static bool
index_table_grow(struct dns_zone *z)
{
	struct zone_index **tab, *ix, *next;
	size_t              cap = z->idxcap == 0 ? TABLE_FIRST : z->idxcap * 2;
	size_t              i;

	if (z->nidx < z->idxcap)
		return true;
	if (!table_charge(z, index_table_bytes(cap)))
		return false;
	tab = xcalloc(1, index_table_bytes(cap));
	for (i = 0; i < z->idxcap; i++) {
		for (ix = z->idx[i]; ix != NULL; ix = next) {
			next = ix->next;
			ix->next = tab[table_mix(ix->set) & (cap - 1)];
			tab[table_mix(ix->set) & (cap - 1)] = ix;
		}
	}
	free(z->idx);
	z->mem -= index_table_bytes(z->idxcap);
	z->idx = tab;
	z->idxcap = cap;
	return true;
}

/* Adds the record ref to the index of set, made or doubled as needed. */
static bool
index_add(struct dns_zone *z, uint32_t set, uint32_t ref)
{
	struct zone_index **link, *ix = index_of(z, set), *nx;
	uint32_t            cap, i;

	if (ix == NULL || (ix->count + 1) * 2 > ix->cap) {
		if (ix == NULL && !index_table_grow(z))
			return false;
		cap = ix == NULL ? INDEX_FIRST : ix->cap * 2;
		if (!table_charge(z, index_size(cap)))
			return false;
		nx = xcalloc(1, index_size(cap));
		nx->set = set;
		nx->cap = cap;
		link = index_link(z, set);
		if (ix != NULL) {
			for (i = 0; i < ix->cap; i++)
				if (ix->slot[i] != 0)
					index_put(z, nx, ix->slot[i]);
			nx->next = ix->next;
			z->mem -= index_size(ix->cap);
			free(ix);
		} else {
			z->nidx++;
		}
		*link = nx;
		z->oidx = ix = nx;
	}
	index_put(z, ix, ref);
	z->nindexed++;
	return true;
}

/* Are the set's records in the index? Those of a set of many records
 * are; a set of one record needs no index, however long. */
static bool
set_indexed(const struct dns_zone *z, const struct zone_set *s)
{
	const struct zone_rr *last;

	if (s->bytes < SET_SCAN_BYTES || s->last == 0)
		return false;
	last = arena_at(z, s->last);
	return last->next != s->last;
}

/* Is the record already in the set? */
static bool
set_has(struct dns_zone *z, uint32_t ref, const unsigned char *rd, size_t len)
{
	const struct zone_set   *s = arena_at(z, ref);
	const struct zone_rr    *rr;
	const struct zone_index *ix;
	uint32_t                 r, first;

	if (set_indexed(z, s))
		return (ix = index_of(z, ref)) != NULL &&
		    index_has(z, ix, rd, len);
	if (s->last == 0)
		return false;
	r = first = set_first(z, s);
	do {
		rr = arena_at(z, r);
		if (rr->rdlen == len && memcmp(rr->rdata, rd, len) == 0)
			return true;
		r = rr->next;
	} while (r != first);
	return false;
}

/* Appends the record rref to the set, and to the index once the set is
 * large (all its records when it just became so). */
static bool
set_append(struct dns_zone *z, uint32_t sref, uint32_t rref, size_t bytes)
{
	struct zone_set *s = arena_at(z, sref);
	struct zone_rr  *rr = arena_at(z, rref), *last;
	bool             was = set_indexed(z, s);
	size_t           before = s->bytes;
	uint32_t         r, first;

	if (s->last == 0) {
		rr->next = rref;
	} else {
		last = arena_at(z, s->last);
		rr->next = last->next;
		last->next = rref;
	}
	s->last = rref;
	s->bytes = (uint16_t)(bytes > 65535 - before ? 65535 : before + bytes);
	z->nrr++;
	if (was)
		return index_add(z, sref, rref);
	if (!set_indexed(z, s))
		return true;
	r = first = set_first(z, s);
	do {
		if (!index_add(z, sref, r))
			return false;
		rr = arena_at(z, r);
		r = rr->next;
	} while (r != first);
	return true;
}

struct dns_zone *
dns_zone_new(void)
{
	struct dns_zone *z = xcalloc(1, sizeof *z);

	z->max_mem = DNS_ZONE_MAX_MEMORY;
	table_init(&z->names);
	table_init(&z->sets);
	table_init(&z->faults);
	z->mem = (z->names.nbucket + z->sets.nbucket + z->faults.nbucket) *
	    sizeof *z->names.tab;
	return z;
}

void
dns_zone_set_max_memory(struct dns_zone *z, size_t bytes)
{
	size_t most = (ARENA_MAX_CHUNKS - 1) * ARENA_CHUNK;

	z->max_mem = bytes < most ? bytes : most;
}

void
dns_zone_free(struct dns_zone *z)
{
	struct zone_file  *file, *nfile;
	struct zone_index *ix, *nix;
	size_t             i;

	if (z == NULL)
		return;
	for (i = 0; i < z->nchunk; i++)
		free(z->chunk[i]);
	for (file = z->files; file != NULL; file = nfile) {
		nfile = file->next;
		free(file);
	}
	free(z->chunk);
	free(z->names.tab);
	free(z->sets.tab);
	free(z->faults.tab);
	for (i = 0; i < z->idxcap; i++) {
		for (ix = z->idx[i]; ix != NULL; ix = nix) {
			nix = ix->next;
			free(ix);
		}
	}
	free(z->idx);
	free(z);
}

/* The node of the owner, the last one's when it is the same: the
 * records of a name usually follow each other. */
static uint32_t
table_owner(struct dns_zone *z, const unsigned char *owner, size_t olen)
{
	unsigned char wire[WIRE_MAX];
	size_t        len;
	uint32_t      node;

	if (z->owner != 0 && olen == z->olen &&
	    memcmp(owner, z->oname, olen) == 0)
		return z->owner;
	len = table_lower(owner, olen, wire);
	if ((node = table_make(z, wire, len, true)) == 0)
		return 0;
	memcpy(z->oname, owner, len);
	z->olen = len;
	z->owner = node;
	z->oset = 0;
	return node;
}

const char *
dns_zone_table_add(struct dns_zone *z, const unsigned char *owner, size_t olen,
    uint16_t type, uint32_t ttl, const unsigned char *rd, size_t rdlen)
{
	const struct zone_node *n;
	const struct zone_set  *s;
	struct zone_rr         *rr;
	uint32_t                node, sref, rref;
	size_t                  bytes;

	if ((node = table_owner(z, owner, olen)) == 0)
		return z->why;
	n = arena_at(z, node);
	bytes = (size_t)n->wirelen + 10 + rdlen;
	sref = z->oset != 0 && z->otype == type ? z->oset
						: set_find(z, node, type);
	if (sref != 0) {
		/* An RRset is a set (RFC 2181 5): a record written twice is
		 * served once, or a repeated SPF record would read as two. */
		if (set_has(z, sref, rd, rdlen))
			return NULL;
		s = arena_at(z, sref);
		/* No DNS message could carry a bigger set, and the cap keeps
		 * every set's scan and answer bounded. */
		if (s->bytes > 0 && s->bytes + bytes > SET_MAX_BYTES)
			return "more records of the type than one DNS message "
			       "holds";
	} else if ((sref = set_make(z, node, type)) == 0) {
		return z->why;
	}
	z->oset = sref;
	z->otype = type;
	if ((rr = arena_alloc(z, offsetof(struct zone_rr, rdata) + rdlen,
		 &rref)) == NULL)
		return z->why;
	rr->ttl = ttl;
	rr->rdlen = (uint16_t)rdlen;
	memcpy(rr->rdata, rd, rdlen);
	return set_append(z, sref, rref, bytes) ? NULL : z->why;
}

/* Writes the key (dns_zone_directive_name() form: labels split by '.',
 * a backslash before a literal '.' or '\') as a wire name into wire
 * (WIRE_MAX bytes); returns its length, 0 if it does not fit. */
static size_t
table_key_wire(const char *key, unsigned char *wire)
{
	size_t o = 1, lab = 0;

	for (; *key != '\0'; key++) {
		if (o >= WIRE_MAX - 1)
			return 0;
		if (*key == '.') {
			wire[lab] = (unsigned char)(o - lab - 1);
			lab = o++;
			continue;
		}
		if (*key == '\\' && key[1] != '\0')
			key++;
		wire[o++] = (unsigned char)*key;
	}
	wire[lab] = (unsigned char)(o - lab - 1);
	wire[o++] = 0;
	return o;
}

const char *
dns_zone_table_add_fault(void *arg, const struct dns_zone_directive *d)
{
	struct dns_zone   *z = arg;
	struct zone_node  *n;
	struct zone_fault *f;
	unsigned char      wire[WIRE_MAX];
	uint32_t           node, ref;
	size_t             len = table_key_wire(d->key, wire);

	if ((node = table_make(z, wire, len, false)) == 0)
		return z->why;
	if (z->faults.count >= z->faults.nbucket &&
	    !table_grow(z, &z->faults, fault_hash))
		return z->why;
	if ((f = arena_alloc(z, sizeof *f, &ref)) == NULL)
		return z->why;
	f->node = node;
	f->status = (uint8_t)d->status;
	f->any_type = d->any_type;
	f->type = d->type;
	/* At the head of its chain: a node's faults, newest first. */
	table_link(z, &z->faults, ref, table_mix(node));
	n = arena_at(z, node);
	n->flags |= NODE_FAULTS;
	return NULL;
}

const char *
dns_zone_table_keep(struct dns_zone *z, const char *name)
{
	size_t            len = strlen(name);
	struct zone_file *f = xmalloc(sizeof *f + len + 1);

	memcpy(f->name, name, len + 1);
	f->next = z->files;
	z->files = f;
	return f->name;
}

void
dns_zone_table_expect(struct dns_zone *z, size_t bytes)
{
	/* CHOICE: a name is guessed to take 64 bytes of text or more: a
	 * zone of short lines still grows once or twice, one of long
	 * records wastes at most 4 bytes of table per 32 of text (4 MiB
	 * for a 64 MiB file of 4 KB records). */
	while (!z->pinned && z->names.nbucket < bytes / TABLE_GUESS &&
	    table_grow(z, &z->names, node_hash))
		;
}

void
dns_zone_table_pin(struct dns_zone *z, size_t nbucket)
{
	z->pinned = true;
	free(z->names.tab);
	free(z->sets.tab);
	z->mem -= (z->names.nbucket + z->sets.nbucket) * sizeof *z->names.tab;
	z->mem += 2 * nbucket * sizeof *z->names.tab;
	z->names.nbucket = z->sets.nbucket = nbucket;
	z->names.tab = xcalloc(nbucket, sizeof *z->names.tab);
	z->sets.tab = xcalloc(nbucket, sizeof *z->sets.tab);
}

void
dns_zone_table_stats(const struct dns_zone *z, struct dns_zone_stats *st)
{
	const struct zone_node *n;
	size_t                  i, len;
	uint32_t                ref;

	memset(st, 0, sizeof *st);
	st->nodes = z->names.count;
	st->sets = z->nset;
	st->records = z->nrr;
	st->indexed = z->nindexed;
	st->buckets = z->names.nbucket;
	st->mem = z->mem;
	for (i = 0; i < z->names.nbucket; i++) {
		len = 0;
		for (ref = z->names.tab[i]; ref != 0; ref = n->next) {
			n = arena_at(z, ref);
			len++;
		}
		if (len > st->chain)
			st->chain = len;
	}
}

static const struct zone_fault *
table_fault_find(const struct dns_zone *z, uint32_t node, uint16_t type)
{
	const struct zone_node  *n = arena_at(z, node);
	const struct zone_fault *f, *any = NULL;
	uint32_t                 ref, h = table_mix(node);

	if ((n->flags & NODE_FAULTS) == 0)
		return NULL;
	/* CHOICE: a directive naming the type beats one for every type,
	 * in any order; among equals the last one read wins. */
	for (ref = z->faults.tab[h & (z->faults.nbucket - 1)]; ref != 0;
	     ref = f->next) {
		f = arena_at(z, ref);
		if (f->node != node)
			continue;
		if (!f->any_type && f->type == type)
			return f;
		if (f->any_type && any == NULL)
			any = f;
	}
	return any;
}

static int
table_rcode(enum dns_status st)
{
	switch (st) {
	case DNS_SERVFAIL:
		return 2;
	case DNS_NXDOMAIN:
		return 3;
	case DNS_REFUSED:
		return 5;
	default:
		return -1; /* a timeout: no message came */
	}
}

/* RFC 4592 3.3.1: a name that does not exist may be answered by the
 * wildcard "*" under its closest encloser, and by no other. CHOICE: no
 * wildcard at the root (encloser 0). */
static uint32_t
table_wildcard(const struct dns_zone *z, uint32_t encloser)
{
	const struct zone_node *n;
	uint32_t                ref;

	if (encloser == 0 ||
	    (ref = node_child(z, encloser, (const unsigned char *)"*", 1)) == 0)
		return 0;
	n = arena_at(z, ref);
	return (n->flags & NODE_EXISTS) != 0 ? ref : 0;
}

static bool
table_exists(const struct dns_zone *z, uint32_t node)
{
	const struct zone_node *n;

	if (node == 0)
		return false;
	n = arena_at(z, node);
	return (n->flags & NODE_EXISTS) != 0;
}

/* Adds the set's records to a, in file order, as dns.h keeps them. */
static void
table_answer(const struct dns_zone *z, struct dns_answer *a, uint32_t sref,
    size_t owner)
{
	const struct zone_set *s = arena_at(z, sref);
	const struct zone_rr  *rr;
	const unsigned char   *data;
	char                   text[DNS_ZONE_KEY_MAX];
	size_t                 len;
	uint16_t               pref;
	uint32_t               r, first;

	if (s->last == 0)
		return;
	r = first = set_first(z, s);
	do {
		rr = arena_at(z, r);
		/* The loader checked the rdata with this same call. */
		if (dns_zone_directive_rdata(s->type, rr->rdata, rr->rdlen,
			text, sizeof text, &data, &len, &pref) == NULL) {
			dns_answer_add_rr(a, s->type, rr->ttl, pref, data, len);
			a->size += owner + 10 + rr->rdlen;
		}
		r = rr->next;
	} while (r != first);
}

struct dns_answer *
dns_zone_lookup(const struct dns_zone *z, const char *name, uint16_t type)
{
	struct dns_answer       *a = dns_answer_new(name, type);
	const struct zone_fault *f;
	const struct zone_set   *cs;
	const struct zone_rr    *rr;
	unsigned char            wire[WIRE_MAX];
	char                     key[DNS_ZONE_KEY_MAX];
	uint32_t                 n, encloser, sref, seen[DNS_MAX_CNAME];
	size_t                   owner, wlen, nseen = 0, i;
	uint32_t                 cttl = 0;
	bool                     absolute;

	a->from_zone = true;
	if (!dns_zone_directive_name(name, strlen(name), false, key, sizeof key,
		&owner, &absolute) ||
	    (wlen = table_key_wire(key, wire)) == 0) {
		a->status = DNS_BADNAME;
		return a;
	}
	/* RFC 1035 4.1: header, question (name, type, class), then each
	 * answer RR as name, type, class, TTL, rdlength, rdata; owner is
	 * the wire length of the name being answered. */
	a->size = 12 + owner + 4;
	for (;;) {
		n = table_find(z, wire, wlen, &encloser);
		f = n != 0 ? table_fault_find(z, n, type) : NULL;
		if (f == NULL && !table_exists(z, n)) {
			n = table_wildcard(z, encloser);
			f = n != 0 ? table_fault_find(z, n, type) : NULL;
		}
		if (f != NULL) {
			a->status = f->status;
			a->rcode = table_rcode(f->status);
			if (f->status == DNS_TIMEOUT)
				a->size = 0;
			break;
		}
		if (!table_exists(z, n)) {
			a->status = DNS_NXDOMAIN;
			a->rcode = 3;
			break;
		}
		a->rcode = 0;
		if ((sref = set_find(z, n, type)) != 0)
			table_answer(z, a, sref, owner);
		if (a->nrr > 0 || type == DNS_CNAME ||
		    (sref = set_find(z, n, DNS_CNAME)) == 0)
			break; /* the data, or NODATA */
		cs = arena_at(z, sref);
		if (cs->last == 0)
			break;
		/* A loop or an over-long chain ends here, NOERROR with what
		 * was found, as the openspf suite's resolver does. */
		for (i = 0; i < nseen && seen[i] != n; i++)
			;
		if (i < nseen)
			break;
		if (nseen == DNS_MAX_CNAME) {
			/* Longer than any resolver follows: it answers
			 * SERVFAIL, and so do we. */
			a->status = DNS_SERVFAIL;
			a->rcode = 2;
			break;
		}
		seen[nseen++] = n; /* RFC 1034 3.6.2: one CNAME per name */
		rr = arena_at(z, set_first(z, cs));
		a->size += owner + 10 + rr->rdlen;
		owner = rr->rdlen; /* the target's name is the CNAME's rdata */
		if (a->cnames++ == 0 || rr->ttl < cttl)
			cttl = rr->ttl;
		wlen = table_lower(rr->rdata, rr->rdlen, wire);
	}
	/* The answer's TTL is the smallest in its answer section. */
	if (a->cnames > 0 && (a->nrr == 0 || cttl < a->ttl))
		a->ttl = cttl;
	return a;
}

static void
table_source_ask(struct dns_source *src, struct dns_cache *c, const char *name,
    uint16_t type)
{
	const struct zone_source *zs = (const struct zone_source *)src;

	dns_cache_put(c, dns_zone_lookup(zs->z, name, type));
}

static void
table_source_free(struct dns_source *src)
{
	struct zone_source *zs = (struct zone_source *)src;

	dns_zone_free(zs->z);
	free(zs);
}

struct dns_source *
dns_zone_source(struct dns_zone *z)
{
	struct zone_source *zs = xcalloc(1, sizeof *zs);

	zs->src.ask = table_source_ask;
	zs->src.free = table_source_free;
	zs->z = z;
	return &zs->src;
}
