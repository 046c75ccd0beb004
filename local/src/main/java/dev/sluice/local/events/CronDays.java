package dev.sluice.local.events;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.BitSet;
import java.util.function.Predicate;

/**
 * The day fields of an EventBridge cron expression. Exactly one of day-of-month and day-of-week is {@code ?}: the
 * other chooses the days. Besides lists and ranges, day-of-month takes {@code L} (the last day), {@code LW} (the last
 * weekday) and {@code 15W} (the weekday nearest the 15th, within the month); day-of-week takes {@code L} (Saturday),
 * {@code 6L} (the last Friday of the month) and {@code 2#1} (the first Monday). Days of the week count from
 * {@code 1} = SUN to {@code 7} = SAT.
 */
final class CronDays {

    private CronDays() {
    }

    static Predicate<LocalDate> parse(String dayOfMonth, String dayOfWeek) {
        boolean domAny = dayOfMonth.equals("?");
        boolean dowAny = dayOfWeek.equals("?");
        if (domAny == dowAny) {
            throw new IllegalArgumentException("one of day-of-month and day-of-week must be ? and the other not"
                    + " (given " + dayOfMonth + " and " + dayOfWeek + ")");
        }
        return domAny ? dayOfWeek(dayOfWeek) : dayOfMonth(dayOfMonth);
    }

    private static Predicate<LocalDate> dayOfMonth(String text) {
        if (text.equals("L")) {
            return date -> date.getDayOfMonth() == date.lengthOfMonth();
        }
        if (text.equals("LW")) {
            return date -> date.equals(nearestWeekday(date.withDayOfMonth(date.lengthOfMonth())));
        }
        if (text.endsWith("W")) {
            int day = single(CronField.DAY_OF_MONTH, text.substring(0, text.length() - 1));
            return date -> day <= date.lengthOfMonth() && date.equals(nearestWeekday(date.withDayOfMonth(day)));
        }
        BitSet days = CronField.DAY_OF_MONTH.parse(text);
        return date -> days.get(date.getDayOfMonth());
    }

    private static Predicate<LocalDate> dayOfWeek(String text) {
        if (text.equals("L")) {
            return date -> awsDay(date) == 7;
        }
        if (text.endsWith("L")) {
            int day = single(CronField.DAY_OF_WEEK, text.substring(0, text.length() - 1));
            return date -> awsDay(date) == day && date.plusWeeks(1).getMonth() != date.getMonth();
        }
        int hash = text.indexOf('#');
        if (hash > 0) {
            int day = single(CronField.DAY_OF_WEEK, text.substring(0, hash));
            String nth = text.substring(hash + 1);
            if (!nth.matches("[1-5]")) {
                throw CronField.DAY_OF_WEEK.invalid("the n in " + text + " must be 1-5");
            }
            int n = Integer.parseInt(nth);
            return date -> awsDay(date) == day && (date.getDayOfMonth() - 1) / 7 + 1 == n;
        }
        BitSet days = CronField.DAY_OF_WEEK.parse(text);
        return date -> days.get(awsDay(date));
    }

    /** One value of {@code field}, no list or range. */
    private static int single(CronField field, String text) {
        BitSet values = field.parse(text);
        if (values.cardinality() != 1 || text.contains("/") || text.contains("-") || text.contains(",")) {
            throw field.invalid("'" + text + "' must be one value here");
        }
        return values.nextSetBit(0);
    }

    /** EventBridge's day of the week: 1 = SUN ... 7 = SAT. */
    static int awsDay(LocalDate date) {
        return date.getDayOfWeek().getValue() % 7 + 1;
    }

    /** The weekday nearest {@code day} without leaving its month (Saturday the 1st gives Monday the 3rd). */
    private static LocalDate nearestWeekday(LocalDate day) {
        DayOfWeek dow = day.getDayOfWeek();
        if (dow == DayOfWeek.SATURDAY) {
            return day.getDayOfMonth() == 1 ? day.plusDays(2) : day.minusDays(1);
        }
        if (dow == DayOfWeek.SUNDAY) {
            return day.getDayOfMonth() == day.lengthOfMonth() ? day.minusDays(2) : day.plusDays(1);
        }
        return day;
    }

    static LocalDate firstOfNextMonth(LocalDate date) {
        return date.with(TemporalAdjusters.firstDayOfNextMonth());
    }
}
