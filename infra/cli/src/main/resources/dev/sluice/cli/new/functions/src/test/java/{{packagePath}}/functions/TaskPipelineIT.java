package {{package}}.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The whole project as it deploys, on this machine, no Docker: Sluice's Dev Services start the local cloud, synthesize
 * the CDK app (cdk.json) and deploy both stacks, the functions running the function.zip that {@code package} built
 * (this test runs after it: failsafe, {@code *IT}). Tasks put on the bus go through the rule and the queue to
 * processTask; the outcome is read on the queue with the injected SqsClient, which Dev Services point at the cloud.
 */
@QuarkusTest
@TestProfile(TaskPipelineIT.DeployedProject.class)
class TaskPipelineIT {

    /** Function JVMs starting on a busy machine, and the queue's event source mapping polling. */
    private static final Duration LIMIT = Duration.ofSeconds(90);

    /** Dev Services on (the unit tests leave them off); the test app exports a function because Funqy needs one. */
    public static class DeployedProject implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.sluice.devservices.enabled", "true",
                    "quarkus.funqy.export", "processTask",
                    "quarkus.lambda.mock-event-server.test-port", "0");
        }
    }

    @Inject
    SqsClient sqs;

    @Test
    void processTaskDeletesTheTasksItDidAndLeavesTheOneWithoutATaskIdForItsRetry() throws Exception {
        // An SDK client built the usual way finds the local cloud too: Dev Services set the SDK's system properties.
        try (EventBridgeClient events = EventBridgeClient.builder().httpClient(UrlConnectionHttpClient.create())
                .build()) {
            PutEventsResponse put = events.putEvents(r -> r.entries(
                    task("{\"taskId\": \"task-it-1\", \"kind\": \"report\", \"priority\": \"normal\"}"),
                    task("{\"taskId\": \"task-it-2\", \"kind\": \"backup\", \"priority\": \"normal\"}"),
                    task("{\"kind\": \"report\", \"priority\": \"normal\"}")));
            assertEquals(0, put.failedEntryCount(), () -> "PutEvents refused entries: " + put.entries());
        }

        // Done: nothing visible, and only the failed record in flight (it comes back after the visibility timeout and
        // reaches the dead-letter queue after three receives).
        String tasks = sqs.getQueueUrl(r -> r.queueName("{{name}}-tasks")).queueUrl();
        long deadline = System.nanoTime() + LIMIT.toNanos();
        Map<QueueAttributeName, String> depth = depth(tasks);
        while (!(depth.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES).equals("0")
                && depth.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE).equals("1"))) {
            Map<QueueAttributeName, String> now = depth;
            assertTrue(System.nanoTime() < deadline,
                    () -> "tasks not processed within " + LIMIT + "; the queue holds " + now);
            Thread.sleep(200);
            depth = depth(tasks);
        }
        String deadLetters = sqs.getQueueUrl(r -> r.queueName("{{name}}-tasks-dlq")).queueUrl();
        assertEquals(Map.of(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0",
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0"), depth(deadLetters));
    }

    private static PutEventsRequestEntry task(String detail) {
        return PutEventsRequestEntry.builder().eventBusName("{{name}}").source("{{name}}.tasks")
                .detailType("TaskSubmitted").detail(detail).build();
    }

    private Map<QueueAttributeName, String> depth(String queueUrl) {
        return sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
    }
}
