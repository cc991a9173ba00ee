#!/usr/bin/env bash
# Runs AntBot Core on the configuration in conf/ (or as the arguments say), building the jar first when it is
# missing or older than the sources.
#
#   ./scripts/run.sh                       # development, conf/, http://127.0.0.1:8001
#   ./scripts/run.sh --env production --port 9000
#   ./scripts/run.sh --help
set -euo pipefail
cd "$(dirname "$0")/.."

jar=target/antbot-core.jar
if [[ ! -f "$jar" ]] || [[ -n "$(find pom.xml src/main/java src/main/resources conf/schema.yaml -newer "$jar" -print -quit)" ]]; then
  echo "building $jar ..." >&2
  mvn -B -q -DskipTests package >&2
fi
exec java ${JAVA_OPTS:-} -jar "$jar" "$@"
