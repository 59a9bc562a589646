/* ui.h: the explorer's state and its parts. One single-threaded loop
 * (ui_explore.c): poll() on stdin and the DNS sockets; key handlers only
 * change state and mark what must be redrawn; the loop draws once per
 * turn (STYLE.md 5). Nothing here writes text to the terminal except
 * ui_text.c, and only escaped text. */
#ifndef SPFSCOPE_UI_H
#define SPFSCOPE_UI_H

#include <stdbool.h>
#include <stddef.h>

#include "cli.h"
#include "dns_cache.h"
#include "lint.h"
#include "receiver.h"
#include "spf_eval.h"
#include "spf_tree.h"
#include "ui_prompt.h"

enum ui_focus { UI_FOCUS_TREE, UI_FOCUS_RESULTS, UI_FOCUS_PROMPT };

enum ui_prompt_mode {
	UI_MODE_COMMAND, /* "spf> ": an IP or a command */
	UI_MODE_SEARCH,  /* "/": a search in the tree */
	UI_MODE_EDIT     /* "edit NAME> ": a record's text as a draft */
};

/* A what-if edit: the text that replaces the record published at name.
 * A disabled term stays in it as an ignored modifier (SPF_EDIT_OFF), so
 * that the same key turns it back on. */
struct ui_draft {
	char *name;
	char *text;
};

/* Colour pairs and attributes, chosen by ui_text_init() for the
 * terminal: colours, 8 colours, or none (monochrome, NO_COLOR). */
enum ui_style {
	UI_STYLE_NORMAL,
	UI_STYLE_DIM,
	UI_STYLE_TITLE,
	UI_STYLE_SELECTED,
	UI_STYLE_PATH,   /* the deciding path of the shown test */
	UI_STYLE_SHADOW, /* would also match: shadowed */
	UI_STYLE_PASS,
	UI_STYLE_FAIL,
	UI_STYLE_SOFTFAIL,
	UI_STYLE_NEUTRAL,
	UI_STYLE_NONE,
	UI_STYLE_TEMPERROR,
	UI_STYLE_PERMERROR,
	UI_STYLE_ERROR,   /* finding: error; budget over the limit */
	UI_STYLE_WARNING, /* finding: warning; budget near the limit */
	UI_STYLE_OK,      /* budget well within */
	UI_STYLE_COUNT
};

/* A visible line of the tree pane: the root record, or a term (whose
 * include/redirect record opens under it). */
struct ui_row {
	const struct spf_tree_node *node; /* the record the line is in */
	const struct spf_tree_term *term; /* NULL: the record itself */
	unsigned                    depth;
};

/* A tested IP: a row of the results pane. */
struct ui_result {
	char             ip[64];
	struct spf_eval *ev; /* owned */
	bool             done;
	bool             has_prev; /* a result from before the last edit */
	enum spf_result  prev;
	bool             forwarder;    /* the IP re-sends the sender's mail */
	char             summary[256]; /* deciding term, or the reason */
	char             label[48];    /* a lesson's pin: what the IP is */
};

struct ui {
	/* What is explored. */
	struct cli_opts    opts;
	struct dns_cache  *cache;
	struct spf_tree   *tree;
	struct lint_report lint;
	char               domain[256];
	char               sender[512]; /* "" when not set */
	char               helo[256];
	bool               has_sender, has_helo;
	const char        *server; /* server_buf, or NULL: --server/--zone */
	char               server_buf[80];
	struct ui_draft   *drafts; /* what-if edits, owned */
	size_t             ndrafts, capdrafts;
	struct spf_draft  *draft_view; /* the same as (name, text) */
	char             **reopen;     /* records to open again after a
					* reload: "parent|child" */
	size_t nreopen;
	char   edit_name[256];      /* the record UI_MODE_EDIT edits */
	char   reselect[256];       /* after a reload: select term */
	bool   hold_selection;      /* after an edit: a test's path
				     * does not move the selection */
	long reselect_index;        /* reselect_index of record
				     * reselect; -1: the record */
	enum dmarc_policy    dmarc; /* of the sender's domain */
	bool                 dmarc_done;
	char                 dmarc_from[300];
	const struct lesson *lesson; /* the lesson shown, or NULL */
	size_t               lesson_step;

	/* The tree pane. */
	struct ui_row *rows;
	size_t         nrows, caprows;
	const void   **expanded; /* terms whose record is open */
	size_t         nexpanded, capexp;
	size_t         selected, top;
	char           search[128];

	/* Tests. */
	struct ui_result *results;
	size_t            nresults, capres;
	size_t            rselected, rtop;
	/* The test whose path is shown: its terms, and the shadowed ones. */
	const void **path_terms;
	size_t       npath, cappath;
	const void **shadow_terms;
	size_t       nshadow, capshadow;

	/* The frame. */
	struct ui_prompt   *prompt;
	enum ui_prompt_mode mode;
	enum ui_focus       focus;
	bool                help;       /* the help overlay is up */
	size_t              detail_top; /* scroll of the detail pane */
	char                message[256];
	bool                message_is_error;
	bool                ascii, color;
	int                 spin; /* spinner phase while loading */
	bool                dirty, quit;
	int                 lines, cols;
};

/* ui_text.c: styles, and the only writer of text. */
void ui_text_init(struct ui *ui);
int  ui_text_attr(const struct ui *ui, enum ui_style s);
/* Draws text (hostile bytes allowed: escaped here) at y, x, at most
 * maxcols columns; returns the columns used. */
int ui_text_put(int y, int x, const char *s, size_t len, int maxcols, int attr);
int ui_text_puts(int y, int x, const char *s, int maxcols, int attr);
void          ui_text_fill(int y, int x, int ncols, int attr);
enum ui_style ui_text_result_style(enum spf_result r);

/* ui_rows.c: the tree pane's lines, expansion, search. */
void ui_rows_build(struct ui *ui);
bool ui_rows_is_expanded(const struct ui *ui, const void *term);
void ui_rows_set_expanded(struct ui *ui, const void *term, bool on);
void ui_rows_expand_all(struct ui *ui, bool on);
bool ui_rows_search(struct ui *ui, const char *needle, bool forward,
    bool skip_current);
void ui_rows_select_term(struct ui *ui, const struct spf_tree_term *t);

/* ui_tree.c, ui_detail.c, ui_results.c, ui_frame.c: drawing. */
void ui_tree_draw(struct ui *ui, int y, int x, int h, int w);
void ui_detail_draw(struct ui *ui, int y, int x, int h, int w);
void ui_results_draw(struct ui *ui, int y, int x, int h, int w);
void ui_frame_draw(struct ui *ui);
void ui_help_draw(struct ui *ui);

/* ui_results.c: tests and their paths. */
void        ui_results_add(struct ui *ui, const char *ip);
void        ui_results_clear(struct ui *ui);
void        ui_results_rerun(struct ui *ui);
bool        ui_results_resume(struct ui *ui); /* true when something changed */
void        ui_results_show(struct ui *ui, size_t i);
bool        ui_results_on_path(const struct ui *ui, const void *term);
bool        ui_results_shadowed(const struct ui *ui, const void *term);
const char *ui_results_meaning(enum spf_result r);

/* ui_draft.c: what-if edits. */
void ui_draft_cycle(struct ui *ui, const struct spf_tree_term *t);
void ui_draft_toggle(struct ui *ui, const struct spf_tree_term *t);
void ui_draft_set(struct ui *ui, const char *name, const char *text);
void ui_draft_add(struct ui *ui, const char *name, const char *text);
void ui_draft_revert(struct ui *ui, const char *name); /* NULL: all */
bool ui_draft_is(const struct ui *ui, const char *name);
bool ui_draft_write(struct ui *ui, const char *path);
void ui_draft_free(struct ui *ui);

/* ui_lesson.c: the lesson pane. */
void ui_lesson_start(struct ui *ui);
void ui_lesson_apply(struct ui *ui);
void ui_lesson_draw(struct ui *ui, int y, int x, int h, int w);
bool ui_lesson_key(struct ui *ui, wint_t ch);

/* ui_keys.c and ui_cmd.c: input. */
void   ui_keys_handle(struct ui *ui, bool is_code, wint_t ch);
void   ui_cmd_run(struct ui *ui, const char *line);
size_t ui_cmd_complete(void *arg, int argc, const char *const *argv,
    const char *prefix, const char **out, size_t max);

/* ui_explore.c */
void ui_message(struct ui *ui, bool error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
bool ui_load_domain(struct ui *ui, const char *domain);
bool ui_set_server(struct ui *ui, const char *server);
int  ui_explore(int argc, char **argv);
struct lesson;
int ui_explore_lesson(const struct cli_opts *o, const struct lesson *l);

#endif
