package dev.sluice.local.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.local.core.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The replays, and the thread each one runs on. A replay takes the archive's events whose time is in its window,
 * oldest first, adds {@code replay-name} to each envelope and routes it through the destination bus's rules (only
 * those in FilterArns, when given) to their targets, as AWS does. Replayed events are never archived again.
 */
final class Replays {

    private static final Logger LOG = LoggerFactory.getLogger(Replays.class);
    /** Events handed to the dispatcher at once: a cancel takes effect between chunks. */
    private static final int CHUNK = 100;

    private final EventRouting routing;
    private final Archives archives;
    private final ByName<Replay> byName = new ByName<>("Replay");

    Replays(EventRouting routing, Archives archives) {
        this.routing = routing;
        this.archives = archives;
    }

    String arn(String name) {
        return routing.context().arn("events", "replay/" + name).toString();
    }

    /** Registers the replay and starts it; the name must be new. */
    synchronized Replay start(Replay.Request request, Archive archive) {
        String name = request.name();
        Replay replay = byName.add(name, () -> new Replay(request, arn(name), routing.clock().instant()));
        DaemonThreads.start("sluice-events-replay-" + name, () -> run(replay, archive));
        return replay;
    }

    synchronized Replay replay(String name) {
        return byName.get(name);
    }

    synchronized List<Replay> list(String prefix, String archiveArn, String state) {
        return byName.all().stream()
                .filter(r -> prefix == null || r.name().startsWith(prefix))
                .filter(r -> archiveArn == null || r.request.archiveArn().equals(archiveArn))
                .filter(r -> state == null || r.state().name().equals(state))
                .toList();
    }

    private void run(Replay replay, Archive archive) {
        try {
            archives.expire(archive);
            List<Archive.Kept> events = archive.between(replay.request.eventStartTime(), replay.request.eventEndTime());
            replay.running();
            for (int from = 0; from < events.size() && !replay.cancelling(); from += CHUNK) {
                EventBuses.Bus bus = routing.buses().findBus(archive.busName);
                if (bus == null) {
                    replay.failed(routing.clock().instant(), "Event bus " + archive.busName + " does not exist.");
                    return;
                }
                List<TargetDispatcher.Match> matches = new ArrayList<>();
                for (Archive.Kept kept : events.subList(from, Math.min(events.size(), from + CHUNK))) {
                    ObjectNode envelope = ((ObjectNode) kept.envelope()).deepCopy();
                    envelope.put("replay-name", replay.name());
                    String eventJson = envelope.toString();
                    for (Rule rule : bus.routes.match(envelope)) {
                        if (replay.request.filterArns().isEmpty() || replay.request.filterArns().contains(rule.arn())) {
                            matches.add(new TargetDispatcher.Match(rule, envelope, eventJson,
                                    routing.clock().instant()));
                        }
                    }
                    replay.replayed(kept.eventTime());
                }
                routing.dispatcher().dispatch(matches);
            }
            replay.finished(routing.clock().instant());
            LOG.info("Replay {} of archive {}: {} event(s) replayed, {}", replay.name(), archive.name,
                    replay.replayedEvents(), replay.state());
        } catch (RuntimeException e) {
            LOG.error("Replay {} failed", replay.name(), e);
            replay.failed(routing.clock().instant(), "Internal error in the local EventBridge: " + e);
        }
    }
}
