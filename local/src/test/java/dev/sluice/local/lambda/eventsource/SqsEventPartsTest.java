package dev.sluice.local.lambda.eventsource;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/** A mapping's batch is cut into invokes whose events fit the synchronous payload quota (6 MB), in order. */
class SqsEventPartsTest {

    private static final String ARN = "arn:aws:sqs:us-east-1:000000000000:q";

    private static List<Message> messages(int count, int bodyBytes) {
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            messages.add(Message.builder().messageId("m" + i).receiptHandle("r" + i).body("x".repeat(bodyBytes))
                    .md5OfBody("md5").build());
        }
        return messages;
    }

    @Test
    void eightOneMegabyteMessagesMakeTwoInvokesEachWithinSixMegabytes() {
        List<Message> batch = messages(8, 1_000_000);

        List<List<Message>> parts = SqsEvent.partsWithin(batch, ARN, "us-east-1", SqsEvent.MAX_PAYLOAD_BYTES);

        assertThat(parts).hasSize(2);
        assertThat(parts.stream().flatMap(List::stream).toList()).as("every message once, in order")
                .containsExactlyElementsOf(batch);
        for (List<Message> part : parts) {
            assertThat(SqsEvent.of(part, ARN, "us-east-1").length).isLessThanOrEqualTo(SqsEvent.MAX_PAYLOAD_BYTES);
        }
    }

    @Test
    void partsAreFilledUpToExactlyTheLimit() {
        List<Message> batch = messages(3, 100);
        int two = SqsEvent.of(batch.subList(0, 2), ARN, "us-east-1").length;

        assertThat(SqsEvent.partsWithin(batch, ARN, "us-east-1", two)).extracting(List::size).containsExactly(2, 1);
        assertThat(SqsEvent.partsWithin(batch, ARN, "us-east-1", two - 1)).extracting(List::size)
                .containsExactly(1, 1, 1);
        assertThat(SqsEvent.partsWithin(batch, ARN, "us-east-1", SqsEvent.MAX_PAYLOAD_BYTES)).extracting(List::size)
                .containsExactly(3);
    }
}
