package dev.sluice.local.lambda.runtime;

import dev.sluice.local.core.Json;
import dev.sluice.local.edge.AwsError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lambda's internal queue of asynchronous ("Event") invocations for one function: events run as environments
 * allow, function errors are retried ({@link EventInvokeConfig#maximumRetryAttempts()}, AWS's delays 1 min then
 * 2 min), events older than the maximum age are not retried, and a failed event's record goes to the OnFailure
 * destination (an SQS queue or a function) and the event itself to the function's dead-letter queue, or it is dropped
 * with a log line. Throttled events are retried every second until they pass the maximum age.
 */
final class AsyncInvocations {

    private static final Logger LOG = LoggerFactory.getLogger(AsyncInvocations.class);

    /** What the queue needs from the outside world: invoke the function, deliver an invocation record. */
    interface Target {
        InvocationResult invoke(byte[] payload) throws InterruptedException;

        EventInvokeConfig eventInvokeConfig();

        void deliver(String destinationArn, byte[] record) throws Exception;

        /** The function's dead-letter queue (DeadLetterConfig.TargetArn), or null. */
        String deadLetterArn();

        void deadLetter(String queueArn, byte[] event, FunctionRuntime.DeadLetter letter) throws Exception;
    }

    /** Lambda's ErrorCode for a function error: Invoke answers it with 200 and X-Amz-Function-Error. */
    static final int FUNCTION_ERROR_STATUS = 200;
    static final int THROTTLED_STATUS = 429;
    /** ErrorMessage holds the first 1 KB of the message. */
    static final int DEAD_LETTER_MESSAGE_BYTES = 1024;

    /** How many events of one function run at once (each waits for an environment of its own). */
    static final int MAX_PARALLEL_EVENTS = 10;

    private final String functionArn;
    private final Target target;
    private final ExecutorService workers;
    private final ScheduledExecutorService scheduler;
    private final java.util.function.Supplier<List<Duration>> retryDelays;
    private final Deque<Event> queue = new ArrayDeque<>();
    private int draining;

    private record Event(String requestId, byte[] payload, Instant enqueued, int attempt) {
        Event next() {
            return new Event(requestId, payload, enqueued, attempt + 1);
        }
    }

    AsyncInvocations(String functionArn, Target target, ExecutorService workers, ScheduledExecutorService scheduler,
                     java.util.function.Supplier<List<Duration>> retryDelays) {
        this.functionArn = functionArn;
        this.target = target;
        this.workers = workers;
        this.scheduler = scheduler;
        this.retryDelays = retryDelays;
    }

    /** Queues an event; returns its request id. */
    String submit(byte[] payload) {
        Event event = new Event(UUID.randomUUID().toString(), payload, Instant.now(), 1);
        enqueue(event);
        return event.requestId();
    }

    synchronized int queued() {
        return queue.size();
    }

    private void enqueue(Event event) {
        synchronized (this) {
            queue.addLast(event);
            if (draining >= MAX_PARALLEL_EVENTS) {
                return;
            }
            draining++;
        }
        try {
            workers.execute(this::drain);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            synchronized (this) {
                draining--;
            }
        }
    }

    private void drain() {
        while (true) {
            Event event;
            synchronized (this) {
                event = queue.pollFirst();
                if (event == null) {
                    draining--;
                    return;
                }
            }
            try {
                run(event);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                synchronized (this) {
                    draining--;
                }
                return;
            }
        }
    }

    private void run(Event event) throws InterruptedException {
        InvocationResult result;
        try {
            result = target.invoke(event.payload());
        } catch (AwsError throttled) {
            // throttles do not count as attempts: AWS keeps retrying them within the maximum event age
            EventInvokeConfig config = target.eventInvokeConfig();
            Instant expires = event.enqueued().plusSeconds(config.maximumEventAgeSeconds());
            if (Instant.now().plusSeconds(1).isBefore(expires)) {
                schedule(event, Duration.ofSeconds(1));
            } else {
                fail(event, InvocationResult.environmentError(throttled.code(), throttled.getMessage()),
                        "EventAgeExceeded", config, THROTTLED_STATUS);
            }
            return;
        }
        EventInvokeConfig config = target.eventInvokeConfig();
        if (!result.failed()) {
            if (config.onSuccess() != null) {
                send(config.onSuccess(), record(event, result, "Success"));
            }
            return;
        }
        int retriesDone = event.attempt() - 1;
        if (retriesDone < config.maximumRetryAttempts()) {
            List<Duration> delays = retryDelays.get();
            Duration delay = delays.get(Math.min(retriesDone, delays.size() - 1));
            Instant expires = event.enqueued().plusSeconds(config.maximumEventAgeSeconds());
            if (Instant.now().plus(delay).isBefore(expires)) {
                schedule(event.next(), delay);
                return;
            }
            fail(event, result, "EventAgeExceeded", config, FUNCTION_ERROR_STATUS);
            return;
        }
        fail(event, result, "RetriesExhausted", config, FUNCTION_ERROR_STATUS);
    }

    private void schedule(Event event, Duration delay) {
        try {
            scheduler.schedule(() -> enqueue(event), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // shutting down: the event is lost as it would be with the process
        }
    }

    /**
     * An event that will not be retried: its record goes to the OnFailure destination and the event itself to the
     * function's dead-letter queue, to both when both are set (AWS: destinations "in addition to or instead of" a
     * dead-letter queue); with neither it is dropped with a log line.
     */
    private void fail(Event event, InvocationResult result, String condition, EventInvokeConfig config, int status) {
        String deadLetter = target.deadLetterArn();
        if (config.onFailure() == null && deadLetter == null) {
            LOG.warn("{}: dropped asynchronous event {} after {} attempt(s) ({}): {}", functionArn, event.requestId(),
                    event.attempt(), condition, result.payloadText());
            return;
        }
        if (config.onFailure() != null) {
            send(config.onFailure(), record(event, result, condition));
        }
        if (deadLetter != null) {
            try {
                target.deadLetter(deadLetter, event.payload(), new FunctionRuntime.DeadLetter(event.requestId(), status,
                        truncate(errorMessage(result), DEAD_LETTER_MESSAGE_BYTES)));
            } catch (Exception e) {
                LOG.warn("{}: could not send asynchronous event {} to the dead-letter queue {}: {}", functionArn,
                        event.requestId(), deadLetter, e.getMessage());
            }
        }
    }

    /** The error's {@code errorMessage}, else its type, else the whole error document. */
    static String errorMessage(InvocationResult result) {
        try {
            JsonNode error = Json.MAPPER.readTree(result.payload());
            if (error != null && error.hasNonNull("errorMessage") && !error.get("errorMessage").asText().isEmpty()) {
                return error.get("errorMessage").asText();
            }
            if (error != null && error.hasNonNull("errorType")) {
                return error.get("errorType").asText();
            }
        } catch (IOException notJson) {
            // the raw text below
        }
        String text = result.payloadText();
        return text.isEmpty() ? String.valueOf(result.errorType()) : text;
    }

    /** At most {@code maxBytes} of UTF-8, never cutting a character in two. */
    static String truncate(String text, int maxBytes) {
        if (text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= maxBytes) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            int size = new String(Character.toChars(codePoint)).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (bytes + size > maxBytes) {
                break;
            }
            out.appendCodePoint(codePoint);
            bytes += size;
            i += Character.charCount(codePoint);
        }
        return out.toString();
    }

    private void send(String destination, byte[] record) {
        try {
            target.deliver(destination, record);
        } catch (Exception e) {
            LOG.warn("{}: could not deliver to destination {}: {}", functionArn, destination, e.getMessage());
        }
    }

    /** AWS's invocation record, as sent to destinations. */
    private byte[] record(Event event, InvocationResult result, String condition) {
        ObjectNode record = Json.object();
        record.put("version", "1.0");
        record.put("timestamp", Instant.now().toString());
        ObjectNode context = record.putObject("requestContext");
        context.put("requestId", event.requestId());
        context.put("functionArn", functionArn + ":$LATEST");
        context.put("condition", condition);
        context.put("approximateInvokeCount", event.attempt());
        record.set("requestPayload", parse(event.payload()));
        ObjectNode response = record.putObject("responseContext");
        response.put("statusCode", 200);
        response.put("executedVersion", "$LATEST");
        if (result.failed()) {
            response.put("functionError", result.functionError());
        }
        record.set("responsePayload", parse(result.payload()));
        return Json.bytes(record);
    }

    private static JsonNode parse(byte[] bytes) {
        try {
            return bytes.length == 0 ? Json.MAPPER.nullNode() : Json.MAPPER.readTree(bytes);
        } catch (IOException notJson) {
            return Json.MAPPER.getNodeFactory().textNode(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
