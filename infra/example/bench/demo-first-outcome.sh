#!/usr/bin/env bash
# How long `sluice local up --demo` takes from "ready" to its first outcomes, on a quiet or a busy machine.
#
#   infra/example/bench/demo-first-outcome.sh [--busy] [--runs N] [--limit SECONDS] [-- LOCAL_UP_ARGS...]
#
# Runs the example project's demo from the repository root (the launcher builds what it needs first, outside the
# timing), reads its count lines (one a second) and prints, per run, one JSON line:
#   ready_s           seconds from the command's start to "ready in ..."
#   first_fulfilled_s seconds from "ready" to the first fulfillOrder invocation that was counted
#   first_outcome_s   seconds from "ready" to the first message in the outbox (an order all the way through)
#   processed_60s     outbox depth 60 s after "ready"
#   failed_60s        failed invocations (all functions) 60 s after "ready"
# --busy keeps every core busy (`yes > /dev/null`, one per core) for the whole run, as another build would.
# Anything after -- goes to `sluice local up` (e.g. --concurrent-inits 1000 for unbounded starts).
# SLUICE=/path/to/another/checkout/sluice runs another build of the CLI on this project (e.g. the commit before a
# change: git archive <commit> | tar -x -C /tmp/before).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
busy=0 runs=1 limit=240 extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --busy) busy=1 ;;
    --runs) runs="$2"; shift ;;
    --limit) limit="$2"; shift ;;
    --) shift; extra=("$@"); break ;;
    *) echo "usage: $0 [--busy] [--runs N] [--limit SECONDS] [-- LOCAL_UP_ARGS...]" >&2; exit 2 ;;
  esac
  shift
done
cd "$root"
sluice="${SLUICE:-./sluice}"
"$sluice" --version > /dev/null                      # builds the CLI if needed, outside the timing
./mvnw -B -q -DskipTests package -pl functions,infra/example -am > /dev/null   # the project's build, likewise
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
burners=()
cleanup() {
  for pid in "${burners[@]}"; do kill "$pid" 2> /dev/null || true; done
  [ -n "${sluice_pid:-}" ] && kill "$sluice_pid" 2> /dev/null || true
}
trap cleanup EXIT
if [ "$busy" = 1 ]; then
  for _ in $(seq "$(nproc)"); do yes > /dev/null & burners+=($!); done
fi
for run in $(seq "$runs"); do
  log="$(mktemp)"
  load_start="$(cut -d' ' -f1 /proc/loadavg)"
  start="$(date +%s.%N)"
  # the launcher execs the JVM: $! is the local cloud itself, its output timestamped line by line
  "$sluice" local up --demo --no-build --project "$root" --port "$port" "${extra[@]}" \
    > >(while IFS= read -r line; do printf '%s %s\n' "$(date +%s.%N)" "$line"; done > "$log") 2>&1 &
  sluice_pid=$!
  ready="" fulfilled="" outcome="" processed="" failed=""
  deadline=$(( $(date +%s) + limit ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    sleep 1
    [ -z "$ready" ] && ready="$(awk '/ ready in /{print $1; exit}' "$log")"
    [ -z "$ready" ] && continue
    [ -z "$fulfilled" ] && fulfilled="$(awk -v r="$ready" '$1 >= r && /fulfillOrder [1-9]/{print $1 - r; exit}' "$log")"
    [ -z "$outcome" ] && outcome="$(awk -v r="$ready" '$1 >= r && /outbox [1-9]/{print $1 - r; exit}' "$log")"
    if [ -z "$processed" ]; then
      line="$(awk -v r="$ready" '$1 >= r + 60 {print; exit}' "$log")"
      if [ -n "$line" ]; then
        processed="$(sed -n 's/.*outbox \([0-9]*\).*/\1/p' <<< "$line")"
        failed="$( (grep -o '([0-9]* failed)' <<< "$line" || true) | tr -dc '0-9\n' | awk '{s+=$1} END {print s+0}')"
      fi
    fi
    [ -n "$outcome" ] && [ -n "$processed" ] && break
  done
  kill -TERM "$sluice_pid" 2> /dev/null || true   # a clean stop, as Ctrl-C
  wait "$sluice_pid" 2> /dev/null || true
  sluice_pid=""
  printf '{"run":%d,"busy":%s,"args":"%s","cores":%d,"load1_at_start":%s,"ready_s":%s,"first_fulfilled_s":%s,"first_outcome_s":%s,"processed_60s":%s,"failed_60s":%s}\n' \
    "$run" "$([ "$busy" = 1 ] && echo true || echo false)" "${extra[*]:-}" "$(nproc)" \
    "$load_start" \
    "$(if [ -n "$ready" ]; then awk -v a="$ready" -v b="$start" 'BEGIN{printf "%.1f", a-b}'; else echo null; fi)" \
    "$(if [ -n "$fulfilled" ]; then printf '%.1f' "$fulfilled"; else echo null; fi)" \
    "$(if [ -n "$outcome" ]; then printf '%.1f' "$outcome"; else echo null; fi)" \
    "${processed:-null}" "${failed:-null}"
  [ -n "${BENCH_KEEP_LOG:-}" ] && cp "$log" "$BENCH_KEEP_LOG.$run"
  rm -f "$log"
done
