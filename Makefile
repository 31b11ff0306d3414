# cwyn — the two commands that matter:
#   make run    install what is missing, build, and start cwyn
#   make check  build and run every test, then again under ASan+UBSan
# Meson + ninja do the building; this file only wraps them.

BUILD      ?= build
ASAN_BUILD ?= build-asan
MESON      ?= meson
TEST_ARGS  ?= --print-errorlogs -v

.PHONY: all deps assets build run check test test-asan test-valgrind bench fuzz clean

all: build

deps:
	@scripts/deps.sh

# GOV.UK Frontend styles into web/static (npm; a no-op when up to date).
assets: deps
	@scripts/build-assets.sh

$(BUILD)/build.ninja:
	$(MESON) setup $(BUILD)

build: deps assets $(BUILD)/build.ninja
	ninja -C $(BUILD)
	ln -sf src/cli/cwyn $(BUILD)/cwyn

run: build
	scripts/run.sh $(BUILD)

# Every test twice: the normal build, then ASan+UBSan (leaks included).
check: deps assets
	$(MAKE) test
	$(MAKE) test-asan

# Tests get a throwaway PostgreSQL server (tests/pg/pg.sh), stopped again
# however they end; CWYN_TEST_PG_URL tells them where it is. Its state
# directory is named after the checkout, build directories and target, so
# two runs on one machine (two checkouts or build directories, or test and
# test-valgrind at once) never share a server or stop each other's;
# CWYN_PG_DIR overrides it.
PG_TEST = CWYN_PG_DIR="$${CWYN_PG_DIR:-$${TMPDIR:-/tmp}/cwyn-pg-$$(printf '%s' '$(CURDIR) $(BUILD) $(ASAN_BUILD) $@' | cksum | cut -d' ' -f1)}" && \
	  export CWYN_PG_DIR && tests/pg/pg.sh start >/dev/null && \
	  trap 'tests/pg/pg.sh stop' EXIT && trap 'exit 130' INT TERM && \
	  CWYN_TEST_PG_URL="$$(tests/pg/pg.sh url)" && export CWYN_TEST_PG_URL &&

test: $(BUILD)/build.ninja
	ninja -C $(BUILD)
	$(PG_TEST) $(MESON) test -C $(BUILD) $(TEST_ARGS)

$(ASAN_BUILD)/build.ninja:
	$(MESON) setup $(ASAN_BUILD) -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug

test-asan: $(ASAN_BUILD)/build.ninja
	ninja -C $(ASAN_BUILD)
	$(PG_TEST) ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	  $(MESON) test -C $(ASAN_BUILD) $(TEST_ARGS)

# The unit and scenario suites under valgrind: invalid reads and writes,
# uninitialised values, definite leaks. Not part of `make check`: it takes
# far longer than the rest (README.md, "Other targets"). Valgrind runs code
# 20-50 times slower, so the tests' timeouts are stretched to match.
# tests/valgrind.supp holds third-party noise only.
VALGRIND = valgrind --error-exitcode=99 --leak-check=full \
	   --errors-for-leak-kinds=definite --suppressions=$(CURDIR)/tests/valgrind.supp
test-valgrind: $(BUILD)/build.ninja
	ninja -C $(BUILD)
	$(PG_TEST) $(MESON) test -C $(BUILD) --suite unit --suite scenarios \
	  --print-errorlogs --timeout-multiplier 10 --wrapper '$(VALGRIND)'

# libFuzzer targets: `make fuzz` builds them; FUZZ_SECONDS runs each that long.
FUZZ_SECONDS ?= 0
fuzz:
	@scripts/deps.sh fuzz
	[ -f build-fuzz/build.ninja ] || CC=clang $(MESON) setup build-fuzz -Dfuzz=true \
	  -Db_sanitize=address,undefined -Db_lundef=false -Dwerror=false -Dc_args=-fsanitize=fuzzer-no-link
	@# Regenerate first, so a target added to tests/fuzz/meson.build is listed.
	ninja -C build-fuzz build.ninja
	@# Only the fuzz targets (and what they link); warnings are gcc's job in make check.
	ninja -C build-fuzz $$(ninja -C build-fuzz -t targets all | sed -n 's/^\(tests\/fuzz\/fuzz_[A-Za-z0-9_]*\): .*/\1/p')
	@# Seeds in tests/fuzz/corpus/<target> are optional; new finds go to build-fuzz/corpus.
	@if [ "$(FUZZ_SECONDS)" -gt 0 ]; then for f in build-fuzz/tests/fuzz/fuzz_*; do \
	  [ -f "$$f" ] && [ -x "$$f" ] || continue; \
	  t=$$(basename $$f); echo "== $$t ($(FUZZ_SECONDS) s)"; mkdir -p build-fuzz/corpus/$$t; \
	  seeds=; [ -d tests/fuzz/corpus/$$t ] && seeds=tests/fuzz/corpus/$$t; \
	  $$f -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=build-fuzz/$$t- \
	    build-fuzz/corpus/$$t $$seeds > build-fuzz/$$t.log 2>&1 \
	    || { tail -40 build-fuzz/$$t.log; exit 1; }; \
	  grep -E '^Done [0-9]+ runs' build-fuzz/$$t.log || true; done; fi

bench: build
	scripts/bench.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-fuzz
