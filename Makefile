# cabtrack - build, test, run and benchmark.
#
#   make            build build/cabtrack
#   make deps       install the missing Debian packages (does nothing when all are there)
#   make run        deps + build + import the S/MIME BR history into cabtrack.db and show its dates
#   make test       deps + build + run the cmocka suite (SANITIZE=1: under ASan and UBSan)
#   make bench      the performance figures the issues name (needs ../shared/corpus)
#
# Every library comes from Debian and is found with pkg-config; nothing is vendored.

PKGS        = libgit2 libcmark-gfm sqlite3 libcurl jansson libxxhash
DEB_PKGS    = libgit2-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libsqlite3-dev \
              libcurl4-openssl-dev libjansson-dev libcmocka-dev libxxhash-dev pkg-config cmark-gfm \
              python3 git tzdata sqlite3

CC         ?= cc
OPT        ?= -O2
CFLAGS_BASE = -std=c11 -D_GNU_SOURCE $(OPT) -g -Wall -Wextra -Werror \
              -Itracker -Iimporters -Idb -Irender

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
LIB_SRC  = $(filter-out tracker/cabtrack.c, $(wildcard tracker/*.c importers/*.c db/*.c render/*.c))
LIB_OBJ  = $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
TEST_SRC = $(wildcard tests/test_*.c)
TEST_BIN = $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
BENCH_SRC = $(wildcard tests/bench/*.c)
BENCH_BIN = $(BENCH_SRC:tests/bench/%.c=$(BUILD)/bench/%)

PREFIX  ?= /usr/local
CORPUS  ?= $(if $(CABTRACK_CORPUS),$(CABTRACK_CORPUS),../shared/corpus)
DB      ?= cabtrack.db

.PHONY: all deps run test bench clean install check-deps
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

$(BUILD)/obj/%.o: %.c $(wildcard */*.h) $(MIGRATIONS_INC)
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

$(BUILD)/cabtrack: $(BUILD)/obj/tracker/cabtrack.o $(BUILD)/libcabtrack.a
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(PKG_LIBS)

$(BUILD)/tests/%: tests/%.c tests/testutil.h $(BUILD)/libcabtrack.a
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

# The status page test opens the page in a real browser.
TEST_DEB_PKGS = chromium

test: deps
	@$(MAKE) --no-print-directory DEB_PKGS="$(TEST_DEB_PKGS)" deps
	@$(MAKE) --no-print-directory all $(TEST_BIN)
	@BUILD=$(BUILD) CORPUS="$(CORPUS)" sh tests/run-tests.sh $(TEST_BIN)

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

