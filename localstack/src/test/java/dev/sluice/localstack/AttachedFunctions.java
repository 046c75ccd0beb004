package dev.sluice.localstack;

import dev.sluice.example.infra.FunctionsStack;
import dev.sluice.local.core.Arn;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionResponseType;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * The example's three functions created in a local cloud attached to an external emulator, with the settings the
 * SluiceFunctions stack gives them (timeout, memory, batch size, partial batch responses, maximum concurrency).
 * The stack itself cannot be deployed there: its queues and bus live in the emulator, its functions here.
 */
final class AttachedFunctions {

    static final String HANDLER = "io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest";
    private static final String ROLE = Arn.of("iam", "", AwsClients.ACCOUNT, "role/sluice-function").toString();

    private AttachedFunctions() {
    }

    /**
     * @param lambda      the local cloud's Lambda endpoint
     * @param functionZip function.zip, used in place (LocalStack's {@code hot-reload} bucket convention)
     * @param outboxUrl   the outbox queue's URL in the emulator
     */
    static void create(LambdaClient lambda, Path functionZip, String outboxUrl) {
        function(lambda, functionZip, "fulfillOrder", Map.of("ORDERS_BUS_NAME", "orders"));
        function(lambda, functionZip, "reviewOrder", Map.of("ORDERS_BUS_NAME", "orders"));
        function(lambda, functionZip, "notifyCustomer", Map.of("OUTBOX_QUEUE_NAME", "outbox",
                "OUTBOX_QUEUE_URL", outboxUrl));
        mapping(lambda, "fulfillment", "fulfillOrder");
        mapping(lambda, "notifications", "notifyCustomer");
    }

    private static void function(LambdaClient lambda, Path zip, String name, Map<String, String> variables) {
        Map<String, String> environment = new HashMap<>(variables);
        environment.put("QUARKUS_FUNQY_EXPORT", name);
        lambda.createFunction(r -> r.functionName(name)
                .runtime(Runtime.JAVA21)
                .handler(HANDLER)
                .role(ROLE)
                .timeout(30)
                .memorySize(512)
                .code(c -> c.s3Bucket("hot-reload").s3Key(zip.toAbsolutePath().toString()))
                .environment(e -> e.variables(environment)));
    }

    private static void mapping(LambdaClient lambda, String queue, String function) {
        lambda.createEventSourceMapping(r -> r.functionName(function)
                .eventSourceArn(AwsClients.queueArn(queue))
                .batchSize(10)
                .functionResponseTypes(FunctionResponseType.REPORT_BATCH_ITEM_FAILURES)
                .scalingConfig(s -> s.maximumConcurrency(FunctionsStack.MAX_CONCURRENCY))
                .enabled(true));
    }
}
