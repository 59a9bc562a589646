/* lesson.h: guided lessons as data: a zone file and a step file
 * (examples/lessons/README.md documents the format). Parsing only: the
 * explorer shows the steps and carries out their actions. */
#ifndef SPFSCOPE_LESSON_H
#define SPFSCOPE_LESSON_H

#include <stdbool.h>
#include <stddef.h>

#include "spf_err.h"
#include "spf_eval.h"

#define LESSON_MAX_STEPS 32
#define LESSON_MAX_PINS 16
#define LESSON_MAX_ITEMS 16 /* actions or expectations in one step */
#define LESSON_MAX_BYTES ((size_t)256 * 1024)

enum lesson_action_kind {
	LESSON_DO_QUALIFIER, /* DOMAIN MECHANISM Q: set that term's qualifier */
	LESSON_DO_DRAFT,     /* DOMAIN TEXT: the record becomes TEXT */
	LESSON_DO_REVERT,    /* [DOMAIN]: undo drafts */
	LESSON_DO_TEST,      /* IP: test it */
	LESSON_DO_FORWARD,   /* IP: test it as a forwarder */
	LESSON_DO_DMARC      /* none|quarantine|reject */
};

struct lesson_action {
	enum lesson_action_kind kind;
	char                   *arg1, *arg2, *arg3; /* owned; may be NULL */
};

struct lesson_expect {
	char           *ip;
	enum spf_result result;
};

struct lesson_step {
	char                *text; /* the paragraph, lines joined */
	size_t               text_len, text_cap; /* grown while reading */
	struct lesson_action act[LESSON_MAX_ITEMS];
	size_t               nact;
	struct lesson_expect exp[LESSON_MAX_ITEMS];
	size_t               nexp;
};

struct lesson_pin {
	char *ip;
	char *label;
};

struct lesson {
	char              *name; /* the file name without .lesson */
	char              *title;
	char              *zone; /* path, resolved against the file's dir */
	char              *domain;
	char              *sender; /* or NULL */
	char              *dmarc;  /* or NULL */
	struct lesson_pin  pins[LESSON_MAX_PINS];
	size_t             npins;
	struct lesson_step steps[LESSON_MAX_STEPS];
	size_t             nsteps;
};

/* Reads a step file; on error returns SPF_ESYNTAX with "FILE:LINE: what"
 * in err->msg and *out NULL. */
int lesson_load(const char *path, struct lesson **out, struct spf_err *err);
/* The same from memory; dir resolves the zone's relative path. */
int lesson_parse(const char *name, const char *dir, const char *buf, size_t len,
    struct lesson **out, struct spf_err *err);
void lesson_free(struct lesson *l);

bool spf_result_parse(const char *s, enum spf_result *r);

#endif
