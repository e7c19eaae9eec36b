# Tiến Độ — build, run and test. `make run` and `make test` do everything on a
# fresh Debian 12 machine (the deps step installs what is missing).

CC      ?= cc
PKGS    := libmicrohttpd sqlite3 libpq jansson libsodium icu-uc icu-i18n libcurl libzip xlsxwriter expat
WARN    := -Wall -Wextra -Wshadow -Wmissing-prototypes -Werror -Wno-missing-field-initializers
BUILD   ?= build
SAN     ?=
OPT     ?= -O2 -g
ifeq ($(SAN),1)
  BUILD := build-asan
  OPT   := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
endif
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CFLAGS  := -std=c11 -D_GNU_SOURCE $(WARN) $(OPT) -Isrc -I$(BUILD)/gen $(PKG_CFLAGS)
LDFLAGS := $(OPT)
LDLIBS  = $(PKG_LIBS) -lcsv -lpthread -lm

SRC      := $(wildcard src/*/*.c)
OBJ      := $(SRC:%.c=$(BUILD)/%.o)
MAIN_OBJ := $(BUILD)/src/main.o
WEB      := $(shell find web -type f | LC_ALL=C sort)
# third-party browser code comes from npm (package-lock.json), never from the repository
VENDOR   := node_modules/chart.js/dist/chart.umd.min.js
LEAFLET  := node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css
GEO      := seed/geo/bac-ninh-2025-communes.geojson
SQL      := $(wildcard sql/*.sql)
GEN_OBJ  := $(BUILD)/gen/assets_web.o $(BUILD)/gen/assets_sql.o
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

DATA    ?= data
LISTEN  ?= 127.0.0.1:8080

.PHONY: all build deps run test bench asan clean help
all: build
build: $(BUILD)/tiendo $(UNIT_BIN)

$(BUILD)/tiendo: $(MAIN_OBJ) $(BUILD)/libtiendo.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/libtiendo.a: $(OBJ) $(GEN_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/%.o: %.c $(wildcard src/*.h src/*/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O2 $(WARN) -o $@ $<

$(BUILD)/gen/assets_web.c: $(BUILD)/tools/embed $(WEB) $(VENDOR) $(LEAFLET) $(GEO)
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed $@ td_web_assets web/ $(WEB) vendor/chart.umd.min.js=$(VENDOR) \
		vendor/leaflet.js=node_modules/leaflet/dist/leaflet.js \
		vendor/leaflet.css=node_modules/leaflet/dist/leaflet.css \
		geo/bac-ninh-2025-communes.geojson=$(GEO)

$(VENDOR): package-lock.json
	PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(BUILD)/gen/assets_sql.c: $(BUILD)/tools/embed $(SQL)
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed $@ td_sql_migrations sql/ $(SQL)

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	$(CC) $(CFLAGS) -Wno-missing-prototypes -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libtiendo.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(BUILD)/libtiendo.a $(LDLIBS) $(shell pkg-config --libs cmocka 2>/dev/null)

deps:
	@sh tools/deps.sh

run: deps
	@$(MAKE) --no-print-directory build
	@test -f $(DATA)/tiendo.db || ./$(BUILD)/tiendo init --data $(DATA) --demo --reform
	./$(BUILD)/tiendo serve --data $(DATA) --listen $(LISTEN)

test: deps
	@sh tools/test.sh

bench: deps
	@sh tools/deps.sh bench
	@$(MAKE) --no-print-directory build $(BUILD)/bench/gen
	@sh bench/run.sh

# the benchmark's data generator and in-process measurements (bench/README.md)
$(BUILD)/bench/gen: bench/gen.c $(BUILD)/libtiendo.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< $(BUILD)/libtiendo.a $(LDLIBS)

asan:
	@$(MAKE) --no-print-directory SAN=1 build

clean:
	rm -rf build build-asan

help:
	@echo "make run    build, create the demo database if absent, serve on $(LISTEN)"
	@echo "make test   every suite, plain and ASan+UBSan builds; ends with 'N passed, M failed'"
	@echo "make bench  the benchmarks of bench/README.md (installs nginx and wrk if missing)"

# ---- reliability and security (tests/reliability/, tests/fuzz/, docs/SECURITY.md)
.PHONY: fuzz test-long test-valgrind check
fuzz:
	@sh tools/fuzz.sh

# the reliability suites with 1,000 crash cycles (CRASH_CYCLES, CRASH_SEED)
test-long: deps
	@$(MAKE) --no-print-directory build
	CRASH_CYCLES=$${CRASH_CYCLES:-1000} TIENDO_BIN=$(BUILD)/tiendo node --test --test-reporter=spec --test-concurrency=1 tests/reliability/

test-valgrind: deps
	@sh tools/valgrind.sh

check:
	@sh tools/checks.sh
