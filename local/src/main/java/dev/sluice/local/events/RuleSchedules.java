package dev.sluice.local.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.local.core.DaemonThreads;
import dev.sluice.local.edge.AwsError;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the scheduled rules of the default bus. Once a second it reads the clock and fires each enabled rule whose time
 * has come, sending {@link EventEnvelope#scheduled scheduled events} to its targets through the
 * {@link TargetDispatcher} (so retries, dead-letter queues and input transformers apply as to any matched event). A
 * rate counts from when the rule was created or enabled; a cron fires on its minutes, UTC. Times missed (the clock
 * jumped, the machine slept) are not made up: the rule fires once and goes on from now, as EventBridge does not catch
 * up either. Reading an injected
 * {@link Clock} rather than sleeping until the due time lets tests move time on.
 */
final class RuleSchedules implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RuleSchedules.class);

    /** When a rule fires next; {@code schedule} tells a replaced expression from the one this was computed for. */
    private record Pending(ScheduleExpression schedule, Instant due) {
    }

    private final EventRouting routing;
    private final ObjectMapper json;
    private final Map<String, Pending> pending = new HashMap<>();
    private final ScheduledExecutorService ticker =
            Executors.newSingleThreadScheduledExecutor(DaemonThreads.factory("sluice-events-schedules"));

    RuleSchedules(EventRouting routing, ObjectMapper json) {
        this.routing = routing;
        this.json = json;
        ticker.scheduleWithFixedDelay(this::tickLogged, 1, 1, TimeUnit.SECONDS);
    }

    /** Fires what is due and notes new, changed, enabled, disabled and deleted rules; PutRule calls it at once. */
    synchronized void tick() {
        Instant now = routing.clock().instant();
        Set<String> seen = new HashSet<>();
        for (Rule rule : routing.buses().scheduledRules()) {
            if (!rule.enabled()) {
                continue; // forgotten below: enabling it again starts a rate afresh
            }
            seen.add(rule.arn());
            Pending current = pending.get(rule.arn());
            if (current == null || !current.schedule().text().equals(rule.schedule().text())) {
                pending.put(rule.arn(), new Pending(rule.schedule(), rule.schedule().nextAfter(now)));
                continue;
            }
            if (current.due() == null || current.due().isAfter(now)) {
                continue;
            }
            fire(rule, current.due());
            Instant next = rule.schedule().nextAfter(current.due());
            if (next != null && !next.isAfter(now)) {
                next = rule.schedule().nextAfter(now);
            }
            pending.put(rule.arn(), new Pending(rule.schedule(), next));
        }
        pending.keySet().retainAll(seen);
    }

    /**
     * Fires the scheduled rule {@code name} of the default bus now, whatever its schedule says, and returns the
     * event's id. Refused for an unknown rule, a rule without a schedule and a disabled rule (which does not fire).
     */
    String trigger(String name) {
        Rule rule = routing.buses().rule(EventBuses.DEFAULT_BUS, name);
        if (rule.schedule() == null) {
            throw AwsError.validation("Rule " + name + " has no ScheduleExpression: only scheduled rules can be"
                    + " triggered (put a matching event on its bus instead).");
        }
        if (!rule.enabled()) {
            throw AwsError.validation("Rule " + name + " is DISABLED and does not fire: enable it first (EnableRule).");
        }
        return fire(rule, routing.clock().instant());
    }

    private String fire(Rule rule, Instant due) {
        ObjectNode event = EventEnvelope.scheduled(json, routing.context(), rule, due);
        routing.dispatcher().dispatch(
                List.of(new TargetDispatcher.Match(rule, event, event.toString(), routing.clock().instant())));
        return event.get("id").asText();
    }

    private void tickLogged() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("scheduled rules: {}", e.toString());
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
