package dev.sluice.local.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.local.core.DaemonThreads;
import dev.sluice.local.lambda.AsyncInvoker;
import dev.sluice.local.state.PendingWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivers matched events to targets, asynchronously from PutEvents. Each target of each rule has a lane: the
 * events waiting for it, taken in batches of up to 10 (one SendMessageBatch call for an SQS queue). A FIFO queue has
 * one batch on its way at a time, so its events arrive in order; other targets have a few. An event that fails is
 * retried on its own, after an exponential backoff, until its RetryPolicy runs out, then goes to the target's
 * dead-letter queue or is dropped; while it waits, later events of the lane keep flowing. An event for a target that
 * does not exist goes to the target's dead-letter queue without retries, as on AWS.
 */
final class TargetDispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TargetDispatcher.class);

    /** One rule match of one event, as PutEvents hands it over. */
    record Match(Rule rule, ObjectNode event, String eventJson, Instant receivedAt) {
    }

    private final SqsSender sqs;
    private final AsyncInvoker lambda;
    private final DeliverySettings settings;
    private final ScheduledThreadPoolExecutor executor;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> ruleMatches = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private volatile boolean closed;
    /** Deliveries accepted and not done yet, kept in the state store when there is one. */
    private volatile PendingWork journal = PendingWork.NONE;

    TargetDispatcher(SqsSender sqs, AsyncInvoker lambda, DeliverySettings settings) {
        this.sqs = sqs;
        this.lambda = lambda;
        this.settings = settings;
        this.executor = new ScheduledThreadPoolExecutor(settings.threads(),
                DaemonThreads.factory("sluice-events-delivery"));
        executor.setRemoveOnCancelPolicy(true);
    }

    /**
     * Queues each match for every target of its rule: all matches of one PutEvents call, in order, before any lane
     * starts sending, so the entries of one call to the same target go out together in one batch.
     */
    void dispatch(List<Match> matches) {
        List<Delivery> deliveries = new ArrayList<>();
        for (Match match : matches) {
            Rule rule = match.rule();
            ruleMatches.computeIfAbsent(rule.busName() + "/" + rule.name(), k -> new AtomicLong()).incrementAndGet();
            for (Target target : rule.targets().values()) {
                deliveries.add(new Delivery(sequence.incrementAndGet(), rule, target, match));
            }
        }
        if (journal.persistent() && !deliveries.isEmpty()) {
            // on disk before PutEvents answers: an accepted event survives a crash
            long[] ids = journal.keepAll(deliveries.stream().map(Delivery::json).toList());
            for (int i = 0; i < ids.length; i++) {
                deliveries.get(i).journalId = ids[i];
            }
        }
        queue(deliveries);
    }

    private void queue(List<Delivery> deliveries) {
        Set<Lane> touched = new LinkedHashSet<>();
        for (Delivery d : deliveries) {
            String key = d.rule.busName() + "/" + d.rule.name() + "/" + d.target.id();
            Lane lane = lanes.computeIfAbsent(key, k -> new Lane(d.rule.busName(), d.rule.name(), d.target.id()));
            lane.add(d);
            touched.add(lane);
        }
        touched.forEach(Lane::pump);
    }

    /**
     * Keeps accepted deliveries in {@code work} from now on, after queueing again those it holds from an earlier run
     * (their rule and target looked up by name in {@code buses}; gone ones are dropped with a log line).
     *
     * @return how many deliveries came back
     */
    int persistTo(PendingWork work, EventBuses buses, com.fasterxml.jackson.databind.ObjectMapper json) {
        List<Delivery> restored = new ArrayList<>();
        for (dev.sluice.local.state.StateStore.Pending pending : work.kept()) {
            try {
                var d = json.readTree(pending.json());
                EventBuses.Bus bus = buses.findBus(d.path("bus").asText());
                Rule rule = bus == null ? null : bus.rules.get(d.path("rule").asText());
                Target target = rule == null ? null : rule.targets().get(d.path("target").asText());
                if (target == null) {
                    LOG.warn("Dropped kept event {} for target {} of rule {}: the rule or target is gone",
                            d.path("eventId").asText(), d.path("target").asText(), d.path("rule").asText());
                    work.forget(pending.id());
                    continue;
                }
                String eventJson = d.path("event").asText();
                Delivery delivery = new Delivery(sequence.incrementAndGet(), rule, target,
                        new Match(rule, (ObjectNode) json.readTree(eventJson), eventJson,
                                Instant.parse(d.path("receivedAt").asText())));
                delivery.failures = d.path("failures").asInt();
                delivery.journalId = pending.id();
                restored.add(delivery);
            } catch (java.io.IOException | ClassCastException e) {
                throw new dev.sluice.local.state.StateException("a kept EventBridge delivery cannot be read ("
                        + e.getMessage() + "); start fresh with 'sluice local up --fresh'", e);
            }
        }
        journal = work;
        queue(restored);
        return restored.size();
    }

    /** Deliveries accepted and not done yet: queued, on their way or waiting for a retry. */
    long pending() {
        return lanes.values().stream().mapToLong(lane -> lane.stats().pending()).sum();
    }

    /** Whether pending deliveries survive a restart. */
    boolean keepsPending() {
        return journal.persistent();
    }

    Map<String, TargetStats> stats() {
        Map<String, TargetStats> all = new TreeMap<>();
        lanes.forEach((key, lane) -> all.put(key, lane.stats()));
        return all;
    }

    Map<String, Long> ruleMatches() {
        Map<String, Long> all = new TreeMap<>();
        ruleMatches.forEach((key, count) -> all.put(key, count.get()));
        return all;
    }

    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One event on its way to one target; {@code seq} orders a lane's events by arrival. */
    private static final class Delivery {
        final long seq;
        final Rule rule;
        final Target target;
        final ObjectNode event;
        final String eventJson;
        final Instant receivedAt;
        int failures;
        /** The delivery in the state store (0: not kept). */
        long journalId;

        Delivery(long seq, Rule rule, Target target, Match match) {
            this.seq = seq;
            this.rule = rule;
            this.target = target;
            this.event = match.event();
            this.eventJson = match.eventJson();
            this.receivedAt = match.receivedAt();
        }

        String eventId() {
            return event.path("id").asText();
        }

        String json() {
            return dev.sluice.local.core.Json.write(dev.sluice.local.core.Json.object().put("bus", rule.busName())
                    .put("rule", rule.name()).put("target", target.id()).put("eventId", eventId())
                    .put("event", eventJson).put("receivedAt", receivedAt.toString()).put("failures", failures));
        }
    }

    /** The queue of one rule target and its batches on their way. */
    private final class Lane {
        private final String busName;
        private final String ruleName;
        private final String targetId;
        // ordered by arrival, so an event back from its retry wait goes before later ones
        private final PriorityQueue<Delivery> pending = new PriorityQueue<>(Comparator.comparingLong(d -> d.seq));
        private int inFlight;
        private volatile String targetArn;
        private final AtomicLong matched = new AtomicLong();
        private final AtomicLong delivered = new AtomicLong();
        private final AtomicLong failedAttempts = new AtomicLong();
        private final AtomicLong deadLettered = new AtomicLong();
        private final AtomicLong dropped = new AtomicLong();
        private final AtomicLong sending = new AtomicLong();
        private final AtomicLong waitingRetry = new AtomicLong();

        Lane(String busName, String ruleName, String targetId) {
            this.busName = busName;
            this.ruleName = ruleName;
            this.targetId = targetId;
        }

        void add(Delivery delivery) {
            matched.incrementAndGet();
            targetArn = delivery.target.arn();
            synchronized (this) {
                pending.add(delivery);
            }
        }

        /** Starts batches while there are events and room for another batch on its way. */
        void pump() {
            while (true) {
                List<Delivery> batch = new ArrayList<>();
                synchronized (this) {
                    Delivery head = pending.peek();
                    if (closed || head == null || inFlight >= batchesInFlight(head.target)) {
                        return;
                    }
                    // a batch goes to one target ARN (PutTargets may have changed it between events)
                    while (batch.size() < SqsSender.MAX_BATCH_ENTRIES && pending.peek() != null
                            && pending.peek().target.arn().equals(head.target.arn())) {
                        batch.add(pending.poll());
                    }
                    inFlight++;
                    sending.addAndGet(batch.size());
                }
                try {
                    executor.execute(() -> send(batch));
                } catch (RuntimeException rejected) { // closed meanwhile: the events are discarded, as documented
                    return;
                }
            }
        }

        private int batchesInFlight(Target target) {
            return target.kind() == Target.Kind.SQS && SqsSender.isFifo(target.arn()) ? 1 : settings.batchesInFlight();
        }

        private void send(List<Delivery> batch) {
            try {
                deliver(batch);
            } finally {
                synchronized (this) {
                    inFlight--;
                }
                pump();
            }
        }

        private void deliver(List<Delivery> batch) {
            Target target = batch.get(0).target;
            if (target.kind() == Target.Kind.SQS) {
                deliverToQueue(target.arn(), batch);
                return;
            }
            for (Delivery d : batch) {
                try {
                    deliverOne(d);
                    succeeded(d);
                } catch (DeliveryFailure failure) {
                    failed(d, failure);
                } catch (RuntimeException e) {
                    unexpected(d, e);
                }
            }
        }

        /** Sends in SendMessageBatch calls of at most 10 entries and 1 MiB, in order; retries only refused entries. */
        private void deliverToQueue(String queueArn, List<Delivery> batch) {
            List<Delivery> chunk = new ArrayList<>();
            List<SqsSender.Entry> entries = new ArrayList<>();
            long bytes = 0;
            for (Delivery d : batch) {
                SqsSender.Entry entry;
                try {
                    entry = new SqsSender.Entry(TargetInput.render(d.target, d.rule, d.event, d.eventJson),
                            d.target.messageGroupId(), d.eventId());
                } catch (RuntimeException e) {
                    unexpected(d, e);
                    continue;
                }
                int size = entry.size();
                if (!chunk.isEmpty() && bytes + size > SqsSender.MAX_BATCH_BYTES) {
                    sendChunk(queueArn, chunk, entries);
                    chunk = new ArrayList<>();
                    entries = new ArrayList<>();
                    bytes = 0;
                }
                chunk.add(d);
                entries.add(entry);
                bytes += size;
            }
            if (!chunk.isEmpty()) {
                sendChunk(queueArn, chunk, entries);
            }
        }

        private void sendChunk(String queueArn, List<Delivery> chunk, List<SqsSender.Entry> entries) {
            Map<Integer, DeliveryFailure> failures;
            try {
                failures = sqs.sendBatch(queueArn, entries);
            } catch (DeliveryFailure failure) {
                chunk.forEach(d -> failed(d, failure));
                return;
            } catch (RuntimeException e) {
                chunk.forEach(d -> unexpected(d, e));
                return;
            }
            for (int i = 0; i < chunk.size(); i++) {
                DeliveryFailure failure = failures.get(i);
                if (failure == null) {
                    succeeded(chunk.get(i));
                } else {
                    failed(chunk.get(i), failure);
                }
            }
        }

        private void deliverOne(Delivery d) throws DeliveryFailure {
            String payload = TargetInput.render(d.target, d.rule, d.event, d.eventJson);
            switch (d.target.kind()) {
                case SQS -> sqs.send(d.target.arn(), payload, d.target.messageGroupId(), d.eventId(), Map.of());
                case LAMBDA -> {
                    if (lambda == null) {
                        throw new DeliveryFailure("SDK_CLIENT_ERROR", "No Lambda service is configured");
                    }
                    try {
                        lambda.invokeAsync(d.target.arn(), payload.getBytes(StandardCharsets.UTF_8));
                    } catch (AsyncInvoker.DeliveryException e) {
                        throw new DeliveryFailure("SDK_CLIENT_ERROR", e.getMessage());
                    } catch (RuntimeException e) {
                        throw new DeliveryFailure("UNKNOWN_ERROR", String.valueOf(e.getMessage()));
                    }
                }
                case UNSUPPORTED -> throw new DeliveryFailure("UNSUPPORTED_OPERATION",
                        "Target type is not supported locally: " + d.target.arn());
            }
        }

        // Each outcome is counted before the event leaves 'sending', so stats never show it in neither place.
        private void succeeded(Delivery d) {
            journal.forget(d.journalId);
            delivered.incrementAndGet();
            sending.decrementAndGet();
        }

        /** A failed attempt: wait for the retry off the lane (later events keep flowing), or give up. */
        private void failed(Delivery d, DeliveryFailure failure) {
            try {
                failedAttempt(d, failure);
            } finally {
                sending.decrementAndGet();
            }
        }

        private void failedAttempt(Delivery d, DeliveryFailure failure) {
            d.failures++;
            failedAttempts.incrementAndGet();
            Duration delay = settings.backoff(d.failures);
            // An error no retry can mend goes straight to the dead-letter queue, RETRY_ATTEMPTS 0, as on AWS. Without
            // one AWS drops the event; Sluice keeps retrying, so that a queue created late still gets it.
            String exhausted = failure.retriable() || d.target.deadLetterArn() == null ? exhausted(d, delay)
                    : "MaximumRetryAttempts";
            if (exhausted != null) {
                giveUp(d, failure, exhausted);
                return;
            }
            LOG.debug("Delivery of event {} to {} failed ({}), retry {} in {} ms", d.eventId(), d.target.arn(),
                    failure.getMessage(), d.failures, delay.toMillis());
            journal.replace(d.journalId, d.json());
            waitingRetry.incrementAndGet();
            try {
                executor.schedule(() -> retry(d), delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RuntimeException rejected) {
                waitingRetry.decrementAndGet(); // closed: discarded, as documented
            }
        }

        private void retry(Delivery d) {
            waitingRetry.decrementAndGet();
            synchronized (this) {
                pending.add(d);
            }
            pump();
        }

        private void unexpected(Delivery d, RuntimeException e) {
            // A bug must not stall the lane forever: count it and move on.
            LOG.error("Delivery of event {} to {} failed unexpectedly", d.eventId(), d.target.arn(), e);
            journal.forget(d.journalId);
            dropped.incrementAndGet();
            sending.decrementAndGet();
        }

        /** The retry condition that ran out, or null when another attempt is allowed. */
        private String exhausted(Delivery d, Duration nextDelay) {
            Target.RetryPolicy policy = d.target.retryPolicy();
            if (d.failures > policy.maximumRetryAttempts()) {
                return "MaximumRetryAttempts";
            }
            Instant nextAttempt = settings.clock().instant().plus(nextDelay);
            if (Duration.between(d.receivedAt, nextAttempt).getSeconds() > policy.maximumEventAgeInSeconds()) {
                return "MaximumEventAgeInSeconds";
            }
            return null;
        }

        private void giveUp(Delivery d, DeliveryFailure failure, String condition) {
            journal.forget(d.journalId);
            String dlq = d.target.deadLetterArn();
            if (dlq == null) {
                LOG.warn("Dropped event {} for target {} of rule {}: {} exhausted after {} attempt(s), last error {}: {}",
                        d.eventId(), d.target.id(), d.rule.arn(), condition, d.failures, failure.code(),
                        failure.getMessage());
                dropped.incrementAndGet();
                return;
            }
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("RULE_ARN", d.rule.arn());
            attributes.put("TARGET_ARN", d.target.arn());
            attributes.put("ERROR_CODE", failure.code());
            attributes.put("ERROR_MESSAGE", truncate(String.valueOf(failure.getMessage())));
            attributes.put("EXHAUSTED_RETRY_CONDITION", condition);
            attributes.put("RETRY_ATTEMPTS", Integer.toString(d.failures - 1));
            try {
                sqs.send(dlq, d.eventJson, d.rule.name(), d.eventId(), attributes);
                deadLettered.incrementAndGet();
            } catch (DeliveryFailure dlqFailure) {
                LOG.warn("Dropped event {} for target {} of rule {}: dead-letter queue {} failed: {}", d.eventId(),
                        d.target.id(), d.rule.arn(), dlq, dlqFailure.getMessage());
                dropped.incrementAndGet();
            }
        }

        TargetStats stats() {
            long queued;
            synchronized (this) {
                queued = pending.size();
            }
            return new TargetStats(busName, ruleName, targetId, targetArn, matched.get(), delivered.get(),
                    failedAttempts.get(), deadLettered.get(), dropped.get(),
                    queued + sending.get() + waitingRetry.get());
        }
    }

    private static String truncate(String message) {
        return message.length() <= 1024 ? message : message.substring(0, 1024);
    }
}
