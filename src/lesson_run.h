/* lesson_run.h: a lesson carried out without a screen: its zone as the
 * DNS, its drafts, its expectations checked. `spfscope lesson NAME
 * --check` uses it, and so can tests. */
#ifndef SPFSCOPE_LESSON_RUN_H
#define SPFSCOPE_LESSON_RUN_H

#include "dns_cache.h"
#include "lesson.h"
#include "receiver.h"

struct lesson_run;

struct lesson_run *lesson_run_new(const struct lesson *l, struct spf_err *err);
void               lesson_run_free(struct lesson_run *r);

/* Carries out step k's do: lines; false with why set when one cannot be
 * (a name without a record, a mechanism not in it). */
bool lesson_run_do(struct lesson_run *r, size_t k, char *why, size_t size);

/* The result for ip under the drafts so far. */
enum spf_result lesson_run_eval(struct lesson_run *r, const char *ip);

/* The record text at name now: a draft, or what the zone publishes
 * (NULL when none); valid until the next call. */
const char *lesson_run_record(struct lesson_run *r, const char *name);

#endif
