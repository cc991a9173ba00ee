#!/usr/bin/env bash
# Fernet encrypt+decrypt of 1 KiB: ours (JMH FernetBench.roundTrip1k) against Python's cryptography.fernet on the
# same machine. Prints one markdown row: | name | ours | baseline | unit | ratio |.
# Called by scripts/bench.sh with the benchmark classpath as $1; reads our figure from target/jmh-result.json
# when the JMH run included FernetBench, and otherwise runs that one benchmark briefly.
set -euo pipefail
cd "$(dirname "$0")/../.."
cp="${1:?usage: fernet.sh CLASSPATH}"

bench="io.antbot.security.FernetBench.roundTrip1k"
ours=""
if [[ -f target/jmh-result.json ]]; then
  ours=$(python3 -c '
import json, sys
for r in json.load(open("target/jmh-result.json")):
    if r["benchmark"] == sys.argv[1]:
        print(r["primaryMetric"]["score"])
' "$bench")
fi
if [[ -z "$ours" ]]; then
  java -cp "$cp" org.openjdk.jmh.Main -f 1 -wi 2 -w 1s -i 3 -r 1s -rf json -rff target/jmh-fernet.json "$bench" > target/jmh-fernet.txt
  ours=$(python3 -c 'import json; print(json.load(open("target/jmh-fernet.json"))[0]["primaryMetric"]["score"])')
fi

if ! python3 -c 'import cryptography.fernet' 2>/dev/null; then
  echo "| FernetBench.roundTrip1k (vs Python cryptography.fernet) | $ours | n/a | ops/s | n/a (python3-cryptography missing) |"
  exit 0
fi

baseline=$(python3 - <<'PY'
import os, timeit
from cryptography.fernet import Fernet
f = Fernet(Fernet.generate_key())
data = os.urandom(1024)
def round_trip():
    f.decrypt(f.encrypt(data), ttl=60)
round_trip()
best = 0.0
for _ in range(5):
    n = 2000
    seconds = timeit.timeit(round_trip, number=n)
    best = max(best, n / seconds)
print(best)
PY
)

python3 -c '
import sys
ours, base = float(sys.argv[1]), float(sys.argv[2])
print("| FernetBench.roundTrip1k (vs Python cryptography.fernet) | %.4g | %.4g | ops/s | %.2f |" % (ours, base, ours / base))
' "$ours" "$baseline"
