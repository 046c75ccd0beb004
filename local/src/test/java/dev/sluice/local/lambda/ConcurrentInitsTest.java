package dev.sluice.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.local.LocalCloud;
import dev.sluice.local.core.LocalClients;
import dev.sluice.testing.Await;
import dev.sluice.testing.TestFunctions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A local cloud that starts one environment at a time ({@code concurrentInits(1)}) while three mappings and
 * asynchronous events all want environments of slow-starting functions at once: every init completes (no function
 * error), and no message is received twice because its batch waited for a start slot, although the waits add up to
 * several times the queues' visibility timeout and maxReceiveCount is 1 (a second receive would move the message to
 * the dead-letter queue).
 */
class ConcurrentInitsTest {

    private static final int FUNCTIONS = 3;
    private static final int MESSAGES = 12;
    private static final int EVENTS = 3;

    @TempDir
    Path dir;

    @Test
    void oneInitAtATimeCompletesEveryInitAndBurnsNoReceiveCount() throws Exception {
        Path records = dir.resolve("records.txt");
        try (LocalCloud cloud = LocalCloud.builder().port(0).workDir(dir.resolve("work")).autoscaling(false)
                .concurrentInits(1).build().start();
             SqsClient sqs = LocalClients.create(SqsClient.builder(), cloud.endpoint(), "us-east-1");
             LambdaClient lambda = LocalClients.create(LambdaClient.builder(), cloud.endpoint(), "us-east-1")) {
            SdkBytes zip = SdkBytes.fromByteArray(TestFunctions.ZIP.bytes());
            String dlq = sqs.createQueue(b -> b.queueName("waits-dlq")).queueUrl();
            List<String> queues = new ArrayList<>();
            for (int f = 0; f < FUNCTIONS; f++) {
                String name = "slow-" + f;
                lambda.createFunction(r -> r.functionName(name).runtime(Runtime.JAVA21)
                        .handler(TestFunctions.SLOW_INIT).role("arn:aws:iam::000000000000:role/test")
                        .timeout(3).memorySize(256).code(c -> c.zipFile(zip))
                        .environment(e -> e.variables(Map.of("RECORD_FILE", records.toString(),
                                "INIT_MILLIS", "1500"))));
                // a 5 s visibility timeout: shorter than the waits of the last environments in line
                String queue = sqs.createQueue(b -> b.queueName("waits-" + name).attributesWithStrings(Map.of(
                        "VisibilityTimeout", "5", "RedrivePolicy", "{\"deadLetterTargetArn\":\"" + arn(sqs, dlq)
                                + "\",\"maxReceiveCount\":\"1\"}"))).queueUrl();
                queues.add(queue);
                for (int m = 0; m < MESSAGES; m++) {
                    String body = name + "-m" + m;
                    sqs.sendMessage(b -> b.queueUrl(queue).messageBody(body));
                }
            }
            for (int e = 0; e < EVENTS; e++) {
                String payload = "{\"n\":\"e" + e + "\"}";
                lambda.invoke(b -> b.functionName("slow-0").invocationType(InvocationType.EVENT)
                        .payload(SdkBytes.fromUtf8String(payload)));
            }
            for (int f = 0; f < FUNCTIONS; f++) {
                String name = "slow-" + f;
                String queue = queues.get(f);
                // two pollers each (MaximumConcurrency 2), one message a batch: two environments per function
                lambda.createEventSourceMapping(b -> b.functionName(name).eventSourceArn(arn(sqs, queue))
                        .batchSize(1).scalingConfig(s -> s.maximumConcurrency(2)));
            }

            Await.until("every message and event processed", Duration.ofSeconds(150),
                    () -> lines(records).size() >= FUNCTIONS * MESSAGES + EVENTS);

            Map<String, List<String>> receiveCounts = lines(records).stream().filter(l -> !l.startsWith("event "))
                    .collect(Collectors.groupingBy(l -> l.split(" ")[0],
                            Collectors.mapping(l -> l.split(" ")[1], Collectors.toList())));
            assertThat(receiveCounts).hasSize(FUNCTIONS * MESSAGES)
                    .allSatisfy((body, counts) -> assertThat(counts).as(body).containsExactly("1"));
            assertThat(lines(records).stream().filter(l -> l.startsWith("event ")).collect(
                    Collectors.groupingBy(Function.identity(), Collectors.counting())))
                    .hasSize(EVENTS).allSatisfy((event, count) -> assertThat(count).as(event).isEqualTo(1L));
            assertThat(count(sqs, dlq)).isZero();
            for (int f = 0; f < FUNCTIONS; f++) {
                assertThat(cloud.lambda().stats("slow-" + f).errors()).as("errors of slow-" + f).isZero();
            }
            long[] slots = cloud.lambda().startSlots().counts();
            assertThat(slots[1]).as("environments that waited for a start slot").isPositive();
            assertThat(cloud.lambda().startSlots().inUse()).isZero();
        }
    }

    private static String arn(SqsClient sqs, String url) {
        return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN)).attributes()
                .get(QueueAttributeName.QUEUE_ARN);
    }

    private static int count(SqsClient sqs, String url) {
        Map<String, String> a = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNamesWithStrings(
                "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")).attributesAsStrings();
        return Integer.parseInt(a.get("ApproximateNumberOfMessages"))
                + Integer.parseInt(a.get("ApproximateNumberOfMessagesNotVisible"));
    }

    private static List<String> lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList() : List.of();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
