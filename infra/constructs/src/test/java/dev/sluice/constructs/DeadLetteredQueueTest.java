package dev.sluice.constructs;

import static dev.sluice.constructs.TestScopes.stack;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class DeadLetteredQueueTest {

    private static Template synth(DeadLetteredQueueProps props) {
        Stack stack = stack();
        new DeadLetteredQueue(stack, "Work", props);
        return Template.fromStack(stack);
    }

    @Test
    void defaults() {
        Template template = synth(DeadLetteredQueueProps.builder().build());
        template.resourceCountIs("AWS::SQS::Queue", 2);
        template.hasResourceProperties("AWS::SQS::Queue", Map.of(
                "VisibilityTimeout", 30,
                "QueueName", Match.absent(),
                "RedrivePolicy", Map.of("maxReceiveCount", 3, "deadLetterTargetArn", Map.of("Fn::GetAtt",
                        List.of(Match.stringLikeRegexp("WorkDeadLetterQueue.*"), "Arn")))));
        template.hasResourceProperties("AWS::SQS::Queue", Map.of("MessageRetentionPeriod", 1_209_600));
    }

    @Test
    void queueName() {
        Template template = synth(DeadLetteredQueueProps.builder().queueName("outbox").build());
        template.hasResourceProperties("AWS::SQS::Queue", Map.of("QueueName", "outbox"));
        template.hasResourceProperties("AWS::SQS::Queue", Map.of("QueueName", "outbox-dlq"));
    }

    @Test
    void fifoAppendsTheSuffix() {
        Template template = synth(DeadLetteredQueueProps.builder().queueName("outbox").fifo(true).build());
        template.hasResourceProperties("AWS::SQS::Queue", Map.of("QueueName", "outbox.fifo", "FifoQueue", true));
        template.hasResourceProperties("AWS::SQS::Queue", Map.of("QueueName", "outbox-dlq.fifo", "FifoQueue", true));
    }

    @Test
    void rejectsInvalidProps() {
        DeadLetteredQueueProps props = DeadLetteredQueueProps.builder()
                .queueName("outbox.fifo").fifo(false).maxReceiveCount(1001).build();
        assertThatThrownBy(() -> new DeadLetteredQueue(stack(), "Work", props))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("queueName may end with '.fifo' only for a FIFO queue (given 'outbox.fifo' with"
                        + " fifo false)")
                .hasMessageContaining("maxReceiveCount must be between 1 and 1000 inclusive (given 1001)");
    }

    @Test
    void rejectsVisibilityAboveTwelveHours() {
        DeadLetteredQueueProps props = DeadLetteredQueueProps.builder()
                .visibilityTimeout(Duration.hours(13)).build();
        assertThatThrownBy(() -> new DeadLetteredQueue(stack(), "Work", props))
                .hasMessageContaining("visibilityTimeout must be between 0 and 43200 seconds inclusive (given 46800"
                        + " seconds)");
    }
}
