#!/usr/bin/env bash
# The sandbox's figures (docs/benchmarks.md, section Sandbox): pool warm-up, warm QuickJS p50/p99, Wasmtime instantiate+call,
# verifications per second. Run it alone: on a machine shared with other builds the figures say little.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl sandbox-worker -am -Pbench -Dtest='*Benchmark' -Dsurefire.failIfNoSpecifiedTests=false verify "$@"
