package dev.sluice.local.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.local.core.Json;
import dev.sluice.testing.Await;
import dev.sluice.testing.TestFunctions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * A function's DeadLetterConfig through the Lambda API (real SDK, real ElasticMQ, the function in a real JVM): a failed
 * asynchronous event goes to the queue unchanged, with the attributes AWS documents for Lambda's dead-letter queues
 * (RequestID String, ErrorCode Number: a 3-digit HTTP status, ErrorMessage String of at most 1 KB), and an OnFailure
 * destination still gets its invocation record.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FunctionDeadLetterQueueTest {

    private static final String DLQ_ARN = "arn:aws:sqs:us-east-1:000000000000:fn-dlq";
    private LocalLambda local;
    private String dlqUrl;
    private String failuresUrl;

    @BeforeAll
    void start() throws Exception {
        local = new LocalLambda();
        dlqUrl = local.sqs.createQueue(r -> r.queueName("fn-dlq")).queueUrl();
        failuresUrl = local.sqs.createQueue(r -> r.queueName("fn-failures")).queueUrl();
        local.createFunction("echo", TestFunctions.ECHO, 3, Map.of());
    }

    @AfterAll
    void stop() throws Exception {
        local.close();
    }

    @Test
    void aFailedEventGoesToTheDeadLetterQueueWithLambdasAttributesAndToTheOnFailureDestination() throws Exception {
        local.lambda.updateFunctionConfiguration(r -> r.functionName("echo")
                .deadLetterConfig(d -> d.targetArn(DLQ_ARN)));
        local.lambda.putFunctionEventInvokeConfig(r -> r.functionName("echo").maximumRetryAttempts(0)
                .destinationConfig(d -> d.onFailure(f -> f.destination(
                        "arn:aws:sqs:us-east-1:000000000000:fn-failures"))));
        assertThat(local.lambda.getFunctionConfiguration(r -> r.functionName("echo")).deadLetterConfig().targetArn())
                .isEqualTo(DLQ_ARN);
        String event = "{\"action\":\"fail\",\"order\":42}";

        var accepted = local.lambda.invoke(r -> r.functionName("echo").invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromUtf8String(event)));

        assertThat(accepted.statusCode()).isEqualTo(202);
        Message letter = receiveOne(dlqUrl);
        assertThat(letter.body()).as("the event itself, unchanged").isEqualTo(event);
        Map<String, MessageAttributeValue> attributes = letter.messageAttributes();
        assertThat(attributes).containsOnlyKeys("RequestID", "ErrorCode", "ErrorMessage");
        assertThat(attributes.get("RequestID").dataType()).isEqualTo("String");
        assertThat(attributes.get("ErrorCode").dataType()).isEqualTo("Number");
        assertThat(attributes.get("ErrorCode").stringValue()).isEqualTo("200");
        assertThat(attributes.get("ErrorMessage").dataType()).isEqualTo("String");
        assertThat(attributes.get("ErrorMessage").stringValue()).isEqualTo("failed on demand");

        JsonNode record = Json.MAPPER.readTree(receiveOne(failuresUrl).body());
        assertThat(record.at("/requestContext/condition").asText()).isEqualTo("RetriesExhausted");
        assertThat(record.at("/requestContext/approximateInvokeCount").asInt()).as("MaximumRetryAttempts 0")
                .isEqualTo(1);
        assertThat(record.at("/requestContext/requestId").asText()).isEqualTo(attributes.get("RequestID").stringValue());
        assertThat(record.at("/requestPayload/order").asInt()).isEqualTo(42);
    }

    @Test
    void anEmptyTargetArnRemovesTheDeadLetterQueue() {
        local.lambda.updateFunctionConfiguration(r -> r.functionName("echo")
                .deadLetterConfig(d -> d.targetArn(DLQ_ARN)));
        local.lambda.updateFunctionConfiguration(r -> r.functionName("echo").deadLetterConfig(d -> d.targetArn("")));

        assertThat(local.lambda.getFunctionConfiguration(r -> r.functionName("echo")).deadLetterConfig()).isNull();
    }

    @Test
    void aTargetOtherThanAStandardQueueIsRefusedNamingTheField() {
        assertThatThrownBy(() -> local.lambda.updateFunctionConfiguration(r -> r.functionName("echo")
                .deadLetterConfig(d -> d.targetArn("arn:aws:sns:us-east-1:000000000000:alerts"))))
                .isInstanceOf(LambdaException.class)
                .hasMessageContaining("'deadLetterConfig.targetArn'")
                .hasMessageContaining("SNS topics are not emulated");
        assertThatThrownBy(() -> local.lambda.updateFunctionConfiguration(r -> r.functionName("echo")
                .deadLetterConfig(d -> d.targetArn("arn:aws:sqs:us-east-1:000000000000:dlq.fifo"))))
                .isInstanceOf(LambdaException.class)
                .hasMessageContaining("Lambda does not send to FIFO queues");
    }

    private Message receiveOne(String queueUrl) throws InterruptedException {
        List<Message> messages = new ArrayList<>();
        Await.until("a message on " + queueUrl, Duration.ofSeconds(30), () -> {
            messages.addAll(local.sqs.receiveMessage(r -> r.queueUrl(queueUrl).waitTimeSeconds(1)
                    .messageAttributeNames("All")).messages());
            return !messages.isEmpty();
        });
        assertThat(messages).hasSize(1);
        return messages.get(0);
    }
}
