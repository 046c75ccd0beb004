package dev.sluice.local.events;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code rate(value unit)}: every {@code value} minutes, hours or days; a value of 1 takes the singular unit. */
record RateSchedule(String text, Duration period) implements ScheduleExpression {

    private static final Pattern RATE = Pattern.compile("rate\\((\\d+) ([a-z]+)\\)");
    private static final Map<String, Duration> UNITS = Map.of("minute", Duration.ofMinutes(1),
            "hour", Duration.ofHours(1), "day", Duration.ofDays(1));

    static RateSchedule parse(String text) {
        Matcher m = RATE.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("a rate is rate(value unit): a whole number, one space, and minute(s),"
                    + " hour(s) or day(s)");
        }
        long value;
        try {
            value = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            value = -1;
        }
        if (value < 1 || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the rate's value must be a positive whole number");
        }
        String unit = m.group(2);
        String singular = unit.endsWith("s") ? unit.substring(0, unit.length() - 1) : unit;
        Duration one = UNITS.get(singular);
        if (one == null) {
            throw new IllegalArgumentException("the rate's unit must be minute(s), hour(s) or day(s)");
        }
        if (value == 1 && !unit.equals(singular)) {
            throw new IllegalArgumentException("a value of 1 takes the singular unit " + singular);
        }
        if (value > 1 && unit.equals(singular)) {
            throw new IllegalArgumentException("a value above 1 takes the plural unit " + singular + "s");
        }
        return new RateSchedule(text, one.multipliedBy(value));
    }

    @Override
    public Instant nextAfter(Instant after) {
        return after.plus(period);
    }
}
