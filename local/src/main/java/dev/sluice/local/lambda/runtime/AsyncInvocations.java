package dev.sluice.local.lambda.runtime;

import dev.sluice.local.core.Arn;
import dev.sluice.local.core.Json;
import dev.sluice.local.edge.AwsError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.local.state.PendingWork;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lambda's internal queue of asynchronous ("Event") invocations for one function: events run as environments
 * allow, function errors are retried ({@link EventInvokeConfig#maximumRetryAttempts()}, AWS's delays 1 min then
 * 2 min), events older than the maximum age are not retried, and a failed event's record goes to the OnFailure
 * destination (an SQS queue or a function) and the event itself to the function's dead-letter queue, or it is dropped.
 * Throttled events are retried every second until they pass the maximum age. Every failed attempt is one log line: the
 * function, the request id (the same over an event's retries, as on AWS), the error and what happens next.
 */
final class AsyncInvocations {

    private static final Logger LOG = LoggerFactory.getLogger(AsyncInvocations.class);

    /** What the queue needs from the outside world: invoke the function, deliver an invocation record. */
    interface Target {
        InvocationResult invoke(String requestId, byte[] payload) throws InterruptedException;

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
    private final AsyncDelivery threads;
    private final PendingWork journal;
    private final Deque<Event> queue = new ArrayDeque<>();
    private int draining;
    /** Events accepted and not done yet: queued, running or waiting for a retry. */
    private int outstanding;
    /** Events running now. */
    private int running;
    private volatile boolean stopping;

    /** {@code journalId}: the event in the state store (0: not kept). */
    private record Event(String requestId, byte[] payload, Instant enqueued, int attempt, long journalId) {
        Event next() {
            return new Event(requestId, payload, enqueued, attempt + 1, journalId);
        }

        String json(String functionName, Instant notBefore) {
            ObjectNode json = Json.object().put("function", functionName).put("requestId", requestId)
                    .put("payload", java.util.Base64.getEncoder().encodeToString(payload))
                    .put("enqueued", enqueued.toString()).put("attempt", attempt)
                    .put("notBefore", notBefore.toString());
            return Json.write(json);
        }
    }

    AsyncInvocations(String functionArn, Target target, AsyncDelivery threads, PendingWork journal) {
        this.functionArn = functionArn;
        this.target = target;
        this.threads = threads;
        this.journal = journal;
    }

    /** Queues an event (kept in the state store, if any, before this returns); returns its request id. */
    String submit(byte[] payload) {
        String requestId = UUID.randomUUID().toString();
        Instant now = Instant.now();
        long id = journal.keep(new Event(requestId, payload, now, 1, 0).json(functionName(), now));
        synchronized (this) {
            outstanding++;
        }
        enqueue(new Event(requestId, payload, now, 1, id));
        return requestId;
    }

    /** Takes back an event kept by an earlier run (its JSON from {@link PendingWork#kept()}), due at its time. */
    void restore(long journalId, JsonNode json) {
        Event event = new Event(json.path("requestId").asText(),
                java.util.Base64.getDecoder().decode(json.path("payload").asText()),
                Instant.parse(json.path("enqueued").asText()), json.path("attempt").asInt(1), journalId);
        Instant notBefore = Instant.parse(json.path("notBefore").asText());
        synchronized (this) {
            outstanding++;
        }
        Duration wait = Duration.between(Instant.now(), notBefore);
        if (wait.isNegative() || wait.isZero()) {
            enqueue(event);
        } else {
            schedule(event, wait);
        }
    }

    synchronized int queued() {
        return queue.size();
    }

    /** Events accepted and not done yet (queued, running or waiting for a retry). */
    synchronized int outstanding() {
        return outstanding;
    }

    /** Events running now. */
    synchronized int running() {
        return running;
    }

    /** Starts no more events; those running finish. */
    void stop() {
        stopping = true;
    }

    private String functionName() {
        return Arn.nameOf(functionArn);
    }

    private synchronized void done() {
        outstanding--;
    }

    private void enqueue(Event event) {
        synchronized (this) {
            queue.addLast(event);
            if (draining >= MAX_PARALLEL_EVENTS || stopping) {
                return;
            }
            draining++;
        }
        try {
            threads.workers().execute(this::drain);
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
                event = stopping ? null : queue.pollFirst();
                if (event == null) {
                    draining--;
                    return;
                }
                running++;
            }
            try {
                run(event);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                synchronized (this) {
                    draining--;
                }
                return;
            } finally {
                synchronized (this) {
                    running--;
                }
            }
        }
    }

    private void run(Event event) throws InterruptedException {
        InvocationResult result;
        try {
            result = target.invoke(event.requestId(), event.payload());
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
            finished(event);
            return;
        }
        int retriesDone = event.attempt() - 1;
        if (retriesDone < config.maximumRetryAttempts()) {
            List<Duration> delays = threads.retryDelays().get();
            Duration delay = delays.get(Math.min(retriesDone, delays.size() - 1));
            Instant expires = event.enqueued().plusSeconds(config.maximumEventAgeSeconds());
            if (Instant.now().plus(delay).isBefore(expires)) {
                logFailure(event, result, config, "retried in " + describe(delay));
                Event next = event.next();
                journal.replace(next.journalId(), next.json(functionName(), Instant.now().plus(delay)));
                schedule(next, delay);
                return;
            }
            fail(event, result, "EventAgeExceeded", config, FUNCTION_ERROR_STATUS);
            return;
        }
        fail(event, result, "RetriesExhausted", config, FUNCTION_ERROR_STATUS);
    }

    /**
     * {@code issue-invoice: asynchronous invocation 8f5b... failed (attempt 1 of 3): Sandbox.Timedout: RequestId: ...
     * Error: Task timed out after 3.00 seconds; retried in 1 min}.
     */
    private void logFailure(Event event, InvocationResult result, EventInvokeConfig config, String next) {
        LOG.warn("{}: asynchronous invocation {} failed (attempt {} of {}): {}: {}; {}", Arn.nameOf(functionArn),
                event.requestId(), event.attempt(), config.maximumRetryAttempts() + 1, result.errorType(),
                FunctionError.firstLine(result.errorMessage(), 300), next);
    }

    private static String describe(Duration delay) {
        long seconds = delay.toSeconds();
        if (seconds == 0) {
            return delay.toMillis() + " ms";
        }
        return seconds % 60 == 0 ? seconds / 60 + " min" : seconds + " s";
    }

    private void schedule(Event event, Duration delay) {
        try {
            threads.scheduler().schedule(() -> enqueue(event), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // shutting down: the event stays outstanding (kept in the state store for the next start, if any)
        }
    }

    /** The event is done: delivered, sent to its destination or dropped. */
    private void finished(Event event) {
        journal.forget(event.journalId());
        done();
    }

    /**
     * An event that will not be retried: its record goes to the OnFailure destination and the event itself to the
     * function's dead-letter queue, to both when both are set (AWS: destinations "in addition to or instead of" a
     * dead-letter queue); with neither it is dropped. One log line says which.
     */
    private void fail(Event event, InvocationResult result, String condition, EventInvokeConfig config, int status) {
        String why = condition.equals("EventAgeExceeded") ? "the next retry would pass the maximum event age of "
                + config.maximumEventAgeSeconds() + " s" : "no retry left";
        String deadLetter = target.deadLetterArn();
        if (config.onFailure() == null && deadLetter == null) {
            logFailure(event, result, config, "dropped: " + why + " and no on-failure destination");
            finished(event);
            return;
        }
        List<String> sentTo = new ArrayList<>();
        if (config.onFailure() != null) {
            sentTo.add("the on-failure destination " + config.onFailure());
        }
        if (deadLetter != null) {
            sentTo.add("the dead-letter queue " + deadLetter);
        }
        logFailure(event, result, config, "sent to " + String.join(" and ", sentTo) + " (" + why + ")");
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
        finished(event);
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
