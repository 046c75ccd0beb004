package dev.sluice.local.events;

import dev.sluice.local.edge.AwsError;
import java.time.Instant;

/**
 * A rule's {@code ScheduleExpression}: {@code rate(value unit)} or {@code cron(minutes hours day-of-month month
 * day-of-week year)}, in UTC, as EventBridge reads them.
 */
sealed interface ScheduleExpression permits RateSchedule, CronSchedule {

    /** AWS's answer to any expression it cannot read; the reason after it is the local cloud's. */
    String INVALID = "Parameter ScheduleExpression is not valid.";

    /** The expression as given. */
    String text();

    /**
     * The first time after {@code after} this schedule fires; null when it never does again (a cron whose years are
     * past). A rate fires one period after {@code after}, which is when the rule was created or enabled.
     */
    Instant nextAfter(Instant after);

    /** Reads {@code text}, or throws AWS's ValidationException with the reason appended. */
    static ScheduleExpression parse(String text) {
        try {
            if (text.startsWith("rate(") && text.endsWith(")")) {
                return RateSchedule.parse(text);
            }
            if (text.startsWith("cron(") && text.endsWith(")")) {
                return CronSchedule.parse(text);
            }
            throw new IllegalArgumentException("it must be rate(value unit) or cron(minutes hours day-of-month month"
                    + " day-of-week year)");
        } catch (IllegalArgumentException e) {
            throw AwsError.validation(INVALID + " Reason: " + e.getMessage() + " (given " + text + ").");
        }
    }
}
