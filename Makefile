# spfscope: build, test, run, install. Every library through pkg-config;
# tools/install-deps.sh installs what is missing (apt-get, as root).

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
DESTDIR ?=
CC      ?= cc
CFLAGS  ?= -O2 -g

SAN ?=
ifeq ($(SAN),1)
BUILD    ?= build-san
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
STATIC   := 0
else
BUILD    ?= build
SANFLAGS :=
# The program is linked statically (static-pie: ASLR kept). On a VM every
# page fault costs ~10 us, and a dynamic spfscope mapped 14 libraries and
# took ~120 more faults to start than the check itself needs: 7 ms for a
# whole `spfscope check` instead of under 5 (bench/bench_zero, issue 4).
# STATIC=0 links the shared libraries instead (e.g. for a distribution).
STATIC   ?= 1
endif

PKGS      := libcares libzscanner jansson libpsl
TEST_PKGS := cmocka
# Recursive (=) on purpose: pkg-config runs at recipe time, after deps.
PKG_CFLAGS  = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS    = $(shell pkg-config --libs $(PKGS)) -lm
TEST_CFLAGS = $(shell pkg-config --cflags $(TEST_PKGS))
# The explorer's libraries, for ui/ only (src/ stays free of curses).
# Only -I: ncursesw's pkg-config adds -D_XOPEN_SOURCE=600, ours is 700.
UI_PKGS     := ncursesw libedit
UI_CFLAGS    = $(shell pkg-config --cflags-only-I $(UI_PKGS))
UI_LIBS      = $(shell pkg-config --libs $(UI_PKGS))
TEST_LIBS   = $(shell pkg-config --libs $(TEST_PKGS))
# The static link's archives, in pkg-config's order, with Debian 12's .pc
# files corrected: libpsl.pc omits libidn2 (and so libunistring), and
# libedit.pc names -ltermcap, which Debian ships as libtinfo. glibc warns
# once that c-ares' ares_getnameinfo.o (linked for ares__is_onion_domain)
# would need NSS at run time for getservbyport_r: spfscope never calls it.
STATIC_LIBS = $(subst -ltermcap,-ltinfo,$(shell pkg-config --static --libs \
	$(PKGS) $(UI_PKGS) libidn2 libbsd)) -lm
ifeq ($(STATIC),1)
BIN_LIBS    = -static-pie $(STATIC_LIBS)
else
BIN_LIBS    = $(PKG_LIBS) $(UI_LIBS)
endif

STD_FLAGS := -std=c11 -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=700 \
	-Wall -Wextra -Werror -Wshadow -Wformat=2 -Wvla \
	-Wstrict-prototypes -Wmissing-prototypes
ALL_CFLAGS  = $(STD_FLAGS) $(CFLAGS) $(SANFLAGS) -Isrc $(PKG_CFLAGS)
ALL_LDFLAGS = $(SANFLAGS) $(LDFLAGS)

LIB_SRC  := $(wildcard src/*.c)
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
LIB      := $(BUILD)/libspfscope.a
CLI_SRC  := $(wildcard ui/*.c)
CLI_OBJ  := $(CLI_SRC:%.c=$(BUILD)/%.o)
UI_OBJ   := $(filter-out $(BUILD)/ui/main.o,$(CLI_OBJ))
UI_LIB   := $(BUILD)/libspfscope-ui.a
BIN      := $(BUILD)/spfscope
TEST_SRC := $(wildcard tests/test_*.c)
UI_TEST_BIN := $(patsubst tests/%.c,$(BUILD)/tests/%,$(wildcard tests/test_ui_*.c))
TEST_BIN := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)

.PHONY: all deps test test-one run install uninstall clean check bench bench-ui bench-zero screenshots \
	format-check cppcheck lint
.DEFAULT_GOAL := all

all: deps
	@$(MAKE) --no-print-directory $(BIN)

deps:
	@sh tools/install-deps.sh

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/ui/%.o: ui/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(UI_CFLAGS) -Iui -MMD -MP -c $< -o $@

$(LIB): $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(BIN): $(CLI_OBJ) $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $(CLI_OBJ) $(LIB) $(BIN_LIBS)

$(BUILD)/tests/%: tests/%.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(TEST_CFLAGS) -MMD -MP -o $@ $< $(LIB) \
		$(ALL_LDFLAGS) $(TEST_LIBS) $(PKG_LIBS)

# Tests of ui/ link the explorer's objects too, from an archive so that
# each takes only what it uses.
$(UI_LIB): $(UI_OBJ)
	rm -f $@
	ar rcs $@ $^

$(UI_TEST_BIN): $(BUILD)/tests/test_ui_%: tests/test_ui_%.c $(UI_LIB) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(UI_CFLAGS) -Iui $(TEST_CFLAGS) -MMD -MP -o $@ $< \
		$(UI_LIB) $(LIB) $(ALL_LDFLAGS) $(TEST_LIBS) $(PKG_LIBS) $(UI_LIBS)

# One build's binaries (BUILD, SAN as given): used by `test` twice.
test-bins: $(BIN) $(TEST_BIN)

# The whole suite: a normal build, then ASan+UBSan, each running every
# unit test, the CLI tests and the conformance suite; one total at the end.
test: deps check format-check cppcheck
	@$(MAKE) --no-print-directory test-bins
	@$(MAKE) --no-print-directory SAN=1 test-bins
	@sh tests/run-all.sh build build-san

# Only the build given by SAN=, quicker while working.
test-one: deps
	@$(MAKE) --no-print-directory test-bins
	@sh tests/run-all.sh $(BUILD)

# Layering rules of STYLE.md 1: src/ is free of curses and of ui/; c-ares
# has one door (src/dns_ares.c).
check:
	@! grep -l -E '#include *[<"](n?curses|ui_|histedit|editline)' src/*.c src/*.h 2>/dev/null | grep . \
		|| { echo "check: src/ includes a curses/ui/libedit header" >&2; exit 1; }
	@! grep -l '#include *<ares' src/*.c src/*.h ui/*.c 2>/dev/null | grep -v '^src/dns_ares.c$$' | grep . \
		|| { echo "check: <ares.h> outside src/dns_ares.c" >&2; exit 1; }
	@! grep -l '#include *<n\{0,1\}curses' ui/*.c ui/*.h 2>/dev/null | grep -v '^ui/ui_curses.h$$' | grep . \
		|| { echo "check: curses outside ui/ui_curses.h" >&2; exit 1; }
	@! grep -l '#include *<histedit' ui/*.c ui/*.h 2>/dev/null | grep -v '^ui/ui_prompt[a-z_]*\.[ch]$$' | grep . \
		|| { echo "check: libedit outside ui/ui_prompt*.c" >&2; exit 1; }
	@! grep -n 'waddnstr\|mvaddnstr\|printw\|waddstr\|mvaddstr' ui/*.c 2>/dev/null | grep -v '^ui/ui_text.c:' | grep . \
		|| { echo "check: text drawn outside ui/ui_text.c" >&2; exit 1; }

# STYLE.md 9: clang-format and cppcheck take seconds and run in `make test`
# (through check); clang-tidy takes minutes on two cores: `make lint` only.
# CHOICE: cppcheck's variableScope is off: style(9) declares at the top of
# a block, which is what it flags.
FMT_SOURCES = $(wildcard src/*.[ch] ui/*.[ch] tests/*.c tests/fuzz/*.[ch] \
	bench/*.c)
TIDY_FLAGS  = $(STD_FLAGS) -Isrc -Iui $(PKG_CFLAGS) $(UI_CFLAGS)
NPROC      := $(shell nproc 2>/dev/null || echo 2)

format-check:
	@clang-format --dry-run --Werror $(FMT_SOURCES) \
		|| { echo "format-check: run clang-format -i on the files above" >&2; exit 1; }

cppcheck:
	@cppcheck --std=c11 --enable=warning,style,performance,portability \
		--error-exitcode=1 --inline-suppr --quiet --suppress=variableScope \
		-D_DEFAULT_SOURCE -Isrc -Iui src/*.c ui/*.c

lint: deps format-check cppcheck
	@ls src/*.c ui/*.c | xargs -P $(NPROC) -I{} \
		clang-tidy --quiet {} -- $(TIDY_FLAGS)

run: all
	$(BIN) --zone examples/demo.zone demo.example

# Tree-load benchmark (bench/README.md): prints numbers, never pass/fail.
bench: all
	@$(MAKE) --no-print-directory $(FASTDNS)
	SPFSCOPE_BIN=$(BIN) FASTDNS_BIN=$(FASTDNS) /usr/bin/python3 bench/bench_tree

# Key-to-screen and start-up times of the explorer, in-process.
BENCH_UI := $(BUILD)/bench/bench_ui

$(BENCH_UI): bench/bench_ui.c $(UI_LIB) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(UI_CFLAGS) -Iui -MMD -MP -o $@ $< \
		$(UI_LIB) $(LIB) $(ALL_LDFLAGS) $(PKG_LIBS) $(UI_LIBS) -pthread

bench-ui: all
	@$(MAKE) --no-print-directory $(BENCH_UI)
	SPFSCOPE_BIN=$(BIN) BENCH_UI_BIN=$(BENCH_UI) /usr/bin/python3 bench/bench_ui --wait-quiet 20 --markdown

# Benchmark-only DNS responder (bench/README.md): answers from zone files
# in microseconds, so that bench/bench_zero times spfscope, not a server.
FASTDNS := $(BUILD)/bench/fastdns

$(FASTDNS): bench/fastdns.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -o $@ $< $(LIB) $(ALL_LDFLAGS) $(PKG_LIBS)

bench-zero: all
	@$(MAKE) --no-print-directory $(FASTDNS)
	SPFSCOPE_BIN=$(BIN) FASTDNS_BIN=$(FASTDNS) /usr/bin/python3 bench/bench_zero --markdown

# PNG pictures of the explorer for README.md (tools/screenshots.sh).
screenshots: all
	sh tools/screenshots.sh

LESSONDIR ?= $(PREFIX)/share/spfscope/lessons

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LESSONDIR)
	install -m 0755 $(BIN) $(DESTDIR)$(BINDIR)/spfscope
	install -m 0644 examples/lessons/*.lesson examples/lessons/*.zone \
		examples/lessons/README.md $(DESTDIR)$(LESSONDIR)

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/spfscope
	rm -rf $(DESTDIR)$(LESSONDIR)

clean:
	rm -rf build build-san

# libFuzzer targets (tests/fuzz/README.md): make fuzz, make fuzz-smoke.
-include tests/fuzz/fuzz.mk

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(TEST_BIN:=.d) $(BENCH_UI).d $(FASTDNS).d
