# tests/fuzz/fuzz.mk: libFuzzer targets (tests/fuzz/README.md), included by
# the top Makefile. clang builds the library again with ASan, UBSan and
# coverage into build-fuzz/ (build/ is gcc's). Every variable is FUZZ_*.
#   make fuzz-build   build-fuzz/fuzz_* (and install-deps first)
#   make fuzz         each target for FUZZ_SECONDS (60), new inputs kept in
#                     build-fuzz/new/TARGET, crashes in build-fuzz/crashes
#   make fuzz-smoke   each target over its corpus, then 3 s: what CI runs

FUZZ_CC      ?= clang
FUZZ_DIR     := build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_SMOKE_SECONDS ?= 3
FUZZ_TARGETS := parse macro zone answer eval tree json lesson
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
FUZZ_CFLAGS   = $(STD_FLAGS) -g -O1 $(FUZZ_SAN) -Isrc $(PKG_CFLAGS)
FUZZ_LIB_OBJ := $(LIB_SRC:%.c=$(FUZZ_DIR)/%.o)
FUZZ_LIB     := $(FUZZ_DIR)/libspfscope-fuzz.a
FUZZ_BINS    := $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz_%)
# -timeout: each input is bounded to milliseconds, so 30 s is a hang (and
# leaves room for a loaded machine);
# leaks are reported (ASan's LeakSanitizer) and fail the run.
FUZZ_RUNFLAGS ?= -timeout=30 -rss_limit_mb=2048 -print_final_stats=1
# The dictionary suits every target but answer (binary DNS messages).
FUZZ_DICT_SH  = d=-dict=tests/fuzz/spf.dict; if [ $$t = answer ]; then d=; fi;

.PHONY: fuzz fuzz-build fuzz-bins fuzz-smoke fuzz-clean

fuzz-build: deps
	@$(MAKE) --no-print-directory fuzz-bins

fuzz-bins: $(FUZZ_BINS)

$(FUZZ_DIR)/src/%.o: src/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@

$(FUZZ_LIB): $(FUZZ_LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_common.h $(FUZZ_LIB)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Itests/fuzz -fsanitize=fuzzer -MMD -MP \
		-o $@ $< $(FUZZ_LIB) $(PKG_LIBS)

# The corpus in the repository is read, never written: new inputs go to
# the scratch directory named first.
fuzz: fuzz-build
	@mkdir -p $(FUZZ_DIR)/crashes
	@set -e; for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_DIR)/new/$$t; $(FUZZ_DICT_SH) \
		echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
		$(FUZZ_DIR)/fuzz_$$t $(FUZZ_RUNFLAGS) $$d \
			-max_total_time=$(FUZZ_SECONDS) \
			-artifact_prefix=$(FUZZ_DIR)/crashes/$$t- \
			$(FUZZ_DIR)/new/$$t tests/fuzz/corpus/$$t; \
	done

# libFuzzer runs every input of the corpora before it mutates any.
fuzz-smoke: fuzz-build
	@mkdir -p $(FUZZ_DIR)/crashes
	@fail=0; for t in $(FUZZ_TARGETS); do \
		rm -rf $(FUZZ_DIR)/smoke/$$t; mkdir -p $(FUZZ_DIR)/smoke/$$t; \
		$(FUZZ_DICT_SH) \
		if $(FUZZ_DIR)/fuzz_$$t $(FUZZ_RUNFLAGS) $$d \
			-max_total_time=$(FUZZ_SMOKE_SECONDS) \
			-artifact_prefix=$(FUZZ_DIR)/crashes/$$t- \
			$(FUZZ_DIR)/smoke/$$t tests/fuzz/corpus/$$t \
			>$(FUZZ_DIR)/smoke/$$t.log 2>&1; then \
			echo "fuzz-smoke: $$t: ok"; \
		else \
			tail -n 40 $(FUZZ_DIR)/smoke/$$t.log; \
			echo "fuzz-smoke: $$t: FAILED"; fail=1; \
		fi; \
	done; exit $$fail

fuzz-clean:
	rm -rf $(FUZZ_DIR)

-include $(FUZZ_LIB_OBJ:.o=.d) $(FUZZ_BINS:=.d)
