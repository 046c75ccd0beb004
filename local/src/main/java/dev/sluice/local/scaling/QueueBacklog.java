package dev.sluice.local.scaling;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A queue's depth: messages waiting ({@code ApproximateNumberOfMessages}) plus, by default, messages
 * being processed ({@code ApproximateNumberOfMessagesNotVisible}), optionally plus delayed ones
 * ({@code ApproximateNumberOfMessagesDelayed}), KEDA's aws-sqs-queue sum with its defaults ({@link #of},
 * shown in status). The policy takes the waiting part ({@link #waiting}) and, with {@code scaleOnInFlight},
 * the mapping's batches in flight: counting in-flight work keeps the environments working on a batch
 * from being scaled away under it, and counting it in batches keeps partly filled batches from
 * under-counting them.
 *
 * <p>A pure function of the attributes GetQueueAttributes returned: the caller does the I/O.
 */
public record QueueBacklog(boolean scaleOnInFlight, boolean scaleOnDelayed) {

    public static final String VISIBLE = "ApproximateNumberOfMessages";
    public static final String IN_FLIGHT = "ApproximateNumberOfMessagesNotVisible";
    public static final String DELAYED = "ApproximateNumberOfMessagesDelayed";

    /** Visible + in flight, delayed not counted (KEDA's defaults). */
    public static final QueueBacklog DEFAULT = new QueueBacklog(true, false);

    /**
     * The messages waiting for an environment: visible, plus delayed ones with {@code scaleOnDelayed}. In-flight
     * work reaches the policy as batches in flight instead (when {@code scaleOnInFlight}), since a batch holds one
     * environment however many messages it carries.
     *
     * @throws IllegalArgumentException as {@link #of(Map)}
     */
    public long waiting(Map<String, String> attributes) {
        if (attributes == null) {
            throw new IllegalArgumentException("queue attributes are missing (given none)");
        }
        long waiting = count(attributes, VISIBLE);
        return scaleOnDelayed ? Math.addExact(waiting, count(attributes, DELAYED)) : waiting;
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
