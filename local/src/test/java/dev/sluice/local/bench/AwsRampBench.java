package dev.sluice.local.bench;

import dev.sluice.local.LocalCloud;
import dev.sluice.local.core.LocalClients;
import dev.sluice.local.lambda.eventsource.ProvisionedPollers;
import dev.sluice.local.scaling.AwsProvisionedMode;
import dev.sluice.local.scaling.AwsRamp;
import dev.sluice.local.scaling.DrainProjection;
import dev.sluice.local.scaling.ScaledMapping;
import dev.sluice.local.scaling.ScalingDecision;
import dev.sluice.local.scaling.ScalingProfile;
import dev.sluice.local.scaling.ScalingSample;
import dev.sluice.testing.TestFunctions;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The {@code aws} scaling profile under a burst: {@code bench.messages} (4,000) messages wait on a queue when a
 * function that sleeps {@code bench.workMillis} (100) ms per record is mapped to it (batch 10, MaximumConcurrency
 * 300, local cap 4). Every 100 ms it samples the concurrency AWS would use, the local environments, the backlog, the
 * measured seconds per batch and the drain projection, then checks the ramp's shape (starts at 5, at most +300 per
 * minute, never above MaximumConcurrency, 0 once the queue is empty) and compares the projection made 10 s in with
 * a step simulation (per second) of {@link AwsRamp} draining the same backlog at the batch duration measured over the
 * whole run. Writes docs/bench/aws-ramp.{json,csv}.
 *
 * <p>With {@code -Dbench.mode=provisioned} the mapping has ProvisionedPollerConfig (2-30 pollers) instead of
 * MaximumConcurrency: provisioned mode starts at 20 (2 pollers x 10 invokes), adds at most 1,000 a minute and stops at
 * 300 ({@link AwsProvisionedMode}); writes docs/bench/aws-ramp-provisioned.{json,csv}.
 *
 * <pre>local/bench/run.sh awsramp   # or: java -cp &lt;test classpath&gt; dev.sluice.local.bench.AwsRampBench</pre>
 */
public final class AwsRampBench {

    private static final int MESSAGES = Integer.getInteger("bench.messages", 4000);
    private static final int WORK_MILLIS = Integer.getInteger("bench.workMillis", 100);
    private static final int BATCH_SIZE = 10;
    private static final int MAX_CONCURRENCY = 300;
    private static final int LOCAL_CAP = Integer.getInteger("bench.localCap", 4);
    private static final boolean PROVISIONED = mode().equals("provisioned");
    private static final ProvisionedPollers POLLERS = new ProvisionedPollers(2, 30);
    /** The mapping's mode as the model sees it: standard with MaximumConcurrency 300, or provisioned 2-30 pollers. */
    private static final AwsRamp.Limits LIMITS = PROVISIONED ? AwsProvisionedMode.limits(POLLERS)
            : AwsRamp.standard(MAX_CONCURRENCY);
    private static final String NAME = PROVISIONED ? "aws-ramp-provisioned" : "aws-ramp";
    private static final double PROJECT_AT_SECONDS = 10;
    private static final PrintStream CONSOLE = System.out;

    private AwsRampBench() {
    }

    record Sample(double t, double decidedAt, long backlog, int aws, int local, int running, Double secondsPerBatch, Double drain) {
    }

    public static void main(String[] args) throws Exception {
        if (!Boolean.getBoolean("bench.verbose")) {
            System.setOut(new PrintStream(OutputStream.nullOutputStream())); // function output
        }
        Path work = Files.createTempDirectory("sluice-bench-awsramp");
        Map<String, Object> results = Bench.results("aws profile (" + mode() + " mode): " + MESSAGES
                + " messages at once", "local/bench/run.sh awsramp" + (PROVISIONED
                ? "  (BENCH_JAVA_OPTS=-Dbench.mode=provisioned)" : ""));
        results.put("settings", Map.of("workMillisPerRecord", WORK_MILLIS, "batchSize", BATCH_SIZE,
                PROVISIONED ? "provisionedPollers" : "maximumConcurrency", PROVISIONED
                        ? POLLERS.minimumPollers() + "-" + POLLERS.maximumPollers() : MAX_CONCURRENCY,
                "localCap", LOCAL_CAP, "sampleEveryMillis", 100));
        List<Sample> samples = new ArrayList<>();
        try (LocalCloud cloud = LocalCloud.builder().port(0).workDir(work)
                .scalingProfile(ScalingProfile.AWS, LOCAL_CAP).build().start()) {
            LambdaClient lambda = LocalClients.create(LambdaClient.builder(), cloud.endpoint(), "us-east-1");
            SqsClient sqs = LocalClients.create(SqsClient.builder(), cloud.sqs().directEndpoint(), "us-east-1");
            SdkBytes zip = SdkBytes.fromByteArray(TestFunctions.ZIP.bytes());
            lambda.createFunction(r -> r.functionName("sleeper").runtime(Runtime.JAVA17)
                    .handler(TestFunctions.SLEEP).role("arn:aws:iam::000000000000:role/bench").timeout(60)
                    .memorySize(256).environment(e -> e.variables(Map.of("WORK_MILLIS", "" + WORK_MILLIS)))
                    .code(c -> c.zipFile(zip)));
            String queueUrl = sqs.createQueue(r -> r.queueName("awsramp")
                    .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "60"))).queueUrl();
            for (int first = 0; first < MESSAGES; first += 10) {
                List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
                for (int i = 0; i < 10 && first + i < MESSAGES; i++) {
                    entries.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody("work").build());
                }
                sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
            }
            String uuid = lambda.createEventSourceMapping(r -> r.functionName("sleeper")
                    .eventSourceArn("arn:aws:sqs:us-east-1:000000000000:awsramp").batchSize(BATCH_SIZE)
                    .applyMutation(b -> {
                        if (PROVISIONED) {
                            b.provisionedPollerConfig(p -> p.minimumPollers(POLLERS.minimumPollers())
                                    .maximumPollers(POLLERS.maximumPollers()));
                        } else {
                            b.scalingConfig(c -> c.maximumConcurrency(MAX_CONCURRENCY));
                        }
                    })).uuid();
            long start = System.nanoTime();
            Instant startInstant = Instant.now();
            log("%d messages waiting; mapped, sampling every second", MESSAGES);
            int zeroAfterDrain = 0;
            double logged = -1;
            while (zeroAfterDrain < 30 && seconds(start) < 600) {
                Thread.sleep(100); // the autoscaler polls every 500 ms: every change is seen within 100 ms
                ScaledMapping mapping = cloud.autoscaler().mapping(uuid).orElse(null);
                if (mapping == null || mapping.lastSample().isEmpty()) {
                    continue;
                }
                ScalingSample last = mapping.lastSample().get();
                // The ramp's own time (the decision's), so the rate check does not include the sampling lag.
                // AWS's count from the same decision (its desired), so time and count always match.
                ScalingDecision decision = mapping.lastDecision().orElse(null);
                if (decision == null) {
                    continue;
                }
                double decidedAt = Duration.between(startInstant, decision.at()).toNanos() / 1e9;
                Sample sample = new Sample(seconds(start), decidedAt, last.visible() + last.inFlight(),
                        decision.desired(), decision.next(), last.running(),
                        mapping.secondsPerBatch().orElse(null), mapping.awsDrainSeconds().orElse(null));
                samples.add(sample);
                if (sample.t() - logged < 1) {
                    zeroAfterDrain = last.records() >= MESSAGES && sample.aws() == 0 ? zeroAfterDrain + 1 : 0;
                    continue;
                }
                logged = sample.t();
                log("t %5.1f s  backlog %5d  AWS %4d  local %2d  running %2d  s/batch %s  AWS drain %s", sample.t(),
                        sample.backlog(), sample.aws(), sample.local(), sample.running(), sample.secondsPerBatch(),
                        sample.drain());
                zeroAfterDrain = last.records() >= MESSAGES && sample.aws() == 0 ? zeroAfterDrain + 1 : 0;
            }
            double meanPerBatch = cloud.lambda().eventSourceMappings().stream()
                    .filter(m -> m.uuid().equals(uuid)).findFirst()
                    .map(m -> m.stats().batchNanos() / 1e9 / Math.max(1, m.stats().completedBatches()))
                    .orElseThrow();
            results.put("results", report(samples, meanPerBatch));
        } finally {
            Bench.deleteTree(work);
        }
        results.put("loadAverageAtEnd", Bench.loadAverage());
        Bench.write(NAME, results);
        writeCsv(samples);
        log("%s", Bench.JSON.writeValueAsString(results.get("results")));
        System.exit(0);
    }

    private static Map<String, Object> report(List<Sample> samples, double meanPerBatch) {
        Map<String, Object> report = new LinkedHashMap<>();
        Sample first = samples.stream().filter(s -> s.aws() > 0).findFirst().orElseThrow();
        // Rates from the decisions' own times: every increase may be at most the mode's rate per second elapsed + 1
        // (the carried fraction); the most any window of at least 10 s grew is reported per minute.
        double maxRatePerMinute = 0;
        boolean withinRate = true;
        for (int i = 0; i < samples.size(); i++) {
            Sample a = samples.get(i);
            for (int j = i + 1; j < samples.size() && a.aws() > 0; j++) {
                Sample b = samples.get(j);
                double dt = b.decidedAt() - a.decidedAt();
                if (b.aws() - a.aws() > dt * LIMITS.perSecond() + 1) {
                    withinRate = false;
                }
                if (dt >= 10) {
                    maxRatePerMinute = Math.max(maxRatePerMinute, (b.aws() - a.aws()) / dt * 60);
                    break;
                }
            }
        }
        int peak = samples.stream().mapToInt(Sample::aws).max().orElse(0);
        double atCap = samples.stream().filter(s -> s.aws() >= LIMITS.cap()).mapToDouble(Sample::t).min()
                .orElse(Double.NaN);
        double drained = samples.stream().filter(s -> s.backlog() == 0).mapToDouble(Sample::t).min().orElse(Double.NaN);
        report.put("firstAwsConcurrency", first.aws());
        report.put("firstAwsConcurrencyAtSeconds", Bench.round(first.t()));
        report.put("maxIncreasePerMinuteOver10sWindows", Bench.round(maxRatePerMinute));
        report.put("everyIncreaseWithinTheRatePerSecondPlus1", withinRate);
        report.put("peakAwsConcurrency", peak);
        report.put("reachedTheCapAtSeconds", Bench.round(atCap));
        report.put("peakLocalEnvironments", samples.stream().mapToInt(Sample::local).max().orElse(0));
        report.put("awsConcurrencyAfterDrain", samples.get(samples.size() - 1).aws());
        report.put("localDrainSeconds", Bench.round(drained));
        report.put("meanSecondsPerBatchWholeRun", Bench.round(meanPerBatch));

        Sample at = samples.stream().filter(s -> s.t() >= PROJECT_AT_SECONDS && s.drain() != null).findFirst()
                .orElseThrow();
        report.put("projectionTakenAtSeconds", Bench.round(at.t()));
        report.put("projectionBacklog", at.backlog());
        report.put("projectionAwsConcurrency", at.aws());
        report.put("projectionSecondsPerBatch", at.secondsPerBatch());
        report.put("projectedAwsDrainSeconds", at.drain());
        report.put("closedFormWithWholeRunMeanSeconds", Bench.round(DrainProjection.seconds(at.backlog(), BATCH_SIZE,
                meanPerBatch, at.aws(), LIMITS)));
        double simulated = simulate(at.backlog(), at.aws(), meanPerBatch);
        report.put("simulatedAwsDrainSeconds", Bench.round(simulated));
        report.put("projectionOverSimulated", Bench.round(at.drain() / simulated));
        boolean shape = first.aws() <= LIMITS.start() && withinRate
                && peak <= LIMITS.cap() && samples.get(samples.size() - 1).aws() == 0;
        report.put("rampShapeOk", shape);
        return report;
    }

    /** AwsRamp stepped every second from the given concurrency, draining concurrency x batch / duration per second. */
    private static double simulate(long backlog, int concurrency, double perBatch) {
        Instant t0 = Instant.EPOCH;
        AwsRamp.State state = AwsRamp.step(LIMITS, AwsRamp.State.IDLE, 1, 0, t0);
        state = new AwsRamp.State(Math.max(concurrency, state.concurrency()), t0, 0);
        double left = backlog;
        int second = 0;
        while (left > 0) {
            double rate = state.concurrency() * BATCH_SIZE / perBatch;
            if (left <= rate) {
                return second + left / rate;
            }
            left -= rate;
            second++;
            state = AwsRamp.step(LIMITS, state, (long) Math.ceil(left), 0, t0.plusSeconds(second));
        }
        return second;
    }

    private static void writeCsv(List<Sample> samples) throws java.io.IOException {
        StringBuilder csv = new StringBuilder("t,backlog,awsConcurrency,localEnvironments,running,secondsPerBatch,"
                + "awsDrainSeconds\n");
        for (Sample s : samples) {
            csv.append(String.format(Locale.ROOT, "%.1f,%d,%d,%d,%d,%s,%s%n", s.t(), s.backlog(), s.aws(), s.local(),
                    s.running(), s.secondsPerBatch() == null ? "" : s.secondsPerBatch(),
                    s.drain() == null ? "" : s.drain()));
        }
        Files.writeString(Bench.outputDir().resolve(NAME + ".csv"), csv);
    }

    /** {@code bench.mode}: standard (the default) or provisioned. */
    private static String mode() {
        String mode = System.getProperty("bench.mode", "standard");
        if (!mode.equals("standard") && !mode.equals("provisioned")) {
            throw new IllegalArgumentException("bench.mode must be standard or provisioned (given '" + mode + "')");
        }
        return mode;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static void log(String format, Object... args) {
        CONSOLE.printf(Locale.ROOT, format + "%n", args);
    }
}
