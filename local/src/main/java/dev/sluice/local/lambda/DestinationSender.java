package dev.sluice.local.lambda;

import dev.sluice.local.core.Arn;
import dev.sluice.local.lambda.runtime.FunctionRuntime;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Sends what asynchronous invocations leave: invocation records to OnSuccess and OnFailure destinations (an SQS queue,
 * or a function invoked asynchronously) and failed events to a function's dead-letter queue, as the event itself with
 * Lambda's message attributes {@code RequestID} (String), {@code ErrorCode} (Number) and {@code ErrorMessage}
 * (String).
 */
final class DestinationSender implements FunctionRuntime.Destinations {

    private final SqsClient sqs;
    private final AsyncInvoker lambda;

    DestinationSender(SqsClient sqs, AsyncInvoker lambda) {
        this.sqs = sqs;
        this.lambda = lambda;
    }

    @Override
    public void deliver(String destinationArn, byte[] record) throws Exception {
        if (Arn.isOf(destinationArn, "sqs")) {
            sqs.sendMessage(r -> r.queueUrl(queueUrl(destinationArn))
                    .messageBody(new String(record, StandardCharsets.UTF_8)));
        } else if (Arn.isOf(destinationArn, "lambda")) {
            lambda.invokeAsync(destinationArn, record);
        } else {
            throw new IllegalArgumentException("unsupported destination " + destinationArn);
        }
    }

    @Override
    public void deadLetter(String queueArn, byte[] event, FunctionRuntime.DeadLetter letter) {
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        attributes.put("RequestID", text(letter.requestId()));
        attributes.put("ErrorCode", MessageAttributeValue.builder().dataType("Number")
                .stringValue(Integer.toString(letter.errorCode())).build());
        if (letter.errorMessage() != null && !letter.errorMessage().isEmpty()) { // SQS refuses empty values
            attributes.put("ErrorMessage", text(letter.errorMessage()));
        }
        sqs.sendMessage(r -> r.queueUrl(queueUrl(queueArn)).messageBody(new String(event, StandardCharsets.UTF_8))
                .messageAttributes(attributes));
    }

    private String queueUrl(String queueArn) {
        return sqs.getQueueUrl(r -> r.queueName(Arn.nameOf(queueArn))).queueUrl();
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
