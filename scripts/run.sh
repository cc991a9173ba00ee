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

# Class-data sharing (AppCDS): the first run of the runtime writes the classes it loaded to var/antbot.jsa when it
# exits (SIGTERM or SIGINT: a clean stop; kill -9 writes nothing), and later runs map them from there instead of
# reading and verifying them from the jar again, which starts them faster and with less memory. The archive belongs to
# one jar, one JVM and one set of JAVA_OPTS; var/antbot.jsa.key says which, and a change of any makes a new one. A
# JVM that refuses the archive anyway runs without it, silently. Subcommands and --help use it but never make it.
# ANTBOT_CDS=off runs without it.
archive=var/antbot.jsa
cds=()
if [[ "${ANTBOT_CDS:-on}" != off ]]; then
  jvm=$(readlink -f "$(command -v java)")
  jvm_lib="$(dirname "$(dirname "$jvm")")/lib/server/libjvm.so"
  [[ -f "$jvm_lib" ]] && jvm=$jvm_lib
  key="$(stat -c '%s %Y' "$jar") $jvm $(stat -c '%s %Y' "$jvm") ${JAVA_OPTS:-}"
  if [[ -f "$archive" && "$(cat "$archive.key" 2>/dev/null)" == "$key" ]]; then
    cds=(-XX:SharedArchiveFile="$archive" -Xlog:cds=off,cds+dynamic=off)
  elif [[ "${1:-}" == "" || ( "$1" == -* && " $* " != *" --help "* && " $* " != *" -h "* ) ]]; then
    mkdir -p var
    rm -f "$archive"
    printf '%s\n' "$key" > "$archive.key"
    cds=(-XX:ArchiveClassesAtExit="$archive" -Xlog:cds=off,cds+dynamic=off)
  fi
fi
exec java ${JAVA_OPTS:-} "${cds[@]}" -jar "$jar" "$@"
