package dev.sluice.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.local.CloudUnderTest;
import dev.sluice.local.CreateFunction;
import dev.sluice.local.Queues;
import dev.sluice.local.core.Json;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.Runtime;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Functions whose AWS SDK does not read {@code AWS_ENDPOINT_URL}, built against SDKs resolved from Maven Central by
 * the fixture poms in {@code src/test/fixtures}, with clients built as on AWS: on SDK v2 2.17.295,
 * {@code EventBridgeClient.create()} puts an event that arrives on the local bus (and from its rule on a queue); on SDK
 * v1, {@code AmazonSQSClientBuilder.defaultClient()} sends a message that arrives on the local queue.
 */
class LegacySdkEndpointTest {

    private static final String PUBLISHER = """
            package legacy;

            import com.amazonaws.services.lambda.runtime.Context;
            import com.amazonaws.services.lambda.runtime.RequestHandler;
            import java.util.Map;
            import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
            import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

            public class Publisher implements RequestHandler<Map<String, Object>, String> {
                @Override
                public String handleRequest(Map<String, Object> input, Context context) {
                    try (EventBridgeClient events = EventBridgeClient.create()) {
                        return events.putEvents(r -> r.entries(PutEventsRequestEntry.builder().source("legacy.sdk")
                                .detailType("Ping").detail("{\\"sdk\\":\\"2.17\\"}").build())).entries().get(0).eventId();
                    }
                }
            }
            """;

    private static final String V1_SENDER = """
            package legacy;

            import com.amazonaws.services.lambda.runtime.Context;
            import com.amazonaws.services.lambda.runtime.RequestHandler;
            import com.amazonaws.services.sqs.AmazonSQS;
            import com.amazonaws.services.sqs.AmazonSQSClientBuilder;
            import java.util.Map;

            public class V1Sender implements RequestHandler<Map<String, Object>, String> {
                @Override
                public String handleRequest(Map<String, Object> input, Context context) {
                    AmazonSQS sqs = AmazonSQSClientBuilder.defaultClient();
                    String url = sqs.getQueueUrl("v1-queue").getQueueUrl();
                    return sqs.sendMessage(url, "from sdk v1").getMessageId();
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void aFunctionOnSdkV2Before2281PutsItsEventOnTheLocalBus() throws Exception {
        Path lib = resolveSdk("aws-sdk-v2-2.17", dir.resolve("lib"));
        assertThat(lib.resolve("sdk-core-2.17.295.jar")).exists();
        byte[] zip = functionZip("Publisher", PUBLISHER, lib);

        try (CloudUnderTest local = CloudUnderTest.start(dir.resolve("cloud"), b -> b.autoscaling(false))) {
            LambdaClient lambda = local.lambda();
            SqsClient sqs = local.sqs();
            String queueUrl = sqs.createQueue(b -> b.queueName("pings")).queueUrl();
            EventBridgeClient events = local.events();
            events.putRule(b -> b.name("legacy").eventPattern("{\"source\":[\"legacy.sdk\"]}"));
            events.putTargets(b -> b.rule("legacy").targets(t -> t.id("q")
                    .arn("arn:aws:sqs:us-east-1:000000000000:pings")));
            legacyFunction("legacy-publisher", "legacy.Publisher::handleRequest", zip).in(lambda);

            InvokeResponse response = lambda.invoke(b -> b.functionName("legacy-publisher")
                    .payload(SdkBytes.fromUtf8String("{}")));

            assertThat(response.functionError()).as(response.payload().asUtf8String()).isNull();
            String eventId = Json.MAPPER.readTree(response.payload().asUtf8String()).asText();
            JsonNode event = Json.MAPPER.readTree(Queues.drain(sqs, queueUrl, 1).get(0));
            assertThat(event.get("id").asText()).isEqualTo(eventId);
            assertThat(event.at("/detail/sdk").asText()).isEqualTo("2.17");
            Path functionDir = local.cloud().workDir().resolve("lambda/functions/legacy-publisher");
            try (Stream<Path> files = Files.walk(functionDir)) {
                assertThat(files.map(p -> p.getFileName().toString())).as("the redirect is in the function's lib/")
                        .contains("sluice-aws-sdk-endpoint.jar");
            }
        }
    }

    @Test
    void aFunctionOnSdkV1SendsToTheLocalQueue() throws Exception {
        Path lib = resolveSdk("aws-sdk-v1", dir.resolve("lib"));
        byte[] zip = functionZip("V1Sender", V1_SENDER, lib);

        try (CloudUnderTest local = CloudUnderTest.start(dir.resolve("cloud"), b -> b.autoscaling(false))) {
            LambdaClient lambda = local.lambda();
            SqsClient sqs = local.sqs();
            String queueUrl = sqs.createQueue(b -> b.queueName("v1-queue")).queueUrl();
            legacyFunction("v1-sender", "legacy.V1Sender::handleRequest", zip).in(lambda);

            InvokeResponse response = lambda.invoke(b -> b.functionName("v1-sender")
                    .payload(SdkBytes.fromUtf8String("{}")));

            assertThat(response.functionError()).as(response.payload().asUtf8String()).isNull();
            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(5)).messages();
            assertThat(messages).extracting(Message::body).containsExactly("from sdk v1");
            assertThat(messages.get(0).messageId())
                    .isEqualTo(Json.MAPPER.readTree(response.payload().asUtf8String()).asText());
        }
    }

    /** {@code mvnw dependency:copy-dependencies} of a fixture pom: the SDK as Maven Central serves it. */
    /** A function of {@code zip}, built against an old SDK, on Java 17. */
    private static CreateFunction legacyFunction(String name, String handler, byte[] zip) {
        return CreateFunction.named(name, handler).runtime(Runtime.JAVA17).timeout(30).memory(512).zip(zip);
    }

    private static Path resolveSdk(String fixture, Path lib) throws IOException, InterruptedException {
        Path repo = Path.of("").toAbsolutePath().getParent();
        Path log = Files.createTempFile("sdk-fixture", ".log");
        Process maven = new ProcessBuilder(repo.resolve("mvnw").toString(), "-B", "-ntp", "-q", "-f",
                repo.resolve("local/src/test/fixtures/" + fixture + "/pom.xml").toString(),
                "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies",
                "-DoutputDirectory=" + lib).directory(repo.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        int exit = maven.waitFor();
        assertThat(exit).as("mvnw copy-dependencies of the fixture " + fixture + ": " + Files.readString(log)).isZero();
        return lib;
    }

    /** The handler compiled against the SDK's jars, at the zip's root, with the jars in lib/. */
    private byte[] functionZip(String className, String source, Path lib) throws Exception {
        Path src = Files.createDirectories(dir.resolve("src/legacy"));
        Files.writeString(src.resolve(className + ".java"), source);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        List<String> classpath = new ArrayList<>();
        classpath.add(Path.of(Context.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        try (Stream<Path> jars = Files.list(lib)) {
            jars.forEach(j -> classpath.add(j.toString()));
        }
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-classpath",
                String.join(File.pathSeparator, classpath), "-d", classes.toString(),
                src.resolve(className + ".java").toString());
        assertThat(status).as("javac").isZero();
        Path zip = dir.resolve(className + ".zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip));
             Stream<Path> files = Stream.concat(Files.walk(classes).filter(Files::isRegularFile),
                     Files.list(lib))) {
            for (Path file : files.sorted().toList()) {
                String name = file.startsWith(classes) ? classes.relativize(file).toString() : "lib/"
                        + file.getFileName();
                out.putNextEntry(new ZipEntry(name));
                out.write(Files.readAllBytes(file));
                out.closeEntry();
            }
        }
        return Files.readAllBytes(zip);
    }
}
