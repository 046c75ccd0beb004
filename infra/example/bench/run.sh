#!/usr/bin/env bash
# Runs the `sluice local up --watch` benchmark (WatchReloadBench, a plain Java main in
# infra/example/src/test/java/dev/sluice/example/bench) and writes its numbers and plots into docs/bench/.
# Usage: infra/example/bench/run.sh [example|plain|all]  (default: all)
# It lives beside the example because its main scenario is the example project itself (the repository root): its
# function.zip, its CDK app, its functions. BENCH_JAVA_OPTS passes -D settings (e.g. -Dbench.rounds=12),
# BENCH_MAVEN_FLAGS adds Maven flags (e.g. -o when offline), BENCH_SKIP_COMPILE=1 reuses the classes compiled before.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$root"
which="${1:-all}"
case "$which" in
  example|plain|all) ;;
  *) echo "usage: infra/example/bench/run.sh [example|plain|all] (given: $which)" >&2; exit 2 ;;
esac

if [ ! -f functions/target/function.zip ] || [ ! -f infra/example/target/classpath.txt ]; then
  echo "bench: building the example project (its cdk.json build command)" >&2
  ./mvnw -B -q ${BENCH_MAVEN_FLAGS:-} -DskipTests package -pl functions,infra/example -am
fi
classpath_file="infra/example/target/bench-classpath.txt"
if [ -n "${BENCH_SKIP_COMPILE:-}" ] && [ -f "$classpath_file" ]; then
  echo "bench: using the classes already compiled (BENCH_SKIP_COMPILE)" >&2
else
  echo "bench: compiling infra/example's test classes" >&2
  ./mvnw -B -q ${BENCH_MAVEN_FLAGS:-} -pl infra/example -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt
fi
classpath="infra/example/target/test-classes:infra/example/target/classes:$(cat "$classpath_file")"

run() {
  echo "bench: WatchReloadBench $1 (load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores)" >&2
  # shellcheck disable=SC2086
  JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20 java ${BENCH_JAVA_OPTS:-} -cp "$classpath" \
    dev.sluice.example.bench.WatchReloadBench "$1"
}

case "$which" in
  example) run example ;;
  plain) run plain ;;
  all) run plain; run example ;;
esac
