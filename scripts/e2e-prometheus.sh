#!/usr/bin/env bash
# End to end with a real Prometheus: the runtime is started by the demo driver (scripts/demo.sh --serve), which
# records trades and operations through the metrics service and keeps the runtime up; Prometheus (Debian's package,
# installed when absent) scrapes it on loopback with a configuration derived from conf/prometheus/prometheus.yml and
# the shipped alerting rules; the assertions go through Prometheus's HTTP query API. promtool checks the exposition,
# the rules and both configurations. One line per assertion (PASS/FAIL); exit code 1 when any failed.
#
#   ./scripts/e2e-prometheus.sh
#   KEEP=1 ./scripts/e2e-prometheus.sh   # keep the scratch directory (demo output, Prometheus log and data)
#
# Everything it starts is stopped on exit; nothing outside its scratch directory is written.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

# ---- tools ---------------------------------------------------------------------------------------------------------
if ! command -v prometheus >/dev/null 2>&1 || ! command -v promtool >/dev/null 2>&1; then
  sudo=""
  if [[ "$(id -u)" != "0" ]]; then
    sudo="sudo"
  fi
  echo "installing Debian's prometheus package ..." >&2
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -q >&2
  $sudo apt-get install -y -q --no-install-recommends prometheus >&2
fi
for tool in prometheus promtool curl python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "e2e-prometheus: $tool is missing" >&2; exit 1; }
done

# ---- bookkeeping ---------------------------------------------------------------------------------------------------
work=$(mktemp -d -t antbot-e2e-prometheus-XXXXXX)
demo_pid=""
prometheus_pid=""
failures=0

pass() { echo "PASS $1: $2"; }
fail() { echo "FAIL $1: $2"; failures=$((failures + 1)); }

# Stops what this script started, each by its own process id, and waits for it (bounded).
stop() {
  local pid=$1
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 150); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  stop "$prometheus_pid"
  stop "$demo_pid"
  if [[ "${KEEP:-0}" == "1" || $failures -gt 0 ]]; then
    echo "  kept $work" >&2
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A free port below the kernel's ephemeral range (scripts/free-port.py says why).
free_port() {
  python3 scripts/free-port.py
}

# Waits up to $1 seconds for the command in the remaining arguments to succeed.
wait_for() {
  local limit=$1
  shift
  local deadline=$((SECONDS + limit))
  until "$@"; do
    if ((SECONDS >= deadline)); then
      return 1
    fi
    sleep 0.5
  done
}

# ---- static checks -------------------------------------------------------------------------------------------------
if out=$(promtool check rules conf/prometheus/alerts.yml 2>&1); then
  pass promtool-check-rules "conf/prometheus/alerts.yml: $(echo "$out" | grep -o 'SUCCESS: .*' | head -1)"
else
  fail promtool-check-rules "$(echo "$out" | tr '\n' ' ')"
fi
if out=$(promtool check config conf/prometheus/prometheus.yml 2>&1); then
  pass promtool-check-config-shipped "conf/prometheus/prometheus.yml and the rule files it names are valid"
else
  fail promtool-check-config-shipped "$(echo "$out" | tr '\n' ' ')"
fi

# ---- the runtime ---------------------------------------------------------------------------------------------------
app_port=$(free_port)
bash scripts/demo.sh --serve --monitor-seconds 0 --port "$app_port" >"$work/demo.out" 2>"$work/demo.err" &
demo_pid=$!
serving_or_gone() { grep -q '^SERVING ' "$work/demo.out" || ! kill -0 "$demo_pid" 2>/dev/null; }
if wait_for 600 serving_or_gone && grep -q '^SERVING ' "$work/demo.out"; then
  if grep -q '^FAIL ' "$work/demo.out"; then
    fail runtime "the demo driver reported failures: $(grep '^FAIL ' "$work/demo.out" | tr '\n' ' ')"
  else
    pass runtime "demo driver up on 127.0.0.1:$app_port after $(grep -c '^PASS ' "$work/demo.out") passed steps (trades, operations, custom gauge recorded)"
  fi
else
  fail runtime "the demo driver stopped or did not report SERVING within 600 s; its output:"
  sed 's/^/    /' "$work/demo.out" "$work/demo.err" | tail -40
  exit 1
fi

scrape="$work/metrics.txt"
if curl -fsS --max-time 10 "http://127.0.0.1:$app_port/metrics" -o "$scrape"; then
  if out=$(promtool check metrics <"$scrape" 2>&1) && [[ -z "$out" ]]; then
    pass promtool-check-metrics "$(grep -vc '^#' "$scrape") samples from GET /metrics, no errors, no lint remarks"
  else
    fail promtool-check-metrics "$(echo "$out" | head -20 | tr '\n' ' ')"
  fi
else
  fail promtool-check-metrics "GET http://127.0.0.1:$app_port/metrics failed"
fi

# ---- Prometheus ----------------------------------------------------------------------------------------------------
prom_port=$(free_port)
config="$work/prometheus.yml"
# The shipped configuration with the runtime's port, an absolute path to the shipped rules, and a 1 s interval so the
# run is short; every substitution must apply, so the shipped file and this script cannot drift apart silently.
sed -e "s|\"127.0.0.1:8001\"|\"127.0.0.1:$app_port\"|" \
    -e "s|^  - alerts.yml$|  - $root/conf/prometheus/alerts.yml|" \
    -e "s|^  scrape_interval: 15s$|  scrape_interval: 1s|" \
    -e "s|^  evaluation_interval: 15s$|  evaluation_interval: 1s|" \
    conf/prometheus/prometheus.yml >"$config"
if grep -q "127.0.0.1:$app_port" "$config" && grep -q "$root/conf/prometheus/alerts.yml" "$config" \
  && grep -q 'scrape_interval: 1s' "$config" && grep -q 'evaluation_interval: 1s' "$config"; then
  pass generated-config "conf/prometheus/prometheus.yml with target 127.0.0.1:$app_port, rules $root/conf/prometheus/alerts.yml, 1 s intervals"
else
  fail generated-config "a substitution did not apply to conf/prometheus/prometheus.yml:"
  sed 's/^/    /' "$config"
fi
if out=$(promtool check config "$config" 2>&1); then
  pass promtool-check-config "the generated configuration and its rule file are valid"
else
  fail promtool-check-config "$(echo "$out" | tr '\n' ' ')"
fi

prometheus --config.file="$config" --storage.tsdb.path="$work/data" \
  --web.listen-address="127.0.0.1:$prom_port" --log.level=warn >"$work/prometheus.log" 2>&1 &
prometheus_pid=$!
api="http://127.0.0.1:$prom_port"
if wait_for 60 curl -fsS --max-time 2 -o /dev/null "$api/-/ready" 2>/dev/null; then
  pass prometheus-ready "prometheus $(prometheus --version 2>&1 | head -1 | awk '{print $3}') on 127.0.0.1:$prom_port"
else
  fail prometheus-ready "no answer from $api/-/ready within 60 s; log:"
  sed 's/^/    /' "$work/prometheus.log" | tail -20
  exit 1
fi

# Runs an instant query and prints one line per series: <value> <labels as JSON>.
query() {
  curl -fsS --max-time 5 --get "$api/api/v1/query" --data-urlencode "query=$1" | python3 -c '
import json, sys
answer = json.load(sys.stdin)
if answer.get("status") != "success":
    sys.exit("query failed: " + json.dumps(answer))
for series in answer["data"]["result"]:
    print(series["value"][1], json.dumps(series["metric"], sort_keys=True))
'
}

job='job="antbot"'
up_is_one() { [[ "$(query "up{$job}" 2>/dev/null | awk '{print $1}')" == "1" ]]; }
if wait_for 60 up_is_one; then
  pass target-up "up{$job} == 1: $(query "up{$job}")"
else
  fail target-up "up{$job} is not 1 after 60 s: $(query "up{$job}" 2>&1); targets: $(curl -fsS --max-time 5 "$api/api/v1/targets" 2>&1 | head -c 600)"
fi

# Asserts that a query returns at least one series; the detail shows how many and the first.
present() {
  local name=$1 expr=$2 out
  if out=$(query "$expr" 2>&1) && [[ -n "$out" ]]; then
    pass "$name" "$expr -> $(echo "$out" | wc -l) series, e.g. $(echo "$out" | head -1)"
  else
    fail "$name" "$expr -> nothing${out:+ ($out)}"
  fi
}

present series-system "antbot_system_cpu_usage_ratio{$job}"
present series-system-memory "antbot_system_memory_usage_ratio{$job}"
present series-system-disk "antbot_system_disk_usage_ratio{$job}"
present series-operations "antbot_operations_total{$job,component=\"TradingEngine\",operation=\"buy_order\"}"
present series-operation-duration "antbot_operation_duration_seconds_bucket{$job,component=\"TradingEngine\",le=\"0.1\"}"
present series-example-bot "antbot_operations_total{$job,component=\"ExampleBot\",operation=\"cycle\"}"
present series-trades "antbot_trades_total{$job,symbol=\"SOL/USDC\"}"
present series-trade-pnl "antbot_trade_realized_profit_loss{$job}"
present series-eventbus "{__name__=~\"vertx_eventbus_.+\",$job}"
present series-eventbus-processed "vertx_eventbus_processed_total{$job}"
present series-http-server "{__name__=~\"vertx_http_server_.+\",$job}"

# The shipped rules are loaded and evaluate without error against the real series.
rules_state() {
  curl -fsS --max-time 5 "$api/api/v1/rules" | python3 -c '
import json, sys
groups = json.load(sys.stdin)["data"]["groups"]
rules = [rule for group in groups for rule in group["rules"]]
evaluated = [rule for rule in rules if not rule.get("lastEvaluation", "0001").startswith("0001")]
bad = [rule["name"] + ": " + rule.get("health", "") + " " + rule.get("lastError", "") for rule in rules
       if rule.get("health") != "ok"]
print(len(groups), len(rules), len(evaluated), len(bad), "; ".join(bad), sep="|")
'
}
rules_ok() {
  local state
  state=$(rules_state 2>/dev/null) || return 1
  IFS='|' read -r _ count evaluated bad _ <<<"$state"
  [[ "$count" == "5" && "$evaluated" == "5" && "$bad" == "0" ]]
}
if wait_for 30 rules_ok; then
  pass alerting-rules "5 rules of conf/prometheus/alerts.yml loaded and evaluated with health ok"
else
  fail alerting-rules "rules not all loaded and healthy: $(rules_state 2>&1)"
fi

# ---- the runtime stops cleanly -------------------------------------------------------------------------------------
stop "$prometheus_pid"
prometheus_pid=""
stop "$demo_pid"
demo_pid=""
if grep -q '^PASS shutdown: ' "$work/demo.out" && grep -q '^SUMMARY: .* 0 failed' "$work/demo.out"; then
  pass runtime-stopped "on SIGTERM: $(grep '^PASS shutdown: ' "$work/demo.out" | cut -c16-)"
else
  fail runtime-stopped "the demo driver did not shut down cleanly: $(tail -3 "$work/demo.out" | tr '\n' ' ')"
fi

if ((failures > 0)); then
  echo "e2e-prometheus: $failures assertion(s) failed"
  exit 1
fi
echo "e2e-prometheus: every assertion passed"
