package dev.sluice.local.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.local.lambda.AsyncInvoker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivers matched events to targets, asynchronously from PutEvents. Each target of each rule has a lane that
 * delivers in order: a failing event is retried with exponential backoff (holding back later events of that lane)
 * until its RetryPolicy runs out, then goes to the target's dead-letter queue or is dropped.
 */
final class TargetDispatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TargetDispatcher.class);

    private final SqsSender sqs;
    private final AsyncInvoker lambda;
    private final DeliverySettings settings;
    private final ScheduledThreadPoolExecutor executor;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> ruleMatches = new ConcurrentHashMap<>();
    private volatile boolean closed;

    TargetDispatcher(SqsSender sqs, AsyncInvoker lambda, DeliverySettings settings) {
        this.sqs = sqs;
        this.lambda = lambda;
        this.settings = settings;
        AtomicInteger count = new AtomicInteger();
        this.executor = new ScheduledThreadPoolExecutor(settings.threads(), r -> {
            Thread thread = new Thread(r, "sluice-events-delivery-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    /** Queues one matched event for every target of {@code rule}. */
    void dispatch(Rule rule, ObjectNode event, String eventJson, Instant receivedAt) {
        ruleMatches.computeIfAbsent(rule.busName() + "/" + rule.name(), k -> new AtomicLong()).incrementAndGet();
        for (Target target : rule.targets().values()) {
            String key = rule.busName() + "/" + rule.name() + "/" + target.id();
            Lane lane = lanes.computeIfAbsent(key, k -> new Lane(rule.busName(), rule.name(), target.id()));
            lane.offer(new Delivery(rule, target, event, eventJson, receivedAt));
        }
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

    private void deliver(Delivery d) throws DeliveryFailure {
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

    /** One event on its way to one target. */
    private static final class Delivery {
        final Rule rule;
        final Target target;
        final ObjectNode event;
        final String eventJson;
        final Instant receivedAt;
        int failures;

        Delivery(Rule rule, Target target, ObjectNode event, String eventJson, Instant receivedAt) {
            this.rule = rule;
            this.target = target;
            this.event = event;
            this.eventJson = eventJson;
            this.receivedAt = receivedAt;
        }

        String eventId() {
            return event.path("id").asText();
        }
    }

    /** The ordered queue of one rule target; at most one drain runs or is scheduled at a time. */
    private final class Lane {
        private final String busName;
        private final String ruleName;
        private final String targetId;
        private final Deque<Delivery> pending = new ArrayDeque<>();
        private boolean draining;
        private volatile String targetArn;
        private final AtomicLong matched = new AtomicLong();
        private final AtomicLong delivered = new AtomicLong();
        private final AtomicLong failedAttempts = new AtomicLong();
        private final AtomicLong deadLettered = new AtomicLong();
        private final AtomicLong dropped = new AtomicLong();

        Lane(String busName, String ruleName, String targetId) {
            this.busName = busName;
            this.ruleName = ruleName;
            this.targetId = targetId;
        }

        void offer(Delivery delivery) {
            matched.incrementAndGet();
            targetArn = delivery.target.arn();
            synchronized (this) {
                pending.add(delivery);
                if (draining || closed) {
                    return;
                }
                draining = true;
            }
            executor.execute(this::drain);
        }

        private void drain() {
            while (!closed) {
                Delivery head;
                synchronized (this) {
                    head = pending.peek();
                    if (head == null) {
                        draining = false;
                        return;
                    }
                }
                try {
                    deliver(head);
                    delivered.incrementAndGet();
                    poll();
                } catch (DeliveryFailure failure) {
                    head.failures++;
                    failedAttempts.incrementAndGet();
                    Duration delay = settings.backoff(head.failures);
                    String exhausted = exhausted(head, delay);
                    if (exhausted == null) {
                        LOG.debug("Delivery of event {} to {} failed ({}), retry {} in {} ms", head.eventId(),
                                head.target.arn(), failure.getMessage(), head.failures, delay.toMillis());
                        executor.schedule(this::drain, delay.toMillis(), TimeUnit.MILLISECONDS);
                        return;
                    }
                    giveUp(head, failure, exhausted);
                    poll();
                } catch (RuntimeException e) {
                    // A bug must not stall the lane forever: count it and move on.
                    LOG.error("Delivery of event {} to {} failed unexpectedly", head.eventId(), head.target.arn(), e);
                    dropped.incrementAndGet();
                    poll();
                }
            }
        }

        private synchronized void poll() {
            pending.poll();
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
            int queued;
            synchronized (this) {
                queued = pending.size();
            }
            return new TargetStats(busName, ruleName, targetId, targetArn, matched.get(), delivered.get(),
                    failedAttempts.get(), deadLettered.get(), dropped.get(), queued);
        }
    }

    private static String truncate(String message) {
        return message.length() <= 1024 ? message : message.substring(0, 1024);
    }
}
