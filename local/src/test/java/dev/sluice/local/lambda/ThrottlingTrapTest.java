package dev.sluice.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.local.CloudUnderTest;
import dev.sluice.local.CreateFunction;
import dev.sluice.local.LocalCloud;
import dev.sluice.local.Queues;
import dev.sluice.local.lambda.eventsource.EventSourceMapping;
import dev.sluice.local.lambda.eventsource.EventSourceMappingStats;
import dev.sluice.local.status.StatusSnapshot;
import dev.sluice.testing.Await;
import dev.sluice.testing.TestFunctions;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The throttling trap (AWS Knowledge Center, "lambda-sqs-scaling": "Event source mappings don't account for reserved
 * concurrency and can process more messages off your queue than can be sent to your function"): reserved concurrency
 * 1 under a mapping that runs 5 batches at once, a slow function and a backlog. The batches over the reservation are
 * throttled; their messages come back after the visibility timeout with their receive count raised and reach the
 * dead-letter queue without the handler having run. The mapping counts the throttled batches, and status, the
 * Prometheus output and the warning say so.
 */
class ThrottlingTrapTest {

    private static final int MESSAGES = 8;

    @Test
    void throttledBatchesReachTheDeadLetterQueueUnhandledAndAreCounted(@TempDir Path work) throws Exception {
        try (CloudUnderTest local = CloudUnderTest.start(work, b -> b.autoscaling(false))) {
            LocalCloud cloud = local.cloud();
            SqsClient sqs = local.sqs();
            LambdaClient lambda = local.lambda();
            String dlq = sqs.createQueue(b -> b.queueName("trap-dlq")).queueUrl();
            String queue = Queues.createWithDeadLetters(sqs, "trap", 4, dlq, 2);
            CreateFunction.named("slow", TestFunctions.SLEEP).timeout(4).variables(Map.of("WORK_MILLIS", "1500"))
                    .in(lambda);
            lambda.putFunctionConcurrency(b -> b.functionName("slow").reservedConcurrentExecutions(1));
            for (int i = 0; i < MESSAGES; i++) {
                int n = i;
                sqs.sendMessage(b -> b.queueUrl(queue).messageBody("m-" + n));
            }
            // no MaximumConcurrency: Lambda's 5 concurrent batches, over the reservation of 1
            lambda.createEventSourceMapping(b -> b.functionName("slow").eventSourceArn(Queues.arn(sqs, queue))
                    .batchSize(1));

            Await.until("every message handled or dead-lettered", Duration.ofSeconds(90), () ->
                    Queues.backlog(sqs, queue) == 0
                            && stats(cloud).succeededRecords() + Queues.backlog(sqs, dlq) == MESSAGES);

            EventSourceMappingStats stats = stats(cloud);
            long deadLettered = Queues.backlog(sqs, dlq);
            assertThat(deadLettered).as("messages dead-lettered").isPositive();
            assertThat(stats.throttledBatches()).isGreaterThanOrEqualTo(deadLettered);
            // every run of the handler succeeded: the dead-lettered messages never reached it
            assertThat(cloud.lambda().stats("slow").invocations()).isEqualTo(stats.succeededRecords());
            assertThat(cloud.lambda().stats("slow").errors()).isZero();
            assertThat(sqs.receiveMessage(b -> b.queueUrl(dlq).attributeNamesWithStrings("ApproximateReceiveCount"))
                    .messages()).first().satisfies(m -> assertThat(Integer.parseInt(
                            m.attributesAsStrings().get("ApproximateReceiveCount"))).isGreaterThanOrEqualTo(2));

            StatusSnapshot status = StatusSnapshot.fromJson(get(cloud, "/_sluice/status"));
            StatusSnapshot.MappingStatus mapping = status.mappings().get(0);
            assertThat(mapping.throttledBatches()).isEqualTo(stats.throttledBatches());
            assertThat(mapping.concurrencyWarning()).contains("function slow has reserved concurrency 1")
                    .contains("reserve at least 5");
            assertThat(get(cloud, "/_sluice/metrics"))
                    .contains("sluice_mapping_throttled_batches_total{function=\"slow\"");
        }
    }

    private static EventSourceMappingStats stats(LocalCloud cloud) {
        EventSourceMapping mapping = cloud.lambda().eventSourceMappings().iterator().next();
        return mapping.stats();
    }

    private static String get(LocalCloud cloud, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                cloud.endpoint().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
