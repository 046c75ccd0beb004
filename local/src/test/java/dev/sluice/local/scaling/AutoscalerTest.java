package dev.sluice.local.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.local.lambda.eventsource.EventSourceMappingStats;
import dev.sluice.local.scaling.ScalingDecision.Reason;
import dev.sluice.local.template.DeployResult;
import dev.sluice.local.template.DeployedResource;
import dev.sluice.local.template.ResourceStatus;
import dev.sluice.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The autoscaler's loop with a fake queue reader, fake targets and a clock the test moves. */
class AutoscalerTest {

    private static final String QUEUE = "http://127.0.0.1:4566/000000000000/orders";
    private static final String DLQ = "http://127.0.0.1:4566/000000000000/orders-dlq";

    private final MovableClock clock = new MovableClock(Instant.parse("2025-01-01T00:00:00Z"));
    private final Map<String, Map<String, String>> queues = new HashMap<>();
    private final List<String> reads = new ArrayList<>();
    private final List<ScalingTarget> targets = new ArrayList<>();
    private final Autoscaler autoscaler = new Autoscaler(() -> targets, (url, names) -> {
        reads.add(url);
        Map<String, String> attributes = queues.get(url);
        if (attributes == null) {
            throw new IllegalStateException("The specified queue does not exist");
        }
        return attributes;
    }, clock);

    private void depth(String url, long visible, long inFlight) {
        Map<String, String> attributes = new HashMap<>(queues.getOrDefault(url, Map.of()));
        attributes.put(QueueBacklog.VISIBLE, Long.toString(visible));
        attributes.put(QueueBacklog.IN_FLIGHT, Long.toString(inFlight));
        attributes.put(QueueBacklog.DELAYED, "0");
        queues.put(url, attributes);
    }

    /** Ticks once per poll interval (500 ms by default) for {@code seconds}. */
    private void run(double seconds, Duration poll) {
        long ticks = Math.round(seconds * 1000 / poll.toMillis());
        for (int i = 0; i < ticks; i++) {
            autoscaler.tick();
            clock.advance(poll);
        }
    }

    @Test
    void scalesFromZeroToTheMaximumByStepsAndBackToZeroWhenIdle() {
        FakeTarget target = target("m-1", "fulfillOrder", QUEUE, 6);
        autoscaler.configure("m-1", Map.of("maxStepUp", 2, "maxStepDown", 3, "scaleDownStabilisationSeconds", 2,
                "idleToZeroSeconds", 3, "pollIntervalMillis", 500));
        depth(QUEUE, 0, 0);

        autoscaler.tick();
        assertThat(target.polling().pollers).isZero();
        assertThat(target.function().warm).isZero();
        assertThat(decision().reason()).isEqualTo(Reason.AT_MINIMUM);

        depth(QUEUE, 300, 0);
        clock.advance(Duration.ofMillis(500));
        autoscaler.tick();
        assertThat(decision().reason()).isEqualTo(Reason.ACTIVATE);
        assertThat(target.polling().pollers).isEqualTo(2);
        assertThat(target.function().warm).isEqualTo(2);

        clock.advance(Duration.ofMillis(500));
        autoscaler.tick();
        assertThat(decision().reason()).isEqualTo(Reason.SCALE_UP_CAPPED_BY_STEP);
        assertThat(target.polling().pollers).isEqualTo(4);

        clock.advance(Duration.ofMillis(500));
        autoscaler.tick();
        assertThat(decision().reason()).isEqualTo(Reason.CAPPED_BY_MAXIMUM);
        assertThat(target.polling().pollers).isEqualTo(6);
        assertThat(target.function().warm).isEqualTo(6);
        assertThat(mapping().desired()).isEqualTo(6);

        depth(QUEUE, 0, 0);
        clock.advance(Duration.ofMillis(500));
        run(2.5, Duration.ofMillis(500));
        assertThat(target.polling().pollers).as("the last environment waits for the idle period").isEqualTo(1);
        run(1.5, Duration.ofMillis(500));

        assertThat(target.polling().pollers).isZero();
        assertThat(target.function().warm).isZero();
        assertThat(mapping().lastChange().orElseThrow().reason()).isEqualTo(Reason.IDLE_TO_ZERO);
        List<Reason> reasons = mapping().history(Duration.ofMinutes(1), clock.instant()).stream()
                .map(ScalingSample::reason).distinct().toList();
        assertThat(reasons).containsSubsequence(Reason.ACTIVATE, Reason.SCALE_UP_CAPPED_BY_STEP,
                Reason.CAPPED_BY_MAXIMUM, Reason.SCALE_DOWN_CAPPED_BY_STEP, Reason.SCALE_DOWN, Reason.IDLE_TO_ZERO);
    }

    @Test
    void countsTheMappingsBatchesInFlightNotItsInFlightMessages() {
        FakeTarget target = target("m-1", "f", QUEUE, 20);
        target.polling().activeBatches = 15;
        depth(QUEUE, 0, 0);
        autoscaler.tick(); // the first read: 15 batches already running (pollers started before this autoscaler)

        // 15 partly filled batches carry 60 messages: 60 / 10 would ask for 6 environments.
        depth(QUEUE, 25, 60);
        clock.advance(Duration.ofMillis(500));
        autoscaler.tick();

        assertThat(decision().desired()).isEqualTo(18);
        assertThat(decision().backlog()).isEqualTo(25);
        assertThat(decision().explanation()).startsWith("backlog 25 / target 10 + 15 batches in flight = 18 wanted");
        assertThat(target.polling().pollers).isEqualTo(18);

        autoscaler.override(Map.of("scaleOnInFlight", "false"));
        clock.advance(Duration.ofMillis(500));
        autoscaler.tick();
        assertThat(decision().desired()).as("without in-flight work only the waiting messages count").isEqualTo(3);
    }

    @Test
    void readsEachQueueOncePerPollInterval() {
        target("m-1", "f", QUEUE, null);
        autoscaler.override(Map.of("pollIntervalMillis", "200"));
        depth(QUEUE, 1, 0);

        autoscaler.tick();
        clock.advance(Duration.ofMillis(100));
        autoscaler.tick();
        assertThat(reads).hasSize(1);

        clock.advance(Duration.ofMillis(100));
        autoscaler.tick();
        assertThat(reads).hasSize(2);
    }

    @Test
    void samplesQueueDepthDeadLetterDepthAndInvocationRate() {
        FakeTarget target = target("m-1", "f", QUEUE, null);
        depth(QUEUE, 7, 3);
        queues.get(QUEUE).put("RedrivePolicy",
                "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:orders-dlq\",\"maxReceiveCount\":3}");
        depth(DLQ, 2, 1);

        autoscaler.tick();
        target.polling().batches = 10;
        target.polling().failedRecords = 4;
        clock.advance(Duration.ofSeconds(1));
        autoscaler.tick();

        ScalingSample sample = mapping().lastSample().orElseThrow();
        assertThat(sample.visible()).isEqualTo(7);
        assertThat(sample.inFlight()).isEqualTo(3);
        assertThat(sample.backlog()).isEqualTo(10);
        assertThat(sample.deadLetterQueue()).isEqualTo("orders-dlq");
        assertThat(sample.deadLetterDepth()).isEqualTo(3);
        assertThat(sample.invocationsPerSecond()).isEqualTo(10.0);
        assertThat(sample.errors()).isEqualTo(4);
        assertThat(sample.desired()).isEqualTo(1);
    }

    @Test
    void settingsLayerDefaultsMaximumConcurrencyMetadataOverridesAndFunctionOverrides() {
        target("m-1", "fulfillOrder", QUEUE, 8);
        target("m-2", "notifyCustomer", QUEUE, null);
        depth(QUEUE, 0, 0);
        autoscaler.configure(new DeployResult("app", List.of(new DeployedResource("Esm", "AWS::Lambda::EventSourceMapping",
                "m-1", ResourceStatus.CREATED, "", Map.of(Autoscaler.METADATA_KEY,
                Map.of("targetBacklogPerEnvironment", 50, "minimum", 2))),
                new DeployedResource("Other", "AWS::SQS::Queue", QUEUE, ResourceStatus.CREATED, "", Map.of())),
                Map.of()));
        autoscaler.override(Map.of("maxStepUp", "3", "minimum", "1"));
        autoscaler.override("notifyCustomer", Map.of("targetBacklogPerEnvironment", "100"));

        autoscaler.tick();

        ScalingSettings first = autoscaler.mapping("m-1").orElseThrow().settings();
        assertThat(first.maximum()).isEqualTo(8);
        assertThat(first.targetBacklogPerEnvironment()).isEqualTo(50);
        assertThat(first.minimum()).isEqualTo(1);
        assertThat(first.maxStepUp()).isEqualTo(3);
        ScalingSettings second = autoscaler.mapping("m-2").orElseThrow().settings();
        assertThat(second.maximum()).isEqualTo(ScalingSettings.DEFAULT_MAXIMUM);
        assertThat(second.targetBacklogPerEnvironment()).isEqualTo(100);
    }

    @Test
    void invalidSettingsFallBackToTheDefaultsAndSayWhy() {
        target("m-1", "f", QUEUE, 4);
        depth(QUEUE, 0, 0);
        autoscaler.configure("m-1", Map.of("minimum", 9));

        autoscaler.tick();

        ScaledMapping mapping = mapping();
        assertThat(mapping.settingsError()).hasValueSatisfying(error -> assertThat(error)
                .contains("minimum must not exceed maximum", "given minimum 9, maximum 4"));
        assertThat(mapping.settings().maximum()).isEqualTo(4);
        assertThat(mapping.settings().minimum()).isZero();
    }

    @Test
    void mappingsOfOneFunctionWarmTheSumOfTheirEnvironments() {
        FakeTarget first = target("m-1", "f", QUEUE, null);
        FakeTarget second = target("m-2", "f", DLQ, null, first.function());
        depth(QUEUE, 20, 0);
        depth(DLQ, 30, 0);

        autoscaler.tick();

        assertThat(first.polling().pollers).isEqualTo(2);
        assertThat(second.polling().pollers).isEqualTo(3);
        assertThat(first.function().warm).isEqualTo(5);
    }

    @Test
    void anUnreadableQueueKeepsTheEnvironmentsAndIsReported() {
        FakeTarget target = target("m-1", "f", QUEUE, null);
        depth(QUEUE, 30, 0);
        autoscaler.tick();
        queues.remove(QUEUE);
        clock.advance(Duration.ofSeconds(1));

        autoscaler.tick();

        assertThat(target.polling().pollers).isEqualTo(3);
        assertThat(mapping().lastReadError()).hasValueSatisfying(error -> assertThat(error)
                .contains(QUEUE, "does not exist"));
    }

    @Test
    void forgetsDeletedMappingsAndLeavesDisabledOnesAlone() {
        FakeTarget target = target("m-1", "f", QUEUE, null);
        depth(QUEUE, 30, 0);
        autoscaler.tick();
        target.polling().enabled = false;
        target.polling().pollers = 0;
        clock.advance(Duration.ofSeconds(1));
        autoscaler.tick();
        assertThat(target.polling().pollers).isZero();
        assertThat(reads).hasSize(1);

        targets.clear();
        autoscaler.tick();

        assertThat(autoscaler.mappings()).isEmpty();
    }

    @Test
    void theAwsProfileFollowsLambdasRampAndRunsAtMostTheLocalCap() {
        FakeTarget target = target("m-1", "f", QUEUE, 50);
        autoscaler.profile(ScalingProfile.AWS, 4);
        depth(QUEUE, 10_000, 0);

        autoscaler.tick();
        assertThat(decision().reason()).isEqualTo(Reason.AWS_START);
        assertThat(mapping().awsConcurrency()).contains(5);
        assertThat(target.polling().pollers).isEqualTo(4);
        assertThat(target.function().warm).isEqualTo(4);

        clock.advance(Duration.ofSeconds(5));
        autoscaler.tick();
        assertThat(decision().reason()).isEqualTo(Reason.AWS_RAMP_UP);
        assertThat(mapping().awsConcurrency()).contains(30); // 5 + 5 s x 300/min
        assertThat(decision().desired()).isEqualTo(30);
        assertThat(decision().next()).isEqualTo(4);

        clock.advance(Duration.ofSeconds(60));
        target.polling().batches = 100; // 0.2 s each (the fake's batch time)
        autoscaler.tick();
        assertThat(decision().reason()).isEqualTo(Reason.AWS_AT_CAP);
        assertThat(mapping().awsConcurrency()).contains(50);
        assertThat(mapping().secondsPerBatch()).contains(0.2);
        // 10,000 messages at 50 batches x 10 messages / 0.2 s = 2,500 a second.
        assertThat(mapping().awsDrainSeconds()).hasValueSatisfying(s -> assertThat(s).isCloseTo(4.0,
                org.assertj.core.api.Assertions.within(1e-9)));

        depth(QUEUE, 0, 0);
        clock.advance(Duration.ofSeconds(1));
        autoscaler.tick();
        assertThat(decision().reason()).isEqualTo(Reason.AWS_QUEUE_EMPTY);
        assertThat(target.polling().pollers).isZero();
        assertThat(mapping().awsDrainSeconds()).contains(0.0);
    }

    @Test
    void aFunctionsProfileWinsOverTheRuns() {
        FakeTarget aws = target("m-1", "f", QUEUE, null);
        FakeTarget local = target("m-2", "g", DLQ, null);
        autoscaler.profile("f", ScalingProfile.AWS);
        depth(QUEUE, 1000, 0);
        depth(DLQ, 1000, 0);

        autoscaler.tick();

        assertThat(mapping().profile()).isEqualTo(ScalingProfile.AWS);
        assertThat(decision().reason()).isEqualTo(Reason.AWS_START);
        ScaledMapping other = autoscaler.mapping("m-2").orElseThrow();
        assertThat(other.profile()).isEqualTo(ScalingProfile.LOCAL);
        assertThat(other.lastDecision().orElseThrow().reason()).isEqualTo(Reason.ACTIVATE);
    }

    @Test
    void theLocalProfileProjectsAnAwsDrainFromAFreshRamp() {
        FakeTarget target = target("m-1", "f", QUEUE, 5);
        target.polling().batches = 10;
        depth(QUEUE, 500, 0);

        autoscaler.tick();

        assertThat(mapping().profile()).isEqualTo(ScalingProfile.LOCAL);
        assertThat(mapping().awsConcurrency()).isEmpty();
        // 500 messages at 5 batches x 10 / 0.2 s = 250 a second.
        assertThat(mapping().awsDrainSeconds()).hasValueSatisfying(s -> assertThat(s).isCloseTo(2.0,
                org.assertj.core.api.Assertions.within(1e-9)));
    }

    private ScaledMapping mapping() {
        return autoscaler.mapping("m-1").orElseThrow();
    }

    private ScalingDecision decision() {
        return mapping().lastDecision().orElseThrow();
    }

    /** Registers a fake mapping with the autoscaler; its function of its own unless {@code function} is given. */
    private FakeTarget target(String uuid, String functionName, String queueUrl, Integer maximumConcurrency) {
        return target(uuid, functionName, queueUrl, maximumConcurrency, new FakeFunction());
    }

    private FakeTarget target(String uuid, String functionName, String queueUrl, Integer maximumConcurrency,
                              FakeFunction function) {
        FakeTarget target = new FakeTarget(uuid, functionName, queueUrl, maximumConcurrency, new Polling(), function);
        targets.add(target);
        return target;
    }

    /** A mapping whose pollers and counts are plain fields ({@link Polling}), and its function's warm count. */
    private record FakeTarget(String uuid, String functionName, String queueUrl, Integer maximumConcurrency,
                              Polling polling, FakeFunction function) implements ScalingTarget {

        @Override
        public boolean enabled() {
            return polling.enabled;
        }

        @Override
        public int pollers() {
            return polling.pollers;
        }

        @Override
        public void setPollers(int count) {
            polling.pollers = count;
        }

        @Override
        public EventSourceMappingStats stats() {
            long batches = polling.batches;
            return new EventSourceMappingStats(batches, batches * 10, batches * 10 - polling.failedRecords,
                    polling.failedRecords, 0, polling.activeBatches, polling.pollers, 0, batches,
                    batches * 200_000_000L);
        }

        @Override
        public int running() {
            return function.warm;
        }

        @Override
        public int busy() {
            return 0;
        }

        @Override
        public void setWarm(int count) {
            function.warm = count;
        }
    }

    /** A mapping's pollers and counts. */
    private static final class Polling {
        boolean enabled = true;
        int pollers = 5;
        long batches;
        long failedRecords;
        int activeBatches;
    }

    /** The environments a function keeps warm. */
    private static final class FakeFunction {
        int warm;
    }
}
