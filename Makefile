# The two commands: `make run` and `make test`. Everything they need is installed by
# scripts/setup.sh, each step skipped when already done.
SHELL := /bin/bash
# The server must not see a compile-time LEPTOS_OUTPUT_NAME (see scripts/build-site.sh).
unexport LEPTOS_OUTPUT_NAME

TARGET_DIR := $(abspath $(or $(CARGO_TARGET_DIR),target))
export CARGO_TARGET_DIR := $(TARGET_DIR)
# The release bundle (make run) and the test bundle (make test) live apart.
export LEPTOS_SITE_ROOT := $(TARGET_DIR)/site
DEV_SITE_ROOT := $(TARGET_DIR)/site-dev

.PHONY: run test bench setup-run setup-test lint unit-and-http api-contract browser browser-release site-dev site-release demo-db

## run: build the release app and serve it at http://127.0.0.1:$${PORT:-3000} on ./data/throughline.db
run: setup-run site-release
	cargo build -p server --release
	$(TARGET_DIR)/release/throughline serve

## test: formatting, lints, unit + HTTP tests, then the browser tests against the same build,
## and the main paths again against the release bundle users download
test: setup-test lint unit-and-http api-contract site-dev browser site-release browser-release

## bench: every benchmark on a release build, each printing its figures, then the run's
## one table of them with their ratios to the no-op request (README's table)
bench: export BENCH_REPORT := $(TARGET_DIR)/bench-report.md
bench: setup-test site-release
	scripts/bench-table.sh begin $(BENCH_REPORT) $(LEPTOS_SITE_ROOT)
	cargo bench -p server
	cargo build -p server --release
	cd end2end && THROUGHLINE_BIN=$(TARGET_DIR)/release/throughline npx playwright test --config bench.config.ts
	scripts/bench-table.sh end $(BENCH_REPORT)

setup-run:
	@scripts/setup.sh run

setup-test:
	@scripts/setup.sh test

lint:
	cargo fmt --all --check
	# Per crate and per side: ssr and hydrate must never be compiled together.
	cargo clippy -p app -p server -p migrations --all-targets --features app/ssr -- -D warnings
	cargo clippy -p frontend --all-targets -- -D warnings

# One invocation for both crates so they share one feature set and one build; it
# also builds target/debug/throughline, which the browser tests then run. The
# PostgreSQL tests run against a throwaway server started for them.
unit-and-http:
	# A hung test fails the run in minutes instead of eating CI's whole budget.
	scripts/with-postgres.sh timeout 25m cargo test -p app -p server --features app/ssr -- --include-ignored

# The public API against its own OpenAPI document (schemathesis), on the build
# unit-and-http made.
api-contract:
	THROUGHLINE_BIN=$(TARGET_DIR)/debug/throughline SCHEMATHESIS=$(TARGET_DIR)/tools/schemathesis/bin/schemathesis scripts/api-contract.sh

site-dev:
	scripts/build-site.sh dev

site-release:
	scripts/build-site.sh release

# With a throwaway PostgreSQL server for the replicas' spec (live-updates.spec.ts).
browser:
	scripts/with-postgres.sh bash -c 'cd end2end && THROUGHLINE_BIN=$(TARGET_DIR)/debug/throughline LEPTOS_SITE_ROOT=$(DEV_SITE_ROOT) npx playwright test'

# The release bundle (optimised, hashed, compressed) must hydrate and work too: the
# bundle's own spec and the board's main paths, hydrated.
browser-release:
	cd end2end && THROUGHLINE_BIN=$(TARGET_DIR)/debug/throughline RELEASE_BUNDLE=1 \
	  npx playwright test --project=hydrated bundle.spec.ts boards.spec.ts moves.spec.ts
