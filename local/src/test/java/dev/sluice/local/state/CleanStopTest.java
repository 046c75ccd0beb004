package dev.sluice.local.state;

import static org.assertj.core.api.Assertions.assertThat;
import static software.amazon.awssdk.services.sqs.model.QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES;
import static software.amazon.awssdk.services.sqs.model.QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE;

import dev.sluice.local.CloudClients;
import dev.sluice.local.CreateFunction;
import dev.sluice.local.LocalCloud;
import dev.sluice.local.Queues;
import dev.sluice.local.core.LocalClients;
import dev.sluice.testing.Await;
import dev.sluice.testing.TestFunctions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SIGTERM to a local cloud whose environments are busy (functions sleeping through their batches): it stops polling,
 * waits for the batches in flight up to its stop timeout, gives the unfinished ones back to their queue, keeps the
 * pending asynchronous event, prints one summary line and no stack trace; the next start finds the messages of the
 * unfinished batches visible on their queue.
 */
class CleanStopTest {

    private static final int SLOW_MESSAGES = 6;

    @TempDir
    Path dir;

    @Test
    void sigtermFinishesOrGivesBackBatchesKeepsEventsAndPrintsOneLine() throws Exception {
        CloudProcess cloud = CloudProcess.start(dir, 2);
        try (CloudClients c = cloud) {
            SqsClient sqs = c.sqs();
            LambdaClient lambda = c.lambda();
            String slow = sqs.createQueue(b -> b.queueName("slow").attributesWithStrings(
                    Map.of("VisibilityTimeout", "300"))).queueUrl();
            CreateFunction.named("sleeper", TestFunctions.SLEEP).timeout(120).variables(Map.of("WORK_MILLIS", "60000"))
                    .in(lambda);
            CreateFunction.named("later", TestFunctions.ECHO).timeout(120).variables(Map.of()).in(lambda);
            lambda.createEventSourceMapping(b -> b.functionName("sleeper").eventSourceArn(Queues.arn(sqs, slow))
                    .batchSize(1).scalingConfig(s -> s.maximumConcurrency(SLOW_MESSAGES)));
            for (int i = 0; i < SLOW_MESSAGES; i++) {
                int n = i;
                sqs.sendMessage(b -> b.queueUrl(slow).messageBody("slow-" + n));
            }
            lambda.putFunctionConcurrency(b -> b.functionName("later").reservedConcurrentExecutions(0));
            lambda.invoke(b -> b.functionName("later").invocationType(InvocationType.EVENT)
                    .payload(SdkBytes.fromUtf8String("{\"action\":\"echo\"}")));
            Await.until("every slow message in flight", Duration.ofSeconds(120),
                    () -> Queues.count(sqs, slow, APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE) > 0
                            && Queues.count(sqs, slow, APPROXIMATE_NUMBER_OF_MESSAGES) == 0);
        }

        assertThat(cloud.stop(Duration.ofSeconds(60))).as("stopped").isTrue(); // SIGTERM
        String output = cloud.output();
        assertThat(output).contains("stopped: ")
                .containsPattern("stopped: \\d+ batch(es)? finished, \\d+ batch(es)? given back to their queue")
                .contains("1 async event kept for the next start")
                .doesNotContain("Exception").doesNotContain("\tat ");

        // the unfinished batches' messages are visible at once, not after the queue's 300 s visibility timeout
        try (StateStore state = StateStore.open(dir.resolve("state"))) {
            long now = System.currentTimeMillis();
            int visibleNow = state.read(c -> {
                try (var s = c.prepareStatement("select count(*) from messages where queue = 'slow'"
                        + " and next_delivery <= ? and receive_count = 1")) {
                    s.setLong(1, now);
                    try (var r = s.executeQuery()) {
                        r.next();
                        return r.getInt(1);
                    }
                }
            });
            assertThat(visibleNow).as(output).isEqualTo(SLOW_MESSAGES);
        }
        try (LocalCloud again = LocalCloud.builder().port(0).workDir(dir.resolve("work")).persist(dir.resolve("state"))
                .autoscaling(false).build().start();
             SqsClient sqs = LocalClients.create(SqsClient.builder(), again.endpoint(), "us-east-1")) {
            String slow = sqs.getQueueUrl(b -> b.queueName("slow")).queueUrl();
            assertThat(Queues.backlog(sqs, slow)).isEqualTo(SLOW_MESSAGES);
        }
    }
}
