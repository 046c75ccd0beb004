package dev.sluice.local.lambda;

import static dev.sluice.local.RecordFile.lines;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.local.CloudUnderTest;
import dev.sluice.local.CreateFunction;
import dev.sluice.local.Queues;
import dev.sluice.testing.Await;
import dev.sluice.testing.TestFunctions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.sqs.SqsClient;

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

    @RegisterExtension
    static final CloudUnderTest local = CloudUnderTest.perClass(b -> b.autoscaling(false).concurrentInits(1));

    @Test
    void oneInitAtATimeCompletesEveryInitAndBurnsNoReceiveCount() throws Exception {
        Path records = local.work().resolve("records.txt");
        SqsClient sqs = local.sqs();
        LambdaClient lambda = local.lambda();
        String dlq = sqs.createQueue(b -> b.queueName("waits-dlq")).queueUrl();
        List<String> queues = new ArrayList<>();
        for (int f = 0; f < FUNCTIONS; f++) {
            String name = "slow-" + f;
            CreateFunction.named(name, TestFunctions.SLOW_INIT).timeout(3)
                    .variables(Map.of("RECORD_FILE", records.toString(), "INIT_MILLIS", "1500")).in(lambda);
            // a 5 s visibility timeout: shorter than the waits of the last environments in line
            String queue = Queues.createWithDeadLetters(sqs, "waits-" + name, 5, dlq, 1);
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
            lambda.createEventSourceMapping(b -> b.functionName(name).eventSourceArn(Queues.arn(sqs, queue))
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
        assertThat(Queues.backlog(sqs, dlq)).isZero();
        for (int f = 0; f < FUNCTIONS; f++) {
            assertThat(local.cloud().lambda().stats("slow-" + f).errors()).as("errors of slow-" + f).isZero();
        }
        long[] slots = local.cloud().lambda().startSlots().counts();
        assertThat(slots[1]).as("environments that waited for a start slot").isPositive();
        assertThat(local.cloud().lambda().startSlots().inUse()).isZero();
    }
}
