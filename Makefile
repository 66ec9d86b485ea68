# cabtrack - build, test, run and benchmark.
#
#   make            build build/cabtrack
#   make deps       install the missing Debian packages (does nothing when all are there)
#   make run        deps + build + import the S/MIME BR history into cabtrack.db and show its dates
#   make test       deps + the include check (tests/check-floors.py) + build + the cmocka suite,
#                   plainly and under ASan and UBSan
#                   (SANITIZE=0: only plainly, SANITIZE=1: only sanitized)
#   make bench      the performance figures the issues name (needs ../shared/corpus)
#
# Every library comes from Debian and is found with pkg-config; nothing is vendored.

PKGS        = libgit2 libcmark-gfm sqlite3 libcurl jansson libxxhash libutf8proc
DEB_PKGS    = libgit2-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libsqlite3-dev \
              libcurl4-openssl-dev libjansson-dev libcmocka-dev libxxhash-dev libutf8proc-dev pkg-config cmark-gfm \
              python3 git tzdata sqlite3

CC         ?= cc
OPT        ?= -O2
CFLAGS_BASE = -std=c11 -D_GNU_SOURCE $(OPT) -g -Wall -Wextra -Werror \
              -I.

ifeq ($(SANITIZE),1)
BUILD      ?= build/san
CFLAGS_SAN  = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
else
BUILD      ?= build
CFLAGS_SAN  =
endif

PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcmark-gfm-extensions -lpthread -lm
CFLAGS_ALL = $(CFLAGS_BASE) $(CFLAGS_SAN) $(PKG_CFLAGS) $(CFLAGS)
LDFLAGS_ALL = $(CFLAGS_SAN) $(LDFLAGS)

# Everything but the entry point goes into one static library that the
# program, the tests and the benchmarks link against.
LIB_SRC  = $(filter-out tracker/cli/cabtrack.c, $(wildcard tracker/base/*.c db/*.c importers/*.c render/*.c tracker/*.c tracker/cli/*.c))
LIB_OBJ  = $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
TEST_SRC = $(wildcard tests/test_*.c)
TEST_BIN = $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
BENCH_SRC = $(wildcard tests/bench/*.c)
BENCH_BIN = $(BENCH_SRC:tests/bench/%.c=$(BUILD)/bench/%)

PREFIX  ?= /usr/local
CORPUS  ?= $(if $(CABTRACK_CORPUS),$(CABTRACK_CORPUS),../shared/corpus)
DB      ?= cabtrack.db

.PHONY: all deps run test bench clean install check-deps fuzz fuzz-harnesses valgrind
.DELETE_ON_ERROR:

all: $(BUILD)/cabtrack

# Install only what is missing; a machine that has everything is left alone.
deps:
	@missing=""; for p in $(DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing$$missing"; \
	  if [ "$$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null || \
	  { echo "make deps: could not install$$missing; install them with apt-get and run make again" >&2; exit 1; }; \
	fi

MIGRATIONS_SQL = db/schema.sql $(sort $(wildcard db/migrate-*.sql))
MIGRATIONS_INC = $(MIGRATIONS_SQL:.sql=.inc)

TEMPLATES     = $(sort $(wildcard templates/*.mustache))

$(BUILD)/obj/%.o: %.c $(wildcard */*.h */*/*.h) $(MIGRATIONS_INC)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(BUILD)/obj/render/page.o: render/templates.inc

# The page templates are compiled in as well; --templates DIR overrides them by name.
render/templates.inc: $(TEMPLATES) Makefile
	@{ echo "/* generated from the templates folder by the Makefile; do not edit */"; \
	   for f in $(TEMPLATES); do \
	     n=$$(basename $$f .mustache); \
	     echo "{ \"$$n\","; \
	     sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $$f; \
	     echo "},"; \
	   done; } > $@

# The schema and its migrations are kept as plain SQL and compiled in as strings.
db/%.inc: db/%.sql
	@{ echo "/* generated from $< by the Makefile; do not edit */"; \
	   sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' $<; } > $@

$(BUILD)/libcabtrack.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/cabtrack: $(BUILD)/obj/tracker/cli/cabtrack.o $(BUILD)/libcabtrack.a
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(PKG_LIBS)

$(BUILD)/tests/%: tests/%.c tests/testutil.h tests/engine_fixture.h $(BUILD)/libcabtrack.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -Itests -o $@ $< $(BUILD)/libcabtrack.a $(PKG_LIBS) -lcmocka

$(BUILD)/bench/%: tests/bench/%.c $(BUILD)/libcabtrack.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -o $@ $< $(BUILD)/libcabtrack.a $(PKG_LIBS)

run: deps
	@$(MAKE) --no-print-directory all
	@if [ -d "$(CORPUS)/smime.git" ]; then src="$(CORPUS)/smime.git"; \
	 else src="https://github.com/cabforum/smime"; fi; \
	 echo "cabtrack: importing SBR.md from $$src into $(DB)"; \
	 ./$(BUILD)/cabtrack --db $(DB) import "$$src" --path SBR.md && \
	 echo && echo "Effective dates from three months ago to eighteen months ahead:" && \
	 ./$(BUILD)/cabtrack --db $(DB) dates --from -3m --to +18m && \
	 echo && echo "Recent and upcoming, over the whole history (SBR at main):" && \
	 ./$(BUILD)/cabtrack --db $(DB) dates --from 2024-01-01

# The status page test opens the page in a real browser; without one (no
# package mirror reachable) that test says SKIP and the others still run.
TEST_DEB_PKGS = chromium

# make test runs the suite plainly and then under ASan and UBSan (what CI
# runs); SANITIZE=0 only the plain run, SANITIZE=1 only the sanitized one.
test: deps
	@$(MAKE) --no-print-directory DEB_PKGS="$(TEST_DEB_PKGS)" deps || \
	  echo "make test: could not install $(TEST_DEB_PKGS); the browser test will say SKIP"
	@python3 tests/check-floors.py
	@$(MAKE) --no-print-directory all $(TEST_BIN)
	@BUILD=$(BUILD) CORPUS="$(CORPUS)" sh tests/run-tests.sh $(TEST_BIN)
ifeq ($(SANITIZE),)
	@echo "make test: the same suite under AddressSanitizer and UndefinedBehaviorSanitizer"
	@$(MAKE) --no-print-directory test SANITIZE=1
endif

bench: deps
	@$(MAKE) --no-print-directory OPT=-O2 all $(BENCH_BIN)
	@BUILD=$(BUILD) CORPUS="$(CORPUS)" sh tests/bench/run-bench.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 755 $(BUILD)/cabtrack $(DESTDIR)$(PREFIX)/bin/cabtrack
	install -m 644 tracker/cabtrack.1 $(DESTDIR)$(PREFIX)/share/man/man1/cabtrack.1
	install -m 644 tracker/cabtrack-completion.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/cabtrack

clean:
	rm -rf build db/*.inc render/templates.inc

# --- robustness (issue 7): libFuzzer harnesses and valgrind ----------------------
#
#   make fuzz [FUZZ_SECONDS=N] [FUZZ_ONLY="markdown link"]
#                   builds tests/fuzz/fuzz_*.c with clang (the library under
#                   -fsanitize=fuzzer-no-link,address,undefined) into build/fuzz and
#                   runs each harness N seconds (default 60) from its seeds in
#                   tests/fuzz/seeds/NAME; prints executions and coverage per harness
#   make valgrind   the integration tests with every cabtrack run under memcheck
#                   (no errors, no definite leaks); logs in build/valgrind/valgrind-logs

FUZZ_CC      ?= clang
FUZZ_BUILD   ?= build/fuzz
FUZZ_SECONDS ?= 60
FUZZ_ONLY    ?=
FUZZ_SAN      = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
FUZZ_SRC      = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN      = $(FUZZ_SRC:tests/fuzz/%.c=$(FUZZ_BUILD)/%)
VALGRIND_BUILD ?= build/valgrind
VALGRIND_TESTS  = $(filter-out %/test_crash %/test_hostile, \
                    $(TEST_SRC:tests/%.c=$(VALGRIND_BUILD)/tests/%))

fuzz: deps
	@if ! command -v $(FUZZ_CC) >/dev/null 2>&1; then \
	  echo "SKIP: make fuzz: $(FUZZ_CC) not found (apt-get install clang)"; exit 0; fi; \
	$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=$(FUZZ_CC) \
	  CFLAGS_SAN="-fsanitize=fuzzer-no-link $(FUZZ_SAN)" fuzz-harnesses && \
	FUZZ_BUILD=$(FUZZ_BUILD) FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/run-fuzz.sh $(or $(FUZZ_ONLY),$(FUZZ_SRC:tests/fuzz/fuzz_%.c=%))

fuzz-harnesses: $(FUZZ_BIN)

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/harness.h $(FUZZ_BUILD)/libcabtrack.a
	$(FUZZ_CC) $(CFLAGS_BASE) -fsanitize=fuzzer $(FUZZ_SAN) $(PKG_CFLAGS) -o $@ $< \
	  $(FUZZ_BUILD)/libcabtrack.a $(PKG_LIBS)

# The replay of fuzz findings includes the harnesses.
$(BUILD)/tests/test_fuzz_regressions: tests/fuzz/harness.h

valgrind: deps
	@command -v valgrind >/dev/null 2>&1 || { echo "SKIP: make valgrind: valgrind not found (apt-get install valgrind)"; exit 0; }; \
	$(MAKE) --no-print-directory BUILD=$(VALGRIND_BUILD) SANITIZE= all $(VALGRIND_TESTS) && \
	BUILD=$(VALGRIND_BUILD) CORPUS="$(CORPUS)" sh tests/run-valgrind.sh $(VALGRIND_TESTS)
