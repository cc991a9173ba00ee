#!/usr/bin/env bash
# The full HTTP edge chain (IP lists, rate limits, body limit, threat scan, JWT, permission) against a bare
# vertx-web router answering the same request with the same body, both under wrk on 127.0.0.1.
# Prints two markdown rows: | name | ours | baseline | unit | ratio |. Installs wrk with apt-get when missing.
# Called by scripts/bench.sh with the benchmark classpath as $1.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
# Absolute entries: the runtime runs in a scratch directory of its own (its var/ goes there).
cp=$(tr ':' '\n' <<< "${1:?usage: edge.sh CLASSPATH}" | sed -E "s|^([^/])|$root/\1|" | paste -sd:)
duration="${EDGE_BENCH_SECONDS:-3}"
# JVM options given to every server alike (the runtime and both bare routers), to compare them under other JVM
# settings on equal terms: EDGE_JAVA_OPTS="-XX:+UseParallelGC" bash scripts/bench.d/edge.sh "$CP".
read -r -a jvm_opts <<< "${EDGE_JAVA_OPTS:-}"

if ! command -v wrk >/dev/null; then
  sudo_cmd=()
  [[ "$(id -u)" != 0 ]] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq wrk >/dev/null
fi

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [[ -n "${EDGE_BENCH_KEEP:-}" ]]; then
    echo "kept $work" >&2
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

free_port() { python3 scripts/free-port.py; }
wait_for() { # url, seconds
  for _ in $(seq 1 $(( $2 * 10 ))); do
    curl -fsS --max-time 5 -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "edge.sh: $1 did not answer" >&2
  return 1
}
rps() { awk '/Requests\/sec/ {print $2}'; }

cp -r conf "$work/conf"
port=$(free_port)
password="bench-$(date +%s%N)"
(cd "$work" && ANTBOT_ADMIN_PASSWORD="$password" exec java ${jvm_opts[@]+"${jvm_opts[@]}"} -cp "$cp" \
  -Dantbot.security.rate_limits.policies.ip.capacity=1000000000 -Dantbot.security.rate_limits.policies.ip.refill=1000000000 \
  -Dantbot.security.rate_limits.policies.user.capacity=1000000000 -Dantbot.security.rate_limits.policies.user.refill=1000000000 \
  -Dantbot.logging.console=false \
  io.antbot.launcher.Main --conf "$work/conf" --env staging --port "$port" > "$work/runtime.log" 2>&1) &
pids+=($!)
runtime_pid=$!
wait_for "http://127.0.0.1:$port/health/ready" 60
token=$(curl -fsS --max-time 30 -H 'Content-Type: application/json' -d "{\"username\":\"admin\",\"password\":\"$password\"}" \
  "http://127.0.0.1:$port/api/v1/auth/login" | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
# Two routes behind the full chain: /auth/me is answered by the HTTP verticle itself from what the chain
# established (the chain's own cost); /config/{key} adds the hop to the config service.
me_path="/api/v1/auth/me"
config_path="/api/v1/config/trading.max_position_size"
me_body=$(curl -fsS --max-time 10 -H "Authorization: Bearer $token" "http://127.0.0.1:$port$me_path")
config_body=$(curl -fsS --max-time 10 -H "Authorization: Bearer $token" "http://127.0.0.1:$port$config_path")

# Baselines, started next to the runtime: a bare router on a Vert.x instance built as the runtime builds its own
# (Vert.x HTTP and event-bus metrics into Micrometer), so that the ratio is the edge chain's; and the same router
# without those metrics, to show what they cost on their own.
metrics_port=$(free_port)
java ${jvm_opts[@]+"${jvm_opts[@]}"} -cp "$cp" io.antbot.web.BareRouterMain --vertx-metrics "$metrics_port" "$me_path" "$me_body" \
  "$config_path" "$config_body" > "$work/bare-metrics.log" 2>&1 &
pids+=($!)
metrics_pid=$!
plain_port=$(free_port)
java ${jvm_opts[@]+"${jvm_opts[@]}"} -cp "$cp" io.antbot.web.BareRouterMain "$plain_port" "$me_path" "$me_body" > "$work/bare.log" 2>&1 &
pids+=($!)
plain_pid=$!
wait_for "http://127.0.0.1:$metrics_port$me_path" 30
wait_for "http://127.0.0.1:$plain_port$me_path" 30

targets=(ours_me bare_me ours_config bare_config plain_me)
declare -A url=(
  [ours_me]="http://127.0.0.1:$port$me_path" [ours_config]="http://127.0.0.1:$port$config_path"
  [bare_me]="http://127.0.0.1:$metrics_port$me_path" [bare_config]="http://127.0.0.1:$metrics_port$config_path"
  [plain_me]="http://127.0.0.1:$plain_port$me_path")
# Warm-up: the JIT needs tens of seconds of this load before the chain's code is compiled (C2 is still busy after
# 30 s of it); every target gets the same.
warmup="${EDGE_BENCH_WARMUP:-20}"
for target in "${targets[@]}"; do
  wrk -t1 -c16 -d"${warmup}s" -H "Authorization: Bearer $token" "${url[$target]}" > /dev/null
done
# This VM's throughput drifts by a factor of two from one minute to the next (other guests take the host's cores), so
# the targets take short turns, round after round, and each figure is the median of its rounds; the servers not
# under load sit idle meanwhile. Short turns, many rounds: a target and its baseline run seconds apart.
rounds="${EDGE_BENCH_ROUNDS:-11}"
# Beside the throughput, the CPU each server's event loops spent per request in the same turn (user + system time
# of its vert.x-eventloop threads, from /proc): what the server costs apart from how much CPU wrk got meanwhile. Not
# immune to a busy host either: in a turn the VM's neighbours slow, the guest's threads are charged more time too.
declare -A pid_of=([ours_me]=$runtime_pid [ours_config]=$runtime_pid [bare_me]=$metrics_pid \
  [bare_config]=$metrics_pid [plain_me]=$plain_pid)
hz=$(getconf CLK_TCK)
loop_ticks() { # pid -> clock ticks its event-loop threads have run
  local sum=0 task
  for task in /proc/"$1"/task/*; do
    [[ "$(cat "$task/comm" 2>/dev/null)" == vert.x-eventloo* ]] && sum=$((sum + $(awk '{print $14 + $15}' "$task/stat")))
  done
  echo "$sum"
}
declare -A results cpu
for _ in $(seq 1 "$rounds"); do
  for target in "${targets[@]}"; do
    before=$(loop_ticks "${pid_of[$target]}")
    out=$(wrk -t1 -c16 -d"${duration}s" -H "Authorization: Bearer $token" "${url[$target]}")
    after=$(loop_ticks "${pid_of[$target]}")
    results[$target]+="$(rps <<< "$out") "
    cpu[$target]+="$(awk -v t=$((after - before)) -v hz="$hz" '/requests in/ {printf "%.3f", t * 1e6 / hz / $1}' <<< "$out") "
  done
done
for target in "${targets[@]}"; do
  echo "edge.sh: $target, each round: ${results[$target]}" >&2
  echo "edge.sh: $target, event-loop CPU µs per request, each round: ${cpu[$target]}" >&2
done
median() { tr ' ' '\n' <<< "$1" | grep -v '^$' | sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
# The ratio of a row is the median of its per-round ratios: a target and its baseline run one after the other in
# each round, so a ratio compares two figures taken under the same load of the VM, and the median drops the rounds
# in which the VM stalled one of them.
ratios() { paste -d' ' <(tr ' ' '\n' <<< "$1" | grep -v '^$') <(tr ' ' '\n' <<< "$2" | grep -v '^$') \
  | awk '{printf "%.4f ", $1 / $2}'; }

# The spread of the per-round ratios, as their lower and upper quartiles ("0.66-0.77"): how far one round's ratio may
# lie from the median on this machine, so that a reader can tell a change from the noise.
quartiles() { tr ' ' '\n' <<< "$1" | grep -v '^$' | sort -g \
  | awk '{v[NR] = $1} END {lo = int((NR + 3) / 4); hi = NR + 1 - lo; printf "%.2f-%.2f", v[lo], v[hi]}'; }
row() { # name, ours rounds, baseline rounds
  per_round=$(ratios "$2" "$3")
  ratio=$(median "$per_round")
  echo "| $1 (wrk -t1 -c16, $rounds rounds of ${duration}s by turns; medians, ratio = median of per-round ratios, \
quartiles $(quartiles "$per_round")) | $(median "$2") | $(median "$3") | req/s | $(printf "%.2f" "$ratio") |"
}
row "edge chain GET $me_path vs bare router" "${results[ours_me]}" "${results[bare_me]}"
row "edge chain + config service GET $config_path vs bare router" "${results[ours_config]}" "${results[bare_config]}"
row "bare router with Vert.x metrics vs without" "${results[bare_me]}" "${results[plain_me]}"
cpu_row() { # name, ours rounds, baseline rounds: the ratio is baseline / ours, so that above 1 is cheaper than it
  per_round=$(ratios "$3" "$2")
  ratio=$(median "$per_round")
  echo "| $1 (event-loop CPU per request, user + system, same turns as above; ratio = median of per-round baseline / ours, \
quartiles $(quartiles "$per_round")) | $(median "$2") | $(median "$3") | µs | $(printf "%.2f" "$ratio") |"
}
cpu_row "edge chain GET $me_path vs bare router" "${cpu[ours_me]}" "${cpu[bare_me]}"
cpu_row "edge chain + config service GET $config_path vs bare router" "${cpu[ours_config]}" "${cpu[bare_config]}"
