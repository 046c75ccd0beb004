package dev.sluice.local.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.local.core.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An archive's memory bound and retention: the oldest events go first, and the store hears of each. */
class ArchiveCapTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    private static Archive archive(int retentionDays) {
        return new Archive("a", "arn:a", "b", "arn:b", NOW, null, null, retentionDays);
    }

    private static Archive.Kept kept(long id, Instant receivedAt) {
        ObjectNode envelope = Json.object().put("time", receivedAt.toString());
        return new Archive.Kept(receivedAt, receivedAt, envelope, 10, id);
    }

    @Test
    void keepsAtMostTheCapDroppingTheOldest() {
        Archive archive = archive(0);
        List<Long> dropped = new ArrayList<>();
        for (long id = 1; id <= Archive.MAX_EVENTS + 3; id++) {
            archive.keep(kept(id, NOW), NOW, dropped::add);
        }
        assertThat(archive.eventCount()).isEqualTo(Archive.MAX_EVENTS);
        assertThat(archive.sizeBytes()).isEqualTo(10L * Archive.MAX_EVENTS);
        assertThat(dropped).containsExactly(1L, 2L, 3L);
    }

    @Test
    void dropsEventsPastTheirRetention() {
        Archive archive = archive(1);
        List<Long> dropped = new ArrayList<>();
        archive.keep(kept(1, NOW.minus(Duration.ofDays(2))), NOW.minus(Duration.ofDays(2)), dropped::add);
        archive.keep(kept(2, NOW.minus(Duration.ofHours(1))), NOW.minus(Duration.ofHours(1)), dropped::add);
        archive.expire(NOW, dropped::add);
        assertThat(dropped).containsExactly(1L);
        assertThat(archive.eventCount()).isEqualTo(1);
    }

    @Test
    void selectsTheWindowOldestEventTimeFirst() {
        Archive archive = archive(0);
        archive.keep(kept(1, NOW.plusSeconds(30)), NOW, id -> { });
        archive.keep(kept(2, NOW.plusSeconds(10)), NOW, id -> { });
        archive.keep(kept(3, NOW.plusSeconds(90)), NOW, id -> { });
        assertThat(archive.between(NOW, NOW.plusSeconds(60))).extracting(Archive.Kept::storeId).containsExactly(2L, 1L);
    }
}
