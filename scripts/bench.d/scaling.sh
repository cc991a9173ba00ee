#!/usr/bin/env bash
# Cost as the work grows: each measure on the real component at 1x, 10x and 100x a realistic size (the threat scan
# also at 1000x), with the growth exponent (the least-squares slope of log(cost) over log(size): 1 is linear, 0 is
# constant). One JVM per measure (io.antbot.bench.ScalingMain), so each starts on a fresh heap. Prints its own
# markdown table (after an empty line, as it has other columns than bench.sh's). About four minutes.
# Called by scripts/bench.sh with the benchmark classpath as $1.
#   SCALING_SECTIONS="rate-limit threat-scan" scripts/bench.d/scaling.sh "$cp"   # only some of the measures
set -euo pipefail
cd "$(dirname "$0")/../.."
cp="${1:-target/bench/test-classes:target/bench/classes:$(cat target/bench.classpath)}"
sections="${SCALING_SECTIONS:-reload log-query scrape rate-limit threat-scan audit-verify}"

echo
echo "| work | sizes (1x / 10x / 100x / 1000x) | 1x | 10x | 100x | 1000x | unit | growth exponent | expected |"
echo "|---|---|---|---|---|---|---|---|---|"
for section in $sections; do
  # The rate-limit measure holds a million buckets at once.
  java -Xmx3g -cp "$cp" io.antbot.bench.ScalingMain "$section" 2>/dev/null | grep '^|' \
    || echo "| $section | failed: rerun \`java -cp \"\$CP\" io.antbot.bench.ScalingMain $section\` to see why | | | | | | | |"
done
