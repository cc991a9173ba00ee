#!/usr/bin/env bash
# Cluster benchmarks (docs/cluster.md): a core node started from the benchmark classpath with a bare echo consumer
# (io.antbot.cluster.EchoBot, deployed as a bot), and io.antbot.cluster.ClusterBenchMain in a second JVM joining it as
# a bots node: typed-client request/reply to the core node vs the bare echo consumer on the same node (rounds by
# turns, median of per-round ratios), and config propagation from a PUT on the core node to the bots node's
# ConfigView (p50/p95 of 200 changes), and a rate-limit decision on the cluster's Bucket4j buckets (ClusterRateLimits,
# the map shared by the two JVMs) vs the local RateLimiter: decisions/s with their ratio, and p99 of each (rounds by
# turns). Then the time for three nodes to form and for a killed member to be dropped.
# Prints markdown rows. Called by scripts/bench.sh with the benchmark classpath as $1. CLUSTER_BENCH=ratelimit (a comma
# list of rpc, propagation, ratelimit, join, forming) runs only those rows.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
cp=$(tr ':' '\n' <<< "${1:?usage: cluster.sh CLASSPATH}" | sed -E "s|^([^/])|$root/\1|" | paste -sd:)

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 scripts/free-port.py; }
secret="bench-secret-$(date +%s%N)"
password="bench-$(date +%s%N)"
hz_core=$(free_port); hz_bench=$(free_port); hz_b=$(free_port); hz_c=$(free_port); http=$(free_port)
cp -r conf "$work/conf"
cat > "$work/conf/staging.yaml" <<YAML
cluster:
  members: ["127.0.0.1:$hz_core", "127.0.0.1:$hz_bench", "127.0.0.1:$hz_b", "127.0.0.1:$hz_c"]
security:
  keys_dir: "$work/keys"
  rate_limits:
    enabled: false
bots:
  - name: echo
    class: io.antbot.cluster.EchoBot
YAML
node() { # name role hazelcast-port [http-port]
  mkdir -p "$work/$1"
  local args=(--conf "$work/conf" --env staging --cluster --node-name "$1" --role "$2")
  [[ -n "${4:-}" ]] && args+=(--port "$4")
  (cd "$work/$1" && ANTBOT_ADMIN_PASSWORD="$password" ANTBOT_CLUSTER__SECRET="$secret" ANTBOT_CLUSTER__PORT="$3" \
    exec java -Xmx512m -cp "$cp" io.antbot.launcher.Main "${args[@]}" \
    > "$work/$1/console.log" 2>&1) &
  pids+=($!)
}
started() { grep -q "runtime started" "$work/$1/console.log" 2>/dev/null; }

node a core "$hz_core" "$http"
for _ in $(seq 1 1200); do started a && break; sleep 0.1; done
token=$(curl -fsS --max-time 30 -H 'Content-Type: application/json' -d "{\"username\":\"admin\",\"password\":\"$password\"}" \
  "http://127.0.0.1:$http/api/v1/auth/login" | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
java -Xmx512m -cp "$cp" io.antbot.cluster.ClusterBenchMain "$hz_core" "$hz_bench" "$http" "$token" "$secret" 2>"$work/bench.err" \
  | grep '^|' || { tail -20 "$work/bench.err" >&2; exit 1; }

[[ -z "${CLUSTER_BENCH:-}" || ",$CLUSTER_BENCH," == *,forming,* ]] || exit 0

# Forming: two more nodes (a core and a bots node) join the running one; time until both have started.
t0=$(date +%s%N)
node b core "$hz_b" "$(free_port)"
node c bots "$hz_c"
for _ in $(seq 1 1200); do started b && started c && break; sleep 0.05; done
t1=$(date +%s%N)
echo "| two more nodes (a core, a bots node) joining a running one until both have started (3-node cluster ready) | $(( (t1 - t0) / 1000000 )) | | ms | |"
# A member lost: kill -9 of node b; time until node a has dropped it and raised cluster_member_lost.
kill -9 "${pids[-2]}"
t2=$(date +%s%N)
for _ in $(seq 1 600); do grep -q "cluster member left: b" "$work/a/console.log" 2>/dev/null && break; sleep 0.01; done
t3=$(date +%s%N)
echo "| kill -9 of a core node until the others have dropped it and raised cluster_member_lost | $(( (t3 - t2) / 1000000 )) | | ms | |"
