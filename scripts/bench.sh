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

java -cp "$cp" org.openjdk.jmh.Main "${jmh_args[@]}" -rf json -rff target/jmh-result.json \
  "${BENCH_FILTER:-io.antbot}" > target/jmh-output.txt

echo "| benchmark | ours | baseline | unit | ratio |"
echo "|---|---|---|---|---|"
java -cp "$cp" io.antbot.bench.BenchTable target/jmh-result.json
for extra in scripts/bench.d/*.sh; do
  [[ -e "$extra" ]] || continue
  bash "$extra" "$cp"
done
