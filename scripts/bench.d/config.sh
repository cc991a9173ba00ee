#!/usr/bin/env bash
# Reload latency of the config service vs a vertx-config ConfigRetriever (default 5 s scan) on the same file.
# Called by scripts/bench.sh with the benchmark classpath as $1; prints markdown rows.
#   SAMPLES=60 BASELINE_SAMPLES=10 scripts/bench.d/config.sh "$cp"
set -euo pipefail
cd "$(dirname "$0")/../.."
cp="${1:-target/test-classes:target/classes:$(cat target/bench.classpath)}"
java -Dsamples="${SAMPLES:-60}" -Dbaseline.samples="${BASELINE_SAMPLES:-10}" \
  -cp "$cp" io.antbot.config.ReloadLatencyBench
