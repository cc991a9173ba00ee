#!/usr/bin/env bash
# Start-up time and memory: the runtime as scripts/run.sh starts it (the fat jar, the shipped conf/, its class-data
# sharing archive) against a bare Vert.x 5 HTTP server (io.antbot.web.BareServerMain, Vert.x core only), started by
# turns, STARTUP_RUNS times each (default 7). Each start is timed from the launch to the first 200 of
# /health/ready (the bare server: of any path), polled every 20 ms; its resident memory (VmRSS) is read a second
# later, then it is stopped with SIGTERM. Both get the same JVM flags (none, or $STARTUP_JAVA_OPTS) beyond the
# class-data sharing options; the bare server is measured without an archive of its own and with one, the runtime
# also with ANTBOT_CDS=off. Every start is a second one: a first start of each (not measured) makes the runtime's
# keys, users and archive (and run.sh's check of it), and the bare server's archive. Prints medians as markdown rows
# | name | ours | baseline | unit | ratio | (here the ratio is ours / baseline: below the goal is better).
#
# Needs target/antbot-core.jar (mvn -B package) and the benchmark classpath as $1 (scripts/bench.sh passes it).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
cp=$(tr ':' '\n' <<< "${1:?usage: startup.sh CLASSPATH}" | sed -E "s|^([^/])|$root/\1|" | paste -sd:)
runs="${STARTUP_RUNS:-7}"
java_opts="${STARTUP_JAVA_OPTS:-}"
jar=target/antbot-core.jar
if [[ ! -f "$jar" ]]; then
  echo "startup.sh: $jar is missing; run mvn -B -DskipTests package first" >&2
  exit 1
fi

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# The runtime's sandbox: run.sh, the jar, the shipped conf/ and a private var/. run.sh rebuilds the jar when a source
# is newer; the sandbox's pom.xml and (empty) source folders keep their old dates so that it never does.
rt="$work/runtime"
mkdir -p "$rt/scripts" "$rt/target" "$rt/src/main/java" "$rt/src/main/resources"
cp -p scripts/run.sh "$rt/scripts/run.sh"
cp -p "$jar" "$rt/target/antbot-core.jar"
cp -rp conf "$rt/conf"
cp -p pom.xml "$rt/pom.xml"
touch -r "$rt/pom.xml" "$rt/src/main/java" "$rt/src/main/resources"

# The bare server from a jar of its own plus the jars Vert.x core needs: class-data sharing archives classes from
# jars only.
bare="$work/bare"
mkdir -p "$bare"
jar cf "$bare/bare.jar" -C target/bench/test-classes io/antbot/web/BareServerMain.class
bare_cp="$bare/bare.jar:$(tr ':' '\n' <<< "$cp" | grep -E '/(vertx-core|vertx-core-logging|netty-[a-z0-9-]+|jackson-core)-[0-9][^/]*\.jar$' | paste -sd:)"

free_port() { python3 scripts/free-port.py; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
cds_quiet=(-Xlog:cds=off,cds+dynamic=off)

# launch NAME PORT: starts a target in the background; sets $pid.
launch() {
  case "$1" in
    runtime) (cd "$rt" && JAVA_OPTS="$java_opts" exec bash scripts/run.sh --port "$2") > "$work/$1.log" 2>&1 & ;;
    runtime_nocds) (cd "$rt" && ANTBOT_CDS=off JAVA_OPTS="$java_opts" exec bash scripts/run.sh --port "$2") \
      > "$work/$1.log" 2>&1 & ;;
    bare) (exec java $java_opts -cp "$bare_cp" io.antbot.web.BareServerMain "$2") > "$work/$1.log" 2>&1 & ;;
    bare_cds) (exec java $java_opts "${bare_cds[@]}" -cp "$bare_cp" io.antbot.web.BareServerMain "$2") \
      > "$work/$1.log" 2>&1 & ;;
  esac
  pid=$!
  pids+=("$pid")
}
ready_path() { [[ "$1" == runtime* ]] && echo /health/ready || echo /; }

# measure NAME: one start; sets $took_ms and $rss_kb.
measure() {
  local port start ready
  port=$(free_port)
  start=$(now_ms)
  launch "$1" "$port"
  until curl -fs -o /dev/null --max-time 1 "http://127.0.0.1:$port$(ready_path "$1")"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "startup.sh: $1 exited before it was ready:" >&2
      tail -5 "$work/$1.log" >&2
      exit 1
    fi
    sleep 0.02
  done
  ready=$(now_ms)
  sleep 1
  rss_kb=$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status")
  took_ms=$(( ready - start ))
  kill -TERM "$pid"
  wait "$pid" 2>/dev/null || true
}

# First starts, not measured: the runtime's keys, users and archive (written at its exit), the bare server's archive.
measure runtime
# run.sh checks a new archive once, in a short JVM, at the run after the one that wrote it: done here, not timed.
(cd "$rt" && JAVA_OPTS="$java_opts" bash scripts/run.sh version > /dev/null)
bare_cds=(-XX:ArchiveClassesAtExit="$bare/bare.jsa" "${cds_quiet[@]}")
measure bare_cds
bare_cds=(-XX:SharedArchiveFile="$bare/bare.jsa" "${cds_quiet[@]}")
[[ -f "$rt/var/antbot.jsa" ]] || echo "startup.sh: run.sh made no archive" >&2
[[ -f "$bare/bare.jsa" ]] || echo "startup.sh: the bare server made no archive" >&2

targets=(runtime bare runtime_nocds bare_cds)
declare -A ms kb
for _ in $(seq 1 "$runs"); do
  for target in "${targets[@]}"; do
    measure "$target"
    ms[$target]+="$took_ms "
    kb[$target]+="$rss_kb "
  done
done
for target in "${targets[@]}"; do
  echo "startup.sh: $target, ms: ${ms[$target]}; RSS kB: ${kb[$target]}" >&2
done

median() { tr ' ' '\n' <<< "$1" | grep -v '^$' | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
row() { # name, ours values, baseline values, scale, unit
  local ours base
  ours=$(median "$2")
  base=$(median "$3")
  echo "| $1 (median of $runs starts by turns) | $(awk -v v="$ours" -v s="$4" 'BEGIN {printf "%.0f", v / s}') \
| $(awk -v v="$base" -v s="$4" 'BEGIN {printf "%.0f", v / s}') | $5 | $(awk -v o="$ours" -v b="$base" 'BEGIN {printf "%.2f", o / b}') |"
}
row "start to GET /health/ready 200, run.sh (CDS archive) vs bare Vert.x HTTP server" "${ms[runtime]}" "${ms[bare]}" 1 ms
row "RSS 1 s after ready, run.sh (CDS archive) vs bare Vert.x HTTP server" "${kb[runtime]}" "${kb[bare]}" 1024 MB
row "start to ready, run.sh vs bare server with its own CDS archive" "${ms[runtime]}" "${ms[bare_cds]}" 1 ms
row "RSS, run.sh vs bare server with its own CDS archive" "${kb[runtime]}" "${kb[bare_cds]}" 1024 MB
row "start to ready, runtime without CDS (ANTBOT_CDS=off) vs bare server" "${ms[runtime_nocds]}" "${ms[bare]}" 1 ms
row "RSS, runtime without CDS vs bare server" "${kb[runtime_nocds]}" "${kb[bare]}" 1024 MB
