#!/usr/bin/env bash
# The read-cache benchmark (docs/benchmarks.md, "Read cache"): cached listing and detail reads against a trivial JSON
# endpoint of the same application, in one run of ReadCacheBenchmark under the gateway's Maven profile "bench".
# Takes about three minutes after the build: the phases take turns in 5 rounds of 4 s each. Extra arguments go to
# Maven, e.g. -o (offline), -Dbench.rounds=N or -Dbench.window-seconds=40.
set -euo pipefail
cd "$(dirname "$0")/.."

./mvnw -B "$@" -pl gateway -am -Pbench -Dtest=ReadCacheBenchmark -Dsurefire.failIfNoSpecifiedTests=false test

echo
echo "Figures kept in gateway/target/bench/read-cache-benchmark.txt"
