package dev.sluice.local.events;

import java.util.BitSet;
import java.util.Locale;
import java.util.Map;

/**
 * One numeric field of an EventBridge cron expression: a comma-separated list of values, ranges ({@code 8-17}, a range
 * may wrap: {@code FRI-MON}), {@code *}, and increments ({@code 0/15}, {@code *}{@code /5}, {@code 10-40/10}).
 */
record CronField(String name, int min, int max, Map<String, Integer> names) {

    static final Map<String, Integer> MONTHS = Map.ofEntries(Map.entry("JAN", 1), Map.entry("FEB", 2),
            Map.entry("MAR", 3), Map.entry("APR", 4), Map.entry("MAY", 5), Map.entry("JUN", 6), Map.entry("JUL", 7),
            Map.entry("AUG", 8), Map.entry("SEP", 9), Map.entry("OCT", 10), Map.entry("NOV", 11),
            Map.entry("DEC", 12));
    static final Map<String, Integer> DAYS = Map.of("SUN", 1, "MON", 2, "TUE", 3, "WED", 4, "THU", 5, "FRI", 6,
            "SAT", 7);

    static final CronField MINUTES = new CronField("minutes", 0, 59, Map.of());
    static final CronField HOURS = new CronField("hours", 0, 23, Map.of());
    static final CronField DAY_OF_MONTH = new CronField("day-of-month", 1, 31, Map.of());
    static final CronField MONTH = new CronField("month", 1, 12, MONTHS);
    static final CronField DAY_OF_WEEK = new CronField("day-of-week", 1, 7, DAYS);
    static final CronField YEAR = new CronField("year", 1970, 2199, Map.of());

    /** The values {@code text} selects, as bits {@code min..max}. */
    BitSet parse(String text) {
        BitSet values = new BitSet(max + 1);
        for (String item : text.split(",", -1)) {
            parseItem(item, values);
        }
        return values;
    }

    private void parseItem(String item, BitSet values) {
        int slash = item.indexOf('/');
        String range = slash < 0 ? item : item.substring(0, slash);
        int step = slash < 0 ? 1 : number(item.substring(slash + 1), "increment");
        if (step < 1 || step > max) {
            throw invalid("increment " + step + " is out of range 1-" + max);
        }
        int from;
        int to;
        if (range.equals("*")) {
            from = min;
            to = max;
        } else if (range.indexOf('-') > 0) {
            int dash = range.indexOf('-');
            from = value(range.substring(0, dash));
            to = value(range.substring(dash + 1));
        } else {
            from = value(range);
            to = slash < 0 ? from : max;
        }
        int span = to >= from ? to - from : to - from + (max - min + 1);
        for (int offset = 0; offset <= span; offset += step) {
            values.set(min + Math.floorMod(from - min + offset, max - min + 1));
        }
    }

    private int value(String text) {
        Integer named = names.get(text.toUpperCase(Locale.ROOT));
        int value = named != null ? named : number(text, "value");
        if (value < min || value > max) {
            throw invalid("value " + value + " is out of range " + min + "-" + max);
        }
        return value;
    }

    private int number(String text, String what) {
        if (!text.matches("\\d{1,4}")) {
            throw invalid(what + " '" + text + "' is not a number" + (names.isEmpty() ? "" : " or a name"));
        }
        return Integer.parseInt(text);
    }

    IllegalArgumentException invalid(String problem) {
        return new IllegalArgumentException("cron " + name + ": " + problem);
    }
}
