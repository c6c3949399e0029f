#!/usr/bin/env bash
# The recommendation job on a generated platform (100,000 items, 10,000 viewers, 1,000,000
# history entries unless REEL_BENCH_ITEMS / _VIEWERS / _WATCHES say otherwise), on SQLite and
# on a throwaway PostgreSQL: benches/recommendations.rs. Prints a Markdown table for
# docs/benchmarks.md; progress goes to stderr.
#   bench/recommendations.sh
#   REEL_BENCH_ITEMS=10000 REEL_BENCH_VIEWERS=1000 REEL_BENCH_WATCHES=100000 bench/recommendations.sh
set -euo pipefail
cd "$(dirname "$0")/.."
exec scripts/with-postgres cargo bench --bench recommendations
