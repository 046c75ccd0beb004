#!/usr/bin/env bash
# Runs the local cloud's benchmarks (plain Java mains in local/src/test/java/dev/sluice/local/bench) and writes their
# numbers and plots into docs/bench/. Usage: local/bench/run.sh [coldstart|throughput|localup|burst|awsramp|all]  (default: all)
# Compiles the test classes once into local/target-bench (BENCH_BUILD_DIR), so a build of the module elsewhere is
# not disturbed; BENCH_SKIP_COMPILE=1 reuses them. BENCH_JAVA_OPTS passes -D settings to the mains (e.g. -Dbench.rounds=20); BENCH_MAVEN_FLAGS adds
# Maven flags (e.g. -o when offline).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
build_dir="${BENCH_BUILD_DIR:-$root/local/target-bench}"
which="${1:-all}"

case "$which" in
  coldstart|throughput|localup|burst|awsramp|all) ;;
  *) echo "usage: local/bench/run.sh [coldstart|throughput|localup|burst|awsramp|all] (given: $which)" >&2; exit 2 ;;
esac

# AwsRampBench uses the test support's own function zip, not the example's.
if [ "$which" != awsramp ] && [ ! -f functions/target/function.zip ]; then
  echo "bench: building functions/target/function.zip" >&2
  ./mvnw -B -q ${BENCH_MAVEN_FLAGS:-} -pl functions package -DskipTests
fi
if [ -n "${BENCH_SKIP_COMPILE:-}" ] && [ -f "$build_dir/bench-classpath.txt" ]; then
  echo "bench: using the classes already in $build_dir (BENCH_SKIP_COMPILE)" >&2
else
  echo "bench: compiling the local module's test classes into $build_dir" >&2
  # The settings and test support modules come along so that the reactor hands the local module their classes
  # (nothing is installed).
  ./mvnw -B -q ${BENCH_MAVEN_FLAGS:-} -pl testing/support,infra/scaling-settings,local test-compile dependency:build-classpath \
    -Dsluice.build.dir="$build_dir" -Dmdep.includeScope=test -Dmdep.outputFile="$build_dir/bench-classpath.txt"
fi
classpath="$build_dir/test-classes:$build_dir/classes:$(cat "$build_dir/bench-classpath.txt")"

run() {
  echo "bench: $1 (load average $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores)" >&2
  # shellcheck disable=SC2086
  java ${BENCH_JAVA_OPTS:-} -cp "$classpath" "dev.sluice.local.bench.$1"
}

# The example's cloud assembly, as `sluice local up` deploys it: BENCH_CDK_OUT, else cdk.out at the root (synthesized
# with `./sluice synth` when missing).
localup() {
  cdk_out="${BENCH_CDK_OUT:-$root/cdk.out}"
  if [ ! -f "$cdk_out/manifest.json" ]; then
    echo "bench: synthesizing the example into $cdk_out" >&2
    ./sluice synth --project "$root" >&2
    cdk_out="$root/cdk.out"
  fi
  BENCH_JAVA_OPTS="${BENCH_JAVA_OPTS:-} -Dbench.cdkOut=$cdk_out" run LocalUpBench
}

case "$which" in
  coldstart) run ColdStartBench ;;
  throughput) run ThroughputBench ;;
  localup) localup ;;
  burst) run BurstBenchmark ;;
  awsramp) run AwsRampBench ;;
  all) run ColdStartBench; run ThroughputBench; localup; run BurstBenchmark ;;
esac
