package dev.sluice.local.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.testing.Await;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.model.ArchiveState;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.IllegalStatusException;
import software.amazon.awssdk.services.eventbridge.model.InvalidEventPatternException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.ReplayState;
import software.amazon.awssdk.services.eventbridge.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.sqs.model.Message;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Archives and replays through the AWS SDK (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-archive.html):
 * an archive keeps the events of its bus that match its pattern; a replay sends them again, with {@code replay-name},
 * to the rules of that bus (or those in FilterArns) — including rules added after the events were put.
 */
class ArchiveReplayTest {

    @AutoClose
    private static final LocalEvents local = new LocalEvents();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void replayDeliversArchivedEventsToARuleAddedAfterwards() throws Exception {
        String bus = local.events.createEventBus(b -> b.name("replay-orders")).eventBusArn();
        String archive = local.events.createArchive(b -> b.archiveName("orders-archive").eventSourceArn(bus)
                .eventPattern("{\"source\":[\"shop\"]}").retentionDays(7)).archiveArn();
        assertThat(archive).isEqualTo("arn:aws:events:us-east-1:000000000000:archive/orders-archive");

        Instant before = Instant.now().minusSeconds(60);
        for (int i = 1; i <= 3; i++) {
            put("replay-orders", "shop", "{\"n\":" + i + "}");
        }
        put("replay-orders", "elsewhere", "{\"n\":99}"); // not matched by the archive's pattern
        var described = local.events.describeArchive(b -> b.archiveName("orders-archive"));
        assertThat(described.eventCount()).isEqualTo(3);
        assertThat(described.sizeBytes()).isPositive();
        assertThat(described.state()).isEqualTo(ArchiveState.ENABLED);
        assertThat(described.retentionDays()).isEqualTo(7);

        // the rule and its queue exist only after the events were put: only a replay can fill the queue
        String queue = local.createQueue("replayed");
        local.events.putRule(b -> b.name("all-orders").eventBusName("replay-orders")
                .eventPattern("{\"detail-type\":[\"OrderPlaced\"]}"));
        local.events.putTargets(b -> b.rule("all-orders").eventBusName("replay-orders")
                .targets(Target.builder().id("q").arn(queue).build()));

        var started = local.events.startReplay(b -> b.replayName("first").eventSourceArn(archive)
                .eventStartTime(before).eventEndTime(Instant.now().plusSeconds(60))
                .destination(d -> d.arn(bus)));
        assertThat(started.state()).isEqualTo(ReplayState.STARTING);
        Await.until("replay first completed", Duration.ofSeconds(10), () ->
                local.events.describeReplay(b -> b.replayName("first")).state() == ReplayState.COMPLETED);

        List<Message> messages = local.receive("replayed", 3, 10);
        assertThat(messages).hasSize(3);
        for (Message m : messages) {
            JsonNode event = JSON.readTree(m.body());
            assertThat(event.path("replay-name").asText()).isEqualTo("first");
            assertThat(event.path("source").asText()).isEqualTo("shop");
        }
        var replay = local.events.describeReplay(b -> b.replayName("first"));
        assertThat(replay.eventSourceArn()).isEqualTo(archive);
        assertThat(replay.destination().arn()).isEqualTo(bus);
        assertThat(replay.eventLastReplayedTime()).isNotNull();
        assertThat(replay.replayEndTime()).isNotNull();
        // replayed events are not archived again
        assertThat(local.events.describeArchive(b -> b.archiveName("orders-archive")).eventCount()).isEqualTo(3);
        assertThat(local.events.listReplays(b -> b.eventSourceArn(archive)).replays())
                .extracting(r -> r.replayName()).containsExactly("first");
    }

    @Test
    void filterArnsLimitTheReplayToThoseRules() throws Exception {
        String bus = local.events.createEventBus(b -> b.name("replay-filter")).eventBusArn();
        String archive = local.events.createArchive(b -> b.archiveName("filter-archive").eventSourceArn(bus))
                .archiveArn();
        Instant before = Instant.now().minusSeconds(60);
        put("replay-filter", "shop", "{\"n\":1}");
        String chosen = local.createQueue("replay-chosen");
        String other = local.createQueue("replay-other");
        String chosenRule = local.events.putRule(b -> b.name("chosen").eventBusName("replay-filter")
                .eventPattern("{\"source\":[\"shop\"]}")).ruleArn();
        local.events.putTargets(b -> b.rule("chosen").eventBusName("replay-filter")
                .targets(Target.builder().id("q").arn(chosen).build()));
        local.events.putRule(b -> b.name("other").eventBusName("replay-filter")
                .eventPattern("{\"source\":[\"shop\"]}"));
        local.events.putTargets(b -> b.rule("other").eventBusName("replay-filter")
                .targets(Target.builder().id("q").arn(other).build()));

        local.events.startReplay(b -> b.replayName("filtered").eventSourceArn(archive).eventStartTime(before)
                .eventEndTime(Instant.now().plusSeconds(60)).destination(d -> d.arn(bus).filterArns(chosenRule)));
        Await.until("replay filtered completed", Duration.ofSeconds(10), () ->
                local.events.describeReplay(b -> b.replayName("filtered")).state() == ReplayState.COMPLETED);

        assertThat(local.receive("replay-chosen", 1, 10)).hasSize(1);
        assertThat(local.receive("replay-other", 1, 2)).isEmpty();
    }

    @Test
    void eventsOutsideTheWindowAreNotReplayed() throws Exception {
        String bus = local.events.createEventBus(b -> b.name("replay-window")).eventBusArn();
        String archive = local.events.createArchive(b -> b.archiveName("window-archive").eventSourceArn(bus))
                .archiveArn();
        local.events.putEvents(b -> b.entries(PutEventsRequestEntry.builder().eventBusName("replay-window")
                .source("shop").detailType("OrderPlaced").detail("{}").time(Instant.parse("2020-01-01T00:00:00Z"))
                .build()));
        String queue = local.createQueue("replay-window-q");
        local.events.putRule(b -> b.name("all").eventBusName("replay-window").eventPattern("{\"source\":[\"shop\"]}"));
        local.events.putTargets(b -> b.rule("all").eventBusName("replay-window")
                .targets(Target.builder().id("q").arn(queue).build()));

        local.events.startReplay(b -> b.replayName("window").eventSourceArn(archive)
                .eventStartTime(Instant.parse("2021-01-01T00:00:00Z")).eventEndTime(Instant.now())
                .destination(d -> d.arn(bus)));
        Await.until("replay window completed", Duration.ofSeconds(10), () ->
                local.events.describeReplay(b -> b.replayName("window")).state() == ReplayState.COMPLETED);
        assertThat(local.events.describeReplay(b -> b.replayName("window")).eventLastReplayedTime()).isNull();
        assertThat(local.receive("replay-window-q", 1, 2)).isEmpty();
    }

    @Test
    void archiveErrorsInAwsWords() {
        String bus = local.events.createEventBus(b -> b.name("archive-errors")).eventBusArn();
        local.events.createArchive(b -> b.archiveName("dup").eventSourceArn(bus));
        assertThatThrownBy(() -> local.events.createArchive(b -> b.archiveName("dup").eventSourceArn(bus)))
                .isInstanceOf(ResourceAlreadyExistsException.class).hasMessageContaining("Archive dup already exists.");
        assertThatThrownBy(() -> local.events.describeArchive(b -> b.archiveName("nope")))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("Archive nope does not exist.");
        assertThatThrownBy(() -> local.events.createArchive(b -> b.archiveName("bad").eventSourceArn(bus)
                .eventPattern("{\"source\":\"shop\"}")))
                .isInstanceOf(InvalidEventPatternException.class);
        assertThatThrownBy(() -> local.events.createArchive(b -> b.archiveName("no-bus")
                .eventSourceArn("arn:aws:events:us-east-1:000000000000:event-bus/missing")))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("Event bus missing does not exist.");

        local.events.updateArchive(b -> b.archiveName("dup").description("kept").retentionDays(3));
        var updated = local.events.describeArchive(b -> b.archiveName("dup"));
        assertThat(updated.description()).isEqualTo("kept");
        assertThat(updated.retentionDays()).isEqualTo(3);
        assertThat(local.events.listArchives(b -> b.namePrefix("du")).archives())
                .extracting(a -> a.archiveName()).containsExactly("dup");
        assertThatThrownBy(() -> local.events.listArchives(b -> b.namePrefix("du").eventSourceArn(bus)))
                .isInstanceOf(EventBridgeException.class).hasMessageContaining("At most one filter is allowed");

        local.events.deleteArchive(b -> b.archiveName("dup"));
        assertThatThrownBy(() -> local.events.deleteArchive(b -> b.archiveName("dup")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void replayErrorsInAwsWords() throws Exception {
        String bus = local.events.createEventBus(b -> b.name("replay-errors")).eventBusArn();
        String archive = local.events.createArchive(b -> b.archiveName("errors-archive").eventSourceArn(bus))
                .archiveArn();
        Instant now = Instant.now();
        assertThatThrownBy(() -> local.events.startReplay(b -> b.replayName("r").eventSourceArn(archive)
                .eventStartTime(now).eventEndTime(now.minusSeconds(60)).destination(d -> d.arn(bus))))
                .isInstanceOf(EventBridgeException.class)
                .hasMessageContaining("Parameter EventEndTime is not valid. Reason: EventStartTime must be before"
                        + " EventEndTime.");
        assertThatThrownBy(() -> local.events.startReplay(b -> b.replayName("r")
                .eventSourceArn("arn:aws:events:us-east-1:000000000000:archive/missing")
                .eventStartTime(now.minusSeconds(60)).eventEndTime(now).destination(d -> d.arn(bus))))
                .isInstanceOf(EventBridgeException.class)
                .hasMessageContaining("Parameter EventSourceArn is not valid. Reason: Archive missing does not exist.");
        assertThatThrownBy(() -> local.events.startReplay(b -> b.replayName("r").eventSourceArn(archive)
                .eventStartTime(now.minusSeconds(60)).eventEndTime(now)
                .destination(d -> d.arn("arn:aws:events:us-east-1:000000000000:event-bus/default"))))
                .isInstanceOf(EventBridgeException.class)
                .hasMessageContaining("Cross event bus replay is not permitted.");

        local.events.startReplay(b -> b.replayName("r").eventSourceArn(archive).eventStartTime(now.minusSeconds(60))
                .eventEndTime(now).destination(d -> d.arn(bus)));
        assertThatThrownBy(() -> local.events.startReplay(b -> b.replayName("r").eventSourceArn(archive)
                .eventStartTime(now.minusSeconds(60)).eventEndTime(now).destination(d -> d.arn(bus))))
                .isInstanceOf(ResourceAlreadyExistsException.class).hasMessageContaining("Replay r already exists.");
        Await.until("replay r completed", Duration.ofSeconds(10), () ->
                local.events.describeReplay(b -> b.replayName("r")).state() == ReplayState.COMPLETED);
        assertThatThrownBy(() -> local.events.cancelReplay(b -> b.replayName("r")))
                .isInstanceOf(IllegalStatusException.class)
                .hasMessageContaining("Replay r is not in a valid state for this operation.");
        assertThatThrownBy(() -> local.events.describeReplay(b -> b.replayName("nope")))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("Replay nope does not exist.");
    }

    private static void put(String bus, String source, String detail) {
        var response = local.events.putEvents(b -> b.entries(PutEventsRequestEntry.builder().eventBusName(bus)
                .source(source).detailType("OrderPlaced").detail(detail).build()));
        assertThat(response.failedEntryCount()).isZero();
    }
}
