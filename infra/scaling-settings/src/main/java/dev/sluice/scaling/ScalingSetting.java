package dev.sluice.scaling;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every setting of the local autoscaler, declared once: its key (in template metadata {@value #METADATA_KEY} and
 * {@code sluice local up --scaling}), its kind (a whole number in a range, a flag, or a choice between named values),
 * its default, unit and a one-line description. The CDK constructs
 * write these keys and check these ranges; the local cloud parses and applies them; the docs' tables and the CLI's
 * help are checked against (or generated from) this table.
 *
 * <p>The defaults are meant to feel like Lambda's own SQS scaling on a laptop; docs/SCALING.md says why each is
 * what it is.
 */
public enum ScalingSetting {

    TARGET_BACKLOG_PER_ENVIRONMENT("targetBacklogPerEnvironment", 1, 1_000_000, 10, "messages",
            "Backlog one environment is meant to carry (one batch of 10 by default)."),
    MINIMUM("minimum", 0, 1000, 0, "environments",
            "Environments kept running even when idle (pre-warmed); at most maximum."),
    MAXIMUM("maximum", 1, 1000, 5, "environments",
            "Most environments: the mapping's MaximumConcurrency when it has one, else this."),
    ACTIVATION_BACKLOG("activationBacklog", 0, 1_000_000, 0, "messages",
            "From zero, scale only when the backlog is above this."),
    MAX_STEP_UP("maxStepUp", 1, 1000, 10, "environments",
            "Most environments added by one decision."),
    MAX_STEP_DOWN("maxStepDown", 1, 1000, 2, "environments",
            "Most environments removed by one decision."),
    SCALE_DOWN_STABILISATION_SECONDS("scaleDownStabilisationSeconds", 0, 3600, 10, "s",
            "Scale down only to the highest desired count of this window."),
    IDLE_TO_ZERO_SECONDS("idleToZeroSeconds", 0, 3600, 30, "s",
            "Stop the last environment after the backlog has been zero this long."),
    PROFILE("profile", List.of("local", "aws"),
            "Which rule sizes the mapping: local (the settings above) or aws (Lambda's documented scaling)."),
    AWS_LOCAL_CAP("awsLocalCap", 1, 1000, 10, "environments",
            "Under the aws profile, most environments run locally, whatever AWS would run."),
    POLL_INTERVAL_MILLIS("pollIntervalMillis", 50, 1000, 500, "ms",
            "How often the backlog is read."),
    SCALE_ON_IN_FLIGHT("scaleOnInFlight", true,
            "Count messages in flight (received, not yet deleted) as backlog."),
    SCALE_ON_DELAYED("scaleOnDelayed", false,
            "Count delayed messages as backlog.");

    /** The template metadata key under which an event source mapping carries its settings (an object). */
    public static final String METADATA_KEY = "sluice:scaling";

    /** One setting's declaration; the enum's constructors fill it in by kind. */
    private record Spec(String key, boolean flag, List<String> choices, long min, long max, Object defaultValue,
                        String unit, String description) {
    }

    private final Spec spec;

    ScalingSetting(String key, long min, long max, long defaultValue, String unit, String description) {
        this.spec = new Spec(key, false, List.of(), min, max, defaultValue, unit, description);
    }

    ScalingSetting(String key, boolean defaultValue, String description) {
        this.spec = new Spec(key, true, List.of(), 0, 1, defaultValue, "", description);
    }

    /** A choice between {@code choices}; the first is the default. */
    ScalingSetting(String key, List<String> choices, String description) {
        this.spec = new Spec(key, false, choices, 0, 0, choices.get(0), "", description);
    }

    public String key() {
        return spec.key();
    }

    /** True for a true/false setting. */
    public boolean isFlag() {
        return spec.flag();
    }

    /** True for a choice between {@link #choices()}. */
    public boolean isChoice() {
        return !spec.choices().isEmpty();
    }

    /** True for a whole number in [{@link #min()}, {@link #max()}]. */
    public boolean isNumber() {
        return !isFlag() && !isChoice();
    }

    /** The values a choice allows, in lower case, the default first; empty for numbers and flags. */
    public List<String> choices() {
        return spec.choices();
    }

    public long min() {
        return spec.min();
    }

    public long max() {
        return spec.max();
    }

    /** A {@link Long} for whole-number settings, a {@link Boolean} for flags, a {@link String} for choices. */
    public Object defaultValue() {
        return spec.defaultValue();
    }

    /** {@code messages}, {@code environments}, {@code s}, {@code ms}; empty for flags and choices. */
    public String unit() {
        return spec.unit();
    }

    public String description() {
        return spec.description();
    }

    /** The range as people read it: {@code 1-1,000,000}, {@code true/false} or {@code local/aws}. */
    public String range() {
        if (isNumber()) {
            return String.format(Locale.ROOT, "%,d-%,d", min(), max());
        }
        return isFlag() ? "true/false" : String.join("/", choices());
    }

    /** The default as people read it: {@code 1,000}, {@code true}, {@code local}. */
    public String defaultText() {
        return isNumber() ? String.format(Locale.ROOT, "%,d", defaultValue()) : defaultValue().toString();
    }

    /** Every key, in documentation order. */
    public static List<String> keys() {
        return Arrays.stream(values()).map(ScalingSetting::key).toList();
    }

    public static Optional<ScalingSetting> byKey(String key) {
        return Arrays.stream(values()).filter(s -> s.key().equals(key)).findFirst();
    }

    /**
     * Reads a value given as a string (CLI flags), a number or a boolean (template metadata, construct props).
     *
     * @return a {@link Long}, a {@link Boolean} or one of the {@link #choices()}
     * @throws IllegalArgumentException naming the key, the rule and the value given
     */
    public Object parse(Object value) {
        String problem = check(value);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        if (isChoice()) {
            return value.toString().strip().toLowerCase(Locale.ROOT);
        }
        return isFlag() ? Boolean.valueOf(value.toString().strip()) : wholeNumber(value);
    }

    /** Null when {@code value} is valid for this setting; otherwise the message {@link #parse} would throw. */
    public String check(Object value) {
        if (isChoice()) {
            String text = value == null ? "" : value.toString().strip().toLowerCase(Locale.ROOT);
            return choices().contains(text) ? null
                    : key() + " must be one of " + String.join(", ", choices()) + " (given '" + value + "')";
        }
        if (isFlag()) {
            String text = value == null ? "" : value.toString().strip();
            return value instanceof Boolean || text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")
                    ? null : key() + " must be true or false (given '" + value + "')";
        }
        Long number = wholeNumber(value);
        if (number == null) {
            return key() + " must be a whole number (given '" + value + "')";
        }
        if (number < min() || number > max()) {
            return key() + " must be between " + min() + " and " + max() + " (given " + number + ")";
        }
        return null;
    }

    /** {@code value} as a whole number (a number, or a string such as "10"), whatever the range; null if it is none. */
    public static Long wholeNumber(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Number number) {
            double d = number.doubleValue();
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? (long) d : null;
        }
        if (value instanceof String text) {
            try {
                return new BigDecimal(text.strip()).longValueExact();
            } catch (NumberFormatException | ArithmeticException e) {
                return null;
            }
        }
        return null;
    }
}
