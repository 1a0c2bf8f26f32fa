#!/usr/bin/env bash
# The projection rebuild benchmark (docs/benchmarks.md, "Projection rebuilds"): seeds one million events into the
# embedded event store, reads them raw, then rebuilds bounty-listing beside the live table. Takes 5 to 15 minutes.
# Extra arguments go to Maven, e.g. bench/run-rebuild.sh -o -Dbench.rebuild-events=200000
#   -Dagentbounty.projection-rebuild.batch-size=20 (the rebuild processor's events per transaction; default 1000).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B "$@" -pl gateway -am -Pbench -Dtest=ProjectionRebuildBenchmark -Dsurefire.failIfNoSpecifiedTests=false test
echo
echo "Figures appended to gateway/target/bench/projection-rebuild-benchmark.txt"
