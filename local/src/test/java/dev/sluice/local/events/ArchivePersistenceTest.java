package dev.sluice.local.events;

import dev.sluice.local.state.StateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** With a state store, archives and their events come back after a restart; a deleted archive's events do not. */
class ArchivePersistenceTest {

    private static final DeliverySettings FAST = new DeliverySettings(Duration.ofMillis(1), Duration.ofMillis(20),
            Clock.systemUTC(), 2);

    @Test
    void archivesAndTheirEventsSurviveARestart(@TempDir Path dir) {
        try (StateStore state = StateStore.open(dir); LocalEvents first = new LocalEvents(FAST, state)) {
            String bus = first.events.createEventBus(b -> b.name("kept")).eventBusArn();
            first.events.createArchive(b -> b.archiveName("kept-archive").eventSourceArn(bus)
                    .eventPattern("{\"source\":[\"shop\"]}"));
            first.events.createArchive(b -> b.archiveName("dropped-archive").eventSourceArn(bus));
            for (int i = 0; i < 3; i++) {
                first.events.putEvents(b -> b.entries(PutEventsRequestEntry.builder().eventBusName("kept")
                        .source("shop").detailType("OrderPlaced").detail("{}").build()));
            }
            first.events.deleteArchive(b -> b.archiveName("dropped-archive"));
        }
        try (StateStore state = StateStore.open(dir); LocalEvents second = new LocalEvents(FAST, state)) {
            var archive = second.events.describeArchive(b -> b.archiveName("kept-archive"));
            assertThat(archive.eventCount()).isEqualTo(3);
            assertThat(archive.eventPattern()).isEqualTo("{\"source\":[\"shop\"]}");
            assertThat(second.events.listArchives(b -> b.namePrefix("dropped")).archives()).isEmpty();
            assertThat(state.pending("events-archive")).hasSize(3);
        }
    }
}
