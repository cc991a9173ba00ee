#!/usr/bin/env bash
# The MetricsBench scrape pair (GET /metrics vs PrometheusMeterRegistry.scrape(), 500 custom series) called by turns
# in one JVM, so both sides see the same load: two markdown rows (mean and median time per scrape), steadier than
# the JMH pair on a busy machine. Called by scripts/bench.sh with the benchmark classpath as $1.
#   SCRAPE_ROUNDS=3000 scripts/bench.d/scrape.sh "$cp"
#   SCRAPE_VIA=bus scripts/bench.d/scrape.sh   # the route's bus fallback instead of the local scraper
set -euo pipefail
cd "$(dirname "$0")/../.."
cp="${1:-target/test-classes:target/classes:$(cat target/bench.classpath)}"
java -Drounds="${SCRAPE_ROUNDS:-3000}" -Dvia="${SCRAPE_VIA:-local}" -cp "$cp" io.antbot.metrics.ScrapeInterleavedBench 2>/dev/null | grep '^|'
