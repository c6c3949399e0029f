#!/usr/bin/env bash
# Search and filtered-listing latency on a generated catalogue (100,000 items unless
# REEL_BENCH_ITEMS says otherwise), on SQLite and on a throwaway PostgreSQL, with the metadata
# cache off (the reference) and on, in one run: benches/catalogue.rs. Prints Markdown tables
# for docs/benchmarks.md; progress goes to stderr.
#   bench/catalogue.sh
#   REEL_BENCH_ITEMS=20000 REEL_BENCH_QUERIES=500 bench/catalogue.sh
#   REEL_BENCH_REUSE=postgres://…/reel_bench_… cargo bench --bench catalogue   (a kept database)
set -euo pipefail
cd "$(dirname "$0")/.."
exec scripts/with-postgres cargo bench --bench catalogue
