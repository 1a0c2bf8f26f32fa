#!/usr/bin/env bash
# The foundation benchmark (docs/benchmarks.md): packages the jar that figure (e) starts, then runs
# FoundationBenchmark in the gateway module under the Maven profile "bench". Takes about five minutes.
# Extra arguments go to Maven, e.g. bench/run.sh -o (offline) or -Dbench.window-seconds=20.
set -euo pipefail
cd "$(dirname "$0")/.."

# 1. The jar (gateway/target/gateway.jar). Tests are skipped here: the benchmark is what runs next.
./mvnw -B "$@" -pl gateway -am -DskipTests package

# 2. The benchmark, and only it (-Dtest also keeps the other modules' tests out of this run). No "package"
#    phase here, so the jar just built is the one measured.
./mvnw -B "$@" -pl gateway -am -Pbench -Dtest=FoundationBenchmark -Dsurefire.failIfNoSpecifiedTests=false test

echo
echo "Figures kept in gateway/target/bench/foundation-benchmark.txt"
