package dev.sluice.local.scaling;

import dev.sluice.scaling.ScalingSetting;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How the local autoscaler sizes one event source mapping. Immutable; build with {@link #builder()}, layer string
 * settings (template metadata, then CLI flags) with {@link Builder#apply(Map)}. Every setting, its key, range, default
 * and unit is declared once in {@link ScalingSetting}; parsing, defaults, validation and {@link #toMap()} come from
 * that table, and docs/SCALING.md says why each default is what it is (meant to feel like Lambda's own SQS scaling on
 * a laptop). This class adds typed accessors and the one rule between settings: {@code minimum <= maximum}.
 */
public final class ScalingSettings {

    /** Every key {@link Builder#apply(Map)} accepts, in documentation order. */
    public static final List<String> KEYS = ScalingSetting.keys();

    public static final int DEFAULT_MAXIMUM = (int) (long) (Long) ScalingSetting.MAXIMUM.defaultValue();

    /**
     * Every setting's value: whole-number settings as a {@link BigDecimal} in their unit (a duration given by the
     * builder may have a fraction), flags as a {@link Boolean}, choices as one of their lower-case values.
     */
    private final Map<ScalingSetting, Object> values;

    private ScalingSettings(Builder b) {
        this.values = new EnumMap<>(b.values);
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
        b.values.putAll(values);
        return b;
    }

    /** {@link ScalingSetting#TARGET_BACKLOG_PER_ENVIRONMENT}: the backlog (messages) one environment carries. */
    public int targetBacklogPerEnvironment() {
        return number(ScalingSetting.TARGET_BACKLOG_PER_ENVIRONMENT).intValue();
    }

    /** {@link ScalingSetting#MINIMUM}: environments kept running (pre-warmed) even when idle; at most maximum. */
    public int minimum() {
        return number(ScalingSetting.MINIMUM).intValue();
    }

    /** {@link ScalingSetting#MAXIMUM}: most environments (the mapping's MaximumConcurrency when it has one). */
    public int maximum() {
        return number(ScalingSetting.MAXIMUM).intValue();
    }

    /** {@link ScalingSetting#ACTIVATION_BACKLOG}: from zero, scale only when the backlog is above this. */
    public long activationBacklog() {
        return number(ScalingSetting.ACTIVATION_BACKLOG).longValue();
    }

    /** {@link ScalingSetting#MAX_STEP_UP}: most environments added by one decision. */
    public int maxStepUp() {
        return number(ScalingSetting.MAX_STEP_UP).intValue();
    }

    /** {@link ScalingSetting#MAX_STEP_DOWN}: most removed by one decision (idle to zero and the maximum excepted). */
    public int maxStepDown() {
        return number(ScalingSetting.MAX_STEP_DOWN).intValue();
    }

    /** {@link ScalingSetting#SCALE_DOWN_STABILISATION_SECONDS}: scale down to the highest desired count of this window. */
    public Duration scaleDownStabilisation() {
        return duration(ScalingSetting.SCALE_DOWN_STABILISATION_SECONDS);
    }

    /** {@link ScalingSetting#IDLE_TO_ZERO_SECONDS}: stop the last environment after no backlog for this long. */
    public Duration idleToZero() {
        return duration(ScalingSetting.IDLE_TO_ZERO_SECONDS);
    }

    /** {@link ScalingSetting#POLL_INTERVAL_MILLIS}: how often the autoscaler reads the backlog. */
    public Duration pollInterval() {
        return duration(ScalingSetting.POLL_INTERVAL_MILLIS);
    }

    /** {@link ScalingSetting#PROFILE}: which rule sizes the mapping. */
    public ScalingProfile profile() {
        return ScalingProfile.parse((String) values.get(ScalingSetting.PROFILE));
    }

    /** {@link ScalingSetting#AWS_LOCAL_CAP}: under the aws profile, most environments run locally. */
    public int awsLocalCap() {
        return number(ScalingSetting.AWS_LOCAL_CAP).intValue();
    }

    /** Which queue attributes make the backlog ({@link ScalingSetting#SCALE_ON_IN_FLIGHT}, {@code SCALE_ON_DELAYED}). */
    public QueueBacklog backlog() {
        return new QueueBacklog((Boolean) values.get(ScalingSetting.SCALE_ON_IN_FLIGHT),
                (Boolean) values.get(ScalingSetting.SCALE_ON_DELAYED));
    }

    /** Every setting as strings, keyed as in {@link #KEYS} (for status output and round trips). */
    public Map<String, String> toMap() {
        Map<String, String> map = new LinkedHashMap<>();
        values.forEach((setting, value) ->
                map.put(setting.key(), value instanceof BigDecimal number ? plain(number) : value.toString()));
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

    private BigDecimal number(ScalingSetting setting) {
        return (BigDecimal) values.get(setting);
    }

    /** A duration setting, whose unit is {@code s} or {@code ms}. */
    private Duration duration(ScalingSetting setting) {
        BigDecimal inUnit = number(setting);
        return Duration.ofNanos(inUnit.movePointRight(setting.unit().equals("ms") ? 6 : 9).longValue());
    }

    private static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }

    private static BigDecimal inSeconds(Duration duration) {
        return BigDecimal.valueOf(duration.getSeconds()).add(BigDecimal.valueOf(duration.getNano(), 9));
    }

    /** A duration in seconds as people read it: {@code 10}, {@code 0.5}. */
    static String seconds(Duration duration) {
        return plain(inSeconds(duration));
    }

    /** Builder of {@link ScalingSettings}, starting from the defaults; {@link #build()} reports every invalid setting. */
    public static final class Builder {
        private final Map<ScalingSetting, Object> values = new EnumMap<>(ScalingSetting.class);
        private final List<String> parseErrors = new ArrayList<>();

        private Builder() {
            for (ScalingSetting setting : ScalingSetting.values()) {
                values.put(setting, setting.isNumber() ? BigDecimal.valueOf((Long) setting.defaultValue())
                        : setting.defaultValue());
            }
        }

        public Builder targetBacklogPerEnvironment(int value) {
            return set(ScalingSetting.TARGET_BACKLOG_PER_ENVIRONMENT, value);
        }

        public Builder minimum(int value) {
            return set(ScalingSetting.MINIMUM, value);
        }

        public Builder maximum(int value) {
            return set(ScalingSetting.MAXIMUM, value);
        }

        public Builder activationBacklog(long value) {
            return set(ScalingSetting.ACTIVATION_BACKLOG, value);
        }

        public Builder maxStepUp(int value) {
            return set(ScalingSetting.MAX_STEP_UP, value);
        }

        public Builder maxStepDown(int value) {
            return set(ScalingSetting.MAX_STEP_DOWN, value);
        }

        public Builder scaleDownStabilisation(Duration value) {
            return set(ScalingSetting.SCALE_DOWN_STABILISATION_SECONDS, value);
        }

        public Builder idleToZero(Duration value) {
            return set(ScalingSetting.IDLE_TO_ZERO_SECONDS, value);
        }

        public Builder pollInterval(Duration value) {
            return set(ScalingSetting.POLL_INTERVAL_MILLIS, value);
        }

        public Builder scaleOnInFlight(boolean value) {
            values.put(ScalingSetting.SCALE_ON_IN_FLIGHT, value);
            return this;
        }

        public Builder scaleOnDelayed(boolean value) {
            values.put(ScalingSetting.SCALE_ON_DELAYED, value);
            return this;
        }

        public Builder profile(ScalingProfile value) {
            values.put(ScalingSetting.PROFILE, value.key());
            return this;
        }

        public Builder awsLocalCap(int value) {
            return set(ScalingSetting.AWS_LOCAL_CAP, value);
        }

        /**
         * Sets every key present in {@code values} (see {@link ScalingSettings#KEYS}); values may be strings (CLI
         * flags), numbers or booleans (template metadata). Null values are skipped. Unknown keys and unreadable values
         * are reported by {@link #build()}, together with range errors.
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
            } else if (!setting.isNumber()) {
                String problem = setting.check(value);
                if (problem != null) {
                    parseErrors.add(problem);
                } else {
                    values.put(setting, setting.parse(value));
                }
            } else {
                // Ranges are checked in build(), all at once; here only that the value is a whole number.
                Long number = ScalingSetting.wholeNumber(value);
                if (number == null) {
                    parseErrors.add(key + " must be a whole number (given '" + value + "')");
                } else {
                    values.put(setting, BigDecimal.valueOf(number));
                }
            }
        }

        private Builder set(ScalingSetting setting, long value) {
            values.put(setting, BigDecimal.valueOf(value));
            return this;
        }

        private Builder set(ScalingSetting setting, Duration value) {
            BigDecimal seconds = inSeconds(Objects.requireNonNull(value, setting.key()));
            values.put(setting, setting.unit().equals("ms") ? seconds.movePointRight(3) : seconds);
            return this;
        }

        /**
         * @throws IllegalArgumentException listing every invalid setting, each naming the setting, its range and the
         *     value given
         */
        public ScalingSettings build() {
            List<String> errors = new ArrayList<>(parseErrors);
            values.forEach((setting, value) -> {
                if (value instanceof BigDecimal number && (number.compareTo(BigDecimal.valueOf(setting.min())) < 0
                        || number.compareTo(BigDecimal.valueOf(setting.max())) > 0)) {
                    errors.add(setting.key() + " must be between " + setting.min() + " and " + setting.max()
                            + " (given " + plain(number) + ")");
                }
            });
            BigDecimal minimum = (BigDecimal) values.get(ScalingSetting.MINIMUM);
            BigDecimal maximum = (BigDecimal) values.get(ScalingSetting.MAXIMUM);
            if (minimum.signum() >= 0 && maximum.compareTo(BigDecimal.ONE) >= 0 && minimum.compareTo(maximum) > 0) {
                errors.add(ScalingSetting.MINIMUM.key() + " must not exceed " + ScalingSetting.MAXIMUM.key()
                        + " (given minimum " + plain(minimum) + ", maximum " + plain(maximum) + ")");
            }
            if (!errors.isEmpty()) {
                throw new IllegalArgumentException("Invalid scaling settings: " + String.join("; ", errors));
            }
            return new ScalingSettings(this);
        }
    }
}
