package dev.sluice.local.events;

import dev.sluice.local.lambda.AsyncInvoker;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Lambda side of EventBridge delivery, for tests: records accepted invocations and refuses the next N
 * hand-overs as an unavailable function would. (The real Lambda service is tested in its own package.)
 */
final class RecordingInvoker implements AsyncInvoker {

    record Invocation(String function, String payload) {
    }

    private final List<Invocation> accepted = new ArrayList<>();
    private final Map<String, AtomicInteger> refusalsLeft = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

    /** The next {@code count} hand-overs to {@code function} fail with a DeliveryException. */
    void refuseNext(String function, int count) {
        refusalsLeft.put(function, new AtomicInteger(count));
    }

    int attempts(String function) {
        return attempts.getOrDefault(function, new AtomicInteger()).get();
    }

    @Override
    public void invokeAsync(String functionNameOrArn, byte[] payload) throws DeliveryException {
        attempts.computeIfAbsent(functionNameOrArn, f -> new AtomicInteger()).incrementAndGet();
        AtomicInteger refusals = refusalsLeft.getOrDefault(functionNameOrArn, new AtomicInteger());
        if (refusals.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new DeliveryException("Function not found: " + functionNameOrArn);
        }
        synchronized (this) {
            accepted.add(new Invocation(functionNameOrArn, new String(payload, StandardCharsets.UTF_8)));
            notifyAll();
        }
    }

    /** Waits until at least {@code count} invocations with this function were accepted; returns them. */
    synchronized List<Invocation> awaitInvocations(String function, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Invocation> matching = accepted.stream().filter(i -> i.function().equals(function)).toList();
            long left = deadline - System.nanoTime();
            if (matching.size() >= count || left <= 0) {
                return new ArrayList<>(matching);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
