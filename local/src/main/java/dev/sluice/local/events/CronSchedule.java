package dev.sluice.local.events;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.function.Predicate;

/**
 * {@code cron(minutes hours day-of-month month day-of-week year)}: EventBridge's six fields, in UTC, to the minute
 * (see {@link CronField} and {@link CronDays} for what each field takes).
 */
record CronSchedule(String text, BitSet minutes, BitSet hours, Predicate<LocalDate> days, BitSet months,
                    BitSet years) implements ScheduleExpression {

    static CronSchedule parse(String text) {
        String[] fields = text.substring("cron(".length(), text.length() - 1).trim().split("\\s+");
        if (fields.length != 6) {
            throw new IllegalArgumentException("a cron has 6 fields (minutes hours day-of-month month day-of-week"
                    + " year), given " + fields.length);
        }
        return new CronSchedule(text, CronField.MINUTES.parse(fields[0]), CronField.HOURS.parse(fields[1]),
                CronDays.parse(fields[2], fields[4]), CronField.MONTH.parse(fields[3]),
                CronField.YEAR.parse(fields[5]));
    }

    @Override
    public Instant nextAfter(Instant after) {
        LocalDateTime start = LocalDateTime.ofInstant(after, ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES)
                .plusMinutes(1);
        LocalDate date = start.toLocalDate();
        int fromMinute = start.getHour() * 60 + start.getMinute();
        while (date.getYear() <= CronField.YEAR.max()) {
            if (!years.get(date.getYear())) {
                date = LocalDate.of(date.getYear() + 1, 1, 1);
            } else if (!months.get(date.getMonthValue())) {
                date = CronDays.firstOfNextMonth(date);
            } else {
                if (days.test(date)) {
                    int minuteOfDay = firstTime(fromMinute);
                    if (minuteOfDay >= 0) {
                        return date.atStartOfDay().plusMinutes(minuteOfDay).toInstant(ZoneOffset.UTC);
                    }
                }
                date = date.plusDays(1);
            }
            fromMinute = 0;
        }
        return null;
    }

    /** The first selected minute of a day at or after {@code fromMinute} (minute of the day), or -1. */
    private int firstTime(int fromMinute) {
        for (int hour = hours.nextSetBit(fromMinute / 60); hour >= 0; hour = hours.nextSetBit(hour + 1)) {
            int minute = minutes.nextSetBit(hour == fromMinute / 60 ? fromMinute % 60 : 0);
            if (minute >= 0) {
                return hour * 60 + minute;
            }
        }
        return -1;
    }
}
