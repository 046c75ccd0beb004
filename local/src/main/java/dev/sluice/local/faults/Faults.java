package dev.sluice.local.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.local.edge.AwsError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The faults declared on one local cloud, and the decisions they make. The Lambda runtime asks
 * {@link #forInvocation(String)} before each invocation; the edge asks {@link #forOperation(String, String)} before a
 * service sees a request ({@link FaultyService}).
 *
 * <p>Each fault flips its own coin: one {@link Random} per fault, seeded when the fault has a seed, asked once for
 * every matching invocation or request (whether or not an earlier fault fired). So a seed makes that fault's sequence
 * of decisions the same on every run, whatever other faults do; a fault with probability 1 or 0 asks no coin.
 */
public final class Faults {

    private static final Logger LOG = LoggerFactory.getLogger(Faults.class);
    /** Beyond this many faults a declaration is refused: each one is checked on every invocation. */
    static final int MAX_FAULTS = 100;

    /** A declared fault with its coin and counters. */
    private static final class Armed {
        final Fault fault;
        final Random coin;
        final AtomicLong matched = new AtomicLong();
        final AtomicLong injected = new AtomicLong();

        Armed(Fault fault) {
            this.fault = fault;
            this.coin = fault.seed() == null ? new Random() : new Random(fault.seed());
        }

        boolean fires() {
            matched.incrementAndGet();
            boolean fires;
            if (fault.probability() >= 1) {
                fires = true;
            } else if (fault.probability() <= 0) {
                fires = false;
            } else {
                synchronized (coin) {
                    fires = coin.nextDouble() < fault.probability();
                }
            }
            if (fires) {
                injected.incrementAndGet();
            }
            return fires;
        }

        Fault snapshot() {
            return fault.withCounts(matched.get(), injected.get());
        }
    }

    private final java.util.Set<String> services;
    private final Map<String, Armed> faults = new LinkedHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    /** Read on every invocation without a lock: replaced whole on each change. */
    private volatile List<Armed> armed = List.of();

    /** Faults for a cloud that serves every service faults know ({@code sqs}, {@code events}, {@code lambda}). */
    public Faults() {
        this(Operations.services());
    }

    /**
     * Faults for a cloud whose edge serves only {@code services} (attached to another emulator, only {@code lambda}):
     * an API fault for another service would never fire, so it is refused.
     */
    public Faults(java.util.Set<String> services) {
        this.services = java.util.Set.copyOf(services);
    }

    /** Checks {@code declaration} ({@link FaultRequest}) and adds it; returns it with its id. */
    public Fault add(JsonNode declaration) {
        return add(FaultRequest.parse(declaration));
    }

    /**
     * Adds the fault {@code json} declares, in the {@code POST /_sluice/faults} shape, e.g.
     * {@code {"function":"orders","action":"error","errorType":"Boom","probability":0.5,"seed":7}}: for tests in the
     * cloud's JVM.
     *
     * @throws AwsError (400) naming every problem of the declaration
     */
    public Fault add(String json) {
        try {
            return add(dev.sluice.local.core.Json.MAPPER.readTree(json));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw AwsError.validation("The declaration is not JSON: " + e.getOriginalMessage());
        }
    }

    synchronized Fault add(Fault declared) {
        if (declared.service() != null && !services.contains(declared.service())) {
            throw AwsError.validation("Fault refused: this local cloud does not serve " + declared.service()
                    + " (it is attached to another emulator and serves " + String.join(", ", new java.util.TreeSet<>(
                    services)) + "), so the fault would never fire");
        }
        if (faults.size() >= MAX_FAULTS) {
            throw AwsError.validation("Fault refused: at most " + MAX_FAULTS + " faults at once; remove some first");
        }
        Fault fault = declared.withId("fault-" + ids.incrementAndGet());
        faults.put(fault.id(), new Armed(fault));
        armed = List.copyOf(faults.values());
        LOG.info("Fault added: {}", fault.describe());
        return fault;
    }

    /** Removes one fault; false when there is none with that id. */
    public synchronized boolean remove(String id) {
        Armed removed = faults.remove(id);
        armed = List.copyOf(faults.values());
        if (removed != null) {
            LOG.info("Fault removed: {} (fired {} of {} times)", removed.fault.describe(), removed.injected.get(),
                    removed.matched.get());
        }
        return removed != null;
    }

    /** Removes every fault; returns how many there were. */
    public synchronized int removeAll() {
        int count = faults.size();
        faults.clear();
        armed = List.of();
        if (count > 0) {
            LOG.info("All {} fault(s) removed", count);
        }
        return count;
    }

    /** Whether no fault is declared: lets the edge skip reading a request's operation when none could fire. */
    public boolean isEmpty() {
        return armed.isEmpty();
    }

    /** The faults in the order they were added, with their counters. */
    public List<Fault> list() {
        List<Fault> list = new ArrayList<>();
        for (Armed fault : armed) {
            list.add(fault.snapshot());
        }
        return list;
    }

    /** The fault that changes this invocation of {@code functionName}, or null: the first added of those that fire. */
    public Fault forInvocation(String functionName) {
        Fault chosen = null;
        for (Armed fault : armed) {
            if (functionName.equals(fault.fault.function()) && fault.fires() && chosen == null) {
                chosen = fault.fault;
            }
        }
        return chosen;
    }

    /** The error to answer this call of {@code service}'s {@code operation} with instead of serving it, or null. */
    public AwsError forOperation(String service, String operation) {
        Fault chosen = null;
        for (Armed fault : armed) {
            if (service.equals(fault.fault.service()) && operation.equals(fault.fault.operation()) && fault.fires()
                    && chosen == null) {
                chosen = fault.fault;
            }
        }
        if (chosen == null) {
            return null;
        }
        LOG.debug("Fault {} answers {} {} with {}", chosen.id(), service, operation, chosen.errorType());
        return new AwsError(chosen.status(), chosen.errorType(), message(chosen));
    }

    /** The fault's message, or one that says where the error came from. */
    public static String message(Fault fault) {
        return fault.errorMessage() != null ? fault.errorMessage()
                : "Injected by sluice chaos (" + fault.id() + ")";
    }
}
