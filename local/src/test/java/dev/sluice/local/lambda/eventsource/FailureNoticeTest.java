package dev.sluice.local.lambda.eventsource;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.local.lambda.eventsource.FailureNotice.QueueFacts;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** What the failure lines say happens next, from the queue's settings and each record's receive count. */
class FailureNoticeTest {

    private static final QueueFacts WITH_DLQ = new QueueFacts(30, 3, "orders-dlq");
    private static final QueueFacts NO_DLQ = new QueueFacts(30, 0, null);
    private static final QueueFacts UNKNOWN = new QueueFacts(-1, 0, null);

    private static Message received(String id, int count) {
        return Message.builder().messageId(id)
                .attributes(Map.of(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, Integer.toString(count)))
                .build();
    }

    @Test
    void aBatchBelowMaxReceiveCountReturns() {
        assertThat(FailureNotice.fate(List.of(received("a", 1), received("b", 2)), WITH_DLQ)).isEqualTo(
                "the records return after the visibility timeout (30 s) (their receive counts are below"
                        + " maxReceiveCount 3)");
    }

    @Test
    void recordsAtMaxReceiveCountMoveToTheDeadLetterQueue() {
        assertThat(FailureNotice.fate(List.of(received("a", 1), received("b", 3)), WITH_DLQ)).isEqualTo(
                "1 record(s) return after the visibility timeout (30 s); 1 record(s) reached maxReceiveCount 3 and"
                        + " move to the dead-letter queue orders-dlq after the visibility timeout (30 s): b");
        assertThat(FailureNotice.fate(List.of(received("a", 4)), WITH_DLQ)).startsWith("1 record(s) reached");
    }

    @Test
    void withoutARedrivePolicyRecordsAlwaysReturn() {
        assertThat(FailureNotice.fate(List.of(received("a", 9)), NO_DLQ))
                .isEqualTo("the records return after the visibility timeout (30 s) (the queue has no dead-letter queue)");
        assertThat(FailureNotice.recordFate(received("a", 9), 0, NO_DLQ))
                .isEqualTo("it returns after the visibility timeout (30 s) (the queue has no dead-letter queue)");
    }

    @Test
    void oneRecordsFate() {
        assertThat(FailureNotice.recordFate(received("a", 1), 0, WITH_DLQ))
                .isEqualTo("it returns after the visibility timeout (30 s), receive 1 of maxReceiveCount 3");
        assertThat(FailureNotice.recordFate(received("a", 3), 0, WITH_DLQ)).isEqualTo(
                "it moves to the dead-letter queue orders-dlq after the visibility timeout (30 s) (receive 3 reached"
                        + " maxReceiveCount 3)");
        assertThat(FailureNotice.recordFate(received("a", 1), 2, WITH_DLQ)).isEqualTo("it returns with the 2 later"
                + " record(s) of its message group after the visibility timeout (30 s), receive 1 of maxReceiveCount 3");
    }

    @Test
    void unreadableSettingsSaySo() {
        assertThat(FailureNotice.fate(List.of(received("a", 1)), UNKNOWN)).contains("could not be read");
        assertThat(FailureNotice.recordFate(received("a", 1), 0, UNKNOWN)).contains("could not be read");
    }
}
