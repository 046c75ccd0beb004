package dev.sluice.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.local.core.CloudContext;
import dev.sluice.local.core.Json;
import dev.sluice.local.state.PendingWork;
import dev.sluice.local.state.StateException;
import dev.sluice.local.state.StateStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The archives of every bus, and the events they keep. PutEvents hands each accepted event to {@link #record}; with
 * a state store the kept events are on disk before PutEvents answers (one transaction per call), as deliveries are.
 */
final class Archives {

    /** One event PutEvents accepted: the bus it was put on, its envelope and when it arrived. */
    record Incoming(String busName, ObjectNode envelope, Instant receivedAt) {
    }

    private final CloudContext context;
    private final Clock clock;
    private final ByName<Archive> byName = new ByName<>("Archive");
    /** Where kept events live between runs ({@link PendingWork#NONE}: memory only). */
    private volatile PendingWork store = PendingWork.NONE;

    Archives(CloudContext context, Clock clock) {
        this.context = context;
        this.clock = clock;
    }

    String arn(String name) {
        return context.arn("events", "archive/" + name).toString();
    }

    synchronized Archive create(String name, EventBuses.Bus bus, String description, String pattern, int retentionDays) {
        return byName.add(name, () -> new Archive(name, arn(name), bus.name, bus.arn, clock.instant(), description,
                pattern, retentionDays));
    }

    synchronized Archive archive(String name) {
        return byName.get(name);
    }

    /** The archive, or null. */
    synchronized Archive find(String name) {
        return byName.find(name);
    }

    synchronized void delete(String name) {
        Archive archive = archive(name);
        byName.remove(name);
        archive.storeIds().forEach(store::forget);
    }

    synchronized List<Archive> list(String prefix, String busArn) {
        return byName.all().stream()
                .filter(a -> prefix == null || a.name.startsWith(prefix))
                .filter(a -> busArn == null || a.busArn.equals(busArn))
                .toList();
    }

    /**
     * Keeps each event in every archive of its bus whose pattern it matches. Replayed events never come here: AWS
     * does not archive them.
     */
    void record(List<Incoming> accepted) {
        List<Archive> targets = new ArrayList<>();
        List<Incoming> events = new ArrayList<>();
        synchronized (this) {
            if (byName.all().isEmpty()) {
                return;
            }
            for (Incoming in : accepted) {
                for (Archive archive : byName.all()) {
                    if (archive.busName.equals(in.busName()) && archive.matches(in.envelope())) {
                        targets.add(archive);
                        events.add(in);
                    }
                }
            }
        }
        if (events.isEmpty()) {
            return;
        }
        long[] ids = new long[events.size()];
        if (store.persistent()) {
            List<String> jsons = new ArrayList<>();
            for (int i = 0; i < events.size(); i++) {
                jsons.add(storeJson(targets.get(i), events.get(i)));
            }
            ids = store.keepAll(jsons);
        }
        Instant now = clock.instant();
        for (int i = 0; i < events.size(); i++) {
            Incoming in = events.get(i);
            targets.get(i).keep(kept(in.envelope(), in.receivedAt(), ids[i]), now, store::forget);
        }
    }

    private static String storeJson(Archive archive, Incoming in) {
        return Json.write(Json.object().put("archive", archive.name).put("receivedAt", in.receivedAt().toString())
                .put("event", in.envelope().toString()));
    }

    private static Archive.Kept kept(JsonNode envelope, Instant receivedAt, long storeId) {
        Instant eventTime = Instant.parse(envelope.path("time").asText());
        int size = envelope.toString().getBytes(StandardCharsets.UTF_8).length;
        return new Archive.Kept(eventTime, receivedAt, envelope, size, storeId);
    }

    /** Drops what passed its retention (before a describe or a replay reads an archive). */
    void expire(Archive archive) {
        archive.expire(clock.instant(), store::forget);
    }

    /** The archives' settings, for the service's state document. */
    synchronized ArrayNode snapshot() {
        ArrayNode all = Json.object().arrayNode();
        for (Archive a : byName.all()) {
            all.addObject().put("name", a.name).put("bus", a.busName).put("created", a.created.toString())
                    .put("description", a.description()).put("eventPattern", a.pattern())
                    .put("retentionDays", a.retentionDays());
        }
        return all;
    }

    /** Puts back the archives of a {@link #snapshot()} (their buses restored already). */
    synchronized void restore(JsonNode archives, EventBuses buses) {
        for (JsonNode a : archives) {
            EventBuses.Bus bus = buses.findBus(a.path("bus").asText());
            if (bus == null) {
                continue;
            }
            String name = a.path("name").asText();
            byName.restore(name, new Archive(name, arn(name), bus.name, bus.arn, Instant.parse(a.path("created").asText()),
                    a.path("description").asText(null), a.path("eventPattern").asText(null),
                    a.path("retentionDays").asInt()));
        }
    }

    /**
     * Keeps archived events in {@code work} from now on, after putting back those it holds from an earlier run (in
     * the order they were kept). Call after {@link #restore}.
     *
     * @return how many events came back
     */
    int persistTo(PendingWork work, ObjectMapper json) {
        int restored = 0;
        Instant now = clock.instant();
        for (StateStore.Pending pending : work.kept()) {
            try {
                JsonNode kept = json.readTree(pending.json());
                Archive archive = find(kept.path("archive").asText());
                if (archive == null) {
                    work.forget(pending.id());
                    continue;
                }
                archive.keep(kept(json.readTree(kept.path("event").asText()),
                        Instant.parse(kept.path("receivedAt").asText()), pending.id()), now, work::forget);
                restored++;
            } catch (IOException | RuntimeException e) {
                throw new StateException("an archived event cannot be read (" + e.getMessage()
                        + "); start fresh with 'sluice local up --fresh'", e);
            }
        }
        store = work;
        return restored;
    }
}
