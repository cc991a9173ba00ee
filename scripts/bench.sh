#!/usr/bin/env bash
# Runs every benchmark and prints one table: benchmark | ours | baseline | unit | ratio.
# The ratio is how many times the baseline's speed we reach (above 1: faster than the baseline).
#
#   scripts/bench.sh                 # all JMH pairs, then every scripts/bench.d/*.sh
#   scripts/bench.sh -quick          # shorter JMH runs (1 fork, 2 x 1 s warm-up, 3 x 1 s measurement)
#   BENCH_FILTER=Bus scripts/bench.sh  # only JMH benchmarks whose name matches the regex
set -euo pipefail
cd "$(dirname "$0")/.."

jmh_args=(-f 1 -wi 3 -w 2s -i 5 -r 2s)
if [[ "${1:-}" == "-quick" ]]; then
  jmh_args=(-f 1 -wi 2 -w 1s -i 3 -r 1s)
  shift
fi

# package: scripts/bench.d/startup.sh starts the fat jar as scripts/run.sh does.
mvn -B -q -Pbench -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
# A private copy of the compiled classes, so that a build started meanwhile cannot pull them from under the forks.
rm -rf target/bench && mkdir -p target/bench && cp -r target/classes target/bench/classes \
  && cp -r target/test-classes target/bench/test-classes
cp="target/bench/test-classes:target/bench/classes:$(cat target/bench.classpath)"

# Two pairs run apart, in three forks each, since their speed in one JVM settles at a level that differs from fork to
# fork: the threat scanner (77 or 115 batches/s in successive iterations and forks of the same build, the baseline as
# unsteady; whether the JIT or the VM's neighbours cause it was not found) and the rate-limit decision (one fork read
# 0.61 of Bucket4j, three forks minutes later 0.80 on the same build, 2026-12-07: whether C2 inlines the decision into
# the benchmark depends on which it compiles first, see docs/protection.md), and the bus logger (one fork 0.76 of
# Logback async, three forks minutes later 0.87, 2026-12-07). A single fork reports whichever level it drew; three
# report their mean and its spread (JMH's "error" column in target/jmh-forked.txt).
forked='io.antbot.security.threat.ThreatScannerBenchmark.scan_|io.antbot.security.ratelimit.RateLimiterBenchmark.decision|io.antbot.logging.LoggingBenchmark.'
results=()
if java -cp "$cp" org.openjdk.jmh.Main -l -e "$forked" "${BENCH_FILTER:-io.antbot}" | grep -q '^io\.'; then
  java -cp "$cp" org.openjdk.jmh.Main "${jmh_args[@]}" -e "$forked" -rf json -rff target/jmh-result.json \
    "${BENCH_FILTER:-io.antbot}" > target/jmh-output.txt
  results+=(target/jmh-result.json)
fi
mapfile -t forked_names < <(java -cp "$cp" org.openjdk.jmh.Main -l "$forked" | grep '^io\.' \
  | grep -E -- "${BENCH_FILTER:-io.antbot}" || true)
if (( ${#forked_names[@]} > 0 )); then
  java -cp "$cp" org.openjdk.jmh.Main "${jmh_args[@]:2}" -f 3 -rf json -rff target/jmh-forked.json \
    "${forked_names[@]}" > target/jmh-forked.txt
  results+=(target/jmh-forked.json)
fi

echo "| benchmark | ours | baseline | unit | ratio |"
echo "|---|---|---|---|---|"
java -cp "$cp" io.antbot.bench.BenchTable "${results[@]}"
for extra in scripts/bench.d/*.sh; do
  [[ -e "$extra" ]] || continue
  bash "$extra" "$cp"
done
