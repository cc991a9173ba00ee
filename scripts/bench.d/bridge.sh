#!/usr/bin/env bash
# The Python client's request/reply round trips per second through the runtime's TCP bridge to antbot.config.get
# (authentication, authorization, the bus, the config service) against the same client talking to a bare Vert.x
# NetServer that answers each length-prefixed frame with a fixed reply. Rounds by turns; the ratio is the median of
# the per-round ratios. Prints one markdown row. Called by scripts/bench.sh with the benchmark classpath as $1.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
cp=$(tr ':' '\n' <<< "${1:?usage: bridge.sh CLASSPATH}" | sed -E "s|^([^/])|$root/\1|" | paste -sd:)
seconds="${BRIDGE_BENCH_SECONDS:-3}"
rounds="${BRIDGE_BENCH_ROUNDS:-7}"

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 scripts/free-port.py; }
cp -r conf "$work/conf"
port=$(free_port)
bridge_port=$(free_port)
bare_port=$(free_port)
password="bench-$(date +%s%N)"
(cd "$work" && ANTBOT_ADMIN_PASSWORD="$password" ANTBOT_BRIDGE__ENABLED=true ANTBOT_BRIDGE__PORT="$bridge_port" \
  ANTBOT_BRIDGE__FRAMES_PER_SECOND=100000 exec java -cp "$cp" -Dantbot.logging.console=false \
  io.antbot.launcher.Main --conf "$work/conf" --env staging --port "$port" > "$work/runtime.log" 2>&1) &
pids+=($!)
for _ in $(seq 1 600); do
  curl -fsS --max-time 5 -o /dev/null "http://127.0.0.1:$port/health/ready" 2>/dev/null && break
  sleep 0.1
done
token=$(curl -fsS --max-time 30 -H 'Content-Type: application/json' -d "{\"username\":\"admin\",\"password\":\"$password\"}" \
  "http://127.0.0.1:$port/api/v1/auth/login" | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
body=$(curl -fsS --max-time 10 -H "Authorization: Bearer $token" \
  "http://127.0.0.1:$port/api/v1/config/trading.max_position_size")
java -cp "$cp" io.antbot.bridge.BareBridgeMain "$bare_port" "$body" > "$work/bare.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 300); do grep -q "listening" "$work/bare.log" 2>/dev/null && break; sleep 0.1; done

rtt() { PYTHONPATH="$root/src/main/python" python3 scripts/bench.d/bridge_rtt.py "$1" "$2" "$seconds"; }
ours=(); bare=(); ratios=()
for _ in $(seq 1 "$rounds"); do
  o=$(rtt "$bridge_port" "$token"); b=$(rtt "$bare_port" "")
  ours+=("$o"); bare+=("$b"); ratios+=("$(awk -v o="$o" -v b="$b" 'BEGIN {printf "%.3f", o / b}')")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'; }
echo "| Python client round trips through the bridge to antbot.config.get vs the same client against a bare NetServer ($rounds rounds of ${seconds}s by turns; medians, ratio = median of per-round ratios) | $(median "${ours[@]}") | $(median "${bare[@]}") | req/s | $(median "${ratios[@]}") |"

# A Java client through the bridge against the same call over the in-process bus, in one JVM (its own runtime).
java_work=$(mktemp -d)
cp -r conf "$java_work/conf"
(cd "$java_work" && java -cp "$cp" io.antbot.bridge.BridgeJavaBenchMain "$java_work/conf" "$rounds" "$seconds" \
  2> "$java_work/err.log" | grep '^|') || { tail -20 "$java_work/err.log" >&2; }
rm -rf "$java_work"
