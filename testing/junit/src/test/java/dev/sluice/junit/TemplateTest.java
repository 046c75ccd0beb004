package dev.sluice.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.Message;

/** A hand-written template instead of a CDK app, deployed into the same cloud as every other class of the run. */
@ExtendWith(AcmeFixtures.class)
@LocalCloudTest(templates = AcmeFixtures.TEMPLATE)
class TemplateTest {

    @Test
    void sharesTheRunsCloud(TestCloud cloud) {
        assertThat(SameCloud.seen(cloud.endpoint())).containsExactly(cloud.endpoint());
    }

    @Test
    void theTemplatesQueueTakesMessages(TestCloud cloud) {
        cloud.purge("plain-inbox");
        cloud.sendMessage("plain-inbox", "first");
        cloud.sendMessage("plain-inbox", "second");

        assertThat(cloud.depth("plain-inbox")).isEqualTo(2);
        assertThat(cloud.awaitMessages("plain-inbox", 2, Duration.ofSeconds(10))).extracting(Message::body)
                .containsExactlyInAnyOrder("first", "second");
        cloud.assertEmpty("plain-inbox");
    }

    @Test
    void purgeEmptiesAQueue(TestCloud cloud) {
        cloud.sendMessage("plain-inbox", "to be purged");

        cloud.purgeQueues();

        assertThat(cloud.depth("plain-inbox")).isZero();
    }

    @Test
    void anUnknownQueueIsNamedInTheFailure(TestCloud cloud) {
        assertThatThrownBy(() -> cloud.sendMessage("no-such-queue", "x"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("no queue named 'no-such-queue' in the local cloud\n---- local cloud at ");
    }

    @Test
    void aFailedEventEntryIsNamedWithItsErrorCode(TestCloud cloud) {
        assertThatThrownBy(() -> cloud.putEvent("no-such-bus", "acme.jobs", "JobSubmitted", "{}"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("PutEvents refused 1 entries: [entry 0 (JobSubmitted on bus no-such-bus): ");
    }
}
