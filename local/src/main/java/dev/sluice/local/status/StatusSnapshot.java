package dev.sluice.local.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.sluice.local.core.Arn;
import dev.sluice.local.core.Json;
import dev.sluice.local.faults.Fault;
import dev.sluice.local.faults.Faults;
import dev.sluice.local.lambda.eventsource.ConcurrencyAdvice;
import dev.sluice.local.lambda.eventsource.EventSourceMapping;
import dev.sluice.local.lambda.eventsource.EventSourceMappingStats;
import dev.sluice.local.lambda.runtime.FunctionEnvironments;
import dev.sluice.local.lambda.runtime.FunctionError;
import dev.sluice.local.lambda.runtime.FunctionStats;
import dev.sluice.local.lambda.LambdaService;
import dev.sluice.local.scaling.Autoscaler;
import dev.sluice.local.scaling.ScaledMapping;
import dev.sluice.local.scaling.ScalingDecision;
import dev.sluice.local.scaling.ScalingSample;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * What {@code GET /_sluice/status} answers, and the one place its JSON is written and read (the CLI, the dashboard
 * and the Prometheus endpoint reuse these records). Counts a source cannot give are null: against AWS or LocalStack
 * the CLI fills in mappings with {@code environments} null.
 *
 * <pre>{@code
 * {"time":"2025-01-01T00:00:00Z",
 *  "mappings":[{"uuid":..,"functionName":..,"queue":..,"queueUrl":..,"enabled":true,"visible":..,"inFlight":..,
 *               "deadLetterQueue":..,"deadLetterDepth":..,"environments":{"running":..,"busy":..,"desired":..},
 *               "concurrency":..,"invocationsPerSecond":..,"errors":..,"batches":..,"records":..,
 *               "throttledBatches":..,"concurrencyWarning":..,
 *               "decision":{"at","reason","explanation","backlog","current","desired","next"},
 *               "lastChange":{...same...},"settings":{"targetBacklogPerEnvironment":"10",...},"settingsError":null,
 *               "scalingProfile":"local","awsConcurrency":null,"secondsPerBatch":0.21,"awsDrainSeconds":12.5}],
 *  "functions":[{"name":..,"environments":{"running":..,"busy":..},"invocations":..,"errors":..,
 *                "lastError":{"type":..,"message":..,"at":..,"requestId":..}}],
 *  "faults":[{"id":"fault-1","function":..,"action":"error","errorType":..,"probability":..,"seed":..,
 *             "matched":..,"injected":..}]}
 * }</pre>
 *
 * @param time      when the snapshot was taken (ISO-8601)
 * @param mappings  SQS event source mappings, by function name then UUID
 * @param functions every function with its environments
 * @param faults    the faults declared with {@code sluice chaos} ({@code /_sluice/faults}), with their counters
 */
public record StatusSnapshot(String time, List<MappingStatus> mappings, List<FunctionStatus> functions,
                             List<Fault> faults) {

    /** Documents of newer versions may carry more: what this version does not know is skipped. */
    private static final ObjectReader READER =
            Json.MAPPER.reader().without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public StatusSnapshot {
        mappings = mappings == null ? List.of() : List.copyOf(mappings);
        functions = functions == null ? List.of() : List.copyOf(functions);
        faults = faults == null ? List.of() : List.copyOf(faults);
    }

    /**
     * One mapping. {@code visible}, {@code inFlight} and the dead-letter depth are the autoscaler's last read (at most
     * one poll interval old); the counters count since the mapping was created.
     *
     * @param concurrency          pollers (batches in flight at most)
     * @param invocationsPerSecond batches invoked per second over the last poll interval
     * @param errors               records that failed (function errors, timeouts, reported item failures)
     * @param decision             the autoscaler's latest decision (null before its first read, or without one)
     * @param lastChange           its latest decision that changed the environments
     * @param settings             the scaling settings in force, keyed as in {@code ScalingSettings.KEYS}
     * @param settingsError        why configured settings were rejected (defaults are used), else null
     * @param throttledBatches     batches whose invoke was throttled (reserved concurrency exhausted; null: unknown)
     * @param concurrencyWarning   the throttling trap in words ({@code ConcurrencyAdvice}), else null
     * @param scalingProfile       {@code local} or {@code aws} (null where the source cannot tell)
     * @param awsConcurrency       under the aws profile, the concurrent batches AWS would run now (locally at most
     *                             the local cap of them run)
     * @param secondsPerBatch      mean duration of recent batches, measured locally
     * @param awsDrainSeconds      how long the backlog would take to drain on AWS (docs/SCALING.md), null before a
     *                             batch was measured
     */
    public record MappingStatus(String uuid, String functionName, String queue, String queueUrl, Boolean enabled,
                                Long visible, Long inFlight, String deadLetterQueue, Long deadLetterDepth,
                                Environments environments, Integer concurrency, Double invocationsPerSecond,
                                Long errors, Long batches, Long records, Decision decision, Decision lastChange,
                                Map<String, String> settings, String settingsError, Long throttledBatches,
                                String concurrencyWarning, String scalingProfile, Integer awsConcurrency,
                                Double secondsPerBatch, Double awsDrainSeconds) {
    }

    /**
     * Environments of a function.
     *
     * @param running started or starting
     * @param busy    running an invocation
     * @param desired what the autoscaler runs for this mapping (absent for functions)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Environments(Integer running, Integer busy, Integer desired) {
    }

    /** A {@link ScalingDecision} as JSON; {@code at} is ISO-8601. */
    public record Decision(String at, String reason, String explanation, long backlog, int current, int desired,
                           int next) {

        static Decision of(ScalingDecision decision) {
            return new Decision(decision.at().toString(), decision.reason().name(), decision.explanation(),
                    decision.backlog(), decision.current(), decision.desired(), decision.next());
        }
    }

    /**
     * @param invocations invocations since the function was created (null where the source cannot tell)
     * @param errors      of those, the ones that failed
     * @param lastError   the latest failure, or null when there was none
     */
    public record FunctionStatus(String name, Environments environments, Long invocations, Long errors,
                                 LastError lastError) {
    }

    /**
     * A function's latest failed invocation.
     *
     * @param type      the error type ({@code Sandbox.Timedout}, {@code Runtime.ExitError}, an exception class, ...)
     * @param message   the first line of its message
     * @param at        when it ended (ISO-8601)
     * @param requestId its request id (look it up with {@code sluice logs})
     */
    public record LastError(String type, String message, String at, String requestId) {

        static LastError of(FunctionError error) {
            return error == null ? null : new LastError(error.type(), error.message(), error.at().toString(),
                    error.requestId());
        }
    }

    /**
     * What {@code GET /_sluice/history?seconds=N} answers: per mapping UUID, the autoscaler's samples, oldest first.
     */
    public record History(Map<String, MappingHistory> mappings) {

        public String toJson() {
            return write(this);
        }

        public static History fromJson(String json) {
            return read(json, History.class);
        }
    }

    public record MappingHistory(String functionName, String queue, List<Point> points) {
    }

    /**
     * One sample.
     *
     * @param t                    epoch milliseconds
     * @param desired              environments the autoscaler decided to run
     * @param invocationsPerSecond batches per second since the previous point
     * @param errors               failed records since the mapping was created (a counter: difference two points
     *                             for a rate)
     * @param reason               the decision's reason
     */
    public record Point(long t, long visible, long inFlight, long backlog, int running, int busy, int desired,
                        double invocationsPerSecond, long errors, String reason) {

        static Point of(ScalingSample s) {
            return new Point(s.at().toEpochMilli(), s.visible(), s.inFlight(), s.backlog(), s.running(), s.busy(),
                    s.desired(), round(s.invocationsPerSecond()), s.errors(), s.reason().name());
        }
    }

    /** The local cloud's status now, without faults; {@code autoscaler} may be null (autoscaling off). */
    public static StatusSnapshot capture(LambdaService lambda, Autoscaler autoscaler, Instant now) {
        return capture(lambda, autoscaler, null, now);
    }

    /** The local cloud's status now; {@code autoscaler} and {@code faults} may be null (off). */
    public static StatusSnapshot capture(LambdaService lambda, Autoscaler autoscaler, Faults faults, Instant now) {
        List<MappingStatus> mappings = new ArrayList<>();
        List<EventSourceMapping> all = new ArrayList<>(lambda.eventSourceMappings());
        all.sort(Comparator.comparing((EventSourceMapping m) -> Arn.functionName(m.functionArn()))
                .thenComparing(EventSourceMapping::uuid));
        for (EventSourceMapping mapping : all) {
            mappings.add(mapping(lambda, mapping, autoscaler == null ? Optional.empty()
                    : autoscaler.mapping(mapping.uuid())));
        }
        List<FunctionStatus> functions = new ArrayList<>();
        for (String name : lambda.functionNames()) {
            Environments environments = environments(lambda, name, null);
            if (environments != null) {
                try {
                    FunctionStats stats = lambda.stats(name);
                    functions.add(new FunctionStatus(name, environments, stats.invocations(), stats.errors(),
                            LastError.of(stats.lastError())));
                } catch (NoSuchElementException deleted) {
                    // deleted between the two reads
                }
            }
        }
        return new StatusSnapshot(now.toString(), mappings, functions, faults == null ? List.of() : faults.list());
    }

    /** The autoscaler's samples of the last {@code window}, per mapping UUID. */
    public static History history(Autoscaler autoscaler, Duration window, Instant now) {
        Map<String, MappingHistory> mappings = new LinkedHashMap<>();
        if (autoscaler != null) {
            List<ScaledMapping> all = new ArrayList<>(autoscaler.mappings());
            all.sort(Comparator.comparing(ScaledMapping::functionName).thenComparing(ScaledMapping::uuid));
            for (ScaledMapping mapping : all) {
                mappings.put(mapping.uuid(), new MappingHistory(mapping.functionName(), queueName(mapping.queueUrl()),
                        mapping.history(window, now).stream().map(Point::of).toList()));
            }
        }
        return new History(mappings);
    }

    public String toJson() {
        return write(this);
    }

    public static StatusSnapshot fromJson(String json) {
        return read(json, StatusSnapshot.class);
    }

    /** The mapping with this UUID, if listed. */
    public Optional<MappingStatus> mapping(String uuid) {
        return mappings.stream().filter(m -> uuid.equals(m.uuid())).findFirst();
    }

    private static MappingStatus mapping(LambdaService lambda, EventSourceMapping mapping,
                                         Optional<ScaledMapping> scaled) {
        String functionName = Arn.functionName(mapping.functionArn());
        Optional<ScalingSample> sample = scaled.flatMap(ScaledMapping::lastSample);
        EventSourceMappingStats stats = mapping.stats();
        return new MappingStatus(mapping.uuid(), functionName, queueName(mapping.queueUrl()), mapping.queueUrl(),
                mapping.enabled(),
                sample.map(ScalingSample::visible).orElse(null),
                sample.map(ScalingSample::inFlight).orElse(null),
                sample.map(ScalingSample::deadLetterQueue).orElse(null),
                sample.map(ScalingSample::deadLetterDepth).orElse(null),
                environments(lambda, functionName, scaled.map(ScaledMapping::desired).orElse(null)),
                mapping.concurrency(),
                sample.map(s -> round(s.invocationsPerSecond())).orElse(null),
                stats.failedRecords(), stats.batches(), stats.records(),
                scaled.flatMap(ScaledMapping::lastDecision).map(Decision::of).orElse(null),
                scaled.flatMap(ScaledMapping::lastChange).map(Decision::of).orElse(null),
                scaled.map(s -> s.settings() == null ? null : s.settings().toMap()).orElse(null),
                scaled.flatMap(ScaledMapping::settingsError).orElse(null), stats.throttledBatches(),
                concurrencyWarning(lambda, functionName, mapping),
                scaled.map(s -> s.profile().key()).orElse(null),
                scaled.flatMap(ScaledMapping::awsConcurrency).orElse(null),
                scaled.flatMap(ScaledMapping::secondsPerBatch).map(StatusSnapshot::round3).orElse(null),
                scaled.flatMap(ScaledMapping::awsDrainSeconds).map(StatusSnapshot::round).orElse(null));
    }

    private static String concurrencyWarning(LambdaService lambda, String functionName, EventSourceMapping mapping) {
        try {
            return ConcurrencyAdvice.check(functionName, queueName(mapping.queueUrl()),
                    lambda.reservedConcurrency(functionName), mapping.maximumConcurrency()).orElse(null);
        } catch (RuntimeException deleted) {
            return null;
        }
    }

    private static Environments environments(LambdaService lambda, String functionName, Integer desired) {
        try {
            FunctionEnvironments environments = lambda.environments(functionName);
            return new Environments(environments.running(), environments.busy(), desired);
        } catch (NoSuchElementException deleted) {
            return null;
        }
    }

    private static String queueName(String queueUrl) {
        return Arn.nameOf(queueUrl);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static double round3(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static String write(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return READER.forType(type).readValue(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a Sluice status document: " + e.getOriginalMessage(), e);
        }
    }
}
