package dev.sluice.local.template;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.sluice.local.LocalCloud;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A real SAM app, unchanged: AWS serverless-patterns' {@code sqs-lambda-java-sam} (its template and the function's
 * Maven project, see SOURCE.md beside them). Built as its README says ({@code mvn package} writes the shaded jar into
 * the function's {@code target/}; here javac and a jar with the dependencies in {@code lib/} stand in for Maven), then
 * deployed with {@code TemplateDeployer.deploy(template.yaml)} as {@code sluice local up --template template.yaml}
 * does: the SAM transform runs, CodeUri (a Maven project folder) resolves to its build output, and messages sent to
 * the queue reach the function.
 */
class SamAppTest {

    private static final String APP = "/dev/sluice/local/template/sam/apps/sqs-lambda-java-sam";

    @TempDir
    Path dir;

    @Test
    void serverlessPatternsSqsLambdaJavaSamRunsAsItIs() throws Exception {
        Path app = copyApp(dir.resolve("sqs-lambda-java-sam"));
        buildFunction(app.resolve("ProcessSQSMessageBatchFunction"));
        List<String> lines = new ArrayList<>();

        try (LocalCloud cloud = LocalCloud.builder().port(0).workDir(dir.resolve("cloud")).build().start();
             TemplateDeployer deployer = new TemplateDeployer(cloud.endpoint(), "us-east-1", lines::add);
             SqsClient sqs = SqsClient.builder().endpointOverride(cloud.endpoint()).region(Region.US_EAST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                     .httpClient(UrlConnectionHttpClient.create()).build()) {
            DeployResult result = deployer.deploy(app.resolve("template.yaml"));

            assertThat(result.stackName()).isEqualTo("template");
            assertThat(result.resource("ProcessorFunctionRole").status()).isEqualTo(ResourceStatus.NOT_ENFORCED);
            DeployedResource function = result.resource("ProcessorFunction");
            assertThat(function.status()).isEqualTo(ResourceStatus.CREATED);
            assertThat(function.type()).isEqualTo("AWS::Lambda::Function");
            assertThat(function.ignored()).as("DeadLetterQueue becomes an emulated DeadLetterConfig").isEmpty();
            assertThat(function.detail()).as("java25 runs on its own JDK here").contains("; Java "
                    + dev.sluice.local.lambda.runtime.FunctionJdk.forRuntime("java25").version());
            assertThat(result.resource("ProcessorFunctionMySQSEvent").status()).isEqualTo(ResourceStatus.CREATED);
            assertThat(lines).anyMatch(l -> l.contains("CodeUri ProcessSQSMessageBatchFunction is a Maven project")
                    && l.endsWith("target/ProcessSQSMessageBatch-1.0.jar"));
            String queueUrl = result.outputs().get("ProcessingQueueURL");
            assertThat(queueUrl).endsWith("/template-queue");

            for (int i = 1; i <= 5; i++) {
                String body = "{\"message\": \"Test message-" + i + "\"}";
                sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
            }

            String name = function.physicalId();
            await("the function to process the 5 messages", () -> cloud.lambda().stats(name).invocations() >= 1
                    && backlog(sqs, queueUrl) == 0);
            assertThat(cloud.lambda().stats(name).errors()).isZero();
            assertThat(result.outputs().get("ProcessingDLQARN")).endsWith(":template-dlq");
            try (LambdaClient lambda = dev.sluice.local.core.LocalClients.create(LambdaClient.builder(),
                    cloud.endpoint(), "us-east-1")) {
                assertThat(lambda.getFunctionConfiguration(b -> b.functionName(name)).deadLetterConfig().targetArn())
                        .as("DeadLetterQueue").isEqualTo(result.outputs().get("ProcessingDLQARN"));
            }
            assertThat(backlog(sqs, queueUrl.replace("template-queue", "template-dlq"))).isZero();
        }
    }

    private static long backlog(SqsClient sqs, String queueUrl) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return attributes.values().stream().mapToLong(Long::parseLong).sum();
    }

    private static Path copyApp(Path target) throws IOException, URISyntaxException {
        Path source = Path.of(SamAppTest.class.getResource(APP).toURI());
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path copy = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
        return target;
    }

    /** What the pattern's {@code mvn package} leaves in target/: the function jar, with its dependency. */
    private static void buildFunction(Path project) throws Exception {
        Path classes = Files.createDirectories(project.resolve("target/classes"));
        String events = jar(SQSEvent.class);
        List<String> args = new ArrayList<>(List.of("--release", "17", "-classpath",
                jar(Context.class) + java.io.File.pathSeparator + events, "-d", classes.toString()));
        try (Stream<Path> sources = Files.walk(project.resolve("src/main/java"))) {
            sources.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
        }
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new)))
                .as("javac").isZero();
        Path jar = project.resolve("target/ProcessSQSMessageBatch-1.0.jar");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                entry(out, classes.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
            for (String dependency : List.of(events, jar(Class.forName("org.joda.time.DateTime")))) {
                entry(out, "lib/" + Path.of(dependency).getFileName(), Files.readAllBytes(Path.of(dependency)));
            }
        }
    }

    private static void entry(ZipOutputStream out, String name, byte[] bytes) throws IOException {
        out.putNextEntry(new ZipEntry(name));
        out.write(bytes);
        out.closeEntry();
    }

    private static String jar(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for " + what);
            }
            Thread.sleep(200);
        }
    }
}
