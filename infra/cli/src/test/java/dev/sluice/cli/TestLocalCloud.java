package dev.sluice.cli;

import dev.sluice.local.LocalCloud;
import dev.sluice.local.core.LocalClients;
import dev.sluice.local.lambda.runtime.FunctionCode;
import dev.sluice.testing.TestFunctions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * A local cloud for the CLI's tests, started before a test class's {@code @BeforeAll} and stopped after its
 * {@code @AfterAll} ({@code @RegisterExtension static final TestLocalCloud local = new TestLocalCloud();}): on a free
 * port, in a temporary folder, autoscaler off, with SDK clients to set up and check what a command did, and the CLI run
 * against its endpoint.
 */
final class TestLocalCloud implements BeforeAllCallback, AfterAllCallback {

    static final String REGION = "us-east-1";

    private Path work;
    LocalCloud cloud;
    LambdaClient lambda;
    SqsClient sqs;
    EventBridgeClient events;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        work = Files.createTempDirectory("sluice-cli-test");
        cloud = LocalCloud.builder().port(0).workDir(work).autoscaling(false).build().start();
        lambda = LocalClients.create(LambdaClient.builder(), cloud.endpoint(), REGION);
        sqs = LocalClients.create(SqsClient.builder(), cloud.endpoint(), REGION);
        events = LocalClients.create(EventBridgeClient.builder(), cloud.endpoint(), REGION);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        lambda.close();
        sqs.close();
        events.close();
        cloud.close();
        FunctionCode.deleteTree(work);
    }

    String endpoint() {
        return cloud.endpoint().toString();
    }

    /** Functions running {@link TestFunctions#ECHO} (3 s timeout, 256 MB). */
    void createEchoFunctions(String... names) throws IOException {
        SdkBytes zip = SdkBytes.fromByteArray(TestFunctions.ZIP.bytes());
        for (String name : names) {
            lambda.createFunction(r -> r.functionName(name).runtime(Runtime.JAVA21).handler(TestFunctions.ECHO)
                    .role("arn:aws:iam::000000000000:role/test").timeout(3).memorySize(256)
                    .code(c -> c.zipFile(zip)));
        }
    }

    /** Runs the CLI in-process with this cloud's {@code --endpoint-url} after {@code args}. */
    CliRun sluice(String... args) {
        String[] all = Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--endpoint-url";
        all[args.length + 1] = endpoint();
        return CliRun.inProcess(all);
    }

    /** The messages of queue {@code name}, received until there are {@code count} or {@code limit} has passed. */
    List<Message> receive(String name, int count, Duration limit) {
        String url = sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
        List<Message> all = new ArrayList<>();
        long deadline = System.nanoTime() + limit.toNanos();
        while (all.size() < count && System.nanoTime() < deadline) {
            all.addAll(sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)).messages());
        }
        return all;
    }
}
