package dev.sluice.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.Await;
import dev.sluice.testing.TestFunctions;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.FunctionResponseType;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The local cloud's own output (SLF4J, on stderr here) says, once per failed batch, failed record and failed
 * asynchronous invocation, which function failed, its request id, the error and what happens next.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FailureLinesTest {

    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private LocalLambda local;
    private PrintStream stderr;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    @BeforeAll
    void start() throws Exception {
        local = new LocalLambda();
        local.createFunction("batch", TestFunctions.BATCH, 1, Map.of());
        local.createFunction("echo", TestFunctions.ECHO, 3, Map.of());
    }

    @AfterAll
    void stop() throws Exception {
        local.close();
    }

    @BeforeEach
    void captureStderr() {
        stderr = System.err;
        OutputStream both = new OutputStream() {
            @Override
            public void write(int b) {
                stderr.write(b);
                synchronized (captured) {
                    captured.write(b);
                }
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                stderr.write(bytes, offset, length);
                synchronized (captured) {
                    captured.write(bytes, offset, length);
                }
            }
        };
        System.setErr(new PrintStream(both, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStderr() {
        System.setErr(stderr);
    }

    private List<String> lines() {
        synchronized (captured) {
            return captured.toString(StandardCharsets.UTF_8).lines().toList();
        }
    }

    private void awaitLine(String what, String regex) throws InterruptedException {
        Await.until(what, Duration.ofSeconds(60), () -> lines().stream().anyMatch(line -> line.matches(regex)));
    }

    private String queueWithDlq(String name, int maxReceiveCount) {
        local.sqs.createQueue(r -> r.queueName(name + "-dlq"));
        return local.sqs.createQueue(r -> r.queueName(name).attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, "1",
                QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:"
                        + name + "-dlq\",\"maxReceiveCount\":\"" + maxReceiveCount + "\"}"))).queueUrl();
    }

    @Test
    void aFailedBatchSaysItsRecordsMoveToTheDeadLetterQueue() throws Exception {
        String queue = queueWithDlq("lines-whole", 1);
        local.lambda.createEventSourceMapping(r -> r.functionName("batch")
                .eventSourceArn("arn:aws:sqs:us-east-1:000000000000:lines-whole"));

        local.sqs.sendMessage(r -> r.queueUrl(queue).messageBody("w1 throw"));

        awaitLine("the failed batch's line", ".*WARN .*EventSourceMapping - batch: batch of 1 record\\(s\\) from"
                + " lines-whole failed \\(request " + UUID + "\\): java.lang.IllegalStateException: batch failed on"
                + " demand; 1 record\\(s\\) reached maxReceiveCount 1 and move to the dead-letter queue lines-whole-dlq"
                + " after the visibility timeout \\(1 s\\): " + UUID);
    }

    @Test
    void aFailedRecordSaysWhenItComesBack() throws Exception {
        String queue = queueWithDlq("lines-partial", 2);
        local.lambda.createEventSourceMapping(r -> r.functionName("batch")
                .eventSourceArn("arn:aws:sqs:us-east-1:000000000000:lines-partial")
                .functionResponseTypes(FunctionResponseType.REPORT_BATCH_ITEM_FAILURES));

        String id = local.sqs.sendMessage(r -> r.queueUrl(queue).messageBody("p1 fail-always")).messageId();

        awaitLine("the first failure's line", ".*batch: record " + id + " from lines-partial failed \\(request " + UUID
                + ", reported in batchItemFailures\\); it returns after the visibility timeout \\(1 s\\), receive 1 of"
                + " maxReceiveCount 2");
        awaitLine("the last failure's line", ".*batch: record " + id + " from lines-partial failed .*; it moves to the"
                + " dead-letter queue lines-partial-dlq after the visibility timeout \\(1 s\\) \\(receive 2 reached"
                + " maxReceiveCount 2\\)");
    }

    @Test
    void aFailedAsynchronousInvocationSaysItIsDropped() throws Exception {
        local.lambda.putFunctionEventInvokeConfig(r -> r.functionName("echo").maximumRetryAttempts(0));
        try {
            String requestId = local.lambda.invoke(r -> r.functionName("echo").invocationType(InvocationType.EVENT)
                    .payload(SdkBytes.fromUtf8String("{\"action\":\"fail\"}"))).responseMetadata().requestId();

            awaitLine("the dropped event's line", ".*WARN .*AsyncInvocations - echo: asynchronous invocation " + requestId
                    + " failed \\(attempt 1 of 1\\): java.lang.IllegalStateException: failed on demand; dropped: no"
                    + " retry left and no on-failure destination");
        } finally {
            local.lambda.deleteFunctionEventInvokeConfig(r -> r.functionName("echo"));
        }
    }
}
