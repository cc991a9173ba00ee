#!/usr/bin/env bash
# Installs the tools the metrics tests check the exposition with: promtool (Debian package prometheus) and the
# reference Python parser (python3-prometheus-client). Idempotent: does nothing when both are present.
set -euo pipefail

have_promtool() { command -v promtool >/dev/null 2>&1; }
have_parser() { /usr/bin/python3 -c 'import prometheus_client' >/dev/null 2>&1; }

if have_promtool && have_parser; then
  exit 0
fi

sudo=""
if [[ "$(id -u)" != "0" ]]; then
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends prometheus python3-prometheus-client

have_promtool || { echo "ci-deps: promtool still missing after install" >&2; exit 1; }
have_parser || { echo "ci-deps: python3-prometheus-client still missing after install" >&2; exit 1; }
