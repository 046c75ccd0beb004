package dev.sluice.local.state;

import static dev.sluice.local.state.CrashRestartTest.arn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.local.LocalCloud;
import dev.sluice.local.core.LocalClients;
import dev.sluice.testing.Await;
import dev.sluice.testing.TestFunctions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.Runtime;
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
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        Process cloud = new ProcessBuilder(javaBin.toString(), "-cp", System.getProperty("java.class.path"),
                PersistentCloudMain.class.getName(), dir.resolve("work").toString(), dir.resolve("state").toString(), "2")
                .redirectErrorStream(true).redirectOutput(dir.resolve("cloud.log").toFile()).start();
        URI endpoint = endpointOf(dir.resolve("cloud.log"));
        try (SqsClient sqs = LocalClients.create(SqsClient.builder(), endpoint, "us-east-1");
             LambdaClient lambda = LocalClients.create(LambdaClient.builder(), endpoint, "us-east-1")) {
            String slow = sqs.createQueue(b -> b.queueName("slow").attributesWithStrings(
                    Map.of("VisibilityTimeout", "300"))).queueUrl();
            createFunction(lambda, "sleeper", TestFunctions.SLEEP, Map.of("WORK_MILLIS", "60000"));
            createFunction(lambda, "later", TestFunctions.ECHO, Map.of());
            lambda.createEventSourceMapping(b -> b.functionName("sleeper").eventSourceArn(arn(sqs, slow)).batchSize(1)
                    .scalingConfig(s -> s.maximumConcurrency(SLOW_MESSAGES)));
            for (int i = 0; i < SLOW_MESSAGES; i++) {
                int n = i;
                sqs.sendMessage(b -> b.queueUrl(slow).messageBody("slow-" + n));
            }
            lambda.putFunctionConcurrency(b -> b.functionName("later").reservedConcurrentExecutions(0));
            lambda.invoke(b -> b.functionName("later").invocationType(InvocationType.EVENT)
                    .payload(SdkBytes.fromUtf8String("{\"action\":\"echo\"}")));
            Await.until("every slow message in flight", Duration.ofSeconds(120), () -> inFlight(sqs, slow) > 0
                    && visible(sqs, slow) == 0);
        }

        cloud.destroy(); // SIGTERM
        assertThat(cloud.waitFor(60, TimeUnit.SECONDS)).as("stopped").isTrue();
        String output = java.nio.file.Files.readString(dir.resolve("cloud.log"));
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
            assertThat(visible(sqs, slow) + inFlight(sqs, slow)).isEqualTo(SLOW_MESSAGES);
        }
    }

    private static URI endpointOf(Path log) throws Exception {
        Await.until("the cloud started", Duration.ofSeconds(60), () -> CrashRestartTest.lines(log).stream()
                .anyMatch(line -> line.startsWith("endpoint ")));
        return URI.create(CrashRestartTest.lines(log).stream().filter(line -> line.startsWith("endpoint "))
                .findFirst().orElseThrow().substring("endpoint ".length()));
    }

    private static void createFunction(LambdaClient lambda, String name, String handler, Map<String, String> variables)
            throws IOException {
        SdkBytes zip = SdkBytes.fromByteArray(TestFunctions.ZIP.bytes());
        lambda.createFunction(r -> r.functionName(name).runtime(Runtime.JAVA21).handler(handler)
                .role("arn:aws:iam::000000000000:role/test").timeout(120).memorySize(256)
                .environment(e -> e.variables(variables)).code(code -> code.zipFile(zip)));
    }

    private static int visible(SqsClient sqs, String url) {
        return Integer.parseInt(sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNamesWithStrings(
                "ApproximateNumberOfMessages")).attributesAsStrings().get("ApproximateNumberOfMessages"));
    }

    private static int inFlight(SqsClient sqs, String url) {
        return Integer.parseInt(sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNamesWithStrings(
                "ApproximateNumberOfMessagesNotVisible")).attributesAsStrings()
                .get("ApproximateNumberOfMessagesNotVisible"));
    }
}
