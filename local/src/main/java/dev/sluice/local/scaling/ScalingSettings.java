package dev.sluice.local.scaling;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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

    public static final String TARGET_BACKLOG_PER_ENVIRONMENT = "targetBacklogPerEnvironment";
    public static final String MINIMUM = "minimum";
    public static final String MAXIMUM = "maximum";
    public static final String ACTIVATION_BACKLOG = "activationBacklog";
    public static final String MAX_STEP_UP = "maxStepUp";
    public static final String MAX_STEP_DOWN = "maxStepDown";
    public static final String SCALE_DOWN_STABILISATION_SECONDS = "scaleDownStabilisationSeconds";
    public static final String IDLE_TO_ZERO_SECONDS = "idleToZeroSeconds";
    public static final String POLL_INTERVAL_MILLIS = "pollIntervalMillis";
    public static final String SCALE_ON_IN_FLIGHT = "scaleOnInFlight";
    public static final String SCALE_ON_DELAYED = "scaleOnDelayed";

    /** Every key {@link Builder#apply(Map)} accepts, in documentation order. */
    public static final List<String> KEYS = List.of(TARGET_BACKLOG_PER_ENVIRONMENT, MINIMUM, MAXIMUM,
            ACTIVATION_BACKLOG, MAX_STEP_UP, MAX_STEP_DOWN, SCALE_DOWN_STABILISATION_SECONDS, IDLE_TO_ZERO_SECONDS,
            POLL_INTERVAL_MILLIS, SCALE_ON_IN_FLIGHT, SCALE_ON_DELAYED);

    public static final int DEFAULT_TARGET_BACKLOG_PER_ENVIRONMENT = 10;
    public static final int DEFAULT_MINIMUM = 0;
    public static final int DEFAULT_MAXIMUM = 5;
    public static final long DEFAULT_ACTIVATION_BACKLOG = 0;
    public static final int DEFAULT_MAX_STEP_UP = 10;
    public static final int DEFAULT_MAX_STEP_DOWN = 2;
    public static final Duration DEFAULT_SCALE_DOWN_STABILISATION = Duration.ofSeconds(10);
    public static final Duration DEFAULT_IDLE_TO_ZERO = Duration.ofSeconds(30);
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);

    static final int MAX_ENVIRONMENTS = 1000;
    static final long MAX_BACKLOG = 1_000_000;
    static final long MAX_WINDOW_SECONDS = 3600;
    static final long MIN_POLL_MILLIS = 50;
    static final long MAX_POLL_MILLIS = 1000;

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

    static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.getSeconds()).add(BigDecimal.valueOf(duration.getNano(), 9))
                .stripTrailingZeros().toPlainString();
    }

    /** Builder of {@link ScalingSettings}; {@link #build()} reports every invalid setting at once. */
    public static final class Builder {
        private long targetBacklogPerEnvironment = DEFAULT_TARGET_BACKLOG_PER_ENVIRONMENT;
        private long minimum = DEFAULT_MINIMUM;
        private long maximum = DEFAULT_MAXIMUM;
        private long activationBacklog = DEFAULT_ACTIVATION_BACKLOG;
        private long maxStepUp = DEFAULT_MAX_STEP_UP;
        private long maxStepDown = DEFAULT_MAX_STEP_DOWN;
        private Duration scaleDownStabilisation = DEFAULT_SCALE_DOWN_STABILISATION;
        private Duration idleToZero = DEFAULT_IDLE_TO_ZERO;
        private Duration pollInterval = DEFAULT_POLL_INTERVAL;
        private boolean scaleOnInFlight = true;
        private boolean scaleOnDelayed = false;
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
            switch (key) {
                case TARGET_BACKLOG_PER_ENVIRONMENT:
                    whole(key, value, v -> targetBacklogPerEnvironment = v);
                    break;
                case MINIMUM:
                    whole(key, value, v -> minimum = v);
                    break;
                case MAXIMUM:
                    whole(key, value, v -> maximum = v);
                    break;
                case ACTIVATION_BACKLOG:
                    whole(key, value, v -> activationBacklog = v);
                    break;
                case MAX_STEP_UP:
                    whole(key, value, v -> maxStepUp = v);
                    break;
                case MAX_STEP_DOWN:
                    whole(key, value, v -> maxStepDown = v);
                    break;
                case SCALE_DOWN_STABILISATION_SECONDS:
                    whole(key, value, v -> scaleDownStabilisation = Duration.ofSeconds(v));
                    break;
                case IDLE_TO_ZERO_SECONDS:
                    whole(key, value, v -> idleToZero = Duration.ofSeconds(v));
                    break;
                case POLL_INTERVAL_MILLIS:
                    whole(key, value, v -> pollInterval = Duration.ofMillis(v));
                    break;
                case SCALE_ON_IN_FLIGHT:
                    bool(key, value, v -> scaleOnInFlight = v);
                    break;
                case SCALE_ON_DELAYED:
                    bool(key, value, v -> scaleOnDelayed = v);
                    break;
                default:
                    parseErrors.add("unknown scaling setting '" + key + "' (known: " + String.join(", ", KEYS) + ")");
            }
        }

        private interface LongSetter {
            void set(long value);
        }

        private interface BooleanSetter {
            void set(boolean value);
        }

        private void whole(String key, Object value, LongSetter setter) {
            Long parsed = null;
            if (value instanceof Integer || value instanceof Long || value instanceof Short) {
                parsed = ((Number) value).longValue();
            } else if (value instanceof Number) {
                double d = ((Number) value).doubleValue();
                if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                    parsed = (long) d;
                }
            } else if (value instanceof String) {
                try {
                    parsed = Long.parseLong(((String) value).trim());
                } catch (NumberFormatException e) {
                    parsed = null;
                }
            }
            if (parsed == null) {
                parseErrors.add(key + " must be a whole number (given '" + value + "')");
            } else {
                setter.set(parsed);
            }
        }

        private void bool(String key, Object value, BooleanSetter setter) {
            String text = value.toString().trim();
            if (value instanceof Boolean || text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                setter.set(Boolean.parseBoolean(text));
            } else {
                parseErrors.add(key + " must be true or false (given '" + value + "')");
            }
        }

        /**
         * @throws IllegalArgumentException listing every invalid setting, each naming the setting, its
         *     range and the value given
         */
        public ScalingSettings build() {
            List<String> errors = new ArrayList<>(parseErrors);
            between(errors, TARGET_BACKLOG_PER_ENVIRONMENT, targetBacklogPerEnvironment, 1, MAX_BACKLOG);
            between(errors, MINIMUM, minimum, 0, MAX_ENVIRONMENTS);
            between(errors, MAXIMUM, maximum, 1, MAX_ENVIRONMENTS);
            between(errors, ACTIVATION_BACKLOG, activationBacklog, 0, MAX_BACKLOG);
            between(errors, MAX_STEP_UP, maxStepUp, 1, MAX_ENVIRONMENTS);
            between(errors, MAX_STEP_DOWN, maxStepDown, 1, MAX_ENVIRONMENTS);
            secondsBetween(errors, SCALE_DOWN_STABILISATION_SECONDS, scaleDownStabilisation, 0, MAX_WINDOW_SECONDS);
            secondsBetween(errors, IDLE_TO_ZERO_SECONDS, idleToZero, 0, MAX_WINDOW_SECONDS);
            long pollMillis = pollInterval.toMillis();
            if (pollMillis < MIN_POLL_MILLIS || pollMillis > MAX_POLL_MILLIS) {
                errors.add(POLL_INTERVAL_MILLIS + " must be between " + MIN_POLL_MILLIS + " and " + MAX_POLL_MILLIS
                        + " (given " + pollMillis + ")");
            }
            if (minimum >= 0 && maximum >= 1 && minimum > maximum) {
                errors.add(MINIMUM + " must not exceed " + MAXIMUM + " (given minimum " + minimum + ", maximum "
                        + maximum + ")");
            }
            if (!errors.isEmpty()) {
                throw new IllegalArgumentException("Invalid scaling settings: " + String.join("; ", errors));
            }
            return new ScalingSettings(this);
        }

        private static void between(List<String> errors, String key, long value, long min, long max) {
            if (value < min || value > max) {
                errors.add(key + " must be between " + min + " and " + max + " (given " + value + ")");
            }
        }

        private static void secondsBetween(List<String> errors, String key, Duration value, long min, long max) {
            if (value.isNegative() || value.compareTo(Duration.ofSeconds(max)) > 0
                    || value.compareTo(Duration.ofSeconds(min)) < 0) {
                errors.add(key + " must be between " + min + " and " + max + " (given " + seconds(value) + ")");
            }
        }
    }
}
