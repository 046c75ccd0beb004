#!/usr/bin/env bash
# Stops a LocalStack started by start.sh on PORT (default 4566).
set -euo pipefail
PORT="${1:-4566}"
STATE="${SLUICE_CACHE:-$HOME/.cache/sluice}/localstack-run-$PORT"
if [ -f "$STATE/pid" ]; then
  PID="$(cat "$STATE/pid")"
  kill "$PID" 2>/dev/null || true
  for _ in $(seq 1 20); do kill -0 "$PID" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$PID" 2>/dev/null || true
  rm -f "$STATE/pid"
fi
