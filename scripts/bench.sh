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

# The threat scanner's pair runs apart, in three forks each: its speed in one JVM settles at one of two levels a third
# apart (77 or 115 batches/s, in successive iterations and forks of the same build, the baseline as unsteady; whether the
# JIT or the VM's neighbours cause it was not found), so a single fork reports whichever it drew; three report their
# mean and its spread (JMH's "error" column in target/jmh-scanner.txt).
scanner='io.antbot.security.threat.ThreatScannerBenchmark.scan_'
results=()
if java -cp "$cp" org.openjdk.jmh.Main -l -e "$scanner" "${BENCH_FILTER:-io.antbot}" | grep -q '^io\.'; then
  java -cp "$cp" org.openjdk.jmh.Main "${jmh_args[@]}" -e "$scanner" -rf json -rff target/jmh-result.json \
    "${BENCH_FILTER:-io.antbot}" > target/jmh-output.txt
  results+=(target/jmh-result.json)
fi
if grep -qE -- "${BENCH_FILTER:-io.antbot}" <<< "${scanner}ours"; then
  java -cp "$cp" org.openjdk.jmh.Main "${jmh_args[@]:2}" -f 3 -rf json -rff target/jmh-scanner.json \
    "$scanner" > target/jmh-scanner.txt
  results+=(target/jmh-scanner.json)
fi

echo "| benchmark | ours | baseline | unit | ratio |"
echo "|---|---|---|---|---|"
java -cp "$cp" io.antbot.bench.BenchTable "${results[@]}"
for extra in scripts/bench.d/*.sh; do
  [[ -e "$extra" ]] || continue
  bash "$extra" "$cp"
done
