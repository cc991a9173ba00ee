#!/usr/bin/env bash
# Fernet interoperability with Python's cryptography.fernet, both ways:
#   1. tokens made by Python decrypt here (text, binary and empty payloads, with a TTL);
#   2. tokens made here decrypt in Python (with a TTL), and Python's MultiFernet reads our older-key tokens;
#   3. a tampered token is refused on both sides.
# Installs python3-cryptography with apt-get when it is missing (idempotent). Exits non-zero on any mismatch.
set -euo pipefail
cd "$(dirname "$0")/.."

# The python3 on PATH may be another installation (pyenv) than Debian's, where apt-get puts the package.
py=python3
if ! "$py" -c 'import cryptography.fernet' 2>/dev/null; then
  py=/usr/bin/python3
fi
if ! "$py" -c 'import cryptography.fernet' 2>/dev/null; then
  echo "fernet-interop: installing python3-cryptography" >&2
  sudo_cmd=()
  if [[ "$(id -u)" != 0 ]]; then
    sudo_cmd=(sudo)
  fi
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq python3-cryptography >/dev/null
fi

if [[ ! -f target/classes/io/antbot/security/cli/FernetInterop.class ]]; then
  mvn -B -q compile
fi
java_fernet() {
  java -cp target/classes io.antbot.security.cli.FernetInterop "$@"
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat > "$work/fernet.py" <<'PY'
import os, sys
from cryptography.fernet import Fernet, MultiFernet, InvalidToken
mode = sys.argv[1]
keys = [Fernet(k.encode()) for k in os.environ["FERNET_KEYS"].split(",")]
data = sys.stdin.buffer.read()
try:
    if mode == "encrypt":
        sys.stdout.write(keys[0].encrypt(data).decode())
    else:
        sys.stdout.buffer.write(MultiFernet(keys).decrypt(data.strip(), ttl=int(sys.argv[2])))
except InvalidToken:
    sys.stderr.write("python refused the token\n")
    sys.exit(1)
PY
py_fernet() {
  "$py" "$work/fernet.py" "$@"
}

new_key() {
  "$py" -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'
}

fail() {
  echo "fernet-interop: FAILED: $*" >&2
  exit 1
}

key=$(new_key)
old_key=$(new_key)
printf 'interop check %s \xc3\xbcn\xc3\xafc\xc3\xb6d\xc3\xa9' "$(date +%s)" > "$work/text"
head -c 1500 /dev/urandom > "$work/binary"
: > "$work/empty"

for payload in text binary empty; do
  # Python encrypts, we decrypt.
  FERNET_KEYS="$key" py_fernet encrypt < "$work/$payload" > "$work/$payload.py-token"
  FERNET_KEY="$key" java_fernet decrypt 60 < "$work/$payload.py-token" > "$work/$payload.java-plain" \
    || fail "$payload: our decrypt refused Python's token"
  cmp -s "$work/$payload" "$work/$payload.java-plain" || fail "$payload: our decrypt of Python's token differs"
  # We encrypt, Python decrypts.
  FERNET_KEY="$key" java_fernet encrypt < "$work/$payload" > "$work/$payload.java-token"
  FERNET_KEYS="$key" py_fernet decrypt 60 < "$work/$payload.java-token" > "$work/$payload.py-plain" \
    || fail "$payload: Python refused our token"
  cmp -s "$work/$payload" "$work/$payload.py-plain" || fail "$payload: Python's decrypt of our token differs"
done

# Key rotation: our token under the old key is read by Python's MultiFernet([new, old]).
FERNET_KEY="$old_key" java_fernet encrypt < "$work/text" > "$work/old.java-token"
FERNET_KEYS="$key,$old_key" py_fernet decrypt 60 < "$work/old.java-token" > "$work/old.py-plain" \
  || fail "Python's MultiFernet refused our token made with the older key"
cmp -s "$work/text" "$work/old.py-plain" || fail "MultiFernet decrypt differs"

# Tampering: flip one character of a Python token; we must refuse it (exit 1).
token=$(cat "$work/text.py-token")
tampered="${token:0:30}$([[ "${token:30:1}" == "A" ]] && echo B || echo A)${token:31}"
if printf '%s' "$tampered" | FERNET_KEY="$key" java_fernet decrypt 60 >/dev/null 2>&1; then
  fail "we accepted a tampered Python token"
fi
if printf '%s' "$tampered" | FERNET_KEYS="$key" py_fernet decrypt 60 >/dev/null 2>&1; then
  fail "Python accepted a tampered token"
fi

echo "fernet-interop: ok (Python -> Java and Java -> Python for text, binary and empty data; MultiFernet rotation; tampering refused)"
