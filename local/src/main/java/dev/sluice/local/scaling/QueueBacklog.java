package dev.sluice.local.scaling;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The scaling metric of a queue: messages waiting ({@code ApproximateNumberOfMessages}) plus, by
 * default, messages being processed ({@code ApproximateNumberOfMessagesNotVisible}), optionally plus
 * delayed ones ({@code ApproximateNumberOfMessagesDelayed}). KEDA's aws-sqs-queue scaler uses the
 * same sum with the same defaults: counting in-flight messages keeps the environments that are
 * working on a batch from being scaled away under it.
 *
 * <p>A pure function of the attributes GetQueueAttributes returned: the caller does the I/O.
 */
public final class QueueBacklog {

    public static final String VISIBLE = "ApproximateNumberOfMessages";
    public static final String IN_FLIGHT = "ApproximateNumberOfMessagesNotVisible";
    public static final String DELAYED = "ApproximateNumberOfMessagesDelayed";

    /** Visible + in flight, delayed not counted (KEDA's defaults). */
    public static final QueueBacklog DEFAULT = new QueueBacklog(true, false);

    private final boolean scaleOnInFlight;
    private final boolean scaleOnDelayed;

    public QueueBacklog(boolean scaleOnInFlight, boolean scaleOnDelayed) {
        this.scaleOnInFlight = scaleOnInFlight;
        this.scaleOnDelayed = scaleOnDelayed;
    }

    public boolean scaleOnInFlight() {
        return scaleOnInFlight;
    }

    public boolean scaleOnDelayed() {
        return scaleOnDelayed;
    }

    /** The attribute names to ask GetQueueAttributes for. */
    public List<String> attributeNames() {
        List<String> names = new ArrayList<>(3);
        names.add(VISIBLE);
        if (scaleOnInFlight) {
            names.add(IN_FLIGHT);
        }
        if (scaleOnDelayed) {
            names.add(DELAYED);
        }
        return List.copyOf(names);
    }

    /**
     * The backlog from queue attributes (names as GetQueueAttributes returns them).
     *
     * @throws IllegalArgumentException naming the attribute when one that counts is missing, not a
     *     whole number, or negative
     */
    public long of(Map<String, String> attributes) {
        if (attributes == null) {
            throw new IllegalArgumentException("queue attributes are missing (given none)");
        }
        long backlog = 0;
        for (String name : attributeNames()) {
            backlog = Math.addExact(backlog, count(attributes, name));
        }
        return backlog;
    }

    private static long count(Map<String, String> attributes, String name) {
        String value = attributes.get(name);
        if (value == null) {
            throw new IllegalArgumentException("queue attribute " + name + " is missing (given attributes "
                    + new TreeSet<>(attributes.keySet()) + ")");
        }
        long count;
        try {
            count = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("queue attribute " + name + " must be a whole number (given '"
                    + value + "')");
        }
        if (count < 0) {
            throw new IllegalArgumentException("queue attribute " + name + " must not be negative (given "
                    + count + ")");
        }
        return count;
    }

    @Override
    public String toString() {
        return String.join(" + ", attributeNames());
    }
}
