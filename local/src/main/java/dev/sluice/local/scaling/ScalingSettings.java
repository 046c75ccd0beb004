package dev.sluice.local.scaling;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import dev.sluice.scaling.ScalingSetting;

/**
 * How the local autoscaler sizes one event source mapping. Immutable; build with {@link #builder()},
 * layer string settings (template metadata, then CLI flags) with {@link Builder#apply(Map)}. Every
 * default is meant to feel like Lambda's own SQS scaling on a laptop:
 *
 * <ul>
 *   <li>{@code targetBacklogPerEnvironment} 10: one batch of 10 (the mapping's default batch size) per
 *       environment, so each environment has exactly one batch to work on and none waits.
 *   <li>{@code minimum} 0: no environment runs while the queue is empty, as on Lambda. A higher
 *       minimum keeps that many environments pre-warmed (started at once, never scaled away).
 *   <li>{@code maximum} 5: the mapping's MaximumConcurrency when it has one; otherwise 5, the number of
 *       concurrent batches Lambda starts with.
 *   <li>{@code activationBacklog} 0: scale from zero as soon as one message is waiting (KEDA's
 *       activation threshold, separate from the target).
 *   <li>{@code maxStepUp} 10: at most 10 more environments per decision. Lambda adds up to 300 per
 *       minute (5 a second); two decisions a second at +10 reach a maximum of 20 within a second of
 *       a burst, without starting dozens of JVMs at once on a two-core laptop.
 *   <li>{@code maxStepDown} 2: at most 2 fewer environments per decision (4 a second at the default poll).
 *       The window alone lets one run of low readings (environments between batches) remove any number at
 *       once; a bounded step leaves the next reads time to show the load is still there. The HPA bounds
 *       scale-down with policies too (default 100% per 15 s, behind a 300 s window).
 *   <li>{@code scaleDownStabilisationSeconds} 10: scale down to the highest desired count of the last
 *       10 s. KEDA (the HPA) uses 300 s and Lambda scales down over minutes; locally, 10 s still
 *       rides out the gaps between batches while a benchmark or a developer sees the result soon.
 *   <li>{@code idleToZeroSeconds} 30: the last environment stops after 30 s without any message
 *       waiting or in flight (KEDA's cooldown is 300 s).
 *   <li>{@code pollIntervalMillis} 500: the backlog is read twice a second (KEDA polls every 30 s);
 *       reading an in-process queue is cheap, and the first scale step comes within a second.
 *   <li>{@code scaleOnInFlight} true (one environment per batch in flight), {@code scaleOnDelayed} false: see
 *       {@link QueueBacklog}.
 * </ul>
 */
public final class ScalingSettings {

    public static final String TARGET_BACKLOG_PER_ENVIRONMENT = ScalingSetting.TARGET_BACKLOG_PER_ENVIRONMENT.key();
    public static final String MINIMUM = ScalingSetting.MINIMUM.key();
    public static final String MAXIMUM = ScalingSetting.MAXIMUM.key();
    public static final String ACTIVATION_BACKLOG = ScalingSetting.ACTIVATION_BACKLOG.key();
    public static final String MAX_STEP_UP = ScalingSetting.MAX_STEP_UP.key();
    public static final String MAX_STEP_DOWN = ScalingSetting.MAX_STEP_DOWN.key();
    public static final String SCALE_DOWN_STABILISATION_SECONDS = ScalingSetting.SCALE_DOWN_STABILISATION_SECONDS.key();
    public static final String IDLE_TO_ZERO_SECONDS = ScalingSetting.IDLE_TO_ZERO_SECONDS.key();
    public static final String POLL_INTERVAL_MILLIS = ScalingSetting.POLL_INTERVAL_MILLIS.key();
    public static final String SCALE_ON_IN_FLIGHT = ScalingSetting.SCALE_ON_IN_FLIGHT.key();
    public static final String SCALE_ON_DELAYED = ScalingSetting.SCALE_ON_DELAYED.key();

    /** Every key {@link Builder#apply(Map)} accepts, in documentation order. */
    public static final List<String> KEYS = ScalingSetting.keys();

    public static final int DEFAULT_MAXIMUM = (int) whole(ScalingSetting.MAXIMUM);

    private final int targetBacklogPerEnvironment;
    private final int minimum;
    private final int maximum;
    private final long activationBacklog;
    private final int maxStepUp;
    private final int maxStepDown;
    private final Duration scaleDownStabilisation;
    private final Duration idleToZero;
    private final Duration pollInterval;
    private final QueueBacklog backlog;

    private ScalingSettings(Builder b) {
        this.targetBacklogPerEnvironment = (int) b.targetBacklogPerEnvironment;
        this.minimum = (int) b.minimum;
        this.maximum = (int) b.maximum;
        this.activationBacklog = b.activationBacklog;
        this.maxStepUp = (int) b.maxStepUp;
        this.maxStepDown = (int) b.maxStepDown;
        this.scaleDownStabilisation = b.scaleDownStabilisation;
        this.idleToZero = b.idleToZero;
        this.pollInterval = b.pollInterval;
        this.backlog = new QueueBacklog(b.scaleOnInFlight, b.scaleOnDelayed);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The documented defaults. */
    public static ScalingSettings defaults() {
        return builder().build();
    }

    /** Settings from string (or number / boolean) values keyed as in {@link #KEYS}; the rest default. */
    public static ScalingSettings parse(Map<String, ?> values) {
        return builder().apply(values).build();
    }

    /** A builder holding these settings, to override some. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.targetBacklogPerEnvironment = targetBacklogPerEnvironment;
        b.minimum = minimum;
        b.maximum = maximum;
        b.activationBacklog = activationBacklog;
        b.maxStepUp = maxStepUp;
        b.maxStepDown = maxStepDown;
        b.scaleDownStabilisation = scaleDownStabilisation;
        b.idleToZero = idleToZero;
        b.pollInterval = pollInterval;
        b.scaleOnInFlight = backlog.scaleOnInFlight();
        b.scaleOnDelayed = backlog.scaleOnDelayed();
        return b;
    }

    /** Backlog (messages) one environment is meant to carry: 1-1,000,000; default 10. */
    public int targetBacklogPerEnvironment() {
        return targetBacklogPerEnvironment;
    }

    /** Environments kept running (pre-warmed) even when idle: 0-1,000, at most {@code maximum}; default 0. */
    public int minimum() {
        return minimum;
    }

    /** Most environments: 1-1,000; default 5 (use the mapping's MaximumConcurrency). */
    public int maximum() {
        return maximum;
    }

    /** From zero, scale only when the backlog is above this: 0-1,000,000; default 0. */
    public long activationBacklog() {
        return activationBacklog;
    }

    /** Most environments added by one decision: 1-1,000; default 10. */
    public int maxStepUp() {
        return maxStepUp;
    }

    /** Most environments removed by one decision (idle to zero and the maximum excepted): 1-1,000; default 2. */
    public int maxStepDown() {
        return maxStepDown;
    }

    /** Scale down to the highest desired count seen over this window: 0-3,600 s; default 10 s. */
    public Duration scaleDownStabilisation() {
        return scaleDownStabilisation;
    }

    /** Stop the last environment after the backlog has been zero this long: 0-3,600 s; default 30 s. */
    public Duration idleToZero() {
        return idleToZero;
    }

    /** How often the autoscaler reads the backlog: 50-1,000 ms; default 500 ms. */
    public Duration pollInterval() {
        return pollInterval;
    }

    /** Which queue attributes make the backlog. */
    public QueueBacklog backlog() {
        return backlog;
    }

    /** Every setting as strings, keyed as in {@link #KEYS} (for status output and round trips). */
    public Map<String, String> toMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(TARGET_BACKLOG_PER_ENVIRONMENT, Integer.toString(targetBacklogPerEnvironment));
        map.put(MINIMUM, Integer.toString(minimum));
        map.put(MAXIMUM, Integer.toString(maximum));
        map.put(ACTIVATION_BACKLOG, Long.toString(activationBacklog));
        map.put(MAX_STEP_UP, Integer.toString(maxStepUp));
        map.put(MAX_STEP_DOWN, Integer.toString(maxStepDown));
        map.put(SCALE_DOWN_STABILISATION_SECONDS, seconds(scaleDownStabilisation));
        map.put(IDLE_TO_ZERO_SECONDS, seconds(idleToZero));
        map.put(POLL_INTERVAL_MILLIS, Long.toString(pollInterval.toMillis()));
        map.put(SCALE_ON_IN_FLIGHT, Boolean.toString(backlog.scaleOnInFlight()));
        map.put(SCALE_ON_DELAYED, Boolean.toString(backlog.scaleOnDelayed()));
        return map;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScalingSettings && toMap().equals(((ScalingSettings) o).toMap());
    }

    @Override
    public int hashCode() {
        return toMap().hashCode();
    }

    @Override
    public String toString() {
        return "ScalingSettings" + toMap();
    }

    private static long whole(ScalingSetting setting) {
        return (Long) setting.defaultValue();
    }

    static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.getSeconds()).add(BigDecimal.valueOf(duration.getNano(), 9))
                .stripTrailingZeros().toPlainString();
    }

    /** Builder of {@link ScalingSettings}; {@link #build()} reports every invalid setting at once. */
    public static final class Builder {
        private long targetBacklogPerEnvironment = whole(ScalingSetting.TARGET_BACKLOG_PER_ENVIRONMENT);
        private long minimum = whole(ScalingSetting.MINIMUM);
        private long maximum = whole(ScalingSetting.MAXIMUM);
        private long activationBacklog = whole(ScalingSetting.ACTIVATION_BACKLOG);
        private long maxStepUp = whole(ScalingSetting.MAX_STEP_UP);
        private long maxStepDown = whole(ScalingSetting.MAX_STEP_DOWN);
        private Duration scaleDownStabilisation =
                Duration.ofSeconds(whole(ScalingSetting.SCALE_DOWN_STABILISATION_SECONDS));
        private Duration idleToZero = Duration.ofSeconds(whole(ScalingSetting.IDLE_TO_ZERO_SECONDS));
        private Duration pollInterval = Duration.ofMillis(whole(ScalingSetting.POLL_INTERVAL_MILLIS));
        private boolean scaleOnInFlight = (Boolean) ScalingSetting.SCALE_ON_IN_FLIGHT.defaultValue();
        private boolean scaleOnDelayed = (Boolean) ScalingSetting.SCALE_ON_DELAYED.defaultValue();
        private final List<String> parseErrors = new ArrayList<>();

        private Builder() {
        }

        public Builder targetBacklogPerEnvironment(int value) {
            this.targetBacklogPerEnvironment = value;
            return this;
        }

        public Builder minimum(int value) {
            this.minimum = value;
            return this;
        }

        public Builder maximum(int value) {
            this.maximum = value;
            return this;
        }

        public Builder activationBacklog(long value) {
            this.activationBacklog = value;
            return this;
        }

        public Builder maxStepUp(int value) {
            this.maxStepUp = value;
            return this;
        }

        public Builder maxStepDown(int value) {
            this.maxStepDown = value;
            return this;
        }

        public Builder scaleDownStabilisation(Duration value) {
            this.scaleDownStabilisation = Objects.requireNonNull(value, SCALE_DOWN_STABILISATION_SECONDS);
            return this;
        }

        public Builder idleToZero(Duration value) {
            this.idleToZero = Objects.requireNonNull(value, IDLE_TO_ZERO_SECONDS);
            return this;
        }

        public Builder pollInterval(Duration value) {
            this.pollInterval = Objects.requireNonNull(value, POLL_INTERVAL_MILLIS);
            return this;
        }

        public Builder scaleOnInFlight(boolean value) {
            this.scaleOnInFlight = value;
            return this;
        }

        public Builder scaleOnDelayed(boolean value) {
            this.scaleOnDelayed = value;
            return this;
        }

        /**
         * Sets every key present in {@code values} (see {@link ScalingSettings#KEYS}); values may be
         * strings (CLI flags), numbers or booleans (template metadata). Null values are skipped. Unknown
         * keys and unreadable values are reported by {@link #build()}, together with range errors.
         */
        public Builder apply(Map<String, ?> values) {
            if (values == null) {
                return this;
            }
            values.forEach((key, value) -> {
                if (value != null) {
                    applyOne(key, value);
                }
            });
            return this;
        }

        private void applyOne(String key, Object value) {
            ScalingSetting setting = ScalingSetting.byKey(key).orElse(null);
            if (setting == null) {
                parseErrors.add("unknown scaling setting '" + key + "' (known: " + String.join(", ", KEYS) + ")");
                return;
            }
            if (setting.isFlag()) {
                if (setting.check(value) != null) {
                    parseErrors.add(setting.check(value));
                    return;
                }
                boolean flag = (Boolean) setting.parse(value);
                switch (setting) {
                    case SCALE_ON_IN_FLIGHT -> scaleOnInFlight = flag;
                    case SCALE_ON_DELAYED -> scaleOnDelayed = flag;
                    default -> throw new IllegalStateException("unhandled flag " + setting);
                }
                return;
            }
            // Ranges are checked in build(), all at once; here only that the value is a whole number.
            Long number = ScalingSetting.wholeNumber(value);
            if (number == null) {
                parseErrors.add(key + " must be a whole number (given '" + value + "')");
                return;
            }
            long v = number;
            switch (setting) {
                case TARGET_BACKLOG_PER_ENVIRONMENT -> targetBacklogPerEnvironment = v;
                case MINIMUM -> minimum = v;
                case MAXIMUM -> maximum = v;
                case ACTIVATION_BACKLOG -> activationBacklog = v;
                case MAX_STEP_UP -> maxStepUp = v;
                case MAX_STEP_DOWN -> maxStepDown = v;
                case SCALE_DOWN_STABILISATION_SECONDS -> scaleDownStabilisation = Duration.ofSeconds(v);
                case IDLE_TO_ZERO_SECONDS -> idleToZero = Duration.ofSeconds(v);
                case POLL_INTERVAL_MILLIS -> pollInterval = Duration.ofMillis(v);
                default -> throw new IllegalStateException("unhandled setting " + setting);
            }
        }

        /**
         * @throws IllegalArgumentException listing every invalid setting, each naming the setting, its
         *     range and the value given
         */
        public ScalingSettings build() {
            List<String> errors = new ArrayList<>(parseErrors);
            between(errors, ScalingSetting.TARGET_BACKLOG_PER_ENVIRONMENT, targetBacklogPerEnvironment);
            between(errors, ScalingSetting.MINIMUM, minimum);
            between(errors, ScalingSetting.MAXIMUM, maximum);
            between(errors, ScalingSetting.ACTIVATION_BACKLOG, activationBacklog);
            between(errors, ScalingSetting.MAX_STEP_UP, maxStepUp);
            between(errors, ScalingSetting.MAX_STEP_DOWN, maxStepDown);
            secondsBetween(errors, ScalingSetting.SCALE_DOWN_STABILISATION_SECONDS, scaleDownStabilisation);
            secondsBetween(errors, ScalingSetting.IDLE_TO_ZERO_SECONDS, idleToZero);
            between(errors, ScalingSetting.POLL_INTERVAL_MILLIS, pollInterval.toMillis());
            if (minimum >= 0 && maximum >= 1 && minimum > maximum) {
                errors.add(MINIMUM + " must not exceed " + MAXIMUM + " (given minimum " + minimum + ", maximum "
                        + maximum + ")");
            }
            if (!errors.isEmpty()) {
                throw new IllegalArgumentException("Invalid scaling settings: " + String.join("; ", errors));
            }
            return new ScalingSettings(this);
        }

        private static void between(List<String> errors, ScalingSetting setting, long value) {
            if (value < setting.min() || value > setting.max()) {
                errors.add(setting.key() + " must be between " + setting.min() + " and " + setting.max()
                        + " (given " + value + ")");
            }
        }

        private static void secondsBetween(List<String> errors, ScalingSetting setting, Duration value) {
            if (value.isNegative() || value.compareTo(Duration.ofSeconds(setting.max())) > 0
                    || value.compareTo(Duration.ofSeconds(setting.min())) < 0) {
                errors.add(setting.key() + " must be between " + setting.min() + " and " + setting.max()
                        + " (given " + seconds(value) + ")");
            }
        }
    }
}
