#!/usr/bin/env bash
# Events per second written by the in-process component logger (shipped conf/logback.xml plus the logging service's
# feed) and by plain Logback, in alternating plain loops: one markdown row, steadier than a short JMH run on a busy
# machine. Called by scripts/bench.sh with the benchmark classpath as $1.
set -euo pipefail
cd "$(dirname "$0")/../.."
java -cp "$1" io.antbot.logging.LoggingLoopBench "${LOGGING_LOOP_EVENTS:-200000}" "${LOGGING_LOOP_RUNS:-5}" \
  2>/dev/null | grep '^|'
