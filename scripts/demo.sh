#!/usr/bin/env bash
# The AntBot Core demo: starts the real runtime (development, with the example bot) in one JVM on a scratch copy of
# conf/, shows every service through the event bus and over HTTP, monitors health and alerts, and shuts down.
# One line per step on standard output (PASS <step>: <detail> / FAIL <step>: <reason>), then a SUMMARY line; the
# runtime's own console lines go to standard error. Exit code 0 when every step passed, 1 otherwise.
#
#   ./scripts/demo.sh                 # 30 s of monitoring
#   ./scripts/demo.sh --quick         # 5 s of monitoring (what CI runs)
#   ./scripts/demo.sh --quick --serve # keep the runtime up after the steps, until SIGTERM/SIGINT
#   ./scripts/demo.sh --help
#
# Builds target/antbot-core.jar first when it is missing or older than the sources. See docs/operations.md.
set -euo pipefail
cd "$(dirname "$0")/.."

jar=target/antbot-core.jar
demo=target/demo-classes   # the demo driver, src/demo/java: not in the runtime's jar
if [[ ! -f "$jar" ]] || [[ ! -d "$demo" ]] || [[ -n "$(find pom.xml src/main src/demo -newer "$jar" -print -quit)" ]]; then
  echo "building $jar ..." >&2
  mvn -B -q -DskipTests package >&2
fi

command=(java ${JAVA_OPTS:-} -cp "$jar:$demo" io.antbot.demo.Demo "$@")
for arg in "$@"; do
  if [[ "$arg" == "--serve" ]]; then
    exec "${command[@]}"
  fi
done
# The driver bounds every step and the whole run itself; this is the last resort against a stuck JVM.
exec timeout --kill-after=10s 15m "${command[@]}"
