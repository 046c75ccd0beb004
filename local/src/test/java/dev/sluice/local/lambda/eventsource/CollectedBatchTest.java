package dev.sluice.local.lambda.eventsource;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/** A batch holds each message once, and its receives outlast the window when the queue's visibility would not. */
class CollectedBatchTest {

    @Test
    void aMessageReceivedAgainKeepsItsPlaceAndTakesTheNewestReceiptHandle() {
        CollectedBatch batch = new CollectedBatch();

        batch.add(List.of(message("a", "a-1"), message("b", "b-1")));
        batch.add(List.of(message("c", "c-1"), message("a", "a-2")));
        batch.add(List.of(message("a", "a-3")));

        assertThat(batch.messages()).extracting(Message::messageId).containsExactly("a", "b", "c");
        assertThat(batch.messages()).extracting(Message::receiptHandle).containsExactly("a-3", "b-1", "c-1");
        assertThat(batch.size()).isEqualTo(3);
        assertThat(batch.receivedAgain()).isEqualTo(2);
    }

    @Test
    void receivesUseTheQueuesVisibilityWhenTheWindowAndTheFunctionFitInIt() {
        EventSourceMappingConfig config = config(30, 10, 20);

        assertThat(config.windowOutlastsVisibility()).isFalse();
        assertThat(config.receiveVisibilitySeconds(20)).isNull();
        assertThat(config.receiveVisibilitySeconds(0)).isNull();
    }

    @Test
    void aWindowThatOutlastsTheVisibilityHoldsMessagesForTheRestOfItAndTheFunctionTimeout() {
        EventSourceMappingConfig config = config(30, 10, 60); // window 60 s + timeout 10 s > 30 s

        assertThat(config.windowOutlastsVisibility()).isTrue();
        assertThat(config.receiveVisibilitySeconds(60)).isEqualTo(70);
        assertThat(config.receiveVisibilitySeconds(25)).isEqualTo(35);
        assertThat(config.receiveVisibilitySeconds(5)).as("never below the queue's own").isEqualTo(30);
        assertThat(config.receiveVisibilitySeconds(-3)).isEqualTo(30);
        assertThat(config(60, 900, 300).receiveVisibilitySeconds(300)).isEqualTo(1200);
        assertThat(config(0, 0, 300).receiveVisibilitySeconds(Long.MAX_VALUE / 2)).as("SQS's 12 hours at most")
                .isEqualTo(43_200);
    }

    private static EventSourceMappingConfig config(int visibility, int functionTimeout, int window) {
        return new EventSourceMappingConfig("uuid", "arn:aws:lambda:us-east-1:000000000000:function:f",
                "arn:aws:sqs:us-east-1:000000000000:q", "http://127.0.0.1/000000000000/q", false, 100, window, true,
                false, null, Instant.EPOCH, visibility, functionTimeout);
    }

    private static Message message(String id, String receiptHandle) {
        return Message.builder().messageId(id).receiptHandle(receiptHandle).body(id).build();
    }
}
