package dev.sluice.local.lambda;

import dev.sluice.local.core.CloudContext;
import dev.sluice.local.core.LocalClients;
import dev.sluice.local.edge.EdgeServer;
import dev.sluice.local.lambda.runtime.FunctionCode;
import dev.sluice.local.lambda.runtime.LambdaSettings;
import dev.sluice.local.CreateFunction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.CreateFunctionResponse;
import software.amazon.awssdk.services.sqs.SqsClient;

/** A real ElasticMQ, the edge endpoint with a {@link LambdaService} behind it, and SDK clients for both. */
public final class LocalLambda implements AutoCloseable {

    public final SQSRestServer elasticMq;
    public final URI sqsEndpoint;
    public final EdgeServer edge;
    public final LambdaService service;
    public final LambdaClient lambda;
    public final SqsClient sqs;
    public final Path workDir;

    public LocalLambda() throws IOException {
        elasticMq = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort()
                .withAWSRegion("us-east-1").withAWSAccountId("000000000000").start();
        sqsEndpoint = URI.create("http://127.0.0.1:" + elasticMq.waitUntilStarted().localAddress().getPort());
        workDir = Files.createTempDirectory("sluice-lambda-test");
        edge = new EdgeServer("127.0.0.1", 0);
        service = new LambdaService(new LambdaSettings(CloudContext.local(edge.endpoint(), "us-east-1"),
                edge.endpoint(), sqsEndpoint, workDir));
        service.setRetryDelays(java.util.List.of(Duration.ofMillis(200), Duration.ofMillis(400)));
        edge.register(service);
        edge.start();
        lambda = LocalClients.create(LambdaClient.builder(), edge.endpoint(), "us-east-1");
        sqs = LocalClients.create(SqsClient.builder(), sqsEndpoint, "us-east-1");
    }

    /**
     * Started, for a field closed by JUnit after the class's tests:
     * {@code @AutoClose private final LocalLambda local = LocalLambda.start();} (in a {@code PER_CLASS} test).
     */
    public static LocalLambda start() {
        try {
            return new LocalLambda();
        } catch (IOException e) {
            throw new UncheckedIOException("the local Lambda could not start: " + e.getMessage(), e);
        }
    }

    public CreateFunctionResponse createFunction(String name, String handler, int timeoutSeconds,
                                                 Map<String, String> variables) {
        return CreateFunction.named(name, handler).timeout(timeoutSeconds).variables(variables).in(lambda);
    }

    @Override
    public void close() throws IOException {
        lambda.close();
        service.close();
        edge.close();
        sqs.close();
        elasticMq.stopAndWait();
        FunctionCode.deleteTree(workDir);
    }
}
