#!/usr/bin/env bash
# Installs the tools CI needs beyond Java and Maven: prometheus and promtool (Debian package prometheus) for the
# metrics tests and scripts/e2e-prometheus.sh, the reference Python parser (python3-prometheus-client), curl, and wrk
# (the load run of scripts/faults.sh), pytest for the Python client's tests (python3-pytest), and headless Chromium
# with its WebDriver (chromium, chromium-driver) for the operator console's browser tests.
# Idempotent: does nothing when all are present.
set -euo pipefail

have_prometheus() { command -v promtool >/dev/null 2>&1 && command -v prometheus >/dev/null 2>&1; }
have_parser() { /usr/bin/python3 -c 'import prometheus_client' >/dev/null 2>&1; }
have_curl() { command -v curl >/dev/null 2>&1; }
have_wrk() { command -v wrk >/dev/null 2>&1; }
have_pytest() { /usr/bin/python3 -c 'import pytest' >/dev/null 2>&1; }
have_chromium() { [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; }

if have_prometheus && have_parser && have_curl && have_wrk && have_pytest && have_chromium; then
  exit 0
fi

sudo=""
if [[ "$(id -u)" != "0" ]]; then
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends prometheus python3-prometheus-client curl wrk python3-pytest \
  chromium chromium-driver

have_prometheus || { echo "ci-deps: prometheus or promtool still missing after install" >&2; exit 1; }
have_parser || { echo "ci-deps: python3-prometheus-client still missing after install" >&2; exit 1; }
have_curl || { echo "ci-deps: curl still missing after install" >&2; exit 1; }
have_wrk || { echo "ci-deps: wrk still missing after install" >&2; exit 1; }
have_pytest || { echo "ci-deps: python3-pytest still missing after install" >&2; exit 1; }
have_chromium || { echo "ci-deps: chromium or chromium-driver still missing after install" >&2; exit 1; }
