package dev.sluice.local.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.local.core.Json;
import dev.sluice.local.state.StateException;
import dev.sluice.local.state.StateStore;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.Props;
import org.apache.pekko.actor.Status;
import org.apache.pekko.pattern.Patterns;
import org.elasticmq.BinaryMessageAttribute;
import org.elasticmq.CreateQueueData;
import org.elasticmq.DeadLettersQueueData;
import org.elasticmq.DeduplicationId;
import org.elasticmq.MessageAttribute;
import org.elasticmq.MessageContent;
import org.elasticmq.MillisVisibilityTimeout;
import org.elasticmq.NeverReceived$;
import org.elasticmq.NumberMessageAttribute;
import org.elasticmq.OnDateTimeReceived;
import org.elasticmq.QueueData;
import org.elasticmq.Received;
import org.elasticmq.StringMessageAttribute;
import org.elasticmq.TracingId;
import org.elasticmq.actor.queue.InternalMessage;
import org.elasticmq.actor.queue.OperationSuccessful$;
import org.elasticmq.actor.queue.QueueEvent;
import org.elasticmq.msg.CreateQueue;
import org.elasticmq.msg.RestoreMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;
import scala.util.Either;

/**
 * Keeps ElasticMQ's queues and messages in the local cloud's {@link StateStore}, as ElasticMQ's own SQL persistence
 * does (elasticmq-persistence-sql 1.7.1: a queue event listener that the queue actors ask before they answer), with
 * what that one lacks here: its H2 pool is one per JVM (the first configuration wins, so a second local cloud in the
 * same JVM would write into the first one's file), it writes with H2's 500 ms write delay (a {@code kill -9} loses
 * the last half second), it restores FIFO messages as standard ones in no particular order, and it keeps messages a
 * {@code PurgeQueue} removed. Here messages carry their arrival order, FIFO queues come back as FIFO with their
 * groups in order, and every change is committed before ElasticMQ answers the client (so an acknowledged send is on
 * disk).
 *
 * <p>What comes back after a restart is what ElasticMQ had: the messages with their ids, bodies, attributes, receive
 * counts and visibility (a message in flight at the crash becomes visible when its visibility timeout ends, as on
 * SQS), and the queues with their settings (visibility timeout, delay, wait, redrive policy, FIFO, content-based
 * deduplication, tags). Not kept: FIFO deduplication ids of messages already deleted.
 */
final class PersistentQueues extends AbstractActor {

    private static final Logger LOG = LoggerFactory.getLogger(PersistentQueues.class);
    private static final java.time.Duration ASK = java.time.Duration.ofSeconds(30);

    private final StateStore store;
    /** Arrival order of messages, across queues (restart: continues after the largest kept). */
    private long sequence;

    private PersistentQueues(StateStore store, long sequence) {
        this.store = store;
        this.sequence = sequence;
    }

    /** Creates the tables if needed; returns the listener's props. */
    static Props props(StateStore store) {
        long last = store.read(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("create table if not exists queues (name varchar primary key, json varchar not null)");
                s.execute("create table if not exists messages (queue varchar not null, id varchar not null,"
                        + " seq bigint not null, receipts varchar not null, next_delivery bigint not null,"
                        + " body varchar not null, attributes varchar not null, created bigint not null,"
                        + " first_received bigint, receive_count int not null, group_id varchar, dedup_id varchar,"
                        + " tracing_id varchar, sequence_number varchar, dead_letter_source varchar,"
                        + " primary key (queue, id))");
                s.execute("create index if not exists messages_by_queue on messages (queue, seq)");
                try (ResultSet r = s.executeQuery("select coalesce(max(seq), 0) from messages")) {
                    r.next();
                    return r.getLong(1);
                }
            }
        });
        return Props.create(PersistentQueues.class, () -> new PersistentQueues(store, last));
    }

    @Override
    public Receive createReceive() {
        return receiveBuilder()
                .match(QueueEvent.QueueCreated.class, e -> saveQueue(e.queue()))
                .match(QueueEvent.QueueMetadataUpdated.class, e -> saveQueue(e.queue()))
                .match(QueueEvent.QueueDeleted.class, e -> deleteQueue(e.queueName()))
                .match(QueueEvent.MessageAdded.class, e -> acknowledge(addMessage(e.queueName(), e.message())))
                .match(QueueEvent.MessageUpdated.class, e -> acknowledge(updateMessage(e.queueName(), e.message())))
                .match(QueueEvent.MessageRemoved.class, e -> acknowledge(removeMessage(e.queueName(), e.messageId())))
                .match(Purged.class, e -> deleteMessages(e.queueName()))
                .build();
    }

    /** The messages of a purged queue go too (ElasticMQ tells its listener nothing about a purge). */
    record Purged(String queueName) {
    }

    private void acknowledge(java.util.concurrent.CompletableFuture<Void> written) {
        ActorRef asker = getSender();
        ActorRef self = getSelf();
        written.whenComplete((ok, failure) -> asker.tell(failure == null ? OperationSuccessful$.MODULE$
                : new Status.Failure(failure), self));
    }

    private void saveQueue(QueueData queue) {
        String json = Json.write(queueJson(queue));
        store.update("merge into queues key(name) values (?, ?)", queue.name(), json);
    }

    private void deleteQueue(String name) {
        store.write(c -> {
            StateStore.update(c, "delete from queues where name = ?", name);
            StateStore.update(c, "delete from messages where queue = ?", name);
        });
    }

    private void deleteMessages(String name) {
        store.update("delete from messages where queue = ?", name);
    }

    private java.util.concurrent.CompletableFuture<Void> addMessage(String queue, InternalMessage message) {
        long seq = ++sequence;
        Row row = Row.of(message);
        return store.update("merge into messages key(queue, id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                queue, row.id, seq, row.receipts, row.nextDelivery, row.body, row.attributes, row.created,
                row.firstReceived, row.receiveCount, row.groupId, row.dedupId, row.tracingId, row.sequenceNumber,
                row.deadLetterSource);
    }

    private java.util.concurrent.CompletableFuture<Void> updateMessage(String queue, InternalMessage message) {
        Row row = Row.of(message);
        return store.update("update messages set receipts = ?, next_delivery = ?, first_received = ?, receive_count = ?,"
                + " tracing_id = ?, sequence_number = ?, dead_letter_source = ? where queue = ? and id = ?",
                row.receipts, row.nextDelivery, row.firstReceived, row.receiveCount, row.tracingId, row.sequenceNumber,
                row.deadLetterSource, queue, row.id);
    }

    private java.util.concurrent.CompletableFuture<Void> removeMessage(String queue, String id) {
        return store.update("delete from messages where queue = ? and id = ?", queue, id);
    }

    // ---- restore ----

    /**
     * Creates the kept queues in {@code queueManager} (dead-letter queues before the queues that name them, so that
     * redrive finds its target) and gives each its messages in arrival order. Runs before ElasticMQ serves anyone.
     *
     * @return how many queues and messages came back
     */
    static int[] restore(StateStore store, ActorRef queueManager) {
        Map<String, ObjectNode> queues = new LinkedHashMap<>();
        store.read(c -> {
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("select name, json from queues")) {
                while (r.next()) {
                    queues.put(r.getString(1), read(r.getString(2), ObjectNode.class, "a queue", store));
                }
            }
            return null;
        });
        int messages = 0;
        for (String name : creationOrder(queues)) {
            ObjectNode queue = queues.get(name);
            CreateQueueData create = createQueueData(name, queue);
            Either<?, ActorRef> created = ask(queueManager, new CreateQueue(create));
            if (created.isLeft()) {
                throw new StateException("cannot restore queue " + name + " from " + store.file() + ": "
                        + created.left().get());
            }
            List<InternalMessage> kept = messagesOf(store, name, create.isFifo());
            if (!kept.isEmpty()) {
                ask(created.right().get(), new RestoreMessages(CollectionConverters.asScala(kept).toList()));
            }
            messages += kept.size();
        }
        return new int[] {queues.size(), messages};
    }

    /** Dead-letter (and move/copy) targets first; a cycle or a missing target keeps the rest in name order. */
    private static List<String> creationOrder(Map<String, ObjectNode> queues) {
        Set<String> ordered = new LinkedHashSet<>();
        List<String> left = new ArrayList<>(queues.keySet().stream().sorted().toList());
        while (!left.isEmpty()) {
            boolean progress = false;
            for (var it = left.iterator(); it.hasNext(); ) {
                String name = it.next();
                boolean ready = true;
                for (String dependency : dependencies(queues.get(name))) {
                    if (!dependency.equals(name) && queues.containsKey(dependency) && !ordered.contains(dependency)) {
                        ready = false;
                    }
                }
                if (ready) {
                    ordered.add(name);
                    it.remove();
                    progress = true;
                }
            }
            if (!progress) {
                ordered.addAll(left);
                break;
            }
        }
        return List.copyOf(ordered);
    }

    private static List<String> dependencies(ObjectNode queue) {
        List<String> names = new ArrayList<>();
        for (String field : List.of("deadLetterQueue", "copyMessagesTo", "moveMessagesTo")) {
            if (queue.hasNonNull(field)) {
                names.add(queue.get(field).isObject() ? queue.get(field).path("name").asText() : queue.get(field).asText());
            }
        }
        return names;
    }

    private static List<InternalMessage> messagesOf(StateStore store, String queue, boolean fifo) {
        return store.read(c -> {
            List<InternalMessage> all = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("select id, receipts, next_delivery, body, attributes, created,"
                    + " first_received, receive_count, group_id, dedup_id, tracing_id, sequence_number,"
                    + " dead_letter_source from messages where queue = ? order by seq")) {
                s.setString(1, queue);
                try (ResultSet r = s.executeQuery()) {
                    int order = 0;
                    while (r.next()) {
                        all.add(message(r, fifo, order++, store));
                    }
                }
            }
            return all;
        });
    }

    private static InternalMessage message(ResultSet r, boolean fifo, int orderIndex, StateStore store)
            throws SQLException {
        List<String> receipts = new ArrayList<>();
        for (JsonNode receipt : read(r.getString(2), ArrayNode.class, "a message", store)) {
            receipts.add(receipt.asText());
        }
        long firstReceived = r.getLong(7);
        Received received = r.wasNull() ? NeverReceived$.MODULE$
                : new OnDateTimeReceived(OffsetDateTime.ofInstant(Instant.ofEpochMilli(firstReceived), ZoneOffset.UTC));
        String dedup = r.getString(10);
        String tracing = r.getString(11);
        return new InternalMessage(r.getString(1), CollectionConverters.asScala(receipts), r.getLong(3),
                new MessageContent(r.getString(4)), attributes(read(r.getString(5), ArrayNode.class, "a message", store)),
                OffsetDateTime.ofInstant(Instant.ofEpochMilli(r.getLong(6)), ZoneOffset.UTC), orderIndex, received,
                r.getInt(8), fifo, Option.apply(r.getString(9)),
                dedup == null ? Option.empty() : Option.apply(new DeduplicationId(dedup)),
                tracing == null ? Option.empty() : Option.apply(new TracingId(tracing)),
                Option.apply(r.getString(12)), Option.apply(r.getString(13)));
    }

    private static scala.collection.immutable.Map<String, MessageAttribute> attributes(ArrayNode all) {
        scala.collection.immutable.Map<String, MessageAttribute> result = scala.collection.immutable.Map$.MODULE$.empty();
        for (JsonNode a : all) {
            Option<String> custom = a.hasNonNull("customType") ? Option.apply(a.get("customType").asText()) : Option.empty();
            String value = a.path("value").asText();
            MessageAttribute attribute = switch (a.path("type").asText()) {
                case "Number" -> new NumberMessageAttribute(value, custom);
                case "Binary" -> BinaryMessageAttribute.fromBase64(value, custom);
                default -> new StringMessageAttribute(value, custom);
            };
            result = result.updated(a.path("name").asText(), attribute);
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    private static <T> T ask(ActorRef actor, Object message) {
        try {
            Object answer = Patterns.ask(actor, message, ASK).toCompletableFuture()
                    .get(ASK.toMillis(), TimeUnit.MILLISECONDS);
            return (T) answer;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StateException("interrupted while restoring the queues", e);
        } catch (Exception e) {
            throw new StateException("ElasticMQ did not take the restored queues: " + e.getMessage(), e);
        }
    }

    // ---- JSON of queues and message columns ----

    private static ObjectNode queueJson(QueueData queue) {
        ObjectNode json = Json.object();
        json.put("visibilityTimeoutMillis", queue.defaultVisibilityTimeout().millis());
        json.put("delayMillis", queue.delay().toMillis());
        json.put("receiveMessageWaitMillis", queue.receiveMessageWait().toMillis());
        json.put("created", queue.created().toInstant().toEpochMilli());
        json.put("lastModified", queue.lastModified().toInstant().toEpochMilli());
        if (queue.deadLettersQueue().isDefined()) {
            DeadLettersQueueData dlq = queue.deadLettersQueue().get();
            json.putObject("deadLetterQueue").put("name", dlq.name()).put("maxReceiveCount", dlq.maxReceiveCount());
        }
        json.put("fifo", queue.isFifo());
        json.put("contentBasedDeduplication", queue.hasContentBasedDeduplication());
        if (queue.copyMessagesTo().isDefined()) {
            json.put("copyMessagesTo", queue.copyMessagesTo().get());
        }
        if (queue.moveMessagesTo().isDefined()) {
            json.put("moveMessagesTo", queue.moveMessagesTo().get());
        }
        ObjectNode tags = json.putObject("tags");
        CollectionConverters.asJava(queue.tags()).forEach(tags::put);
        return json;
    }

    private static CreateQueueData createQueueData(String name, ObjectNode json) {
        JsonNode dlq = json.path("deadLetterQueue");
        scala.collection.immutable.Map<String, String> tags = scala.collection.immutable.Map$.MODULE$.empty();
        for (var tag : json.path("tags").properties()) {
            tags = tags.updated(tag.getKey(), tag.getValue().asText());
        }
        return new CreateQueueData(name,
                Option.apply(new MillisVisibilityTimeout(json.path("visibilityTimeoutMillis").asLong(30_000))),
                Option.apply(Duration.ofMillis(json.path("delayMillis").asLong())),
                Option.apply(Duration.ofMillis(json.path("receiveMessageWaitMillis").asLong())),
                Option.apply(OffsetDateTime.ofInstant(Instant.ofEpochMilli(json.path("created").asLong()), ZoneOffset.UTC)),
                Option.apply(OffsetDateTime.ofInstant(Instant.ofEpochMilli(json.path("lastModified").asLong()),
                        ZoneOffset.UTC)),
                dlq.isObject() ? Option.apply(new DeadLettersQueueData(dlq.path("name").asText(),
                        dlq.path("maxReceiveCount").asInt())) : Option.empty(),
                json.path("fifo").asBoolean(), json.path("contentBasedDeduplication").asBoolean(),
                json.hasNonNull("copyMessagesTo") ? Option.apply(json.get("copyMessagesTo").asText()) : Option.empty(),
                json.hasNonNull("moveMessagesTo") ? Option.apply(json.get("moveMessagesTo").asText()) : Option.empty(),
                tags);
    }

    /** A queue's or message's JSON column, which must be a {@code type}; {@code what} names it in the error. */
    private static <T extends JsonNode> T read(String text, Class<T> type, String what, StateStore store) {
        try {
            return type.cast(Json.MAPPER.readTree(text));
        } catch (IOException | ClassCastException e) {
            throw new StateException(what + " in " + store.file() + " cannot be read; start fresh with"
                    + " 'sluice local up --fresh'", e);
        }
    }

    /** One message's columns. */
    private record Row(String id, String receipts, long nextDelivery, String body, String attributes, long created,
                       Long firstReceived, int receiveCount, String groupId, String dedupId, String tracingId,
                       String sequenceNumber, String deadLetterSource) {

        static Row of(InternalMessage m) {
            ArrayNode receipts = Json.MAPPER.createArrayNode();
            CollectionConverters.asJava(m.deliveryReceipts()).forEach(receipts::add);
            ArrayNode attributes = Json.MAPPER.createArrayNode();
            CollectionConverters.asJava(m.messageAttributes()).forEach((name, value) -> {
                ObjectNode a = attributes.addObject().put("name", name);
                if (value.customType().isDefined()) {
                    a.put("customType", value.customType().get());
                }
                if (value instanceof StringMessageAttribute s) {
                    a.put("type", "String").put("value", s.stringValue());
                } else if (value instanceof NumberMessageAttribute n) {
                    a.put("type", "Number").put("value", n.stringValue());
                } else if (value instanceof BinaryMessageAttribute b) {
                    a.put("type", "Binary").put("value", b.asBase64());
                }
            });
            Long firstReceived = m.firstReceive() instanceof OnDateTimeReceived when
                    ? when.when().toInstant().toEpochMilli() : null;
            return new Row(m.id(), Json.write(receipts), m.nextDelivery(), m.content().value(), Json.write(attributes),
                    m.created().toInstant().toEpochMilli(), firstReceived, m.receiveCount(),
                    orNull(m.messageGroupId()),
                    m.messageDeduplicationId().isDefined() ? m.messageDeduplicationId().get().id() : null,
                    m.tracingId().isDefined() ? m.tracingId().get().id() : null,
                    orNull(m.sequenceNumber()), orNull(m.deadLetterSourceQueueName()));
        }

        private static String orNull(Option<String> value) {
            return value.isDefined() ? value.get() : null;
        }
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
