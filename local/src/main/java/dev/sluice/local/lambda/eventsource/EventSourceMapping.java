package dev.sluice.local.lambda.eventsource;

import dev.sluice.local.core.Arn;
import dev.sluice.local.core.DaemonThreads;
import dev.sluice.local.edge.AwsError;
import dev.sluice.local.lambda.runtime.InvocationResult;
import dev.sluice.local.lambda.runtime.StartSlots;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * An SQS event source mapping at work: pollers long-poll the queue, gather up to BatchSize messages or until the
 * batching window ends, invoke the function synchronously, and delete what succeeded (all of the batch, or all but
 * the reported batch item failures). Failed messages stay on the queue and reappear after its visibility timeout,
 * so the queue's redrive policy moves them to its dead-letter queue. FIFO batches are split per message group and a
 * group stops at its first failure, so the failed message and the rest of its group come back in order. Each failed
 * batch, and each record reported failed, is one log line saying what happens next ({@link FailureNotice}). A batch
 * whose invocation waits for an environment to start is kept invisible meanwhile ({@link WaitingBatch}).
 */
public final class EventSourceMapping {

    private static final Logger LOG = LoggerFactory.getLogger(EventSourceMapping.class);

    /**
     * Invokes a function synchronously, waiting for a free environment; {@code whileStarting} hears when the
     * invocation waits for an environment to start.
     */
    public interface Invoker {
        InvocationResult invoke(String functionArn, byte[] payload, StartSlots.WaitListener whileStarting)
                throws InterruptedException;
    }

    private static final int LONG_POLL_SECONDS = 2;

    private final SqsClient sqs;
    private final Invoker invoker;
    private final String region;
    private volatile EventSourceMappingConfig config;
    private final AtomicInteger concurrency;
    /** An autoscaler sets the concurrency: it starts at 0 and MaximumConcurrency changes leave it alone. */
    private final boolean autoscaled;
    /** Live pollers by slot: slot i runs while i < concurrency. */
    private final Map<Integer, Thread> pollers = new java.util.HashMap<>();
    private volatile boolean closed;
    /** A clean stop began: no new batch is received; batches in flight finish. */
    private volatile boolean stopping;
    /** Batches invoking their function now (their messages are in flight on the queue). */
    private final Set<List<Message>> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final AtomicInteger finishedSinceStop = new AtomicInteger();
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong functionErrors = new AtomicLong();
    private final AtomicLong throttledBatches = new AtomicLong();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicLong completedBatches = new AtomicLong();
    private final AtomicLong batchNanos = new AtomicLong();
    private final FailureNotice failures;

    /**
     * @param autoscaled whether an autoscaler sets the concurrency ({@link #setConcurrency}): then the mapping starts
     *     with no poller, so even its first messages start only the environments the autoscaler decides on;
     *     otherwise it runs MaximumConcurrency (else 5) pollers, like Lambda's fixed concurrency
     */
    public EventSourceMapping(EventSourceMappingConfig config, SqsClient sqs, Invoker invoker, String region,
                       boolean autoscaled) {
        this.config = config;
        this.sqs = sqs;
        this.invoker = invoker;
        this.region = region;
        this.autoscaled = autoscaled;
        this.failures = new FailureNotice(sqs);
        this.concurrency = new AtomicInteger(autoscaled ? 0 : config.concurrency());
        adjustPollers();
    }

    public EventSourceMappingConfig config() {
        return config;
    }

    public String uuid() {
        return config.uuid();
    }

    public String functionArn() {
        return config.functionArn();
    }

    public String eventSourceArn() {
        return config.eventSourceArn();
    }

    /** The polled queue's URL, for reading its backlog. */
    public String queueUrl() {
        return config.queueUrl();
    }

    /** ScalingConfig.MaximumConcurrency, or null when not set. */
    public Integer maximumConcurrency() {
        return config.maximumConcurrency();
    }

    public void update(EventSourceMappingConfig newConfig) {
        boolean concurrencyChanged = newConfig.concurrency() != config.concurrency();
        config = newConfig;
        if (concurrencyChanged && !autoscaled) {
            concurrency.set(newConfig.concurrency());
        }
        adjustPollers();
    }

    /**
     * Batches this mapping runs at once from now on (an autoscaler's knob; MaximumConcurrency sets it too). 0 stops
     * every poller (after its current batch): the mapping then sees no new message until it is raised again.
     */
    public void setConcurrency(int batches) {
        if (batches < 0) {
            throw new IllegalArgumentException("concurrency must be >= 0 (given " + batches + ")");
        }
        concurrency.set(batches);
        adjustPollers();
    }

    public int concurrency() {
        return concurrency.get();
    }

    public EventSourceMappingStats stats() {
        return new EventSourceMappingStats(batches.get(), records.get(), succeeded.get(), failed.get(),
                functionErrors.get(), active.get(), concurrency.get(), throttledBatches.get(), completedBatches.get(),
                batchNanos.get());
    }

    public boolean enabled() {
        return config.enabled();
    }

    /**
     * The start of a clean stop: pollers receive no new batch (a poll under way gives back what it gets at once) and
     * end after their batch in flight, if any.
     */
    public void stopPolling() {
        stopping = true;
    }

    /** Batches invoking the function now. */
    public int inFlightBatches() {
        return inFlight.size();
    }

    /** Batches that finished (deleted or failed as usual) since {@link #stopPolling()}. */
    public int batchesFinishedSinceStop() {
        return finishedSinceStop.get();
    }

    /**
     * Gives the messages of the batches still in flight back to their queue (visibility timeout 0: visible at once, their
     * receive count already counted), as a stop that cannot wait for them; returns how many batches that was.
     */
    public int returnInFlight() {
        int returned = 0;
        for (List<Message> batch : List.copyOf(inFlight)) {
            if (inFlight.remove(batch)) {
                release(batch);
                returned++;
            }
        }
        return returned;
    }

    private void release(List<Message> messages) {
        String queueUrl = config.queueUrl();
        for (int from = 0; from < messages.size(); from += 10) {
            List<Message> chunk = messages.subList(from, Math.min(messages.size(), from + 10));
            List<software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry> entries =
                    new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry.builder()
                        .id(Integer.toString(i)).receiptHandle(chunk.get(i).receiptHandle()).visibilityTimeout(0)
                        .build());
            }
            try {
                sqs.changeMessageVisibilityBatch(request -> request.queueUrl(queueUrl).entries(entries));
            } catch (RuntimeException e) {
                LOG.warn("Event source mapping {}: could not give {} message(s) back to {}: {}", config.uuid(),
                        chunk.size(), queueUrl, e.toString());
            }
        }
    }

    /** Stops polling; batches in flight finish (their messages are deleted or reappear as usual). */
    public void close() {
        closed = true;
        synchronized (pollers) {
            pollers.values().forEach(Thread::interrupt);
        }
    }

    private void adjustPollers() {
        synchronized (pollers) {
            pollers.values().removeIf(thread -> !thread.isAlive());
            int wanted = closed || !config.enabled() ? 0 : concurrency.get();
            for (int slot = 0; slot < wanted; slot++) {
                if (pollers.containsKey(slot)) {
                    continue;
                }
                int index = slot;
                pollers.put(slot, DaemonThreads.start("esm-" + config.uuid().substring(0, 8) + "-" + index,
                        () -> poll(index)));
            }
        }
    }

    /** Poller {@code index} runs while the mapping is enabled and its concurrency is above the index. */
    private boolean keepPolling(int index) {
        synchronized (pollers) {
            if (closed || stopping || !config.enabled() || index >= concurrency.get()) {
                pollers.remove(index, Thread.currentThread());
                return false;
            }
            return true;
        }
    }

    private void poll(int index) {
        try {
            while (keepPolling(index)) {
                try {
                    List<Message> batch = receiveBatch();
                    if (!batch.isEmpty() && (stopping || closed || !config.enabled())) {
                        release(batch); // received as the mapping was stopped or disabled: back to the queue
                    } else if (!batch.isEmpty()) {
                        process(batch);
                    }
                } catch (RuntimeException e) {
                    if (closed) {
                        return;
                    }
                    LOG.warn("Event source mapping {}: {}", config.uuid(), e.getMessage());
                    Thread.sleep(1000);
                }
            }
        } catch (InterruptedException stop) {
            // closing
        } finally {
            synchronized (pollers) {
                pollers.remove(index, Thread.currentThread());
            }
        }
    }

    /**
     * Collects one batch: up to BatchSize messages, or what arrived when the batching window ends; each message once
     * ({@link CollectedBatch}), received with a visibility timeout that outlasts the window when the queue's would
     * not ({@link EventSourceMappingConfig#receiveVisibilitySeconds}).
     */
    private List<Message> receiveBatch() throws InterruptedException {
        EventSourceMappingConfig settings = config;
        CollectedBatch batch = new CollectedBatch();
        long windowEnd = System.nanoTime() + Duration.ofSeconds(settings.batchingWindowSeconds()).toNanos();
        do {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            long leftSeconds = (windowEnd - System.nanoTime() + 999_999_999L) / 1_000_000_000L;
            int wait = settings.batchingWindowSeconds() == 0 || batch.isEmpty()
                    ? LONG_POLL_SECONDS : (int) Math.max(1, Math.min(20, leftSeconds));
            // what this receive returns is held at most for the rest of the window, then for the invocation
            Integer visibility = settings.receiveVisibilitySeconds(leftSeconds);
            List<Message> received = sqs.receiveMessage(request -> request.queueUrl(settings.queueUrl())
                    .maxNumberOfMessages(Math.min(10, settings.batchSize() - batch.size()))
                    .waitTimeSeconds(wait)
                    .visibilityTimeout(visibility)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                    .messageAttributeNames("All")).messages();
            batch.add(received);
            if (settings.batchingWindowSeconds() == 0 && !batch.isEmpty()) {
                break;
            }
        } while (batch.size() < settings.batchSize() && (batch.isEmpty() || System.nanoTime() < windowEnd)
                && !closed && !stopping && config.enabled());
        if (batch.receivedAgain() > 0) {
            LOG.debug("Event source mapping {}: {} message(s) received again while collecting a batch, kept once",
                    settings.uuid(), batch.receivedAgain());
        }
        return batch.messages();
    }

    private void process(List<Message> batch) throws InterruptedException {
        if (!config.fifo()) {
            invokeWithinPayloadLimit(batch);
            return;
        }
        Map<String, List<Message>> groups = new LinkedHashMap<>();
        for (Message message : batch) {
            String group = message.attributesAsStrings().getOrDefault("MessageGroupId", "");
            groups.computeIfAbsent(group, g -> new ArrayList<>()).add(message);
        }
        for (List<Message> group : groups.values()) {
            invokeWithinPayloadLimit(group);
        }
    }

    /**
     * Invokes the function once per part of the batch whose event fits the 6 MB synchronous payload quota, in order.
     * On a FIFO queue, when a part does not fully succeed the later parts of its group go back to the queue unprocessed,
     * so that the group's order holds.
     */
    private void invokeWithinPayloadLimit(List<Message> batch) throws InterruptedException {
        List<List<Message>> parts = batch.size() == 1 ? List.of(batch)
                : SqsEvent.partsWithin(batch, config.eventSourceArn(), region, SqsEvent.MAX_PAYLOAD_BYTES);
        for (int i = 0; i < parts.size(); i++) {
            boolean allDone = invoke(parts.get(i));
            if (!allDone && config.fifo() && i + 1 < parts.size()) {
                List<Message> rest = new ArrayList<>();
                parts.subList(i + 1, parts.size()).forEach(rest::addAll);
                release(rest);
                return;
            }
        }
    }

    /** Invokes the function with one batch; true when every message of it was processed (and deleted). */
    private boolean invoke(List<Message> batch) throws InterruptedException {
        EventSourceMappingConfig settings = config;
        batches.incrementAndGet();
        records.addAndGet(batch.size());
        active.incrementAndGet();
        inFlight.add(batch);
        InvocationResult result;
        long started = System.nanoTime();
        try {
            result = invoker.invoke(settings.functionArn(), SqsEvent.of(batch, settings.eventSourceArn(), region),
                    new WaitingBatch(sqs, settings.queueUrl(), batch, () -> inFlight.contains(batch)));
        } catch (AwsError throttledOrGone) {
            if (throttledOrGone.status() == 429) {
                throttledBatches.incrementAndGet(); // the throttling trap: counted, so that status can show it
            }
            result = InvocationResult.environmentError(throttledOrGone.code(), throttledOrGone.getMessage());
        } finally {
            active.decrementAndGet();
            // Measured for the AWS drain projection: what one batch costs, cold starts and waits included.
            batchNanos.addAndGet(System.nanoTime() - started);
            completedBatches.incrementAndGet();
        }
        if (!inFlight.remove(batch)) {
            return false; // given back to the queue by a stop that could not wait for it
        }
        String function = Arn.functionName(settings.functionArn());
        List<Message> done;
        if (result.failed()) {
            done = List.of();
            if (!closed) { // a batch cut short by close() is no failure of the function's
                failures.batchFailed(function, settings.queueUrl(), batch, result, null);
            }
        } else if (!settings.reportBatchItemFailures()) {
            done = batch;
        } else {
            Set<String> ids = batch.stream().map(Message::messageId).collect(Collectors.toSet());
            Set<String> failedIds = PartialBatchResponse.failedIds(result.payload(), ids);
            if (failedIds == null) {
                done = List.of();
                failures.batchFailed(function, settings.queueUrl(), batch, result, "the response is not a valid"
                        + " partial batch response (batchItemFailures with the messageId of each failed record)");
            } else {
                done = partialSuccess(function, batch, failedIds, result, settings);
            }
        }
        if (done.size() < batch.size() && result.failed()) {
            functionErrors.incrementAndGet();
        }
        failed.addAndGet(batch.size() - done.size());
        delete(done, settings.queueUrl());
        succeeded.addAndGet(done.size());
        if (stopping) {
            finishedSinceStop.incrementAndGet();
        }
        return done.size() == batch.size();
    }

    /** The records to delete from a valid partial batch response; logs each failed record. */
    private List<Message> partialSuccess(String function, List<Message> batch, Set<String> failedIds,
                                         InvocationResult result, EventSourceMappingConfig settings) {
        List<Message> done = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Message message = batch.get(i);
            if (failedIds.contains(message.messageId())) {
                if (settings.fifo()) {
                    // the failed record and every later one of its group come back, in order
                    failures.recordFailed(function, settings.queueUrl(), message, batch.size() - i - 1, result);
                    break;
                }
                failures.recordFailed(function, settings.queueUrl(), message, 0, result);
                continue;
            }
            done.add(message);
        }
        return done;
    }

    private void delete(List<Message> messages, String queueUrl) {
        for (int from = 0; from < messages.size(); from += 10) {
            List<Message> chunk = messages.subList(from, Math.min(messages.size(), from + 10));
            List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int i = 0; i < chunk.size(); i++) {
                entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(chunk.get(i).receiptHandle()).build());
            }
            sqs.deleteMessageBatch(request -> request.queueUrl(queueUrl).entries(entries));
        }
    }
}
