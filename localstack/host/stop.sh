#!/usr/bin/env bash
# Stops a LocalStack started by start.sh on PORT (default 4566) and removes its state folder; its log is kept
# as ${SLUICE_CACHE:-~/.cache/sluice}/localstack-last-run.log (overwritten by the next stop).
set -euo pipefail
PORT="${1:-4566}"
CACHE="${SLUICE_CACHE:-$HOME/.cache/sluice}"
STATE="$CACHE/localstack-run-$PORT"
if [ -f "$STATE/pid" ]; then
  PID="$(cat "$STATE/pid")"
  kill "$PID" 2>/dev/null || true
  for _ in $(seq 1 20); do kill -0 "$PID" 2>/dev/null || break; sleep 0.5; done
  kill -9 "$PID" 2>/dev/null || true
  rm -f "$STATE/pid"
fi
if [ -d "$STATE" ]; then
  [ -f "$STATE/localstack.log" ] && cp "$STATE/localstack.log" "$CACHE/localstack-last-run.log"
  rm -rf "$STATE"
fi
