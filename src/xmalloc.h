/* xmalloc.h: allocation that never returns NULL (tmux xmalloc.c). */
#ifndef SPFSCOPE_XMALLOC_H
#define SPFSCOPE_XMALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xmemdup0(const void *p, size_t len); /* len bytes plus a NUL */

/* The UI sets this to restore the terminal before the last message. */
void xmalloc_set_fatal_hook(void (*hook)(void));

#endif
