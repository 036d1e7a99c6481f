# fazhi - top-level entry points. CMake does the building; this file names
# the few things a person runs. See README.md.
#
#   make          release build, binary at build/fazhi
#   make run      install deps, build, create var/fazhi.db with the demo
#                 (the seed agencies' 2023 records) if absent, serve
#                 http://127.0.0.1:8080
#   make check    install deps, build (warnings as errors), run every test,
#                 then the same tests again under ASan + UBSan, then each
#                 fuzz target briefly (FUZZ_CHECK_SECONDS, default 5)
#   make fuzz     build the libFuzzer targets (clang, build-fuzz) and run
#                 each for FUZZ_SECONDS (default 60); docs/fuzzing.md
#   make dev      developer build in build-dev (-Werror)
#   make asan     sanitizer build in build-asan
#   make bench    benchmarks (not part of check)
#   make format   clang-format every C file

JOBS   ?= $(shell nproc 2>/dev/null || echo 2)
DB     ?= var/fazhi.db
LISTEN ?= 127.0.0.1:8080
CMAKE  := cmake
MAKEFLAGS += --no-print-directory

FUZZ_SECONDS ?= 60
FUZZ_CHECK_SECONDS ?= 5

.PHONY: all deps deps-quiet run check dev asan fuzz fuzz-build bench format clean

all: deps-quiet
	$(CMAKE) -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
	$(CMAKE) --build build -j$(JOBS) --target fazhi

deps:
	@scripts/install-deps

deps-quiet:
	@scripts/install-deps --quiet

run: deps all
	@mkdir -p var
	@test -f $(DB) || { build/fazhi init --db $(DB) --demo --credentials var/demo-login.txt && \
	  build/fazhi demo --db $(DB); }
	@echo "fazhi: serving http://$(LISTEN)/  (Ctrl-C to stop)"
	@test -f var/demo-login.txt && cat var/demo-login.txt || true
	build/fazhi serve --db $(DB) --listen $(LISTEN)

dev:
	$(CMAKE) -S . -B build-dev -DCMAKE_BUILD_TYPE=Debug -DFZ_DEV=ON >/dev/null
	$(CMAKE) --build build-dev -j$(JOBS)

asan:
	$(CMAKE) -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DFZ_ASAN=ON >/dev/null
	$(CMAKE) --build build-asan -j$(JOBS)

check: deps dev asan
	cd build-dev && ctest -j$(JOBS) --output-on-failure
	cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest -j$(JOBS) --output-on-failure
	$(MAKE) fuzz-build
	fuzz/run $(FUZZ_CHECK_SECONDS)

fuzz-build: deps-quiet
	CC=clang $(CMAKE) -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFZ_FUZZ=ON >/dev/null
	$(CMAKE) --build build-fuzz -j$(JOBS) --target fuzzers

fuzz: fuzz-build
	fuzz/run $(FUZZ_SECONDS)

bench: deps all
	$(CMAKE) --build build -j$(JOBS) --target benches
	bench/run

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf build build-dev build-asan build-fuzz
