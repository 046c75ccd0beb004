#!/usr/bin/env bash
# Starts LocalStack 4.14.0 (the last open-source release) on the host, without Docker.
# Usage: localstack/host/start.sh [PORT]   (default 4566; prints the endpoint when ready)
# The virtual environment is cached in ${SLUICE_CACHE:-~/.cache/sluice} between runs.
# Stop it with localstack/host/stop.sh [PORT].
set -euo pipefail

VERSION=4.14.0
PORT="${1:-4566}"
CONSTRAINTS="$(cd "$(dirname "$0")/.." && pwd)/pip-constraints.txt"
CACHE="${SLUICE_CACHE:-$HOME/.cache/sluice}"
VENV="$CACHE/localstack-$VERSION"
STATE="$CACHE/localstack-run-$PORT"

# LocalStack 4.14.0 uses Python 3.12 syntax (PEP 695): find a 3.12 or 3.13 interpreter.
find_python() {
  local candidate
  for candidate in "${PYTHON:-}" python3.13 python3.12 \
      "$HOME"/.pyenv/versions/3.13*/bin/python3 "$HOME"/.pyenv/versions/3.12*/bin/python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  return 1
}

if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import localstack" 2>/dev/null; then
  echo "localstack: installing localstack-core[runtime]==$VERSION into $VENV (once)" >&2
  PYTHON="$(find_python)" || {
    echo "localstack: LocalStack $VERSION needs Python >= 3.12; none found (set PYTHON=/path/to/python3.12)" >&2
    exit 1
  }
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  # Every dependency at the version 4.14.0 was verified with (the container image installs the same): today's
  # releases of cbor2, pyOpenSSL and cryptography break its imports, and unpinned pip backtracks for minutes.
  # service_identity is no dependency of LocalStack's, but twisted's TLS wants it.
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -c "$CONSTRAINTS" \
      "localstack-core[runtime]==$VERSION" service_identity >&2
fi

if curl -fsS "http://127.0.0.1:$PORT/_localstack/health" >/dev/null 2>&1; then
  echo "localstack: already running on port $PORT" >&2
  echo "http://127.0.0.1:$PORT"
  exit 0
fi

mkdir -p "$STATE/tmp"  # TMPDIR of the process: must exist before it starts
# Host mode: no DNS server, path-style SQS URLs, no certificate download (no network beyond registries),
# and the hypercorn gateway, which binds only to 127.0.0.1 (the default twisted one listens on every interface).
env DNS_ADDRESS=0 SQS_ENDPOINT_STRATEGY=path SKIP_SSL_CERT_DOWNLOAD=1 DISABLE_EVENTS=1 \
    GATEWAY_LISTEN="127.0.0.1:$PORT" LOCALSTACK_HOST="127.0.0.1:$PORT" \
    FILESYSTEM_ROOT="$STATE/fs" TMPDIR="$STATE/tmp" \
    PERSISTENCE=0 EAGER_SERVICE_LOADING=0 GATEWAY_SERVER=hypercorn \
    nohup "$VENV/bin/python" -m localstack.runtime.main >"$STATE/localstack.log" 2>&1 &
echo $! >"$STATE/pid"

for _ in $(seq 1 240); do
  if curl -fsS "http://127.0.0.1:$PORT/_localstack/health" >"$STATE/health.json" 2>/dev/null; then
    echo "localstack: $(grep -o '"version": *"[^"]*"' "$STATE/health.json" | head -1) ready on 127.0.0.1:$PORT" >&2
    echo "http://127.0.0.1:$PORT"
    exit 0
  fi
  if ! kill -0 "$(cat "$STATE/pid")" 2>/dev/null; then
    echo "localstack: the process exited; last lines of $STATE/localstack.log:" >&2
    tail -20 "$STATE/localstack.log" >&2
    exit 1
  fi
  sleep 0.5
done
echo "localstack: not ready after 120 s; see $STATE/localstack.log" >&2
exit 1
