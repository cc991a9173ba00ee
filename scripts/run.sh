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

# Class-data sharing (AppCDS): the first run of the runtime writes the classes it loaded to var/antbot.jsa.new when it
# exits (SIGTERM or SIGINT: a clean stop; kill -9 writes nothing), the next run checks that file with a short JVM
# (a truncated archive would crash the JVM that maps it) and keeps it as var/antbot.jsa, and runs from then on map the
# classes from there instead of reading and verifying them from the jar again: a faster start, less memory. The
# archive belongs to one jar, one JVM and one set of JAVA_OPTS; var/antbot.jsa.key says which, and a change of any
# makes a new one. Subcommands and --help use an archive but never make one. ANTBOT_CDS=off runs without it.
archive=var/antbot.jsa
cds=()
if [[ "${ANTBOT_CDS:-on}" != off ]]; then
  jvm=$(readlink -f "$(command -v java)")
  jvm_lib="$(dirname "$(dirname "$jvm")")/lib/server/libjvm.so"
  [[ -f "$jvm_lib" ]] && jvm=$jvm_lib
  key="$(stat -c '%s %Y' "$jar") $jvm $(stat -c '%s %Y' "$jvm") ${JAVA_OPTS:-}"
  quiet=(-Xlog:cds=off,cds+dynamic=off)
  if [[ "$(cat "$archive.key" 2>/dev/null)" != "$key" ]]; then
    rm -f "$archive" "$archive.new"
  elif [[ -f "$archive.new" ]]; then
    # In a subshell of its own, whose stderr also takes the shell's notice of a crashed JVM.
    # shellcheck disable=SC2086
    if (java ${JAVA_OPTS:-} -XX:SharedArchiveFile="$archive.new" -Xshare:on -XX:ErrorFile=/dev/null "${quiet[@]}" \
      -jar "$jar" version; exit $?) > /dev/null 2>&1; then
      mv -f "$archive.new" "$archive"
    else
      rm -f "$archive.new"
    fi
  fi
  if [[ -f "$archive" ]]; then
    cds=(-XX:SharedArchiveFile="$archive" "${quiet[@]}")
  elif [[ "${1:-}" == "" || ( "$1" == -* && " $* " != *" --help "* && " $* " != *" -h "* ) ]]; then
    mkdir -p var
    printf '%s\n' "$key" > "$archive.key"
    cds=(-XX:ArchiveClassesAtExit="$archive.new" "${quiet[@]}")
  fi
fi
exec java ${JAVA_OPTS:-} "${cds[@]}" -jar "$jar" "$@"
